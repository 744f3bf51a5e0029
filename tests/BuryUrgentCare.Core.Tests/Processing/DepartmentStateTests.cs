using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// A&amp;E (type 1) and UTC (type 3) figures of METRICS.md, end to end through <see cref="StreamProcessor"/>.
/// Every expected value is worked out by hand in the comments; none is computed by the code under test.
/// Scenario day D = Wed 18 Nov 2026 (GMT, local = UTC); "yesterday" = 17 Nov, "tomorrow" = 19 Nov.
/// </summary>
public sealed class DepartmentStateTests
{
    // ───────────────────────────── A&E day scenario ─────────────────────────────
    //
    // Durations are arrival → event, whole minutes (rounded down). "amb" = ambulance arrival.
    //
    //  pt   arrived (mode, acuity)     assessed (acuity)  seen          handover       decision     departed
    //  p1   00:30 walk-in, –           00:50 (3)  20      02:00  90     –              03:00        15:00 admitted     870, dec→dep 720
    //  p2   yday 21:00 amb, 2          yday 21:10 (2)     yday 22:00    yday 21:20     yday 23:00   10:00 admitted     780, dec→dep 660
    //  p3   08:30 amb, –               08:45 (4)  15      10:00  90     09:00  30      –            13:30 discharged   300
    //  p4   06:00 walk-in, 5           06:20 (5)  20      08:00 120     –              –            10:00 discharged   240
    //  p5   08:29 walk-in, –           08:40 (3)  11      –             –              –            12:45 left-before-treatment 256
    //  p6   08:29:30 amb, 1            08:45:30 (2) 16    08:50  20     09:15:30 46    13:00        (still in at the end)
    //  p7   11:30 walk-in, –           13:00 (4)  90      14:00 150     –              –            15:31 streamed-utc 241
    //  p8   11:31 amb, 3               11:40 (3)   9      13:00  89     12:32  61      –            14:00 discharged   149
    //  p9   12:30 walk-in, 4           –                  –             –              –            12:50 left-before-treatment 20
    //  p10  09:00 amb, –               09:10 (3)  10      09:30  30     09:45  45      –            11:00 transferred  120
    //  p11  10:00 amb, 2               10:16 (2)  16      10:40  40     11:00  60      11:30        23:29 admitted     809, dec→dep 719
    //  p12  07:00 amb, –               07:05 (4)   5      07:30  30     07:31  31      –            09:00 discharged   120
    //  p13  22:46 walk-in, 5           –                  23:30  44     –              –            (still in at the end)
    //  p14  tomorrow 00:05 walk-in, –  –                  –             –              –            (still in at the end)
    //
    //  capacity.declared cubicles: 20 from 09:00, 16 from 14:00.
    internal static IEnumerable<ScenarioEvent> AeDay() =>
    [
        Ae.Arrived("p1", "00:30"),
        Ae.Assessed("p1", "00:50", acuity: 3),
        Ae.Seen("p1", "02:00"),
        Ae.AdmitDecision("p1", "03:00", specialty: "acute-medicine"),
        Ae.Departed("p1", "15:00", "admitted"),

        Ae.Arrived("p2", "yesterday 21:00", mode: "ambulance", acuity: 2, ageBand: "85+"),
        Ae.Assessed("p2", "yesterday 21:10", acuity: 2),
        Ae.Handover("p2", "yesterday 21:20"),
        Ae.Seen("p2", "yesterday 22:00"),
        Ae.AdmitDecision("p2", "yesterday 23:00"),
        Ae.Departed("p2", "10:00", "admitted"),

        Ae.Arrived("p3", "08:30", mode: "ambulance"),
        Ae.Assessed("p3", "08:45", acuity: 4),
        Ae.Handover("p3", "09:00"),
        Ae.Seen("p3", "10:00"),
        Ae.Departed("p3", "13:30", "discharged"),

        Ae.Arrived("p4", "06:00", acuity: 5),
        Ae.Assessed("p4", "06:20", acuity: 5),
        Ae.Seen("p4", "08:00"),
        Ae.Departed("p4", "10:00", "discharged"),

        Ae.Arrived("p5", "08:29"),
        Ae.Assessed("p5", "08:40", acuity: 3),
        Ae.Departed("p5", "12:45", "left-before-treatment"),

        Ae.Arrived("p6", "08:29:30", mode: "ambulance", acuity: 1),
        Ae.Assessed("p6", "08:45:30", acuity: 2),
        Ae.Seen("p6", "08:50"),
        Ae.Handover("p6", "09:15:30"),
        Ae.AdmitDecision("p6", "13:00"),

        Ae.Arrived("p7", "11:30", mode: "other"),
        Ae.Assessed("p7", "13:00", acuity: 4),
        Ae.Seen("p7", "14:00"),
        Ae.Departed("p7", "15:31", "streamed-utc"),

        Ae.Arrived("p8", "11:31", mode: "ambulance", acuity: 3),
        Ae.Assessed("p8", "11:40", acuity: 3),
        Ae.Handover("p8", "12:32"),
        Ae.Seen("p8", "13:00"),
        Ae.Departed("p8", "14:00", "discharged"),

        Ae.Arrived("p9", "12:30", acuity: 4),
        Ae.Departed("p9", "12:50", "left-before-treatment"),

        Ae.Arrived("p10", "09:00", mode: "ambulance"),
        Ae.Assessed("p10", "09:10", acuity: 3),
        Ae.Seen("p10", "09:30"),
        Ae.Handover("p10", "09:45"),
        Ae.Departed("p10", "11:00", "transferred"),

        Ae.Arrived("p11", "10:00", mode: "ambulance", acuity: 2),
        Ae.Assessed("p11", "10:16", acuity: 2),
        Ae.Seen("p11", "10:40"),
        Ae.Handover("p11", "11:00"),
        Ae.AdmitDecision("p11", "11:30"),
        Ae.Departed("p11", "23:29", "admitted"),

        Ae.Arrived("p12", "07:00", mode: "ambulance"),
        Ae.Assessed("p12", "07:05", acuity: 4),
        Ae.Seen("p12", "07:30"),
        Ae.Handover("p12", "07:31"),
        Ae.Departed("p12", "09:00", "discharged"),

        Ae.Arrived("p13", "22:46", acuity: 5),
        Ae.Seen("p13", "23:30"),

        Ae.Arrived("p14", "tomorrow 00:05"),

        Ae.Cubicles("09:00", 20),
        Ae.Cubicles("14:00", 16),
    ];

    [Fact]
    public void Figures_AeDayAt1230_EveryFigureAsWorkedByHand()
    {
        var run = new ScenarioRun("00:00", AeDay());
        run.FeedUpTo("12:30");

        // In department at 12:30: p1 p3 p5 p6 p7 p8 p9 p11 (p2 p4 p10 p12 have left) = 8.
        run.Ae().Matches(new EmergencyDepartmentFigures
        {
            InDepartment = 8,
            // latest acuity: p1 3 (assessed), p3 4, p5 3, p6 2 (arrived 1, re-triaged 2 later), p7 none,
            // p8 3, p9 4 (arrival), p11 2  →  1:0  2:2  3:3  4:2  5:0  unknown:1
            ByAcuity = new AcuityCounts(0, 2, 3, 2, 0, 1),
            // awaitingAssessment p7 p9; awaitingClinician p5 p8; underTreatment p3 p6; awaitingBed p1 p11
            ByStage = new StageCounts(2, 2, 2, 2),
            // window (11:30, 12:30]: p7 at 11:30 is out, p8 11:31 and p9 12:30 are in
            ArrivalsLastHour = 2,
            // all but p2 (yesterday) have arrived today: p1 p3..p12 = 11
            ArrivalsToday = 11,
            // p12 09:00, p2 10:00, p4 10:00, p10 11:00
            DeparturesToday = 4,
            // p1 00:30 → 12:30
            LongestWaitMinutes = 720,
            // p1 720 yes; p5 08:29 → 241 yes; p6 08:29:30 → 240.5 yes (strictly more than 240);
            // p3 08:30 → exactly 240 no; p11 150, p8 59, p7 60, p9 0 no
            Over4Hours = 3,
            // p1 exactly 720 counts (≥ 720)
            Over12Hours = 1,
            // departed today: p2 780 no, p4 exactly 240 yes, p10 120 yes, p12 120 yes → 3 of 4
            FourHourPerformanceToday = 75.0,
            FourHourPerformanceLast24Hours = 75.0, // no departures yesterday
            // p2 780 ≥ 720
            TwelveHourStaysToday = 1,
            // assessed today (p2 was assessed yesterday): p12 5, p8 9, p10 10, p5 11, p3 15, p6 16, p11 16, p1 20, p4 20;
            // and, with their wait so far, today's arrivals still awaiting assessment: p9 0 (12:30), p7 60 (11:30).
            // Changed by issue 10: p7's hour-long wait was invisible, so the 95th centile read 20 while a patient
            // had waited an hour untriaged. 11 values: 0 5 9 10 11 | 15 | 16 16 20 20 60 →
            // median = 6th = 15; p95 nearest rank = ⌈0.95 × 11⌉ = 11th = 60
            MedianMinutesToAssessmentToday = 15,
            P95MinutesToAssessmentToday = 60,
            // ambulance arrivals assessed today: p3 15 (exactly 15: within), p6 16, p8 9, p10 10, p11 16, p12 5 → 4 of 6
            // (no ambulance arrival is still awaiting assessment)
            AssessedWithin15MinutesToday = 4 * 100.0 / 6,
            // seen today: p6 20, p10 30, p12 30, p11 40, p1 90, p3 90, p4 120 → 7 values, median = 4th = 40
            MedianMinutesToSeenToday = 40,
            // none of today's 4 departures left before treatment: 0 %, not absent
            LeftBeforeTreatmentToday = 0.0,
            // 8 in department ÷ 20 cubicles (declared 09:00)
            OccupancyPercent = 40.0,
            // ambulance, in department, no handover: p8 only (p3 p6 p11 handed over)
            AmbulancesAwaitingHandover = 1,
            // p8 11:31 → 12:30
            LongestHandoverWaitMinutes = 59,
            // handed over today: p12 31, p3 30, p6 46, p10 45, p11 60 (p2's was yesterday)
            HandoversToday = 5,
            // (31 + 30 + 46 + 45 + 60) ÷ 5 = 212 ÷ 5
            MeanHandoverMinutesToday = 42.4,
            // > 30: p12 31, p6 46, p10 45, p11 60 (p3 exactly 30 is not over)
            HandoversOver30Today = 4,
            // > 45: p6 46, p11 60 (p10 exactly 45 is not over)
            HandoversOver45Today = 2,
            // > 60: none (p11 exactly 60 is not over)
            HandoversOver60Today = 0,
            // decision, not departed: p1 (03:00), p11 (11:30)
            AwaitingBed = 2,
            // p1 03:00 → 12:30
            LongestWaitSinceDecisionMinutes = 570,
            // p1 570, p11 60: neither 720 yet
            Over12HoursSinceDecision = 0,
            // departed today after a decision: p2 23:00 → 10:00 = 660 < 720
            TrolleyWaitsOver12HoursToday = 0,
            ReferredToSpecialtyPercent = null, // no ae.referred at all: a source that sends none is not "0 % referred"
            // p8 11:31 → 12:30 = 59 > 45: an ambulance held past "release to respond"
            AmbulancesWaitingOver45Minutes = 1,
            // none of the 5 handed over within 15 (p3 30 is the quickest)
            HandedOverWithin15MinutesToday = 0.0,
            // beyond 15 min each: p12 16, p3 15, p6 31, p10 30, p11 45 → 137
            HandoverMinutesLostToday = 137,
            HandoverTimeErrorsToday = 0,
            TimeOrderErrorsToday = 0,
        });
    }

    [Fact]
    public void Figures_AeDayAt2345_EveryFigureAsWorkedByHand()
    {
        var run = new ScenarioRun("00:00", AeDay());
        run.FeedUpTo("12:30");
        run.FeedUpTo("23:45");

        // In department at 23:45: p6 and p13.
        run.Ae().Matches(new EmergencyDepartmentFigures
        {
            InDepartment = 2,
            // p6 2, p13 5 (arrival acuity, never assessed)
            ByAcuity = new AcuityCounts(0, 1, 0, 0, 1, 0),
            // p13 seen 23:30 → underTreatment; p6 decision 13:00 → awaitingBed
            ByStage = new StageCounts(0, 0, 1, 1),
            // window (22:45, 23:45]: p13 22:46
            ArrivalsLastHour = 1,
            // 11 by 12:30, then p13
            ArrivalsToday = 12,
            // p2 p4 p10 p12 + p1 p3 p5 p7 p8 p9 p11
            DeparturesToday = 11,
            // p6 08:29:30 → 23:45 = 915.5 → 915
            LongestWaitMinutes = 915,
            // p6 915; p13 59 no
            Over4Hours = 1,
            Over12Hours = 1,
            // stays: p2 780 ✗, p4 240 ✓, p10 120 ✓, p12 120 ✓, p1 870 ✗, p3 300 ✗, p5 256 ✗,
            //        p8 149 ✓, p9 20 ✓, p11 809 ✗  → 5 of 10. p7 was streamed to the UTC: its attendance goes on
            //        there on the same clock, so it is neither within nor over 4 hours here (H21)
            FourHourPerformanceToday = 5 * 100.0 / 10,
            FourHourPerformanceLast24Hours = 5 * 100.0 / 10, // no departures yesterday
            // p7
            StreamedToUtcToday = 1,
            // p2 780, p1 870, p11 809
            TwelveHourStaysToday = 3,
            // the 9 of 12:30 plus p7 90: 5 9 10 11 15 | 16 16 20 20 90 → even count: (15 + 16) ÷ 2;
            // p95 = ⌈0.95 × 10⌉ = 10th = 90. Nobody is awaiting assessment: p13 was never assessed but was seen
            // by a clinician at 23:30, so is no longer waiting for one (stage underTreatment)
            MedianMinutesToAssessmentToday = 15.5,
            P95MinutesToAssessmentToday = 90,
            // p7 is not an ambulance arrival: still 4 of 6
            AssessedWithin15MinutesToday = 4 * 100.0 / 6,
            // seen today: 20 30 30 40 44 | 89 90 90 120 150 (p13 44, p8 89, p7 150 added) → (44 + 89) ÷ 2
            MedianMinutesToSeenToday = 66.5,
            // p5 and p9 of 11 departures
            LeftBeforeTreatmentToday = 2 * 100.0 / 11,
            // 2 ÷ 16 cubicles (the 14:00 declaration replaced 20)
            OccupancyPercent = 12.5,
            AmbulancesAwaitingHandover = 0,
            LongestHandoverWaitMinutes = null,
            // the 5 of 12:30 plus p8 61
            HandoversToday = 6,
            // (31 + 30 + 46 + 45 + 60 + 61) ÷ 6 = 273 ÷ 6
            MeanHandoverMinutesToday = 45.5,
            // p12 p6 p10 p11 p8
            HandoversOver30Today = 5,
            // p6 46, p11 60, p8 61
            HandoversOver45Today = 3,
            // p8 61 only (p11 exactly 60 is not over)
            HandoversOver60Today = 1,
            // p6
            AwaitingBed = 1,
            // p6 13:00 → 23:45
            LongestWaitSinceDecisionMinutes = 645,
            // p6 645 < 720
            Over12HoursSinceDecision = 0,
            // p1 03:00 → 15:00 = exactly 720 ✓; p11 11:30 → 23:29 = 719 ✗; p2 660 ✗
            TrolleyWaitsOver12HoursToday = 1,
            ReferredToSpecialtyPercent = null, // no ae.referred at all: a source that sends none is not "0 % referred"
            AmbulancesWaitingOver45Minutes = 0,
            HandedOverWithin15MinutesToday = 0.0,
            // the 137 of 12:30 plus p8 61 − 15 = 46
            HandoverMinutesLostToday = 183,
            HandoverTimeErrorsToday = 0,
            TimeOrderErrorsToday = 0,
        });
    }

    [Fact]
    public void Figures_AeDayAt0100NextDay_TodayHasResetAtMidnight()
    {
        var run = new ScenarioRun("00:00", AeDay());
        run.FeedUpTo("12:30");
        run.FeedUpTo("23:45");
        run.FeedUpTo("tomorrow 01:00");

        // Thursday 01:00: p6, p13 and p14 in department; nothing of Wednesday counts as "today".
        run.Ae().Matches(new EmergencyDepartmentFigures
        {
            InDepartment = 3,
            // p6 2, p13 5, p14 unknown
            ByAcuity = new AcuityCounts(0, 1, 0, 0, 1, 1),
            // p14 awaitingAssessment, p13 underTreatment, p6 awaitingBed
            ByStage = new StageCounts(1, 0, 1, 1),
            // window (00:00, 01:00]: p14 00:05
            ArrivalsLastHour = 1,
            ArrivalsToday = 1,
            DeparturesToday = 0,
            // p6 08:29:30 → 01:00 = 16 h 30.5 min = 990.5 → 990
            LongestWaitMinutes = 990,
            // p6 only (p13 134, p14 55)
            Over4Hours = 1,
            Over12Hours = 1,
            // no departures or sightings today: absent, not 0
            FourHourPerformanceToday = null,
            // (D 01:00, D+1 01:00] holds every departure of D (the first at 09:00): 5 of 10, as D's own figure
            FourHourPerformanceLast24Hours = 5 * 100.0 / 10,
            TwelveHourStaysToday = 0,
            // no assessments today, but p14 (arrived 00:05) has waited 55 minutes for one. Changed by issue 10:
            // this read "absent" while a patient waited, untriaged, the whole of the new day so far
            MedianMinutesToAssessmentToday = 55,
            P95MinutesToAssessmentToday = 55,
            // p14 walked in: not in A&E's ambulance measure
            AssessedWithin15MinutesToday = null,
            MedianMinutesToSeenToday = null,
            LeftBeforeTreatmentToday = null,
            // 3 ÷ 16
            OccupancyPercent = 18.75,
            AmbulancesAwaitingHandover = 0,
            LongestHandoverWaitMinutes = null,
            HandoversToday = 0,
            MeanHandoverMinutesToday = null,
            HandoversOver30Today = 0,
            HandoversOver45Today = 0,
            HandoversOver60Today = 0,
            AwaitingBed = 1,
            // p6 13:00 → 01:00
            LongestWaitSinceDecisionMinutes = 720,
            // p6: exactly 720 since the decision to admit counts (≥ 720): a 12-hour trolley wait, live
            Over12HoursSinceDecision = 1,
            TrolleyWaitsOver12HoursToday = 0,
            ReferredToSpecialtyPercent = null, // no ae.referred at all: a source that sends none is not "0 % referred"
        });
    }

    // ───────────────────────────── UTC day scenario ─────────────────────────────
    //
    //  pt   arrived (mode, acuity)   assessed (acuity)  seen        departed
    //  u1   08:05 walk-in, –         08:20 (4)  15      08:50  45   09:30 discharged      85
    //  u2   08:30 other, 5           08:40 (5)  10      09:40  70   10:15 referred-ed    105
    //  u3   09:00 walk-in, –         09:30 (3)  30      –           09:45 left-before-treatment 45
    //  u4   09:10 ambulance, 4       09:20 (4)  10      10:00  50   13:30 referred-gp    260
    //  u5   10:00 walk-in, –         10:30 (3)  30      11:00  60   12:30 referred-ed    150
    //  u6   10:30 walk-in, –         –                  –           (still in)
    //  u7   11:15 walk-in, 4         –                  –           11:50 referred-ed     35
    //  capacity.declared cubicles 8 from 08:00.
    internal static IEnumerable<ScenarioEvent> UtcDay() =>
    [
        Utc.Cubicles("08:00", 8),
        Utc.Arrived("u1", "08:05"),
        Utc.Assessed("u1", "08:20", acuity: 4),
        Utc.Seen("u1", "08:50"),
        Utc.Departed("u1", "09:30", "discharged"),
        Utc.Arrived("u2", "08:30", mode: "other", acuity: 5),
        Utc.Assessed("u2", "08:40", acuity: 5),
        Utc.Seen("u2", "09:40"),
        Utc.Departed("u2", "10:15", "referred-ed"),
        Utc.Arrived("u3", "09:00"),
        Utc.Assessed("u3", "09:30", acuity: 3),
        Utc.Departed("u3", "09:45", "left-before-treatment"),
        Utc.Arrived("u4", "09:10", mode: "ambulance", acuity: 4),
        Utc.Assessed("u4", "09:20", acuity: 4),
        Utc.Seen("u4", "10:00"),
        Utc.Departed("u4", "13:30", "referred-gp"),
        Utc.Arrived("u5", "10:00"),
        Utc.Assessed("u5", "10:30", acuity: 3),
        Utc.Seen("u5", "11:00"),
        Utc.Departed("u5", "12:30", "referred-ed"),
        Utc.Arrived("u6", "10:30"),
        Utc.Arrived("u7", "11:15", acuity: 4),
        Utc.Departed("u7", "11:50", "referred-ed"),
    ];

    [Fact]
    public void Figures_UtcDayAt1130_EveryFigureAsWorkedByHand()
    {
        var run = new ScenarioRun("07:00", UtcDay());
        run.FeedUpTo("11:30");

        // In the UTC at 11:30: u4 u5 u6 u7 (u1 u2 u3 have left).
        run.Utc().Matches(new UrgentTreatmentCentreFigures
        {
            InDepartment = 4,
            // u4 4, u5 3, u6 unknown, u7 4
            ByAcuity = new AcuityCounts(0, 0, 1, 2, 0, 1),
            // u6 u7 awaitingAssessment; u4 u5 underTreatment
            ByStage = new StageCounts(2, 0, 2, 0),
            // (10:30, 11:30]: u6 at exactly 10:30 is out, u7 11:15 in
            ArrivalsLastHour = 1,
            ArrivalsToday = 7,
            DeparturesToday = 3,
            // u4 09:10 → 11:30
            LongestWaitMinutes = 140,
            Over4Hours = 0,
            Over12Hours = 0,
            // u1 85, u2 105, u3 45: all within
            FourHourPerformanceToday = 100.0,
            FourHourPerformanceLast24Hours = 100.0, // no departures yesterday
            TwelveHourStaysToday = 0,
            // assessed: 10 10 15 30 30; still waiting: u7 15 (11:15), u6 60 (10:30). Changed by issue 10: waits
            // still running count. 10 10 15 | 15 | 30 30 60 → median 4th = 15; p95 = ⌈6.65⌉ = 7th = 60
            MedianMinutesToAssessmentToday = 15,
            P95MinutesToAssessmentToday = 60,
            // Changed by issue 10: at the UTC every patient is measured (it was ambulance arrivals only, u4 1 of 1).
            // Within: u1 15, u2 10, u4 10; not: u3 30, u5 30, and u6 still waiting at 60. u7 at exactly 15 is not yet
            // decided. 3 of 6
            AssessedWithin15MinutesToday = 50.0,
            // 45 50 | 60 70 → 55
            MedianMinutesToSeenToday = 55,
            // u3 of 3
            LeftBeforeTreatmentToday = 100.0 / 3,
            // 4 ÷ 8
            OccupancyPercent = 50.0,
            // u2
            ReferredToEdToday = 1,
        });
    }

    [Fact]
    public void Figures_UtcDayAt1400_EveryFigureAsWorkedByHand()
    {
        var run = new ScenarioRun("07:00", UtcDay());
        run.FeedUpTo("11:30");
        run.FeedUpTo("14:00");

        run.Utc().Matches(new UrgentTreatmentCentreFigures
        {
            // u6 only
            InDepartment = 1,
            ByAcuity = new AcuityCounts(0, 0, 0, 0, 0, 1),
            ByStage = new StageCounts(1, 0, 0, 0),
            // (13:00, 14:00]: none
            ArrivalsLastHour = 0,
            ArrivalsToday = 7,
            // u1 u2 u3 u7 u5 u4
            DeparturesToday = 6,
            // u6 10:30 → 14:00
            LongestWaitMinutes = 210,
            Over4Hours = 0,
            Over12Hours = 0,
            // u4 260 breached; 5 of 6 within
            FourHourPerformanceToday = 5 * 100.0 / 6,
            // no UTC departures yesterday: the last 24 h are today's departures
            FourHourPerformanceLast24Hours = 5 * 100.0 / 6,
            TwelveHourStaysToday = 0,
            // Changed by issue 10: u6 has waited 10:30 → 14:00 = 210 minutes unassessed and now counts.
            // 10 10 15 | 30 30 210 → (15 + 30) ÷ 2; p95 = ⌈5.7⌉ = 6th = 210 (was 15 and 30: u6 invisible)
            MedianMinutesToAssessmentToday = 22.5,
            P95MinutesToAssessmentToday = 210,
            // u1 u2 u4 within; u3 u5 not; u6 still waiting, past 15: 3 of 6 (was 100 %: ambulance arrivals only)
            AssessedWithin15MinutesToday = 50.0,
            MedianMinutesToSeenToday = 55,
            // u3 of 6
            LeftBeforeTreatmentToday = 100.0 / 6,
            // 1 ÷ 8
            OccupancyPercent = 12.5,
            // u2, u7, u5 (u4 referred-gp does not count)
            ReferredToEdToday = 3,
        });
    }

    // ───────────────────────────── thresholds, one at a time ─────────────────────────────

    [Fact]
    public void Over4Hours_WaitsAround240Minutes_OnlyStrictlyMoreThan240Counts()
    {
        var run = new ScenarioRun("16:00");
        run.Feed(
        [
            Ae.Arrived("exactly-240", "12:00"),
            Ae.Arrived("240-and-30s", "11:59:30"),
            Ae.Arrived("241", "11:59"),
            Ae.Arrived("239", "12:01"),
        ]);

        var figures = run.Ae();

        // 240 min 30 s and 241 min are over; exactly 240 and 239 are not
        figures.Over4Hours.ShouldBe(2);
        // longest: 11:59 → 16:00 = 241
        figures.LongestWaitMinutes.ShouldBe(241);
    }

    [Fact]
    public void Over4Hours_AfterOneMoreTick_CountsTheExactly240Patient()
    {
        var run = new ScenarioRun("16:00");
        run.Feed(Ae.Arrived("exactly-240", "12:00"));
        run.Ae().Over4Hours.ShouldBe(0);

        // the tick recomputes time-based figures without any new event
        run.Clock.Advance(TimeSpan.FromTicks(1));
        run.Ae().Over4Hours.ShouldBe(1);
        run.Ae().LongestWaitMinutes.ShouldBe(240);
    }

    [Fact]
    public void Over12Hours_WaitsAround720Minutes_ExactlyTwelveHoursCounts()
    {
        var run = new ScenarioRun("23:00");
        run.Feed(
        [
            Ae.Arrived("exactly-720", "11:00"),
            Ae.Arrived("719-59", "11:00:01"),
        ]);

        // 11:00 → 23:00 is exactly 720 (≥ 720 counts); 11:00:01 → 719 min 59 s does not
        run.Ae().Over12Hours.ShouldBe(1);
        run.Ae().Over4Hours.ShouldBe(2);
    }

    [Fact]
    public void FourHourPerformanceToday_DeparturesAround240Minutes_AtMost240IsWithin()
    {
        var run = new ScenarioRun("20:00");
        run.Feed(
        [
            Ae.Arrived("a", "08:00"), Ae.Departed("a", "12:00"),       // exactly 240: within
            Ae.Arrived("b", "08:00"), Ae.Departed("b", "12:00:30"),    // 240 min 30 s: not within
            Ae.Arrived("c", "08:00"), Ae.Departed("c", "12:01"),       // 241: not within
            Ae.Arrived("d", "08:00"), Ae.Departed("d", "08:00"),       // 0: within
        ]);

        // 2 of 4
        run.Ae().FourHourPerformanceToday.ShouldBe(50.0);
    }

    [Fact]
    public void TwelveHourStaysToday_StaysAround720Minutes_ExactlyTwelveHoursCounts()
    {
        var run = new ScenarioRun("20:00");
        run.Feed(
        [
            Ae.Arrived("a", "06:00"), Ae.Departed("a", "18:00"),       // exactly 720: counts
            Ae.Arrived("b", "06:00:30"), Ae.Departed("b", "18:00"),    // 719 min 30 s: does not
            Ae.Arrived("c", "yesterday 18:00"), Ae.Departed("c", "07:00"), // 780: counts
        ]);

        run.Ae().TwelveHourStaysToday.ShouldBe(2);
        run.Ae().DeparturesToday.ShouldBe(3);
        run.Ae().ArrivalsToday.ShouldBe(2);
    }

    [Fact]
    public void TrolleyWaitsOver12HoursToday_DecisionToDepartureAround720_ExactlyTwelveHoursCounts()
    {
        var run = new ScenarioRun("23:00");
        run.Feed(
        [
            Ae.Arrived("a", "yesterday 20:00"), Ae.AdmitDecision("a", "yesterday 22:00"), Ae.Departed("a", "10:00", "admitted"), // 720 ✓
            Ae.Arrived("b", "yesterday 20:00"), Ae.AdmitDecision("b", "yesterday 22:00:01"), Ae.Departed("b", "10:00", "admitted"), // 719:59 ✗
            Ae.Arrived("c", "01:00"), Ae.AdmitDecision("c", "02:00"), Ae.Departed("c", "15:00", "admitted"), // 780 ✓
            Ae.Arrived("d", "yesterday 08:00"), Ae.Departed("d", "09:00", "admitted"), // 25 h stay, no decision: not a trolley wait
        ]);

        run.Ae().TrolleyWaitsOver12HoursToday.ShouldBe(2);
        run.Ae().TwelveHourStaysToday.ShouldBe(4); // 840, 840, 840, 1500
    }

    [Fact]
    public void Handovers_AtAndJustOverEachThreshold_OnlyStrictlyOverCounts()
    {
        var run = new ScenarioRun("20:00");
        run.Feed(
        [
            Ae.Arrived("h30", "10:00", mode: "ambulance"), Ae.Handover("h30", "10:30"),
            Ae.Arrived("h31", "10:00", mode: "ambulance"), Ae.Handover("h31", "10:31"),
            Ae.Arrived("h45", "10:00", mode: "ambulance"), Ae.Handover("h45", "10:45"),
            Ae.Arrived("h46", "10:00", mode: "ambulance"), Ae.Handover("h46", "10:46"),
            Ae.Arrived("h60", "10:00", mode: "ambulance"), Ae.Handover("h60", "11:00"),
            Ae.Arrived("h61", "10:00", mode: "ambulance"), Ae.Handover("h61", "11:01"),
            // 30 min 30 s: "over 30" compares the exact duration, so it counts; its whole minutes are 30
            Ae.Arrived("h30s", "10:00", mode: "ambulance"), Ae.Handover("h30s", "10:30:30"),
            // a walk-in's handover event is not an ambulance handover
            Ae.Arrived("walk", "10:00"), Ae.Handover("walk", "10:50"),
        ]);

        var figures = run.Ae();
        figures.HandoversToday.ShouldBe(7);
        // > 30: 31 45 46 60 61 30:30 → 6
        figures.HandoversOver30Today.ShouldBe(6);
        // > 45: 46 60 61 → 3
        figures.HandoversOver45Today.ShouldBe(3);
        // > 60: 61 → 1
        figures.HandoversOver60Today.ShouldBe(1);
        // whole minutes: (30 + 31 + 45 + 46 + 60 + 61 + 30) ÷ 7 = 303 ÷ 7
        figures.MeanHandoverMinutesToday!.Value.ShouldBe(303.0 / 7, 1e-9);
        figures.AmbulancesAwaitingHandover.ShouldBe(0);
        figures.LongestHandoverWaitMinutes.ShouldBeNull();
    }

    [Fact]
    public void AmbulancesAwaitingHandover_DepartedWithoutHandover_NoLongerWaiting()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            Ae.Arrived("a", "10:00", mode: "ambulance"),
            Ae.Arrived("b", "11:15:45", mode: "ambulance"),
            Ae.Arrived("c", "09:00", mode: "ambulance"), Ae.Departed("c", "09:40", "transferred"),
            Ae.Arrived("w", "08:00"),
        ]);

        var figures = run.Ae();
        // a and b; c has left, w walked in
        figures.AmbulancesAwaitingHandover.ShouldBe(2);
        // a 10:00 → 12:00
        figures.LongestHandoverWaitMinutes.ShouldBe(120);
        figures.HandoversToday.ShouldBe(0);
        figures.MeanHandoverMinutesToday.ShouldBeNull();
    }

    [Fact]
    public void AssessedWithin15MinutesToday_AmbulanceAndWalkIn_OnlyAmbulanceArrivalsCount()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            Ae.Arrived("a15", "09:00", mode: "ambulance"), Ae.Assessed("a15", "09:15", 3),         // exactly 15: within
            Ae.Arrived("a15s", "09:00", mode: "ambulance"), Ae.Assessed("a15s", "09:15:01", 3),    // 15 min 1 s: not
            Ae.Arrived("a16", "09:00", mode: "ambulance"), Ae.Assessed("a16", "09:16", 3),         // not
            Ae.Arrived("w30", "09:00"), Ae.Assessed("w30", "09:30", 3),                            // walk-in: not in the share
        ]);

        var figures = run.Ae();
        // 1 of 3 ambulance arrivals
        figures.AssessedWithin15MinutesToday!.Value.ShouldBe(100.0 / 3, 1e-9);
        // every assessment counts for the median: 15 15 16 30 → (15 + 16) ÷ 2 (15:01 is 15 whole minutes)
        figures.MedianMinutesToAssessmentToday.ShouldBe(15.5);
        // ⌈0.95 × 4⌉ = 4th = 30
        figures.P95MinutesToAssessmentToday.ShouldBe(30);
    }

    [Fact]
    public void ByAcuity_ArrivalAcuityThenReTriage_LatestAcuityCounts()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            Ae.Arrived("x", "09:00", acuity: 4),
            Ae.Assessed("x", "09:10", acuity: 2),
            Ae.Assessed("x", "09:40", acuity: 3, id: "re-triage-x"),  // re-triage: the latest (09:40) wins
            Ae.Arrived("y", "09:00", acuity: 1),                      // arrival acuity only
            Ae.Assessed("y", "09:00", acuity: 1),                     // assessed on arrival, acuity unchanged
            Ae.Arrived("z", "09:00"),                                 // unknown
        ]);

        var figures = run.Ae();
        figures.ByAcuity.ShouldBe(new AcuityCounts(1, 0, 1, 0, 0, 1));
        // assessment time is the first assessment: x 10 min (not 40). With y 0 and z still waiting 180 (issue 10:
        // waits so far count), 0 10 180 → median 10
        figures.MedianMinutesToAssessmentToday.ShouldBe(10);
    }

    [Fact]
    public void OccupancyPercent_Declarations_AbsentBeforeAnyThenEachFromItsOwnTime()
    {
        var run = new ScenarioRun("08:00");
        run.Feed(
        [
            Ae.Arrived("a", "07:00"), Ae.Arrived("b", "07:10"), Ae.Arrived("c", "07:20"),
            Ae.Arrived("d", "07:30"), Ae.Arrived("e", "07:40"), Ae.Arrived("f", "07:50"),
        ]);

        // never declared: absent
        run.Ae().OccupancyPercent.ShouldBeNull();

        // another resource alone does not make occupancy known
        run.AdvanceTo("08:30");
        run.Feed(ScenarioEvents.CapacityDeclared(Ae.Unit, "08:30", ("clinicians", 5)));
        run.Ae().OccupancyPercent.ShouldBeNull();

        run.AdvanceTo("14:00");
        run.Feed(Ae.Cubicles("09:00", 24));
        run.Feed(Ae.Cubicles("12:00", 12));

        // before 09:00 nothing was in force yet
        run.Ae("08:59:59").OccupancyPercent.ShouldBeNull();
        // 6 ÷ 24 from 09:00
        run.Ae("09:00").OccupancyPercent.ShouldBe(25.0);
        run.Ae("11:59:59").OccupancyPercent.ShouldBe(25.0);
        // 6 ÷ 12 from 12:00 on
        run.Ae("12:00").OccupancyPercent.ShouldBe(50.0);
        run.Ae().OccupancyPercent.ShouldBe(50.0);

        // a declaration only of clinicians leaves cubicles as declared
        run.Feed(ScenarioEvents.CapacityDeclared(Ae.Unit, "13:00", ("clinicians", 7)));
        run.Ae().OccupancyPercent.ShouldBe(50.0);
    }

    [Fact]
    public void OccupancyPercent_MoreInDepartmentThanCubicles_ExceedsHundred()
    {
        var run = new ScenarioRun("10:00");
        run.Feed([Ae.Cubicles("08:00", 2), Ae.Arrived("a", "09:00"), Ae.Arrived("b", "09:01"), Ae.Arrived("c", "09:02")]);

        // 3 ÷ 2: not capped
        run.Ae().OccupancyPercent.ShouldBe(150.0);
    }

    [Fact]
    public void LeftBeforeTreatmentToday_UtcDispositions_ShareOfDepartures()
    {
        var run = new ScenarioRun("18:00");
        run.Feed(
        [
            Utc.Arrived("a", "09:00"), Utc.Departed("a", "09:30", "left-before-treatment"),
            Utc.Arrived("b", "09:00"), Utc.Departed("b", "10:00", "referred-ed"),
            Utc.Arrived("c", "09:00"), Utc.Departed("c", "11:00", "transferred"),
            Utc.Arrived("d", "09:00"), Utc.Departed("d", "12:00", "referred-gp"),
        ]);

        var figures = run.Utc();
        figures.LeftBeforeTreatmentToday.ShouldBe(25.0);
        figures.ReferredToEdToday.ShouldBe(1);
        figures.FourHourPerformanceToday.ShouldBe(100.0);
    }

    // ───────────────────────────── empty: nothing is 0 % ─────────────────────────────

    [Fact]
    public void Figures_NoEventsAtAll_PercentagesMediansAndMaximaAbsent()
    {
        var run = new ScenarioRun("12:00");

        run.Ae().Matches(new EmergencyDepartmentFigures
        {
            InDepartment = 0,
            ByAcuity = new AcuityCounts(0, 0, 0, 0, 0, 0),
            ByStage = new StageCounts(0, 0, 0, 0),
            ArrivalsLastHour = 0,
            ArrivalsToday = 0,
            DeparturesToday = 0,
            LongestWaitMinutes = null,
            Over4Hours = 0,
            Over12Hours = 0,
            FourHourPerformanceToday = null,
            TwelveHourStaysToday = 0,
            MedianMinutesToAssessmentToday = null,
            P95MinutesToAssessmentToday = null,
            AssessedWithin15MinutesToday = null,
            MedianMinutesToSeenToday = null,
            LeftBeforeTreatmentToday = null,
            OccupancyPercent = null,
            AmbulancesAwaitingHandover = 0,
            LongestHandoverWaitMinutes = null,
            HandoversToday = 0,
            MeanHandoverMinutesToday = null,
            HandoversOver30Today = 0,
            HandoversOver45Today = 0,
            HandoversOver60Today = 0,
            AwaitingBed = 0,
            LongestWaitSinceDecisionMinutes = null,
            TrolleyWaitsOver12HoursToday = 0,
        });

        run.Utc().Matches(new UrgentTreatmentCentreFigures
        {
            ByAcuity = new AcuityCounts(0, 0, 0, 0, 0, 0),
            ByStage = new StageCounts(0, 0, 0, 0),
            LongestWaitMinutes = null,
            FourHourPerformanceToday = null,
            MedianMinutesToAssessmentToday = null,
            P95MinutesToAssessmentToday = null,
            AssessedWithin15MinutesToday = null,
            MedianMinutesToSeenToday = null,
            LeftBeforeTreatmentToday = null,
            OccupancyPercent = null,
            ReferredToEdToday = 0,
        });
    }

    [Fact]
    public void Figures_OnlyWalkInsAssessed_AmbulanceShareAbsentWhileMedianPresent()
    {
        var run = new ScenarioRun("12:00");
        run.Feed([Ae.Arrived("w", "09:00"), Ae.Assessed("w", "09:07", 3)]);

        var figures = run.Ae();
        figures.AssessedWithin15MinutesToday.ShouldBeNull();
        figures.MedianMinutesToAssessmentToday.ShouldBe(7);
        figures.P95MinutesToAssessmentToday.ShouldBe(7);
        // in department, nobody departed yet: no 4-hour or LBT share
        figures.FourHourPerformanceToday.ShouldBeNull();
        figures.LeftBeforeTreatmentToday.ShouldBeNull();
        figures.LongestWaitMinutes.ShouldBe(180);
    }

    [Fact]
    public void Figures_AllDepartedToday_MaximaOfTheEmptyDepartmentAbsent()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            Ae.Arrived("a", "09:00", mode: "ambulance"), Ae.AdmitDecision("a", "10:00"), Ae.Departed("a", "11:00", "admitted"),
        ]);

        var figures = run.Ae();
        figures.InDepartment.ShouldBe(0);
        figures.LongestWaitMinutes.ShouldBeNull();
        figures.LongestHandoverWaitMinutes.ShouldBeNull();
        figures.LongestWaitSinceDecisionMinutes.ShouldBeNull();
        figures.AwaitingBed.ShouldBe(0);
        figures.FourHourPerformanceToday.ShouldBe(100.0);
    }

    // ───────────────────────────── days: midnight and the clock changes ─────────────────────────────

    [Fact]
    public void Figures_EpisodeCrossingMidnight_ArrivalYesterdayDepartureToday()
    {
        var run = new ScenarioRun("yesterday 21:00");
        run.AdvanceTo("yesterday 23:00");
        run.Feed(Ae.Arrived("night", "yesterday 22:00"));

        var before = run.Ae();
        before.ArrivalsToday.ShouldBe(1);
        before.InDepartment.ShouldBe(1);
        before.LongestWaitMinutes.ShouldBe(60);

        // one tick before midnight it is still Tuesday; at 00:00 Wednesday starts empty
        run.AdvanceTo("yesterday 23:59:59");
        run.Ae().ArrivalsToday.ShouldBe(1);
        run.AdvanceTo("00:00");
        run.Ae().ArrivalsToday.ShouldBe(0);
        run.Ae().InDepartment.ShouldBe(1);

        run.AdvanceTo("04:00");
        run.Feed(Ae.Departed("night", "03:00"));
        var after = run.Ae();
        after.ArrivalsToday.ShouldBe(0);
        after.DeparturesToday.ShouldBe(1);
        after.InDepartment.ShouldBe(0);
        // 22:00 → 03:00 = 300 > 240: 0 of 1
        after.FourHourPerformanceToday.ShouldBe(0.0);
        // the arrival was 22:00: outside (03:00, 04:00]
        after.ArrivalsLastHour.ShouldBe(0);
    }

    [Fact]
    public void ArrivalsToday_SpringForwardDay_CountsByLondonDateNotUtcDate()
    {
        // Sun 29 Mar 2026: clocks go 01:00 GMT → 02:00 BST. The day runs 00:00Z – 23:00Z (23 hours).
        var run = new ScenarioRun("2026-03-29T23:45:00Z");
        run.Feed(
        [
            Ae.Arrived("sat-2330-gmt", "2026-03-28T23:30:00Z"), // Sat 28th 23:30 GMT
            Ae.Arrived("sun-0030-gmt", "2026-03-29T00:30:00Z"), // Sun 29th 00:30 GMT
            Ae.Arrived("sun-2330-bst", "2026-03-29T22:30:00Z"), // Sun 29th 23:30 BST
            Ae.Arrived("mon-0030-bst", "2026-03-29T23:30:00Z"), // Mon 30th 00:30 BST, though still the 29th in UTC
        ]);

        // now = Mon 30th 00:45 BST
        run.Ae().ArrivalsToday.ShouldBe(1);
        // on Sunday: the 00:30 GMT and 23:30 BST arrivals
        run.Ae("2026-03-29T22:59:59Z").ArrivalsToday.ShouldBe(2);
        // Sunday 01:30 GMT does not exist: 01:30Z is 02:30 BST, still Sunday
        run.Ae("2026-03-29T01:30:00Z").ArrivalsToday.ShouldBe(2);
        run.Ae("2026-03-28T23:59:59Z").ArrivalsToday.ShouldBe(1);
    }

    [Fact]
    public void ArrivalsToday_FallBackDay_CountsByLondonDateNotUtcDate()
    {
        // Sun 25 Oct 2026: clocks go 02:00 BST → 01:00 GMT. The day runs 24 Oct 23:00Z – 26 Oct 00:00Z (25 hours).
        var run = new ScenarioRun("2026-10-26T00:45:00Z");
        run.Feed(
        [
            Ae.Arrived("sat-2330-bst", "2026-10-24T22:30:00Z"), // Sat 24th 23:30 BST
            Ae.Arrived("sun-0030-bst", "2026-10-24T23:30:00Z"), // Sun 25th 00:30 BST, though the 24th in UTC
            Ae.Arrived("sun-0130-bst", "2026-10-25T00:30:00Z"), // Sun 01:30 BST (first 01:30)
            Ae.Arrived("sun-0130-gmt", "2026-10-25T01:30:00Z"), // Sun 01:30 GMT (second 01:30)
            Ae.Arrived("sun-2330-gmt", "2026-10-25T23:30:00Z"), // Sun 25th 23:30 GMT
            Ae.Arrived("mon-0030-gmt", "2026-10-26T00:30:00Z"), // Mon 26th 00:30 GMT
        ]);

        // now = Mon 26th 00:45 GMT
        run.Ae().ArrivalsToday.ShouldBe(1);
        // Sunday: 00:30 BST, both 01:30s and 23:30 GMT
        run.Ae("2026-10-25T23:59:59Z").ArrivalsToday.ShouldBe(4);
        run.Ae("2026-10-24T23:00:00Z").ArrivalsToday.ShouldBe(4);
        // Saturday 23:59:59 BST = 22:59:59Z
        run.Ae("2026-10-24T22:59:59Z").ArrivalsToday.ShouldBe(1);
    }

    [Fact]
    public void Stays_SpanningSpringForward_MeasuredInElapsedMinutes()
    {
        // Arrived 00:30 GMT, departed 05:30 BST: the wall clock says 5 h, but 04:30Z − 00:30Z = 240 minutes.
        // Arrived 00:00 GMT, departed 12:30 BST: wall clock 12 h 30, elapsed 690 minutes: not a 12-hour stay.
        var run = new ScenarioRun("2026-03-29T05:00:00+01:00");
        run.Feed(
        [
            Ae.Arrived("s", "2026-03-29T00:30:00+00:00"),
            Ae.Arrived("t", "2026-03-29T00:00:00+00:00"),
        ]);

        // 05:00 BST = 04:00Z: s has waited 210 minutes, t 240 — neither is over 4 hours
        run.Ae().LongestWaitMinutes.ShouldBe(240);
        run.Ae().Over4Hours.ShouldBe(0);

        run.AdvanceTo("2026-03-29T05:31:00+01:00");
        // t: 00:00Z → 04:31Z = 271; s: 00:30Z → 04:31Z = 241
        run.Ae().LongestWaitMinutes.ShouldBe(271);
        run.Ae().Over4Hours.ShouldBe(2);

        run.Feed(Ae.Departed("s", "2026-03-29T05:30:00+01:00"));
        run.AdvanceTo("2026-03-29T12:30:00+01:00");
        run.Feed(Ae.Departed("t", "2026-03-29T12:30:00+01:00"));

        var figures = run.Ae();
        figures.DeparturesToday.ShouldBe(2);
        // s within (exactly 240), t not (690)
        figures.FourHourPerformanceToday.ShouldBe(50.0);
        figures.TwelveHourStaysToday.ShouldBe(0);
        figures.ArrivalsToday.ShouldBe(2);
    }

    [Fact]
    public void Stays_SpanningFallBack_MeasuredInElapsedMinutes()
    {
        // Arrived 00:30 BST (23:30Z on the 24th), departed 04:00 GMT: wall clock 3 h 30, elapsed 270 minutes.
        // Arrived 00:00 BST (23:00Z on the 24th), departed 11:00 GMT: wall clock 11 h, elapsed 720 minutes.
        var run = new ScenarioRun("2026-10-25T04:00:00+00:00");
        run.Feed(
        [
            Ae.Arrived("s", "2026-10-25T00:30:00+01:00"),
            Ae.Arrived("t", "2026-10-25T00:00:00+01:00"),
        ]);

        // 04:00Z: s 270, t 300 — both over 4 hours although the wall clock says 3 h 30 and 4 h
        run.Ae().LongestWaitMinutes.ShouldBe(300);
        run.Ae().Over4Hours.ShouldBe(2);
        run.Feed(Ae.Departed("s", "2026-10-25T04:00:00+00:00"));

        run.AdvanceTo("2026-10-25T11:00:00+00:00");
        // t: 23:00Z → 11:00Z = exactly 720: over 12 hours (≥ 720)
        run.Ae().Over12Hours.ShouldBe(1);
        run.Feed(Ae.Departed("t", "2026-10-25T11:00:00+00:00"));

        var figures = run.Ae();
        // both arrived on Sunday 25th by London time although on the 24th by UTC date
        figures.ArrivalsToday.ShouldBe(2);
        figures.DeparturesToday.ShouldBe(2);
        figures.FourHourPerformanceToday.ShouldBe(0.0);
        figures.TwelveHourStaysToday.ShouldBe(1);
    }

    [Fact]
    public void ArrivalsLastHour_AcrossFallBack_IsSixtyElapsedMinutes()
    {
        // 01:00–02:00 happens twice on 25 Oct 2026. now = 01:30 GMT (01:30Z): the last hour is (00:30Z, 01:30Z].
        var run = new ScenarioRun("2026-10-25T01:30:00Z");
        run.Feed(
        [
            Ae.Arrived("out", "2026-10-25T01:30:00+01:00"), // 00:30Z: exactly 60 min ago, excluded
            Ae.Arrived("in1", "2026-10-25T01:45:00+01:00"), // 00:45Z
            Ae.Arrived("in2", "2026-10-25T01:15:00+00:00"), // 01:15Z
        ]);

        run.Ae().ArrivalsLastHour.ShouldBe(2);
    }

    // ───────────────────────────── held episodes ─────────────────────────────

    [Fact]
    public void Figures_EventsBeforeTheArrival_HeldUntilArrivalThenCountFully()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            Ae.Departed("late-arrival", "11:00", "left-before-treatment"),
            Ae.Seen("late-arrival", "10:00"),
            Ae.Handover("late-arrival", "09:40"),
            Ae.Assessed("late-arrival", "09:20", acuity: 3),
            Ae.AdmitDecision("open", "10:30"),
            Ae.Assessed("open", "09:55", acuity: 2),
        ]);

        // nothing counts anywhere yet: no arrival, no episode — but both are shown as held, no arrival (H23)
        run.Ae().Matches(new EmergencyDepartmentFigures
        {
            ByAcuity = new AcuityCounts(0, 0, 0, 0, 0, 0),
            ByStage = new StageCounts(0, 0, 0, 0),
            HeldNoArrival = 2,
        }, "with only held events");
        run.Processor.EpisodeCount(ScenarioEvents.AeUnit).ShouldBe(2);

        run.Feed(Ae.Arrived("late-arrival", "09:00", mode: "ambulance"));
        run.Feed(Ae.Arrived("open", "09:45", mode: "ambulance"));

        // late-arrival: assessed 20, handover 40, seen 60, departed 120 (LBT); open: assessed 10, decision 10:30, no handover
        run.Ae().Matches(new EmergencyDepartmentFigures
        {
            InDepartment = 1,
            ByAcuity = new AcuityCounts(0, 1, 0, 0, 0, 0),
            ByStage = new StageCounts(0, 0, 0, 1),
            // (11:00, 12:00]: none
            ArrivalsLastHour = 0,
            ArrivalsToday = 2,
            DeparturesToday = 1,
            // open 09:45 → 12:00
            LongestWaitMinutes = 135,
            Over4Hours = 0,
            Over12Hours = 0,
            FourHourPerformanceToday = 100.0,
            // the same departures: none yesterday
            FourHourPerformanceLast24Hours = 100.0,
            TwelveHourStaysToday = 0,
            // 10 | 20 → 15; ⌈1.9⌉ = 2nd = 20
            MedianMinutesToAssessmentToday = 15,
            P95MinutesToAssessmentToday = 20,
            // both ambulance, 20 ✗ and 10 ✓
            AssessedWithin15MinutesToday = 50.0,
            MedianMinutesToSeenToday = 60,
            LeftBeforeTreatmentToday = 100.0,
            OccupancyPercent = null,
            AmbulancesAwaitingHandover = 1,
            LongestHandoverWaitMinutes = 135,
            HandoversToday = 1,
            MeanHandoverMinutesToday = 40,
            HandoversOver30Today = 1,
            HandoversOver45Today = 0,
            HandoversOver60Today = 0,
            AwaitingBed = 1,
            // 10:30 → 12:00
            LongestWaitSinceDecisionMinutes = 90,
            TrolleyWaitsOver12HoursToday = 0,
            ReferredToSpecialtyPercent = null, // no ae.referred at all: a source that sends none is not "0 % referred"
            // open: 135 minutes without a handover, past 45
            AmbulancesWaitingOver45Minutes = 1,
            // late-arrival handed over at 40: not within 15, 25 minutes lost
            HandedOverWithin15MinutesToday = 0.0,
            HandoverMinutesLostToday = 25,
        }, "after the arrivals");
    }

    // ───────────────────────────── issue 10: no figure on a wall may mislead ─────────────────────────────

    [Fact]
    public void FourHourPerformanceToday_DepartureStampedBeforeArrival_UnverifiedNotWithinAndCountedAsTimeOrderError()
    {
        // Clinical rule: a departure stamped before its arrival (clock skew between systems) is not a stay of
        // under 4 hours. It must never improve the 4-hour figure: the stay is held as unverified, out of the 4-hour
        // share (numerator and denominator) and of 12-hour stays, and shown as a data-quality error.
        // (Before issue 10 "skew" counted as within 4 hours: 1 of 2 = 50 % instead of 0 of 1.)
        var run = new ScenarioRun("14:00");
        run.Feed(
        [
            Ae.Arrived("skew", "10:00"), Ae.Seen("skew", "09:59:30"), Ae.Departed("skew", "09:58"), // −2 min
            Ae.Arrived("breach", "08:00"), Ae.Departed("breach", "13:00"),                         // 300 min: a breach
            Ae.Arrived("same", "12:00"), Ae.Departed("same", "12:00", id: "same-instant-departure"), // 0: a valid stay
            Utc.Arrived("u-skew", "11:00"), Utc.Departed("u-skew", "10:59:59"),                    // 1 s before
        ]);

        var ae = run.Ae();
        // the patient did leave: a departure, and not in department
        ae.DeparturesToday.ShouldBe(3);
        ae.InDepartment.ShouldBe(0);
        // breach ✗, same 0 ✓; skew left out → 1 of 2
        ae.FourHourPerformanceToday.ShouldBe(50.0);
        ae.TwelveHourStaysToday.ShouldBe(0);
        ae.TimeOrderErrorsToday.ShouldBe(1);
        // −30 s rounds down to −1 minute (arrival → seen is not this rule's figure)
        ae.MedianMinutesToSeenToday.ShouldBe(-1);

        // the UTC alike: its only departure is unverified, so there is no 4-hour share at all, not 100 %
        var utc = run.Utc();
        utc.DeparturesToday.ShouldBe(1);
        utc.FourHourPerformanceToday.ShouldBeNull();
        utc.TimeOrderErrorsToday.ShouldBe(1);
    }

    [Fact]
    public void TimeOrderErrorsToday_DepartureEventBeforeArrivalEventAndRepeated_SameFiguresAsInTimeOrder()
    {
        // Order-independent and duplicate-safe: the departure may reach us first, and be re-sent.
        var inOrder = new ScenarioRun("14:00");
        inOrder.Feed([Ae.Arrived("skew", "10:00"), Ae.Departed("skew", "09:58"), Ae.Arrived("ok", "09:00"), Ae.Departed("ok", "10:00")]);
        var reversed = new ScenarioRun("14:00");
        reversed.Feed(
        [
            Ae.Departed("skew", "09:58"), Ae.Departed("ok", "10:00"), Ae.Departed("skew", "09:58"),
            Ae.Arrived("ok", "09:00"), Ae.Arrived("skew", "10:00"), Ae.Arrived("skew", "10:00"),
        ]);

        reversed.SnapshotJson(ScenarioEvents.AeUnit).ShouldBe(inOrder.SnapshotJson(ScenarioEvents.AeUnit));
        // ok 60 min ✓ of 1; skew an error
        reversed.Ae().FourHourPerformanceToday.ShouldBe(100.0);
        reversed.Ae().TimeOrderErrorsToday.ShouldBe(1);
        reversed.Ae().DeparturesToday.ShouldBe(2);
    }

    [Fact]
    public void Handovers_HandoverStampedBeforeArrival_LeftOutOfEveryHandoverFigureAndCountedAsError()
    {
        // Clinical rule: a handover stamped before the ambulance arrived is not a handover time; averaged in, it
        // pulled the mean down (and passed every threshold). It is a data-quality error, out of the mean and counts.
        // Also: share handed over within 15 minutes and handover time lost beyond 15 minutes.
        var run = new ScenarioRun("20:00");
        run.Feed(
        [
            Ae.Handover("neg", "09:50"), Ae.Arrived("neg", "10:00", mode: "ambulance"), // −10: the handover event first
            Ae.Arrived("h10", "10:00", mode: "ambulance"), Ae.Handover("h10", "10:10"),
            Ae.Arrived("h15", "10:00", mode: "ambulance"), Ae.Handover("h15", "10:15"),     // exactly 15: within
            Ae.Arrived("h15s", "10:00", mode: "ambulance"), Ae.Handover("h15s", "10:15:30"), // 15 min 30 s: not within
            Ae.Arrived("h50", "10:00", mode: "ambulance"), Ae.Handover("h50", "10:50"),
        ]);
        run.Feed(Ae.Handover("neg", "09:50")); // re-sent: counted once

        var figures = run.Ae();
        figures.HandoverTimeErrorsToday.ShouldBe(1);
        // h10 h15 h15s h50 (neg left out; it was 5)
        figures.HandoversToday.ShouldBe(4);
        // whole minutes (10 + 15 + 15 + 50) ÷ 4 = 22.5 (with neg's −10 it read (−10 + 90) ÷ 5 = 16)
        figures.MeanHandoverMinutesToday.ShouldBe(22.5);
        figures.HandoversOver30Today.ShouldBe(1);
        // h10, h15 of 4
        figures.HandedOverWithin15MinutesToday.ShouldBe(50.0);
        // beyond 15: h15s 0.5 + h50 35 = 35.5 → 35 whole minutes
        figures.HandoverMinutesLostToday.ShouldBe(35);
        // neg's handover is recorded: not waiting
        figures.AmbulancesAwaitingHandover.ShouldBe(0);
    }

    [Fact]
    public void AmbulancesWaitingOver45Minutes_AroundFortyFiveMinutes_OnlyStrictlyOverAndNotYetHandedOver()
    {
        // Release to respond: an ambulance held more than 45 minutes at the door is a live incident.
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            Ae.Arrived("a45", "11:15", mode: "ambulance"),     // exactly 45: not over
            Ae.Arrived("a45s", "11:14:59", mode: "ambulance"), // 45 min 1 s: over
            Ae.Arrived("a60", "11:00", mode: "ambulance"),     // over
            Ae.Arrived("walk", "10:00"),                       // not an ambulance
            Ae.Arrived("done", "10:00", mode: "ambulance"), Ae.Handover("done", "10:20"), // handed over
            Ae.Arrived("gone", "10:00", mode: "ambulance"), Ae.Departed("gone", "10:30", "transferred"), // left
        ]);

        run.Ae().AmbulancesWaitingOver45Minutes.ShouldBe(2);
        run.Ae().AmbulancesAwaitingHandover.ShouldBe(3);

        // one tick later a45 is over too, with no new event
        run.Clock.Advance(TimeSpan.FromTicks(1));
        run.Ae().AmbulancesWaitingOver45Minutes.ShouldBe(3);

        run.Feed(Ae.Handover("a60", "12:00"));
        run.Ae().AmbulancesWaitingOver45Minutes.ShouldBe(2);
    }

    [Fact]
    public void TimeToAssessment_PatientsStillWaiting_CountWithTheirWaitSoFarAndWorsenAsTheBacklogGrows()
    {
        // Clinical rule: the time-to-assessment figures counted completed waits only, so they improved while
        // patients queued untriaged. Patients arrived today and still awaiting assessment now count with their wait
        // so far; one waiting more than 15 minutes is not assessed within 15 (A&E: ambulance arrivals).
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            Ae.Arrived("amb1", "09:00", mode: "ambulance"), Ae.Assessed("amb1", "09:10", 3), // 10: within
            Ae.Arrived("amb2", "11:30", mode: "ambulance"),                                  // waiting 30
            Ae.Arrived("amb3", "11:50", mode: "ambulance"),                                  // waiting 10: not yet decided
            Ae.Arrived("walk", "08:00"),                                                     // waiting 240, not an ambulance
            Ae.Arrived("night", "yesterday 23:00", mode: "ambulance"),                       // arrived yesterday: not today's
            Ae.Arrived("left", "09:00", mode: "ambulance"), Ae.Departed("left", "09:40", "left-before-treatment"), // no longer waiting
            Ae.Arrived("seen", "10:00"), Ae.Seen("seen", "10:20"),                           // seen: no longer awaiting assessment
        ]);

        // 10 (amb1) with waits so far 10 (amb3), 30 (amb2), 240 (walk): (10 + 30) ÷ 2; p95 = ⌈3.8⌉ = 4th = 240
        // (counting completed waits only, both read 10)
        var at1200 = run.Ae();
        at1200.MedianMinutesToAssessmentToday.ShouldBe(20);
        at1200.P95MinutesToAssessmentToday.ShouldBe(240);
        // amb1 ✓, amb2 ✗ (30 > 15 and still waiting): 1 of 2 (it read 100 %)
        at1200.AssessedWithin15MinutesToday.ShouldBe(50.0);

        // half an hour on, nobody assessed: the figures get worse, as the department does.
        // 10 | 40 60 | 270 → (40 + 60) ÷ 2; amb3 now 40 > 15: 1 of 3
        run.AdvanceTo("12:30");
        var at1230 = run.Ae();
        at1230.MedianMinutesToAssessmentToday.ShouldBe(50);
        at1230.P95MinutesToAssessmentToday.ShouldBe(270);
        at1230.AssessedWithin15MinutesToday!.Value.ShouldBe(100.0 / 3, 1e-9);

        // amb2 assessed at 12:40 after 70 minutes: a completed wait instead of a running one.
        // 12:45: 10 55 | 70 285 → (55 + 70) ÷ 2; still 1 of 3
        run.AdvanceTo("12:45");
        run.Feed(Ae.Assessed("amb2", "12:40", 2));
        var at1245 = run.Ae();
        at1245.MedianMinutesToAssessmentToday.ShouldBe(62.5);
        at1245.P95MinutesToAssessmentToday.ShouldBe(285);
        at1245.AssessedWithin15MinutesToday!.Value.ShouldBe(100.0 / 3, 1e-9);
    }

    [Fact]
    public void AssessedWithin15MinutesToday_Utc_EveryPatientCountsWaitingOrNot()
    {
        // At the UTC the 15-minute measure covers every patient, however they arrived.
        var run = new ScenarioRun("09:20");
        run.Feed(
        [
            Utc.Arrived("quick", "09:00"), Utc.Assessed("quick", "09:05", 4), // 5: within
            Utc.Arrived("wait", "09:00"),                                     // waiting 20: not within
            Utc.Arrived("new", "09:10"),                                      // waiting 10: not yet decided
        ]);

        var figures = run.Utc();
        figures.AssessedWithin15MinutesToday.ShouldBe(50.0);
        // 5 | 10 | 20
        figures.MedianMinutesToAssessmentToday.ShouldBe(10);
    }

    [Fact]
    public void Over12HoursSinceDecision_AroundTwelveHoursFromDecision_ExactlyTwelveHoursCountsWhileAwaitingABed()
    {
        // A patient awaiting a bed 12 hours or more after the decision to admit is a reportable incident, live.
        var run = new ScenarioRun("11:00");
        run.Feed(
        [
            Ae.Arrived("d720", "yesterday 22:00"), Ae.AdmitDecision("d720", "yesterday 23:00"),     // exactly 720: counts
            Ae.Arrived("d719", "yesterday 22:00"), Ae.AdmitDecision("d719", "yesterday 23:00:01"),  // 719 min 59 s: not
            Ae.Arrived("gone", "yesterday 19:00"), Ae.AdmitDecision("gone", "yesterday 20:00"),
            Ae.Departed("gone", "10:00", "admitted"),                                               // left: no longer waiting
            Ae.Arrived("long", "yesterday 10:00"),                                                  // 25 h, no decision
        ]);

        var figures = run.Ae();
        figures.Over12HoursSinceDecision.ShouldBe(1);
        figures.AwaitingBed.ShouldBe(2);
        // from arrival: d720 780, d719 780 (12 hours or more); long 1500, but with no event for 25 h it is unverified
        // (H16): shown on its own, out of the live counts
        figures.Over12Hours.ShouldBe(2);
        figures.UnverifiedNoRecentEvent.ShouldBe(1);
        // gone: 20:00 → 10:00 = 840 since decision, departed today
        figures.TrolleyWaitsOver12HoursToday.ShouldBe(1);
    }

    // ───────────────────────────── OPEL inputs: referrals, rolling 24 hours ─────────────────────────────
    //
    //  pt    arrived           referred (specialty)                    other                          at 12:00
    //  r1    09:00             10:00 acute-medicine                    –                              in, referred
    //  r2    09:30             10:30 cardiology, 11:00 acute-medicine  –                              in, referred (once)
    //  r3    10:00             10:45 general-surgery (sent first)      decision 11:30                 in, referred
    //  n1    10:15             –                                       seen 10:40                     in
    //  n2    11:00             –                                       –                              in
    //  gone  08:00             09:00 acute-medicine                    departed 11:00 admitted        left
    //  old   yesterday 09:00   yesterday 10:30 acute-medicine          no event since (25.5 h)        unverified (H16)
    internal static IEnumerable<ScenarioEvent> Referrals() =>
    [
        Ae.Arrived("r1", "09:00"), Ae.Referred("r1", "10:00"),
        Ae.Arrived("r2", "09:30"), Ae.Referred("r2", "10:30", "cardiology"), Ae.Referred("r2", "11:00"),
        Ae.Referred("r3", "10:45", "general-surgery"), Ae.Arrived("r3", "10:00"), Ae.AdmitDecision("r3", "11:30"),
        Ae.Arrived("n1", "10:15"), Ae.Seen("n1", "10:40"),
        Ae.Arrived("n2", "11:00"),
        Ae.Arrived("gone", "08:00"), Ae.Referred("gone", "09:00"), Ae.Departed("gone", "11:00", "admitted"),
        Ae.Arrived("old", "yesterday 09:00"), Ae.Referred("old", "yesterday 10:30"),
    ];

    [Fact]
    public void ReferredToSpecialty_InDepartmentNow_OncePerPatient_UnverifiedLeftOut()
    {
        var figures = InTimeOrder("12:00", Referrals()).Ae();

        // In department and verified: r1 r2 r3 n1 n2 = 5 (old is unverified, gone has left); referred: r1 r2 r3.
        figures.InDepartment.ShouldBe(5);
        figures.ReferredToSpecialty.ShouldBe(3);
        figures.ReferredToSpecialtyPercent.ShouldBe(60.0);
        figures.UnverifiedNoRecentEvent.ShouldBe(1);
    }

    [Fact]
    public void ReferredToSpecialty_NoOneInDepartment_PercentAbsent() =>
        InTimeOrder("12:00", [Ae.Arrived("a", "09:00"), Ae.Referred("a", "10:00"), Ae.Departed("a", "11:00", "admitted")])
            .Ae().ReferredToSpecialtyPercent.ShouldBeNull();

    [Fact]
    public void ReferredToSpecialtyPercent_NoReferralFromTheSourceFor24Hours_Absent_NotZero()
    {
        // A v1 producer sends no ae.referred: "0 % referred" would score OPEL band 1 on no information.
        var run = InTimeOrder("12:00", [Ae.Arrived("a", "09:00"), Ae.Arrived("b", "10:00"), Ae.Referred("b", "yesterday 12:00"), Ae.Departed("b", "11:00")]);
        // b's referral (yesterday 12:00) is exactly 24 h old: outside (now − 24 h, now]; a is in department, not referred
        run.Ae().ReferredToSpecialty.ShouldBe(0);
        run.Ae().ReferredToSpecialtyPercent.ShouldBeNull();

        run.Feed(Ae.Referred("b", "yesterday 12:00:01"));
        run.Ae().ReferredToSpecialtyPercent.ShouldBe(0.0); // 0 of 1 (a), now that the source is known to send referrals
    }

    private static ScenarioRun InTimeOrder(string now, IEnumerable<ScenarioEvent> events)
    {
        var run = new ScenarioRun(now, events);
        run.FeedUpTo(now);
        return run;
    }

    //  now = 02:00; the window is (yesterday 02:00, 02:00].
    //  pt    arrived            departed                     stay   in the window?
    //  w1    yesterday 00:59    yesterday 01:59 discharged     60   no: before the window
    //  w2    yesterday 01:00    yesterday 02:00 discharged     60   no: exactly 24 h ago (the window is open there)
    //  w3    yesterday 01:01    yesterday 02:01 discharged     60   yes, within 4 h
    //  w4    yesterday 15:00    yesterday 20:00 admitted      300   yes, over 4 h
    //  w5    00:30              01:00 discharged               30   yes, within 4 h (and today)
    //  w6    00:40              01:30 streamed-utc             50   no: streamed, not an A&E stay (H21)
    //  w7    01:00              00:50 discharged              −10   no: departure before arrival, unverified
    internal static IEnumerable<ScenarioEvent> RollingDay() =>
    [
        Ae.Arrived("w1", "yesterday 00:59"), Ae.Departed("w1", "yesterday 01:59"),
        Ae.Arrived("w2", "yesterday 01:00"), Ae.Departed("w2", "yesterday 02:00"),
        Ae.Arrived("w3", "yesterday 01:01"), Ae.Departed("w3", "yesterday 02:01"),
        Ae.Arrived("w4", "yesterday 15:00"), Ae.Departed("w4", "yesterday 20:00", "admitted"),
        Ae.Arrived("w5", "00:30"), Ae.Departed("w5", "01:00"),
        Ae.Arrived("w6", "00:40"), Ae.Departed("w6", "01:30", "streamed-utc"),
        Ae.Arrived("w7", "01:00"), Ae.Departed("w7", "00:50"),
    ];

    [Fact]
    public void FourHourPerformanceLast24Hours_DeparturesInTheOpenWindow_AsWorkedByHand()
    {
        var figures = InTimeOrder("02:00", RollingDay()).Ae();

        // window: w3 ✓, w4 ✗, w5 ✓ → 2 of 3; today: w5 ✓ of 1 (w6 streamed, w7 an error)
        figures.FourHourPerformanceLast24Hours.ShouldBe(2 * 100.0 / 3);
        figures.FourHourPerformanceToday.ShouldBe(100.0);
        figures.DeparturesToday.ShouldBe(3);
    }

    /// <summary>Order-independent and duplicate-safe: the scenarios above shuffled, a third or half of them re-sent.</summary>
    [Theory]
    [InlineData("12:00", 1, 3)]
    [InlineData("12:00", 2, 3)]
    [InlineData("12:00", 3, 2)]
    [InlineData("02:00", 4, 2)]
    [InlineData("02:00", 5, 3)]
    public void OpelInputs_ShuffledAndResent_SameSnapshotAsInOrder(string now, int seed, int resendOneIn)
    {
        var scenario = now == "12:00" ? Referrals() : RollingDay();
        var inOrder = InTimeOrder(now, scenario);

        var shuffled = ScenarioRun.ShuffledAndResent(now, scenario, seed, resendOneIn);

        shuffled.SnapshotJson(ScenarioEvents.AeUnit).ShouldBe(inOrder.SnapshotJson(ScenarioEvents.AeUnit));
        (now == "12:00" ? shuffled.Ae().ReferredToSpecialty : shuffled.Ae().FourHourPerformanceLast24Hours).ShouldBe(now == "12:00" ? 3 : 2 * 100.0 / 3);
    }

    // ───────────────────────────── contract v1.1: entered in error ─────────────────────────────

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figures_AttendanceEnteredInError_CountsNowhereInEitherOrder(bool reversed)
    {
        // x and u were recorded against the wrong patient record and withdrawn; y and v are real.
        ScenarioEvent[] events =
        [
            Ae.Arrived("x", "10:00", mode: "ambulance"),
            Ae.Assessed("x", "10:05", acuity: 2),
            Ae.EnteredInError("x", "10:20"),
            Ae.Arrived("y", "10:30"),
            Utc.Arrived("u", "09:00"),
            Utc.Departed("u", "09:50"),
            Utc.EnteredInError("u", "10:10"),
            Utc.Arrived("v", "10:40"),
        ];
        var run = new ScenarioRun("11:00");
        run.Feed(reversed ? Enumerable.Reverse(events) : events);

        var ae = run.Ae();
        ae.InDepartment.ShouldBe(1);
        ae.ArrivalsToday.ShouldBe(1);
        ae.ArrivalsLastHour.ShouldBe(1);
        // y 10:30 → 11:00 (x's 60 minutes are gone)
        ae.LongestWaitMinutes.ShouldBe(30);
        ae.AmbulancesAwaitingHandover.ShouldBe(0);
        ae.MedianMinutesToAssessmentToday.ShouldBe(30); // y still waiting, 10:30 → 11:00 (issue 10: waits so far count); x's 5 minutes are gone

        var utc = run.Utc();
        utc.InDepartment.ShouldBe(1);
        utc.ArrivalsToday.ShouldBe(1);
        utc.DeparturesToday.ShouldBe(0);
        utc.FourHourPerformanceToday.ShouldBeNull();
        utc.LongestWaitMinutes.ShouldBe(20);
    }
}
