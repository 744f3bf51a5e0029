using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// Hazards H16 (ghost patients) and H23 (held events) of docs/clinical-safety.md, end to end through
/// <see cref="StreamProcessor"/>: an open episode with no event for longer than its unit's limit, or absent from the
/// latest census taken after its last event, is unverified — out of every live count, counted on its own, never
/// closed; the census's strangers and the events held without their start are counted. Expected values are worked
/// out by hand. Day D = Wed 18 Nov 2026 (GMT, local = UTC).
/// </summary>
public sealed class RecordChecksTests
{
    // ───────────────────────────── A&E at 12:00 ─────────────────────────────
    //
    //  pt  events                                              last event       at 12:00
    //  a   arrived yday 08:00, assessed yday 08:30 (3)         yday 08:30       27 h 30 without an event > 24 h: unverified
    //  b   arrived yday 13:00, seen yday 14:00, decision 11:00  11:00           in department 1380 min, awaiting a bed
    //  c   arrived 09:00                                       09:00            in department 180
    //  d   arrived 08:00                                       08:00            not in the 10:00 census: unverified
    //  e   arrived 10:30                                       10:30            after the census: verified, 90
    //  f   arrived 07:00, seen 10:15                           10:15            absent from the census, but seen after it: 300
    //  x   (none: in the census only)                                           in census, no arrival
    //  y   seen 09:30 (no arrival)                             —                held, no arrival
    //
    //  census.declared 10:00: b, c, x
    internal static IEnumerable<ScenarioEvent> Day() =>
    [
        Ae.Arrived("a", "yesterday 08:00"),
        Ae.Assessed("a", "yesterday 08:30", acuity: 3),
        Ae.Arrived("b", "yesterday 13:00"),
        Ae.Seen("b", "yesterday 14:00"),
        Ae.AdmitDecision("b", "11:00", specialty: "general-medicine"),
        Ae.Arrived("c", "09:00"),
        Ae.Arrived("d", "08:00"),
        Ae.Arrived("e", "10:30"),
        Ae.Arrived("f", "07:00"),
        Ae.Seen("f", "10:15"),
        Ae.Seen("y", "09:30"),
        ScenarioEvents.Census(Ae.Unit, "10:00", ["b", "c", "x"]),
    ];

    [Fact]
    public void Figures_GhostAndCensusAbsentPatients_UnverifiedOutOfEveryLiveCountAndCountedInWords()
    {
        var run = new ScenarioRun("yesterday 08:00", Day());
        run.FeedUpTo("12:00");

        var figures = run.Ae();

        // b c e f (a: no event for 27 h 30; d: not in the 10:00 census and nothing since)
        figures.InDepartment.ShouldBe(4);
        figures.UnverifiedNoRecentEvent.ShouldBe(1);
        figures.UnverifiedNotInCensus.ShouldBe(1);
        figures.InCensusNoArrival.ShouldBe(1); // x
        figures.HeldNoArrival.ShouldBe(1);     // y
        // b yday 13:00 → 12:00 = 1380 (a would have been 1680)
        figures.LongestWaitMinutes.ShouldBe(1380);
        // b 1380, f 300 (c 180, e 90 are not; a and d are unverified)
        figures.Over4Hours.ShouldBe(2);
        figures.Over12Hours.ShouldBe(1);
        // b, c, e, f by stage: b awaiting a bed, f under treatment, c and e awaiting assessment
        figures.ByStage.ShouldBe(new StageCounts(2, 0, 1, 1));
        // a's acuity 3 is not counted: c e f b unknown
        figures.ByAcuity.ShouldBe(new AcuityCounts(0, 0, 0, 0, 0, 4));
        figures.AwaitingBed.ShouldBe(1);
        // what happened today still happened: c d e f arrived today (d is unverified, not un-arrived)
        figures.ArrivalsToday.ShouldBe(4);
        // no departure is invented: neither a nor d is a stay within, or over, 4 hours
        figures.DeparturesToday.ShouldBe(0);
        figures.FourHourPerformanceToday.ShouldBeNull();
        run.Processor.BreachRisk(ScenarioEvents.AeUnit, run.Now)!.Patients.Select(p => p.MinutesInDepartment).ShouldBe([1380, 300]);
    }

    [Fact]
    public void Figures_EventOfAnUnverifiedPatient_MakesItVerifiedAgain_AndItsDepartureCountsAsAnyOther()
    {
        var run = new ScenarioRun("yesterday 08:00", Day());
        run.FeedUpTo("12:00");
        run.Feed(Ae.Seen("a", "11:55"));   // a is seen: here after all
        run.AdvanceTo("12:30");
        run.Feed(Ae.Departed("d", "12:30")); // d leaves: its stay ends, 08:00 → 12:30 = 270

        var figures = run.Ae();

        // a b c e f
        figures.InDepartment.ShouldBe(5);
        figures.UnverifiedNoRecentEvent.ShouldBe(0);
        figures.UnverifiedNotInCensus.ShouldBe(0);
        // a yday 08:00 → 12:30 = 1710
        figures.LongestWaitMinutes.ShouldBe(1710);
        figures.DeparturesToday.ShouldBe(1);
        // d 270 > 240
        figures.FourHourPerformanceToday.ShouldBe(0.0);
    }

    [Fact]
    public void Figures_AroundTwentyFourHoursWithoutAnEvent_OnlyLongerThanTheLimitIsUnverified_WhicheverWayTheClockMoves()
    {
        var run = new ScenarioRun("09:00");
        run.Feed(Ae.Arrived("c", "09:00"));

        // exactly 24 h: not longer than the limit
        run.Ae("tomorrow 09:00").ShouldSatisfyAllConditions(
            f => f.InDepartment.ShouldBe(1), f => f.UnverifiedNoRecentEvent.ShouldBe(0));
        // 24 h and a second: unverified
        run.Ae("tomorrow 09:00:01").ShouldSatisfyAllConditions(
            f => f.InDepartment.ShouldBe(0), f => f.UnverifiedNoRecentEvent.ShouldBe(1), f => f.LongestWaitMinutes.ShouldBeNull());
        // the same instant asked again after a later one: the figures depend on the events and the instant alone
        run.Ae("tomorrow 09:00").ShouldSatisfyAllConditions(
            f => f.InDepartment.ShouldBe(1), f => f.UnverifiedNoRecentEvent.ShouldBe(0), f => f.LongestWaitMinutes.ShouldBe(1440));
    }

    [Fact]
    public void Figures_PatientListedByACensusWithinTheLimit_StaysCounted_HoweverLongSinceTheirLastEvent()
    {
        // A long wait for a mental-health bed: arrived and seen yesterday, then nothing recorded for 25 hours, but the
        // record's 10:30 census lists m. The census is the record's own word that m is there: counted, and over 12 h.
        var listed = new ScenarioRun("10:30");
        listed.Feed([Ae.Arrived("m", "yesterday 09:00"), Ae.Seen("m", "yesterday 10:00"), ScenarioEvents.Census(Ae.Unit, "10:30", ["m"])]);

        listed.Ae("11:00").ShouldSatisfyAllConditions(
            f => f.InDepartment.ShouldBe(1), f => f.UnverifiedNoRecentEvent.ShouldBe(0), f => f.Over12Hours.ShouldBe(1),
            f => f.LongestWaitMinutes.ShouldBe(26 * 60)); // yesterday 09:00 → 11:00
        // Last known there at the 10:30 census: with no later one, silent once more than 24 h after it.
        listed.Ae("tomorrow 10:30").UnverifiedNoRecentEvent.ShouldBe(0);
        listed.Ae("tomorrow 10:30:01").ShouldSatisfyAllConditions(
            f => f.InDepartment.ShouldBe(0), f => f.UnverifiedNoRecentEvent.ShouldBe(1));

        // The same patient with no census: 25 h without an event, unverified (the ghost-patient control).
        var unlisted = new ScenarioRun("10:30");
        unlisted.Feed([Ae.Arrived("m", "yesterday 09:00"), Ae.Seen("m", "yesterday 10:00")]);
        unlisted.Ae("11:00").ShouldSatisfyAllConditions(f => f.InDepartment.ShouldBe(0), f => f.UnverifiedNoRecentEvent.ShouldBe(1));
    }

    [Fact]
    public void Figures_ConfiguredLimit_IsTheOneApplied()
    {
        var run = new ScenarioRun(new ProcessorSettings { DepartmentUnverifiedAfter = TimeSpan.FromHours(6) }, "09:00");
        run.Feed(Ae.Arrived("c", "09:00"));

        run.Ae("15:00").UnverifiedNoRecentEvent.ShouldBe(0);
        run.Ae("15:00:01").UnverifiedNoRecentEvent.ShouldBe(1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Figures_ShuffledAndResent_SameAsInTimeOrder(int seed)
    {
        var inOrder = new ScenarioRun("12:00");
        inOrder.Feed(Day().OrderBy(e => e.Time));

        var shuffled = ScenarioRun.ShuffledAndResent("12:00", Day(), seed, resendOneIn: 3);

        shuffled.SnapshotJson(ScenarioEvents.AeUnit).ShouldBe(inOrder.SnapshotJson(ScenarioEvents.AeUnit), $"seed {seed}");
        shuffled.Ae().UnverifiedNotInCensus.ShouldBe(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Census_LatestCounts_TwoAtOneInstantCountTogether_AnOlderOneChangesNothing(bool reversed)
    {
        ScenarioEvent[] events =
        [
            Ae.Arrived("p", "08:00"),
            Ae.Arrived("q", "08:10"),
            Ae.Arrived("r", "08:20"),
            // 10:00, sent in two parts: p and q are present (either part lists them)
            ScenarioEvents.Census(Ae.Unit, "10:00", ["p"], id: "census-10-part-1"),
            ScenarioEvents.Census(Ae.Unit, "10:00", ["q", "z"], id: "census-10-part-2"),
            // an older census listing r: the 10:00 one is newer and does not list it
            ScenarioEvents.Census(Ae.Unit, "09:00", ["p", "q", "r"]),
        ];

        var run = new ScenarioRun("11:00");
        run.Feed(reversed ? events.Reverse() : events);

        var figures = run.Ae();
        figures.InDepartment.ShouldBe(2);         // p q
        figures.UnverifiedNotInCensus.ShouldBe(1); // r
        figures.InCensusNoArrival.ShouldBe(1);     // z
    }

    [Fact]
    public void Census_ListingAPatientTwice_OrInTwoPartsThatOverlap_CountsThemOnce_AndTheOrderListedChangesNoByte()
    {
        // p and q arrived; the 10:00 census lists p twice, and a second part at the same instant lists q and p again,
        // and z (no arrival) twice. Another run gets the same events with each list in another order. (The events
        // themselves come in one order: the window of remembered ids keeps theirs, which is state.)
        ScenarioEvent[] arrivals = [Ae.Arrived("p", "08:00"), Ae.Arrived("q", "08:10"), Ae.Arrived("r", "08:20")];
        var forward = new ScenarioRun("11:00");
        forward.Feed(arrivals);
        forward.Feed([
            ScenarioEvents.Census(Ae.Unit, "10:00", ["p", "z", "p"], id: "census-10-part-1"),
            ScenarioEvents.Census(Ae.Unit, "10:00", ["q", "p", "z"], id: "census-10-part-2")]);
        var backward = new ScenarioRun("11:00");
        backward.Feed(arrivals);
        backward.Feed([
            ScenarioEvents.Census(Ae.Unit, "10:00", ["z", "p", "p"], id: "census-10-part-1"),
            ScenarioEvents.Census(Ae.Unit, "10:00", ["z", "p", "q"], id: "census-10-part-2")]);

        foreach (var run in new[] { forward, backward })
        {
            run.Ae().ShouldSatisfyAllConditions(
                f => f.InDepartment.ShouldBe(2),          // p q
                f => f.UnverifiedNotInCensus.ShouldBe(1), // r
                f => f.InCensusNoArrival.ShouldBe(1));    // z, listed three times
        }

        Convert.ToHexString(backward.Processor.Checkpoint(ScenarioEvents.AeUnit))
            .ShouldBe(Convert.ToHexString(forward.Processor.Checkpoint(ScenarioEvents.AeUnit)), "equal states write equal bytes");
    }

    [Fact]
    public void Census_ALargeOneThenASmallOne_EachJudgesEveryOpenPatientByItsOwnList()
    {
        // 150 patients present, listed by a census of 150 (its lookup table grows past any default size); then a census
        // of three, which reuses that table: nobody from the larger list may still be found in it.
        var patients = Enumerable.Range(0, 150).Select(i => $"big-{i}").ToArray();
        var run = new ScenarioRun("12:00");
        run.Feed(patients.Select((p, i) => Ae.Arrived(p, $"08:{i % 60:00}:{i / 60:00}")));
        run.Feed([ScenarioEvents.Census(Ae.Unit, "10:00", [.. patients, "unknown-a"], id: "census-large")]);
        run.Ae().ShouldSatisfyAllConditions(
            f => f.InDepartment.ShouldBe(150), f => f.UnverifiedNotInCensus.ShouldBe(0), f => f.InCensusNoArrival.ShouldBe(1));

        run.Feed([ScenarioEvents.Census(Ae.Unit, "11:00", ["big-7", "big-42", "big-149"])]);
        run.Ae().ShouldSatisfyAllConditions(
            f => f.InDepartment.ShouldBe(3), f => f.UnverifiedNotInCensus.ShouldBe(147), f => f.InCensusNoArrival.ShouldBe(0));
    }

    [Fact]
    public void Census_TakenBeforeAPatientsLatestEvent_DoesNotJudgeThem_NorDoesALaterSilenceCutoffBeforeIt()
    {
        // p's latest event (10:30) is after the census (10:00) that does not list it: the census says nothing about p.
        // q, last heard of at 08:10, is judged by it. Then a day later, with the limit at 24 h, p (10:30) is quiet until
        // 10:30 the next day and q already silent.
        var run = new ScenarioRun("11:00");
        run.Feed([Ae.Arrived("p", "08:00"), Ae.Arrived("q", "08:10"), Ae.Assessed("p", "10:30", acuity: 3),
            ScenarioEvents.Census(Ae.Unit, "10:00", ["someone-else"])]);
        run.Ae().ShouldSatisfyAllConditions(f => f.InDepartment.ShouldBe(1), f => f.UnverifiedNotInCensus.ShouldBe(1));

        run.Clock.Advance(TimeSpan.FromHours(23.25)); // 10:15 the next day: q (08:10) over 24 h, p (10:30) not
        run.Ae().ShouldSatisfyAllConditions(
            f => f.InDepartment.ShouldBe(1), f => f.UnverifiedNoRecentEvent.ShouldBe(1), f => f.UnverifiedNotInCensus.ShouldBe(0));
        run.Clock.Advance(TimeSpan.FromMinutes(30)); // 10:45: p too
        run.Ae().ShouldSatisfyAllConditions(f => f.InDepartment.ShouldBe(0), f => f.UnverifiedNoRecentEvent.ShouldBe(2));
    }

    [Fact]
    public void Census_OlderThanTheHorizon_IsForgotten_AndNoLongerJudgesAnyone()
    {
        var run = new ScenarioRun(new ProcessorSettings { DepartmentUnverifiedAfter = TimeSpan.FromDays(7) }, "10:00");
        run.Feed([Ae.Arrived("p", "08:00"), ScenarioEvents.Census(Ae.Unit, "09:00", ["x"])]);
        run.Ae().UnverifiedNotInCensus.ShouldBe(1);

        run.Clock.Advance(TimeSpan.FromHours(48)); // the census is now more than 48 h old
        run.Processor.Prune(run.Now);

        run.Ae().ShouldSatisfyAllConditions(
            f => f.UnverifiedNotInCensus.ShouldBe(0), f => f.InCensusNoArrival.ShouldBe(0), f => f.InDepartment.ShouldBe(1));
    }

    [Fact]
    public void HeldNoArrival_EventsWithoutTheirStart_CountedUntilTheStartComes_InEveryService()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            Ae.Seen("h1", "10:00"), Ae.Departed("h1", "11:00"), Ae.Handover("h2", "10:30"),
            Utc.Seen("u1", "10:00"),
            GreenCar.OnScene("g1", "10:00"),
            Ivch.Assessed("i1", "10:00"), Ivch.Outcome("i2", "10:20", "pharmacy"),
        ]);

        // h1 and h2 are two episodes held (two events of h1 are one episode)
        run.Ae().HeldNoArrival.ShouldBe(2);
        run.Utc().HeldNoArrival.ShouldBe(1);
        run.GreenCar().HeldNoArrival.ShouldBe(1);
        run.Ivch().HeldNoArrival.ShouldBe(2);

        run.Feed([Ae.Arrived("h1", "09:50"), GreenCar.Dispatched("g1", "09:40")]);

        run.Ae().HeldNoArrival.ShouldBe(1);
        run.GreenCar().HeldNoArrival.ShouldBe(0);
        run.GreenCar().ActiveIncidents.ShouldBe(1);
    }

    [Fact]
    public void HeldNoArrival_AnEpisodeEnteredInError_IsNotHeld()
    {
        var run = new ScenarioRun("12:00");
        run.Feed([Ae.Seen("w", "10:00"), Ae.EnteredInError("w", "10:05")]);

        run.Ae().HeldNoArrival.ShouldBe(0);
    }

    [Fact]
    public void GreenCar_IncidentSilentForTwelveHours_UnverifiedAndNotActive()
    {
        // g1: dispatched 08:00, on scene 08:20, then nothing; g2 dispatched 19:00. The Green Car's limit is 12 h.
        var run = new ScenarioRun("20:00");
        run.Feed([GreenCar.Dispatched("g1", "08:00"), GreenCar.OnScene("g1", "08:20"), GreenCar.Dispatched("g2", "19:00")]);

        run.GreenCar().ActiveIncidents.ShouldBe(2);
        run.AdvanceTo("20:20:01");
        run.GreenCar().ShouldSatisfyAllConditions(
            f => f.ActiveIncidents.ShouldBe(1), f => f.UnverifiedNoRecentEvent.ShouldBe(1));

        run.Feed(GreenCar.Clear("g1", "20:20:01")); // cleared at last: it ends, and is no longer unverified
        run.GreenCar().ShouldSatisfyAllConditions(
            f => f.ActiveIncidents.ShouldBe(1), f => f.UnverifiedNoRecentEvent.ShouldBe(0));
    }

    [Fact]
    public void Ivch_CallSilentForTwentyFourHours_UnverifiedAndNotQueuing()
    {
        var run = new ScenarioRun("tomorrow 09:00");
        run.Feed([Ivch.CallReceived("c1", "10:00"), Ivch.CallReceived("c2", "tomorrow 09:00")]);

        run.Ivch("tomorrow 10:00").Queue.ShouldBe(2);
        run.Ivch("tomorrow 10:00:01").ShouldSatisfyAllConditions(
            f => f.Queue.ShouldBe(1), f => f.UnverifiedNoRecentEvent.ShouldBe(1), f => f.LongestQueueWaitMinutes.ShouldBe(60));
    }

    [Fact]
    public void Census_ForAGreenCarUnit_JudgesItsActiveIncidents()
    {
        var run = new ScenarioRun("12:00");
        run.Feed(
        [
            GreenCar.Dispatched("g1", "10:00"), GreenCar.Dispatched("g2", "10:30"),
            ScenarioEvents.Census(GreenCar.Unit, "11:00", ["g2"]),
        ]);

        run.GreenCar().ShouldSatisfyAllConditions(
            f => f.ActiveIncidents.ShouldBe(1), f => f.UnverifiedNotInCensus.ShouldBe(1));
    }

    [Fact]
    public void InCensusNoArrival_OnceRead_FollowsEachArrivalErrorAndForgottenEpisode()
    {
        // Horizon 2 h, so an episode that ended at 07:30 is forgotten by a prune at 09:45 while the 08:15 census stays.
        //   y arrived 07:00, departed 07:30; census 08:15 lists x y z   → x z unknown: 2
        //   z seen 08:20 (held, no arrival)                              → 2
        //   x arrived 08:25                                              → z: 1
        //   z arrived 08:05                                              → 0
        //   x entered in error 08:28 (counts nowhere, as if never known) → x: 1
        //   09:45, prune (cutoff 07:45): y forgotten                     → x y: 2
        var run = new ScenarioRun(new ProcessorSettings { ReplayHorizon = TimeSpan.FromHours(2) }, "08:30");
        run.Feed([Ae.Arrived("y", "07:00"), Ae.Departed("y", "07:30"), ScenarioEvents.Census(Ae.Unit, "08:15", ["x", "y", "z"])]);
        run.Ae().InCensusNoArrival.ShouldBe(2);

        (ScenarioEvent Event, int Expected)[] steps =
        [
            (Ae.Seen("z", "08:20"), 2),
            (Ae.Arrived("x", "08:25"), 1),
            (Ae.Arrived("z", "08:05"), 0),
            (Ae.EnteredInError("x", "08:28"), 1),
        ];
        foreach (var (e, expected) in steps)
        {
            run.Feed(e);
            run.Ae().InCensusNoArrival.ShouldBe(expected, e.ToString());
        }

        run.AdvanceTo("09:45");
        run.Processor.Prune(run.Now);
        run.Processor.EpisodeCount(ScenarioEvents.AeUnit).ShouldBe(2, "x (entered in error) and z held, y forgotten");
        run.Ae().InCensusNoArrival.ShouldBe(2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void InCensusNoArrival_KeptAsEventsComeIn_EqualsACountFromScratch_AfterEveryEventCensusAndPrune(int seed)
    {
        // The count is kept as episodes' arrivals become known or unknown and as they are forgotten; a state restored from
        // a checkpoint counts it afresh from its census (and rebuilds the open episodes' entries, which the live state
        // reuses as episodes close and open). Both must agree, on every figure, at every step of a random day of arrivals,
        // held events, departures, errors, censuses and prunes over eight patients, with a 2 h horizon.
        var random = new Random(seed);
        var subjects = Enumerable.Range(0, 8).Select(i => $"p{i}").ToArray();
        var settings = new ProcessorSettings { ReplayHorizon = TimeSpan.FromHours(2) };
        var run = new ScenarioRun(settings, "06:00");
        var censuses = 0;
        for (var step = 0; step < 400; step++)
        {
            var subject = subjects[random.Next(subjects.Length)];
            var time = Wire(run.Now - TimeSpan.FromMinutes(random.Next(90)));
            ScenarioEvent? e = random.Next(8) switch
            {
                0 or 1 => Ae.Arrived(subject, time),
                2 => Ae.Seen(subject, time),
                3 => Ae.Departed(subject, time),
                4 => Ae.EnteredInError(subject, time),
                5 => ScenarioEvents.Census(Ae.Unit, time, [.. subjects.Where(_ => random.Next(2) == 0)], id: $"census-{censuses++}"),
                _ => null,
            };
            if (e is null)
            {
                run.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 20)));
                run.Processor.Prune(run.Now);
            }
            else
            {
                run.Processor.Process(e.Utf8).Outcome.ShouldBeOneOf(ProcessOutcome.Applied, ProcessOutcome.Duplicate, ProcessOutcome.Expired);
            }

            var restored = new StreamProcessor(UnitCatalog.Bury, run.Clock, settings);
            restored.TryRestore(ScenarioEvents.AeUnit, run.Processor.Checkpoint(ScenarioEvents.AeUnit), out var problem).ShouldBeTrue(problem);
            var fromScratch = (EmergencyDepartmentFigures)restored.Snapshot(ScenarioEvents.AeUnit).Figures;
            var kept = run.Ae();
            var what = $"step {step}: {e?.ToString() ?? $"prune at {run.Now:HH:mm}"}";
            kept.InCensusNoArrival.ShouldBe(fromScratch.InCensusNoArrival, what);
            // And every live figure, the checks' counts among them (the open episodes' entries are rebuilt on restore). Not
            // the totals of the day: with a 2 h horizon, episodes of today are forgotten, and a restore holds only those held.
            LiveFigures(kept).ShouldBe(LiveFigures(fromScratch), what);
        }

        censuses.ShouldBeGreaterThan(30);
        run.Now.ShouldBeGreaterThan(ScenarioEvents.At("12:00"), "the day ran long enough for episodes and censuses to be forgotten");
    }

    /// <summary>The figures' JSON without the totals of the day or of the last 24 hours.</summary>
    private static string LiveFigures(EmergencyDepartmentFigures figures)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(figures))!.AsObject();
        foreach (var name in json.Select(p => p.Key).Where(k => k.EndsWith("Today", StringComparison.Ordinal) || k.EndsWith("Last24Hours", StringComparison.Ordinal)).ToList())
        {
            json.Remove(name);
        }

        json.Count.ShouldBeGreaterThan(15);
        return json.ToJsonString();
    }

    private static string Wire(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
