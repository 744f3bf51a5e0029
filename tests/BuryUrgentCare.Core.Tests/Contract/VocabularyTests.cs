using System.Text;

namespace BuryUrgentCare.Contract;

public sealed class VocabularyTests
{
    [Fact]
    public void ValueSets_AreExactlyTheContractSetsInEnumOrder()
    {
        Vocabulary.ArrivalModes.Names.ShouldBe(["ambulance", "walk-in", "other"]);
        Vocabulary.AgeBands.Names.ShouldBe(["0-17", "18-64", "65-84", "85+"]);
        Vocabulary.AeDispositions.Names.ShouldBe(["admitted", "discharged", "transferred", "streamed-utc", "left-before-treatment", "died"]);
        Vocabulary.UtcDispositions.Names.ShouldBe(["discharged", "referred-ed", "referred-gp", "left-before-treatment", "transferred"]);
        Vocabulary.Categories.Names.ShouldBe(["C1", "C2", "C3", "C4", "C5"]);
        Vocabulary.GreenCarOutcomes.Names.ShouldBe(["see-and-treat", "see-and-refer", "conveyed-ed", "conveyed-utc", "conveyed-other"]);
        Vocabulary.Routes.Names.ShouldBe(["111", "999-transfer", "gp", "other"]);
        Vocabulary.IvchDispositions.Names.ShouldBe(
            ["self-care", "pharmacy", "gp-in-hours", "gp-extended-hours", "gp-out-of-hours", "utc", "ed", "ambulance"]);
    }

    [Fact]
    public void ContractWords_HoldNoDigitsThatCouldBeAnNhsNumber()
    {
        // The parser skips the NHS-number scan for a value that matched one of these words (it could not hold
        // a number): the guarantee is that none has a run of four or more digits, let alone ten.
        IEnumerable<string> words =
        [
            .. EventTypes.WireNames, "application/json", "1.0",
            .. Vocabulary.ArrivalModes.Names, .. Vocabulary.AgeBands.Names, .. Vocabulary.AeDispositions.Names,
            .. Vocabulary.UtcDispositions.Names, .. Vocabulary.Categories.Names, .. Vocabulary.GreenCarOutcomes.Names,
            .. Vocabulary.Routes.Names, .. Vocabulary.IvchDispositions.Names, .. Vocabulary.Specialties.Names,
        ];

        foreach (var word in words)
        {
            NhsNumber.ContainsValid(word).ShouldBeFalse(word);
            System.Text.RegularExpressions.Regex.IsMatch(word, "[0-9]{4}").ShouldBeFalse(word);
        }
    }

    [Fact]
    public void ValueSets_HaveOneNamePerEnumValue()
    {
        Vocabulary.ArrivalModes.Count.ShouldBe(Enum.GetValues<ArrivalMode>().Length);
        Vocabulary.AgeBands.Count.ShouldBe(Enum.GetValues<AgeBand>().Length);
        Vocabulary.AeDispositions.Count.ShouldBe(Enum.GetValues<AeDisposition>().Length);
        Vocabulary.UtcDispositions.Count.ShouldBe(Enum.GetValues<UtcDisposition>().Length);
        Vocabulary.Categories.Count.ShouldBe(Enum.GetValues<ResponseCategory>().Length);
        Vocabulary.GreenCarOutcomes.Count.ShouldBe(Enum.GetValues<GreenCarOutcome>().Length);
        Vocabulary.Routes.Count.ShouldBe(Enum.GetValues<CallRoute>().Length);
        Vocabulary.IvchDispositions.Count.ShouldBe(Enum.GetValues<IvchDisposition>().Length);
        Vocabulary.Specialties.Count.ShouldBe(Enum.GetValues<Specialty>().Length);
    }

    [Fact]
    public void TryParse_EachName_RoundTripsThroughNameOf()
    {
        foreach (var value in Enum.GetValues<IvchDisposition>())
        {
            var name = Vocabulary.IvchDispositions.NameOf(value);
            Vocabulary.IvchDispositions.TryParse(Encoding.UTF8.GetBytes(name), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(value);
        }

        Vocabulary.AgeBands.NameOf(AgeBand.Oldest).ShouldBe("85+");
        Vocabulary.Routes.NameOf(CallRoute.Nhs111).ShouldBe("111");
    }

    [Fact]
    public void TryParse_EveryNameOfEverySet_FindsItsOwnValue()
    {
        // Each lookup is one place in a table and one comparison: every name must have a place of its own.
        RoundTrips(Vocabulary.ArrivalModes);
        RoundTrips(Vocabulary.AgeBands);
        RoundTrips(Vocabulary.AeDispositions);
        RoundTrips(Vocabulary.UtcDispositions);
        RoundTrips(Vocabulary.Categories);
        RoundTrips(Vocabulary.GreenCarOutcomes);
        RoundTrips(Vocabulary.Routes);
        RoundTrips(Vocabulary.IvchDispositions);
        RoundTrips(Vocabulary.Specialties);
    }

    [Theory]
    [InlineData("self-cure")]          // the name's length, first, middle and last bytes: its place, but not its name
    [InlineData("gp-in-houRs")]
    [InlineData("edd")]
    [InlineData("e")]
    [InlineData("ambulance-")]
    public void TryParse_NameSharingAPlaceButNotInSet_ReturnsFalse(string name)
    {
        Vocabulary.IvchDispositions.TryParse(Encoding.UTF8.GetBytes(name), out _).ShouldBeFalse(name);
    }

    [Fact]
    public void WireNames_NamesNoTableCanTellApart_AreRefusedWhenTheSetIsMade()
    {
        // Same length and same first, middle and last bytes: one place in any table. Refused at start-up (the sets are
        // static), not mistaken for each other at run time.
        Should.Throw<ArgumentException>(() => new WireNames<ArrivalMode>("aXcYe", "aZcWe", "other"));
        Should.Throw<ArgumentException>(() => new WireNames<ArrivalMode>("ambulance", "ambulance", "other"));
        Should.Throw<ArgumentException>(() => new WireNames<ArrivalMode>("ambulance", "", "other"));
    }

    private static void RoundTrips<T>(WireNames<T> names) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            var name = names.NameOf(value);
            names.TryParse(Encoding.UTF8.GetBytes(name), out var parsed).ShouldBeTrue(name);
            parsed.ShouldBe(value);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ambulance")]
    [InlineData("ambulance ")]
    [InlineData(" ambulance")]
    [InlineData("ambulanc")]
    [InlineData("ambulances")]
    [InlineData("walk in")]
    public void TryParse_NameNotInSet_ReturnsFalseAndDefault(string name)
    {
        Vocabulary.ArrivalModes.TryParse(Encoding.UTF8.GetBytes(name), out var value).ShouldBeFalse();

        value.ShouldBe(default);
    }

    [Fact]
    public void Describe_ListsTheNames()
    {
        Vocabulary.Categories.Describe().ShouldBe("C1, C2, C3, C4, C5");
    }
}
