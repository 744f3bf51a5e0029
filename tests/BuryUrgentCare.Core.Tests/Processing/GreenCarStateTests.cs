using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>Green Car figures of METRICS.md; expected values worked out by hand. Day D = Wed 18 Nov 2026 (GMT).</summary>
public sealed class GreenCarStateTests
{
    //  inc  dispatched (cat)   on-scene          outcome                 clear
    //  g1   08:10 C3           08:30   20        09:00 see-and-treat     09:20   70
    //  g2   09:00 C2           09:12   12        09:50 conveyed-ed       10:30   90
    //  g3   10:00 C4           10:40   40        11:10 see-and-refer     11:30   90
    //  g4   11:00 C5           11:25   25        11:50 conveyed-utc      12:35   95
    //  g5   11:45 C3           12:05:40 20.67→20 12:40 conveyed-ed       13:30  105
    //  g6   yday 19:30 C3      yday 19:59:30     yday 20:30 conveyed-other  00:15 today  285
    //  g7   13:50 C2           –                 –                       –
    internal static IEnumerable<ScenarioEvent> GreenCarDay() =>
    [
        GreenCar.Dispatched("g1", "08:10", "C3"),
        GreenCar.OnScene("g1", "08:30"),
        GreenCar.Outcome("g1", "09:00", "see-and-treat"),
        GreenCar.Clear("g1", "09:20"),
        GreenCar.Dispatched("g2", "09:00", "C2"),
        GreenCar.OnScene("g2", "09:12"),
        GreenCar.Outcome("g2", "09:50", "conveyed-ed"),
        GreenCar.Clear("g2", "10:30"),
        GreenCar.Dispatched("g3", "10:00", "C4"),
        GreenCar.OnScene("g3", "10:40"),
        GreenCar.Outcome("g3", "11:10", "see-and-refer"),
        GreenCar.Clear("g3", "11:30"),
        GreenCar.Dispatched("g4", "11:00", "C5"),
        GreenCar.OnScene("g4", "11:25"),
        GreenCar.Outcome("g4", "11:50", "conveyed-utc"),
        GreenCar.Clear("g4", "12:35"),
        GreenCar.Dispatched("g5", "11:45", "C3"),
        GreenCar.OnScene("g5", "12:05:40"),
        GreenCar.Outcome("g5", "12:40", "conveyed-ed"),
        GreenCar.Clear("g5", "13:30"),
        GreenCar.Dispatched("g6", "yesterday 19:30", "C3"),
        GreenCar.OnScene("g6", "yesterday 19:59:30"),
        GreenCar.Outcome("g6", "yesterday 20:30", "conveyed-other"),
        GreenCar.Clear("g6", "00:15"),
        GreenCar.Dispatched("g7", "13:50", "C2"),
    ];

    private static Dictionary<string, int> Outcomes(int seeAndTreat, int seeAndRefer, int conveyedEd, int conveyedUtc, int conveyedOther) => new()
    {
        ["see-and-treat"] = seeAndTreat,
        ["see-and-refer"] = seeAndRefer,
        ["conveyed-ed"] = conveyedEd,
        ["conveyed-utc"] = conveyedUtc,
        ["conveyed-other"] = conveyedOther,
    };

    [Fact]
    public void Figures_GreenCarDayAt1200_EveryFigureAsWorkedByHand()
    {
        var run = new ScenarioRun("yesterday 19:00", GreenCarDay());
        run.FeedUpTo("12:00");

        run.GreenCar().Matches(new GreenCarFigures
        {
            // g4 (outcome, not clear) and g5; g6 cleared at 00:15
            ActiveIncidents = 2,
            // g1..g5 (g6 was dispatched yesterday)
            IncidentsToday = 5,
            // g1 see-and-treat, g3 see-and-refer, g2 conveyed-ed, g4 conveyed-utc (g6's outcome was yesterday)
            OutcomesToday = Outcomes(1, 1, 1, 1, 0),
            // (1 + 1) ÷ 4
            NonConveyanceRateToday = 50.0,
            // 4 outcomes − 1 conveyed-ed
            EdAvoidedToday = 3,
            NonEdDispositionsToday = 3,
            // on scene today: 12 20 | 25 40 → (20 + 25) ÷ 2 (g6 was on scene yesterday)
            MedianResponseMinutesToday = 22.5,
            // cleared today: g1 70, g2 90, g3 90, g6 285 (dispatched yesterday, cleared today) → (90 + 90) ÷ 2
            MedianJobCycleMinutesToday = 90,
        });
    }

    [Fact]
    public void Figures_GreenCarDayAt1400_EveryFigureAsWorkedByHand()
    {
        var run = new ScenarioRun("yesterday 19:00", GreenCarDay());
        run.FeedUpTo("12:00");
        run.FeedUpTo("14:00");

        run.GreenCar().Matches(new GreenCarFigures
        {
            // g7
            ActiveIncidents = 1,
            IncidentsToday = 6,
            OutcomesToday = Outcomes(1, 1, 2, 1, 0),
            // 2 ÷ 5
            NonConveyanceRateToday = 40.0,
            // 5 − 2
            EdAvoidedToday = 3,
            NonEdDispositionsToday = 3,
            // 12 20 20 25 40 → 20 (g5: 11:45 → 12:05:40 = 20 min 40 s → 20)
            MedianResponseMinutesToday = 20,
            // 70 90 90 | 95 105 285 → even: (90 + 95) ÷ 2
            MedianJobCycleMinutesToday = 92.5,
        });
    }

    [Fact]
    public void EdAvoidedToday_ConveyedElsewhere_IsANonEdDispositionButNotProvablyAvoided_NorInDeflection()
    {
        // H22: "conveyed-other" may be a conveyance to another A&E, so only what provably avoided one counts as avoided.
        //  a see-and-treat, b see-and-refer, c conveyed-utc, d conveyed-other, e conveyed-ed
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            GreenCar.Dispatched("a", "08:00"), GreenCar.Outcome("a", "08:40", "see-and-treat"),
            GreenCar.Dispatched("b", "08:10"), GreenCar.Outcome("b", "08:50", "see-and-refer"),
            GreenCar.Dispatched("c", "08:20"), GreenCar.Outcome("c", "09:00", "conveyed-utc"),
            GreenCar.Dispatched("d", "08:30"), GreenCar.Outcome("d", "09:10", "conveyed-other"),
            GreenCar.Dispatched("e", "08:40"), GreenCar.Outcome("e", "09:20", "conveyed-ed"),
        ]);

        var figures = run.GreenCar();
        figures.EdAvoidedToday.ShouldBe(3);          // a b c
        figures.NonEdDispositionsToday.ShouldBe(4);  // a b c d: everything but conveyed-ed
        Escalation.Deflection.Today([run.Processor.Snapshot(ScenarioEvents.GreenCarUnit)]).GreenCarEdAvoided.ShouldBe(3);
    }

    [Fact]
    public void Figures_NoIncidents_RatesAndMediansAbsent()
    {
        var run = new ScenarioRun("12:00");

        run.GreenCar().Matches(new GreenCarFigures
        {
            ActiveIncidents = 0,
            IncidentsToday = 0,
            OutcomesToday = Outcomes(0, 0, 0, 0, 0),
            NonConveyanceRateToday = null,
            EdAvoidedToday = 0,
            NonEdDispositionsToday = 0,
            MedianResponseMinutesToday = null,
            MedianJobCycleMinutesToday = null,
        });
    }

    [Fact]
    public void Figures_DispatchedOnly_CountsIncidentButNoRate()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(GreenCar.Dispatched("x", "11:00", "C1"));

        var figures = run.GreenCar();
        figures.ActiveIncidents.ShouldBe(1);
        figures.IncidentsToday.ShouldBe(1);
        figures.NonConveyanceRateToday.ShouldBeNull();
        figures.MedianResponseMinutesToday.ShouldBeNull();
        figures.MedianJobCycleMinutesToday.ShouldBeNull();
    }

    [Fact]
    public void Figures_IncidentEventsBeforeDispatch_HeldUntilDispatchKnown()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            GreenCar.Clear("late", "11:00"),
            GreenCar.Outcome("late", "10:30", "see-and-refer"),
            GreenCar.OnScene("late", "10:10"),
        ]);

        run.GreenCar().Matches(new GreenCarFigures
        {
            ActiveIncidents = 0,
            IncidentsToday = 0,
            OutcomesToday = Outcomes(0, 0, 0, 0, 0),
            NonConveyanceRateToday = null,
            EdAvoidedToday = 0,
            NonEdDispositionsToday = 0,
            MedianResponseMinutesToday = null,
            MedianJobCycleMinutesToday = null,
            HeldNoArrival = 1, // "late": held, no dispatch (H23)
        }, "with only held events");

        run.Feed(GreenCar.Dispatched("late", "09:55", "C3"));

        run.GreenCar().Matches(new GreenCarFigures
        {
            ActiveIncidents = 0,
            IncidentsToday = 1,
            OutcomesToday = Outcomes(0, 1, 0, 0, 0),
            NonConveyanceRateToday = 100.0,
            EdAvoidedToday = 1,
            NonEdDispositionsToday = 1,
            // 09:55 → 10:10
            MedianResponseMinutesToday = 15,
            // 09:55 → 11:00
            MedianJobCycleMinutesToday = 65,
        }, "after the dispatch");
    }

    [Fact]
    public void Figures_OutcomeCrossingMidnight_CountsOnTheOutcomeDay()
    {
        // Dispatched 23:40 yesterday, on scene 23:58, outcome 00:20, clear 00:50: the incident is yesterday's,
        // its response yesterday's, its outcome and job cycle today's.
        var run = new ScenarioRun("01:00");
        run.Feed(
        [
            GreenCar.Dispatched("n", "yesterday 23:40"),
            GreenCar.OnScene("n", "yesterday 23:58"),
            GreenCar.Outcome("n", "00:20", "conveyed-ed"),
            GreenCar.Clear("n", "00:50"),
        ]);

        run.GreenCar().Matches(new GreenCarFigures
        {
            ActiveIncidents = 0,
            IncidentsToday = 0,
            OutcomesToday = Outcomes(0, 0, 1, 0, 0),
            NonConveyanceRateToday = 0.0,
            EdAvoidedToday = 0,
            NonEdDispositionsToday = 0,
            MedianResponseMinutesToday = null,
            // 23:40 → 00:50
            MedianJobCycleMinutesToday = 70,
        });
    }

    // The latest outcome by event time counts; at equal instants the more ED-bound one
    // (conveyed-ed > conveyed-utc > conveyed-other > see-and-refer > see-and-treat).
    //  inc  dispatched  outcomes                                       counts as
    //  u    09:00       see-and-treat 09:40, conveyed-ed 10:05         conveyed-ed (treated, then deteriorated)
    //  v    09:10       conveyed-ed 09:50, see-and-refer 10:15         see-and-refer (conveyance stood down)
    //  w    09:20       see-and-treat 10:00, conveyed-ed 10:00         conveyed-ed (tie)
    //  x    09:30       see-and-refer 10:10, conveyed-utc 10:10        conveyed-utc (tie)
    //  y    09:40       conveyed-other 10:20, see-and-treat 10:20,     conveyed-other (tie; sent twice)
    //                   conveyed-other 10:20 again
    private static ScenarioEvent[] ChangedOutcomes() =>
    [
        GreenCar.Dispatched("u", "09:00"),
        GreenCar.Outcome("u", "09:40", "see-and-treat"),
        GreenCar.Outcome("u", "10:05", "conveyed-ed"),
        GreenCar.Dispatched("v", "09:10"),
        GreenCar.Outcome("v", "09:50", "conveyed-ed"),
        GreenCar.Outcome("v", "10:15", "see-and-refer"),
        GreenCar.Dispatched("w", "09:20"),
        GreenCar.Outcome("w", "10:00", "see-and-treat", id: "w-out-1"),
        GreenCar.Outcome("w", "10:00", "conveyed-ed", id: "w-out-2"),
        GreenCar.Dispatched("x", "09:30"),
        GreenCar.Outcome("x", "10:10", "see-and-refer", id: "x-out-1"),
        GreenCar.Outcome("x", "10:10", "conveyed-utc", id: "x-out-2"),
        GreenCar.Dispatched("y", "09:40"),
        GreenCar.Outcome("y", "10:20", "conveyed-other", id: "y-out-1"),
        GreenCar.Outcome("y", "10:20", "see-and-treat", id: "y-out-2"),
        GreenCar.Outcome("y", "10:20", "conveyed-other", id: "y-out-3"),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_OutcomeChanged_TheLatestCountsAndTiesGoToTheMoreEdBound(bool reversed)
    {
        var events = ChangedOutcomes();
        var run = new ScenarioRun("12:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        run.GreenCar().Matches(new GreenCarFigures
        {
            ActiveIncidents = 5,
            IncidentsToday = 5,
            // u w conveyed-ed, v see-and-refer, x conveyed-utc, y conveyed-other: one outcome per incident
            OutcomesToday = Outcomes(0, 1, 2, 1, 1),
            // v only of 5 (the earliest-wins rule gave u w see-and-treat and x see-and-refer: 4 of 5)
            NonConveyanceRateToday = 20.0,
            // v see-and-refer + x conveyed-utc; y conveyed-other may have gone to another A&E, so is not provably avoided (H22)
            EdAvoidedToday = 2,
            // 5 − u − w (the earliest-wins rule gave 4): non-ED dispositions, y included
            NonEdDispositionsToday = 3,
            MedianResponseMinutesToday = null,
            MedianJobCycleMinutesToday = null,
        }, reversed ? "events in reverse" : "events in time order");
    }

    // Contract v1.1. A correction replaces the incident's outcome (its code; the instant stays the outcome
    // event's, or is the correction's when there is none); an incident entered in error counts nowhere.
    //  inc  dispatched  events                                                          counts as
    //  p    09:00       outcome 09:40 see-and-treat; corrected 11:00 conveyed-ed          conveyed-ed
    //  q    09:10       outcome 09:50 conveyed-ed, 10:30 see-and-refer;                  see-and-treat (latest correction)
    //                   corrected 11:05 conveyed-utc, 11:20 see-and-treat
    //  r    09:20       corrected 10:00 see-and-refer (no outcome event)                  see-and-refer
    //  s    09:30       on scene 09:45, outcome 10:10 conveyed-ed, clear 10:40,          nowhere
    //                   entered in error 11:30
    //  t    09:40       on scene 10:00                                                   active, response 20
    private static ScenarioEvent[] CorrectedIncidents() =>
    [
        GreenCar.Dispatched("p", "09:00"),
        GreenCar.Outcome("p", "09:40", "see-and-treat"),
        GreenCar.OutcomeCorrected("p", "11:00", "conveyed-ed"),
        GreenCar.Dispatched("q", "09:10"),
        GreenCar.Outcome("q", "09:50", "conveyed-ed"),
        GreenCar.Outcome("q", "10:30", "see-and-refer"),
        GreenCar.OutcomeCorrected("q", "11:05", "conveyed-utc"),
        GreenCar.OutcomeCorrected("q", "11:20", "see-and-treat"),
        GreenCar.Dispatched("r", "09:20"),
        GreenCar.OutcomeCorrected("r", "10:00", "see-and-refer"),
        GreenCar.Dispatched("s", "09:30"),
        GreenCar.OnScene("s", "09:45"),
        GreenCar.Outcome("s", "10:10", "conveyed-ed"),
        GreenCar.Clear("s", "10:40"),
        GreenCar.EnteredInError("s", "11:30"),
        GreenCar.EnteredInError("s", "11:30"), // again: applied once
        GreenCar.Dispatched("t", "09:40"),
        GreenCar.OnScene("t", "10:00"),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_OutcomesCorrectedAndAnIncidentEnteredInError_AsWorkedByHand(bool reversed)
    {
        var events = CorrectedIncidents();
        var run = new ScenarioRun("12:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        run.GreenCar().Matches(new GreenCarFigures
        {
            // p q r t (s, entered in error, is not an incident at all)
            ActiveIncidents = 4,
            IncidentsToday = 4,
            // p conveyed-ed, q see-and-treat, r see-and-refer
            OutcomesToday = Outcomes(1, 1, 1, 0, 0),
            // q r of 3
            NonConveyanceRateToday = 2 * 100.0 / 3,
            // 3 − p
            EdAvoidedToday = 2,
            NonEdDispositionsToday = 2,
            // t 20 only (s's 15 is gone)
            MedianResponseMinutesToday = 20,
            // s's job cycle is gone and no other incident is clear
            MedianJobCycleMinutesToday = null,
        }, reversed ? "events in reverse" : "events in time order");
    }
}
