using System.Text;

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
    public void TryGetIndex_ByUtf8_FindsExactlyTheIdsTheStringLookupFinds()
    {
        // A thousand ids of 0-40 bytes, many sharing their first 16 bytes (kept inline by the table), some not ASCII;
        // every id and a set of near misses looked up by their UTF-8, against the string lookup.
        var random = new Random(7);
        var ids = new HashSet<string>(StringComparer.Ordinal) { "", "FGH-ED", "FGH-ED-0123456789", "FGH-ED-0123456788", "Ysbyty Gwynedd – A&E", "ÅÄÖ-ÅÄÖ-ÅÄÖ" };
        while (ids.Count < 1_000)
        {
            var stem = random.Next(3) == 0 ? "FAIRFIELD-GENERAL-" : "U";
            ids.Add(stem + new string('x', random.Next(0, 20)) + random.Next(1_000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
        }

        var catalog = new UnitCatalog(ids.Select(id => new UnitDefinition(id, id, ServiceKind.Ae)));
        var probes = ids.SelectMany(id => new[] { id, id + "-", id.Length > 0 ? id[..^1] : "x", id.Length > 16 ? id[..16] : id + id, id.ToLowerInvariant() });
        foreach (var probe in probes)
        {
            var expected = catalog.TryGetIndex(probe, out var byString);
            catalog.TryGetIndex(Encoding.UTF8.GetBytes(probe), out var byUtf8).ShouldBe(expected, probe);
            if (expected)
            {
                byUtf8.ShouldBe(byString, probe);
            }
            else
            {
                byUtf8.ShouldBe(-1, probe);
            }
        }
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
