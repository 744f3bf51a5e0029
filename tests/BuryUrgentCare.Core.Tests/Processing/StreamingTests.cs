using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Processing;

/// <summary>
/// Hazard H21: a patient streamed from A&amp;E's front door to the UTC is one attendance with one clock, from the A&amp;E
/// arrival. A&amp;E does not count the streamed departure as a stay within (or over) 4 hours; the UTC episode that
/// carries <c>data.streamedFrom</c> runs from the A&amp;E arrival. Worked by hand; day D = Wed 18 Nov 2026 (GMT).
/// </summary>
public sealed class StreamingTests
{
    //  A&E  s1  arrived 10:00, assessed 10:05 (4), departed streamed-utc 10:20
    //       n1  arrived 09:00, departed discharged 11:00                               120 ✓
    //  UTC  s1u arrived 10:25, streamed from s1 (A&E 10:00); seen 13:30; departed 14:10   from 10:00: 250 ✗ (from 10:25 it would be 225 ✓)
    //       u2  arrived 11:00, departed 12:00                                              60 ✓
    internal static IEnumerable<ScenarioEvent> Day() =>
    [
        Ae.Arrived("s1", "10:00"),
        Ae.Assessed("s1", "10:05", acuity: 4),
        Ae.Departed("s1", "10:20", "streamed-utc"),
        Ae.Arrived("n1", "09:00"),
        Ae.Departed("n1", "11:00", "discharged"),
        Utc.StreamedFrom("s1u", "10:25", aeSubject: "s1", aeArrived: "10:00"),
        Utc.Seen("s1u", "13:30"),
        Utc.Departed("s1u", "14:10"),
        Utc.Arrived("u2", "11:00"),
        Utc.Departed("u2", "12:00"),
    ];

    [Fact]
    public void Ae_StreamedDeparture_NotAStayWithinFourHours_CountedAsStreamed()
    {
        var run = new ScenarioRun("08:00", Day());
        run.FeedUpTo("15:00");

        var ae = run.Ae();
        ae.DeparturesToday.ShouldBe(2);
        ae.StreamedToUtcToday.ShouldBe(1);
        // n1 only: 1 of 1 (counting s1's 20 minutes would have been 2 of 2, and hidden its real 250 at the UTC)
        ae.FourHourPerformanceToday.ShouldBe(100.0);
    }

    [Fact]
    public void Utc_StreamedEpisode_ClockFromTheAeArrival()
    {
        var run = new ScenarioRun("08:00", Day());
        run.FeedUpTo("14:05");

        // at 14:05 s1u is still in: 14:05 − 10:00 = 245, past 4 hours (from its UTC arrival it would be 220)
        var during = run.Utc();
        during.LongestWaitMinutes.ShouldBe(245);
        during.Over4Hours.ShouldBe(1);

        run.FeedUpTo("15:00");
        var utc = run.Utc();
        // s1u 250 ✗, u2 60 ✓ → 1 of 2
        utc.FourHourPerformanceToday.ShouldBe(50.0);
        utc.ArrivalsToday.ShouldBe(2);
        // 10:00 → 13:30 = 210 for s1u
        utc.MedianMinutesToSeenToday.ShouldBe(210);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Figures_ShuffledAndResent_SameAsInTimeOrder(int seed)
    {
        var inOrder = new ScenarioRun("15:00");
        inOrder.Feed(Day().OrderBy(e => e.Time));

        // the same arrival sent again without the link, under another id: the earliest start still counts
        var shuffled = ScenarioRun.ShuffledAndResent("15:00", Day(), seed, resendOneIn: 2, Utc.Arrived("s1u", "10:25", id: "s1u-arrived-again"));

        shuffled.SnapshotJson(ScenarioEvents.UtcUnit).ShouldBe(inOrder.SnapshotJson(ScenarioEvents.UtcUnit), $"seed {seed}");
        shuffled.SnapshotJson(ScenarioEvents.AeUnit).ShouldBe(inOrder.SnapshotJson(ScenarioEvents.AeUnit), $"seed {seed}");
        shuffled.Utc().FourHourPerformanceToday.ShouldBe(50.0);
    }

    [Fact]
    public void Parse_StreamedFromOnAnAeArrival_IsIgnored()
    {
        var json = ScenarioEvents.Build(Ae.Unit, "ae.arrived", "a1", "10:00", w =>
        {
            w.WriteString("arrivalMode", "walk-in");
            w.WriteStartObject("streamedFrom");
            w.WriteString("subject", "x");
            w.WriteString("arrived", "2026-11-18T09:00:00Z");
            w.WriteEndObject();
        });

        new EventParser(UnitCatalog.Bury).TryParse(json.Utf8, ScenarioEvents.At("10:00"), out var evt, out _).ShouldBeTrue();
        evt.StreamedFromArrivedTicks.ShouldBe(0);
    }
}
