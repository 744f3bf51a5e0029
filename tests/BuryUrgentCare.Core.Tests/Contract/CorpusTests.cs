using System.Text;
using BuryUrgentCare.Ingestion;

namespace BuryUrgentCare.Contract;

/// <summary>
/// The bad-input corpus run through the parser alone: one test line per file, so a failing case names
/// itself. The same files go through Kafka and the real host in <c>BadInputCorpusTests</c>.
/// </summary>
public sealed class CorpusTests
{
    /// <summary>The receiver's clock the placeholders are expanded against.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 45, 0, TimeSpan.Zero);

    public static TheoryData<string> Files() => [.. CorpusCase.LoadAll().Select(c => c.FileName)];

    private static EventParser CreateSut() => new(UnitCatalog.Bury);

    [Theory]
    [MemberData(nameof(Files))]
    public void TryParse_CorpusCase_GivesTheOutcomeItsNameStates(string file)
    {
        var corpusCase = CorpusCase.Load(file);
        var message = corpusCase.Materialise(Now);

        var accepted = CreateSut().TryParse(message, Now, out var evt, out var rejection);

        if (corpusCase.ShouldBeAccepted)
        {
            accepted.ShouldBeTrue($"rejected as {rejection}");
            evt.Type.ShouldBe(EventType.AeArrived, "accepted cases are FGH-ED arrivals (see the corpus README)");
            UnitCatalog.Bury[evt.Unit].Id.ShouldBe("FGH-ED");
        }
        else
        {
            accepted.ShouldBeFalse("accepted, but the file name expects a rejection");
            rejection.Code.ShouldBe(corpusCase.Expected, $"detail: {rejection.Detail}");
            rejection.Detail.ShouldNotBeNullOrWhiteSpace();
            if (corpusCase.Expected == RejectionReason.UnknownUnit.Code())
            {
                evt.Unit.ShouldBe(-1, "an unknown unit is counted under (unknown), not charged to a configured unit");
            }
        }
    }

    [Fact]
    public void Corpus_CoversEveryReasonCode_WithKnownNamesOnly()
    {
        var cases = CorpusCase.LoadAll();

        cases.Count.ShouldBeGreaterThanOrEqualTo(45);
        cases.Select(c => c.Expected).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(RejectionReasons.AllCodes.Append(CorpusCase.Accept).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Corpus_AcceptedCases_HaveDistinctIdsAndSubjects()
    {
        var accepted = CorpusCase.LoadAll().Where(c => c.ShouldBeAccepted).ToList();
        var parser = CreateSut();
        var ids = new HashSet<UInt128>();
        var subjects = new HashSet<UInt128>();

        foreach (var c in accepted)
        {
            parser.TryParse(c.Materialise(Now), Now, out var evt, out _).ShouldBeTrue(c.FileName);
            ids.Add(evt.Id).ShouldBeTrue($"{c.FileName} repeats an id: the host would count it as a duplicate");
            subjects.Add(evt.Subject).ShouldBeTrue($"{c.FileName} repeats a subject: it would not add a patient");
        }
    }

    [Fact]
    public void Materialise_SizeCases_AreExactlyTheirStatedSize()
    {
        CorpusCase.Load("too-large--65kib.json").Materialise(Now).Length.ShouldBe(65 * 1024);
        CorpusCase.Load("too-large--64kib-plus-one-byte.json").Materialise(Now).Length.ShouldBe(EventParser.MaxMessageBytes + 1);
        CorpusCase.Load("accept--exactly-64kib.json").Materialise(Now).Length.ShouldBe(EventParser.MaxMessageBytes);
    }

    [Fact]
    public void Materialise_TimePlaceholders_AreRelativeToTheClock()
    {
        Text("future-time--10-minutes-ahead.json").ShouldContain("\"time\":\"2026-11-22T09:55:00Z\"");
        Text("future-time--10-minutes-ahead-with-offset.json").ShouldContain("\"time\":\"2026-11-22T10:55:00+01:00\"");
        Text("bad-time--no-offset.json").ShouldContain("\"time\":\"2026-11-22T09:35:00\"");
        Text("accept--late-yesterday.json").ShouldContain("\"time\":\"2026-11-21T09:45:00Z\"");
    }

    private static string Text(string file) => Encoding.UTF8.GetString(CorpusCase.Load(file).Materialise(Now));
}
