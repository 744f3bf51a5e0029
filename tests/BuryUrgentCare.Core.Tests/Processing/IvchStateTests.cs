using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>IVCH figures of METRICS.md; expected values worked out by hand. Day D = Wed 18 Nov 2026 (GMT).</summary>
public sealed class IvchStateTests
{
    //  call  received (route)     assessed          outcome / abandoned
    //  c1    08:00 111            08:12   12        08:30 self-care
    //  c2    08:05 999-transfer   08:25   20        08:50 ed
    //  c3    08:10 gp             –                 08:14 abandoned
    //  c4    08:20 111            08:21    1        09:00 gp-extended-hours (booked)
    //  c5    08:40 111            09:10   30        09:30 gp-out-of-hours (booked)
    //  c6    09:00 other          10:15   75        10:40 pharmacy
    //  c7    09:20 111            09:25    5        10:10 gp-in-hours
    //  c8    09:40 111            –                 09:50 abandoned
    //  c9    09:45 111            –                 10:30 utc (outcome without an assessment event)
    //  c10   yday 23:50 111       00:05   15        00:20 ambulance
    //  c11   10:50 gp             –                 –
    internal static IEnumerable<ScenarioEvent> IvchDay() =>
    [
        Ivch.CallReceived("c1", "08:00", "111"),
        Ivch.Assessed("c1", "08:12"),
        Ivch.Outcome("c1", "08:30", "self-care"),
        Ivch.CallReceived("c2", "08:05", "999-transfer"),
        Ivch.Assessed("c2", "08:25"),
        Ivch.Outcome("c2", "08:50", "ed"),
        Ivch.CallReceived("c3", "08:10", "gp"),
        Ivch.Abandoned("c3", "08:14"),
        Ivch.CallReceived("c4", "08:20", "111"),
        Ivch.Assessed("c4", "08:21"),
        Ivch.Outcome("c4", "09:00", "gp-extended-hours", booked: true),
        Ivch.CallReceived("c5", "08:40", "111"),
        Ivch.Assessed("c5", "09:10"),
        Ivch.Outcome("c5", "09:30", "gp-out-of-hours", booked: true),
        Ivch.CallReceived("c6", "09:00", "other"),
        Ivch.Assessed("c6", "10:15"),
        Ivch.Outcome("c6", "10:40", "pharmacy"),
        Ivch.CallReceived("c7", "09:20", "111"),
        Ivch.Assessed("c7", "09:25"),
        Ivch.Outcome("c7", "10:10", "gp-in-hours", booked: false),
        Ivch.CallReceived("c8", "09:40", "111"),
        Ivch.Abandoned("c8", "09:50"),
        Ivch.CallReceived("c9", "09:45", "111"),
        Ivch.Outcome("c9", "10:30", "utc"),
        Ivch.CallReceived("c10", "yesterday 23:50", "111"),
        Ivch.Assessed("c10", "00:05"),
        Ivch.Outcome("c10", "00:20", "ambulance"),
        Ivch.CallReceived("c11", "10:50", "gp"),
    ];

    private static Dictionary<string, int> Dispositions(
        int selfCare, int pharmacy, int gpInHours, int gpExtended, int gpOutOfHours, int utc, int ed, int ambulance) => new()
    {
        ["self-care"] = selfCare,
        ["pharmacy"] = pharmacy,
        ["gp-in-hours"] = gpInHours,
        ["gp-extended-hours"] = gpExtended,
        ["gp-out-of-hours"] = gpOutOfHours,
        ["utc"] = utc,
        ["ed"] = ed,
        ["ambulance"] = ambulance,
    };

    [Fact]
    public void Figures_IvchDayAt1000_EveryFigureAsWorkedByHand()
    {
        var run = new ScenarioRun("yesterday 23:00", IvchDay());
        run.FeedUpTo("10:00");

        run.Ivch().Matches(new IvchFigures
        {
            // received, not assessed, no outcome, not abandoned: c6 (09:00), c9 (09:45); c7 assessed, c8 abandoned
            Queue = 2,
            // c6 09:00 → 10:00
            LongestQueueWaitMinutes = 60,
            // c1..c9 (c10 was received yesterday)
            CallsToday = 9,
            // (09:00, 10:00]: c6 at exactly 09:00 is out; c7 09:20, c8 09:40, c9 09:45
            CallsLastHour = 3,
            // assessed today: c4 1, c7 5, c1 12, c10 15, c2 20, c5 30 → (12 + 15) ÷ 2
            MedianMinutesToAssessmentToday = 13.5,
            // abandoned c3 c8 = 2; outcomes c1 c2 c4 c5 c10 = 5 → 2 ÷ 7
            AbandonedRateToday = 2 * 100.0 / 7,
            DispositionsToday = Dispositions(selfCare: 1, pharmacy: 0, gpInHours: 0, gpExtended: 1, gpOutOfHours: 1, utc: 0, ed: 1, ambulance: 1),
            // not ed / ambulance: c1 c4 c5 → 3 ÷ 5
            EdAvoidanceRateToday = 60.0,
            // c4 gp-extended-hours, c5 gp-out-of-hours
            GpBookedToday = 2,
        });
    }

    [Fact]
    public void Figures_IvchDayAt1100_EveryFigureAsWorkedByHand()
    {
        var run = new ScenarioRun("yesterday 23:00", IvchDay());
        run.FeedUpTo("10:00");
        run.FeedUpTo("11:00");

        run.Ivch().Matches(new IvchFigures
        {
            // c11 only (c6 assessed 10:15, c9 has an outcome)
            Queue = 1,
            // c11 10:50 → 11:00
            LongestQueueWaitMinutes = 10,
            CallsToday = 10,
            // (10:00, 11:00]: c11
            CallsLastHour = 1,
            // 1 5 12 15 20 30 75 → 4th = 15
            MedianMinutesToAssessmentToday = 15,
            // 2 abandoned ÷ (8 outcomes + 2)
            AbandonedRateToday = 20.0,
            DispositionsToday = Dispositions(selfCare: 1, pharmacy: 1, gpInHours: 1, gpExtended: 1, gpOutOfHours: 1, utc: 1, ed: 1, ambulance: 1),
            // 6 of 8 outcomes are neither ed nor ambulance
            EdAvoidanceRateToday = 75.0,
            // gp-in-hours (c7) is not counted
            GpBookedToday = 2,
        });
    }

    [Fact]
    public void Figures_NoCalls_RatesMediansAndMaximaAbsent()
    {
        var run = new ScenarioRun("12:00");

        run.Ivch().Matches(new IvchFigures
        {
            Queue = 0,
            LongestQueueWaitMinutes = null,
            CallsToday = 0,
            CallsLastHour = 0,
            MedianMinutesToAssessmentToday = null,
            AbandonedRateToday = null,
            DispositionsToday = Dispositions(0, 0, 0, 0, 0, 0, 0, 0),
            EdAvoidanceRateToday = null,
            GpBookedToday = 0,
        });
    }

    [Fact]
    public void Figures_OnlyAbandonedCalls_AbandonedRateHundredAndAvoidanceAbsent()
    {
        var run = new ScenarioRun("12:00");
        run.Feed([Ivch.CallReceived("a", "11:00"), Ivch.Abandoned("a", "11:02")]);

        var figures = run.Ivch();
        figures.AbandonedRateToday.ShouldBe(100.0);
        // no outcomes: the ED-avoidance share has no denominator
        figures.EdAvoidanceRateToday.ShouldBeNull();
        figures.Queue.ShouldBe(0);
        figures.LongestQueueWaitMinutes.ShouldBeNull();
    }

    [Fact]
    public void Figures_CallEventsBeforeReceipt_HeldUntilReceiptKnown()
    {
        var run = new ScenarioRun("12:00");
        run.Feed([Ivch.Outcome("x", "11:40", "ed"), Ivch.Assessed("x", "11:20")]);

        var held = run.Ivch();
        held.CallsToday.ShouldBe(0);
        held.DispositionsToday["ed"].ShouldBe(0);
        held.MedianMinutesToAssessmentToday.ShouldBeNull();
        held.EdAvoidanceRateToday.ShouldBeNull();

        run.Feed(Ivch.CallReceived("x", "11:05", "999-transfer"));

        var counted = run.Ivch();
        counted.CallsToday.ShouldBe(1);
        counted.CallsLastHour.ShouldBe(1);
        counted.Queue.ShouldBe(0);
        counted.DispositionsToday["ed"].ShouldBe(1);
        counted.MedianMinutesToAssessmentToday.ShouldBe(15);
        counted.EdAvoidanceRateToday.ShouldBe(0.0);
        counted.AbandonedRateToday.ShouldBe(0.0);
    }

    [Fact]
    public void LongestQueueWaitMinutes_SecondsPastTheMinute_RoundedDown()
    {
        var run = new ScenarioRun("12:00");
        run.Feed([Ivch.CallReceived("a", "11:40:01"), Ivch.CallReceived("b", "11:50")]);

        // a: 19 min 59 s → 19
        run.Ivch().LongestQueueWaitMinutes.ShouldBe(19);
        run.Ivch().Queue.ShouldBe(2);
    }

    // Each call counts once, in its final state: the latest of its outcome and abandoned events by event
    // time; at equal instants the outcome wins (only a clinician who spoke to the caller records one).
    //  call  received  events                                      final state               old rule (both counted)
    //  a     09:00     abandoned 09:05, outcome 09:40 self-care    answered, self-care       abandoned + outcome
    //  b     09:10     outcome 09:30 gp-in-hours, abandoned 09:50  abandoned                 abandoned + outcome
    //  c     09:20     abandoned 09:25 (sent twice)                abandoned                 abandoned
    //  d     09:30     abandoned 10:00, outcome 10:00 pharmacy     answered, pharmacy (tie)  abandoned + outcome
    //  e     10:00     outcome 10:20 ed                            answered, ed              outcome
    private static ScenarioEvent[] FinalStateCalls() =>
    [
        Ivch.CallReceived("a", "09:00"),
        Ivch.Abandoned("a", "09:05"),
        Ivch.Outcome("a", "09:40", "self-care"),
        Ivch.CallReceived("b", "09:10"),
        Ivch.Outcome("b", "09:30", "gp-in-hours"),
        Ivch.Abandoned("b", "09:50"),
        Ivch.CallReceived("c", "09:20"),
        Ivch.Abandoned("c", "09:25"),
        Ivch.Abandoned("c", "09:25"), // the same event again (same id): applied once
        Ivch.CallReceived("d", "09:30"),
        Ivch.Abandoned("d", "10:00"),
        Ivch.Outcome("d", "10:00", "pharmacy"),
        Ivch.CallReceived("e", "10:00"),
        Ivch.Outcome("e", "10:20", "ed"),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_CallsAbandonedAndAnswered_EachCountsOnceInItsFinalState(bool reversed)
    {
        var events = FinalStateCalls();
        var run = new ScenarioRun("12:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        var figures = run.Ivch();
        // Offered today: a b c d e = 5; abandoned: b (abandoned after its outcome) and c → 2 ÷ 5.
        // The old rule counted every event: 4 abandoned ÷ (4 outcomes + 4 abandoned) = 50 %.
        figures.AbandonedRateToday.ShouldBe(40.0);
        // Answered: a self-care, d pharmacy, e ed; b's gp-in-hours was superseded by its abandonment.
        figures.DispositionsToday.ShouldBe(Dispositions(selfCare: 1, pharmacy: 1, gpInHours: 0, gpExtended: 0, gpOutOfHours: 0, utc: 0, ed: 1, ambulance: 0));
        // a and d of the 3 answered
        figures.EdAvoidanceRateToday.ShouldBe(2 * 100.0 / 3);
        figures.CallsToday.ShouldBe(5);
        figures.Queue.ShouldBe(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_OneCallAbandonedThenAnswered_NoneAbandoned(bool reversed)
    {
        // The caller rang off at 11:02 and was called back and answered at 11:20: one call, answered.
        // The old rule made this one call "50 % abandoned".
        ScenarioEvent[] events = [Ivch.CallReceived("a", "11:00"), Ivch.Abandoned("a", "11:02"), Ivch.Outcome("a", "11:20", "gp-out-of-hours")];
        var run = new ScenarioRun("12:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        var figures = run.Ivch();
        figures.AbandonedRateToday.ShouldBe(0.0);
        figures.DispositionsToday["gp-out-of-hours"].ShouldBe(1);
        figures.GpBookedToday.ShouldBe(1);
        figures.EdAvoidanceRateToday.ShouldBe(100.0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_AbandonedBeforeMidnightAnsweredAfter_CountsOnlyOnTheAnsweredDay(bool reversed)
    {
        ScenarioEvent[] events =
        [
            Ivch.CallReceived("n", "yesterday 23:40"),
            Ivch.Abandoned("n", "yesterday 23:50"),
            Ivch.Outcome("n", "00:10", "ed"),
        ];
        var run = new ScenarioRun("01:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        // Final state: answered today. Yesterday has no abandonment left (nothing offered yesterday).
        run.Ivch().AbandonedRateToday.ShouldBe(0.0);
        run.Ivch().DispositionsToday["ed"].ShouldBe(1);
        run.Ivch("yesterday 23:59").AbandonedRateToday.ShouldBeNull();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_TwoOutcomes_TheLatestCounts(bool reversed)
    {
        // Self-care advice at 10:10, escalated to ED at 10:30 on a second assessment: the call went to ED.
        ScenarioEvent[] events = [Ivch.CallReceived("x", "10:00"), Ivch.Outcome("x", "10:10", "self-care"), Ivch.Outcome("x", "10:30", "ed")];
        var run = new ScenarioRun("12:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        var figures = run.Ivch();
        figures.DispositionsToday.ShouldBe(Dispositions(selfCare: 0, pharmacy: 0, gpInHours: 0, gpExtended: 0, gpOutOfHours: 0, utc: 0, ed: 1, ambulance: 0));
        figures.EdAvoidanceRateToday.ShouldBe(0.0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_TwoOutcomesAtTheSameInstant_TheMoreEdBoundCounts(bool reversed)
    {
        // Ties go to the more acute disposition, so ED avoidance is never overstated.
        ScenarioEvent[] events =
        [
            Ivch.CallReceived("x", "10:00"),
            Ivch.Outcome("x", "10:30", "ambulance", id: "x-out-1"),
            Ivch.Outcome("x", "10:30", "pharmacy", id: "x-out-2"),
            Ivch.CallReceived("y", "10:00"),
            Ivch.Outcome("y", "10:40", "utc", id: "y-out-1"),
            Ivch.Outcome("y", "10:40", "gp-in-hours", id: "y-out-2"),
        ];
        var run = new ScenarioRun("12:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        var figures = run.Ivch();
        figures.DispositionsToday.ShouldBe(Dispositions(selfCare: 0, pharmacy: 0, gpInHours: 0, gpExtended: 0, gpOutOfHours: 0, utc: 1, ed: 0, ambulance: 1));
        figures.EdAvoidanceRateToday.ShouldBe(50.0);
    }

    // Contract v1.1. A correction replaces the call's disposition (the instant stays the outcome event's,
    // or is the correction's when there is none: the call was answered then); a call entered in error
    // counts nowhere.
    //  call  received  events                                                   counts as
    //  a     09:00     outcome 09:20 self-care; corrected 10:00 ed                answered, ed
    //  b     09:10     abandoned 09:15; corrected 09:30 pharmacy                   answered at 09:30, pharmacy
    //  c     09:20     assessed 09:25, outcome 09:40 gp-in-hours; entered in error nowhere
    //  d     09:30     abandoned 09:35; entered in error                          nowhere
    //  e     09:40     –                                                         queuing
    private static ScenarioEvent[] CorrectedCalls() =>
    [
        Ivch.CallReceived("a", "09:00"),
        Ivch.Outcome("a", "09:20", "self-care"),
        Ivch.OutcomeCorrected("a", "10:00", "ed"),
        Ivch.CallReceived("b", "09:10"),
        Ivch.Abandoned("b", "09:15"),
        Ivch.OutcomeCorrected("b", "09:30", "pharmacy"),
        Ivch.CallReceived("c", "09:20"),
        Ivch.Assessed("c", "09:25"),
        Ivch.Outcome("c", "09:40", "gp-in-hours"),
        Ivch.EnteredInError("c", "10:30"),
        Ivch.CallReceived("d", "09:30"),
        Ivch.Abandoned("d", "09:35"),
        Ivch.EnteredInError("d", "10:40"),
        Ivch.CallReceived("e", "09:40"),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_OutcomesCorrectedAndCallsEnteredInError_AsWorkedByHand(bool reversed)
    {
        var events = CorrectedCalls();
        var run = new ScenarioRun("12:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        run.Ivch().Matches(new IvchFigures
        {
            Queue = 1,
            // e 09:40 → 12:00
            LongestQueueWaitMinutes = 140,
            // a b e (c and d entered in error)
            CallsToday = 3,
            CallsLastHour = 0,
            // c's 5 minutes are gone with it
            MedianMinutesToAssessmentToday = null,
            // offered a b, neither abandoned (d, abandoned, was entered in error)
            AbandonedRateToday = 0.0,
            DispositionsToday = Dispositions(selfCare: 0, pharmacy: 1, gpInHours: 0, gpExtended: 0, gpOutOfHours: 0, utc: 0, ed: 1, ambulance: 0),
            // b of a b
            EdAvoidanceRateToday = 50.0,
            GpBookedToday = 0,
        });
    }
}
