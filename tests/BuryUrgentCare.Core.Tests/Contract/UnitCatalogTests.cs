namespace BuryUrgentCare.Contract;

public sealed class UnitCatalogTests
{
    [Fact]
    public void Bury_HasTheFourContractUnitsInOrder()
    {
        var units = UnitCatalog.Bury;

        units.Count.ShouldBe(4);
        units.Units.Select(u => (u.Id, u.Service)).ShouldBe(
        [
            ("FGH-ED", ServiceKind.Ae),
            ("FGH-UTC", ServiceKind.Utc),
            ("BURY-GREENCAR", ServiceKind.GreenCar),
            ("BURY-IVCH", ServiceKind.Ivch),
        ]);
        units[2].Id.ShouldBe("BURY-GREENCAR");
        units.Units.ShouldAllBe(u => !string.IsNullOrWhiteSpace(u.Name));
    }

    [Theory]
    [InlineData("FGH-ED", 0)]
    [InlineData("FGH-UTC", 1)]
    [InlineData("BURY-GREENCAR", 2)]
    [InlineData("BURY-IVCH", 3)]
    public void TryGetIndex_KnownUnit_ReturnsItsIndex(string id, int expected)
    {
        UnitCatalog.Bury.TryGetIndex(id, out var byString).ShouldBeTrue();
        UnitCatalog.Bury.TryGetIndex(id.AsSpan(), out var bySpan).ShouldBeTrue();

        byString.ShouldBe(expected);
        bySpan.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fgh-ed")]
    [InlineData("FGH-ED ")]
    [InlineData("BURY")]
    public void TryGetIndex_UnknownUnit_ReturnsFalse(string id)
    {
        UnitCatalog.Bury.TryGetIndex(id, out _).ShouldBeFalse();
        UnitCatalog.Bury.TryGetIndex(id.AsSpan(), out _).ShouldBeFalse();
    }

    [Fact]
    public void Constructor_DuplicateId_Throws()
    {
        var ex = Should.Throw<ArgumentException>(() => new UnitCatalog(
        [
            new UnitDefinition("FGH-ED", "one", ServiceKind.Ae),
            new UnitDefinition("FGH-ED", "two", ServiceKind.Utc),
        ]));

        ex.Message.ShouldContain("FGH-ED");
    }

    [Fact]
    public void Constructor_Null_Throws()
    {
        Should.Throw<ArgumentNullException>(() => new UnitCatalog(null!));
    }

    [Fact]
    public void Constructor_IdsDifferingOnlyInCase_AreDistinctUnits()
    {
        var catalog = new UnitCatalog([new UnitDefinition("A", "upper", ServiceKind.Ae), new UnitDefinition("a", "lower", ServiceKind.Utc)]);

        catalog.TryGetIndex("a", out var index).ShouldBeTrue();
        index.ShouldBe(1);
    }
}
