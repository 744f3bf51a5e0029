using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The processor as a whole: figures independent of delivery order, duplicates applied once,
/// late events applied and flagged, and what housekeeping forgets.
/// </summary>
public sealed class StreamProcessorTests
{
    /// <summary>Each service's day scenario and the instant at which all its events are known.</summary>
    private static (IReadOnlyList<ScenarioEvent> Events, int Unit, string Now) Scenario(string service) => service switch
    {
        "ae" => ([.. DepartmentStateTests.AeDay()], ScenarioEvents.AeUnit, "tomorrow 01:00"),
        "utc" => ([.. DepartmentStateTests.UtcDay()], ScenarioEvents.UtcUnit, "14:00"),
        "greencar" => ([.. GreenCarStateTests.GreenCarDay()], ScenarioEvents.GreenCarUnit, "14:00"),
        "ivch" => ([.. IvchStateTests.IvchDay()], ScenarioEvents.IvchUnit, "11:00"),
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    public static TheoryData<string> Services => new() { "ae", "utc", "greencar", "ivch" };

    public static TheoryData<string, int> ServicesAndSeeds
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var service in new[] { "ae", "utc", "greencar", "ivch" })
            {
                foreach (var seed in new[] { 1, 7, 42, 2026, 90210 })
                {
                    data.Add(service, seed);
                }
            }

            return data;
        }
    }

    /// <summary>The reference: every event once, in time order, all known at the scenario's "now".</summary>
    private static string Reference(string service)
    {
        var (events, unit, now) = Scenario(service);
        var run = new ScenarioRun(now);
        run.Feed(events.OrderBy(e => e.Time));
        return run.SnapshotJson(unit);
    }

    /// <summary>Feeds <paramref name="sequence"/> (which holds every event twice) and checks each id applies exactly once.</summary>
    private static string FeedTwiceEach(string service, IReadOnlyList<ScenarioEvent> sequence)
    {
        var (events, unit, now) = Scenario(service);
        sequence.Count.ShouldBe(2 * events.Count);
        var run = new ScenarioRun(now);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in sequence)
        {
            var result = run.Feed(e);
            result.Unit.ShouldBe(unit);
            result.Outcome.ShouldBe(seen.Add(e.Id) ? ProcessOutcome.Applied : ProcessOutcome.Duplicate, e.ToString());
        }

        var counts = run.Processor.Counters.Read().Units.Single(u => u.Unit == UnitCatalog.Bury[unit].Id);
        counts.Applied.ShouldBe(events.Count);
        counts.Duplicates.ShouldBe(events.Count);
        return run.SnapshotJson(unit);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Snapshot_ChronologicalThenAllResent_SameFiguresAndResentAreDuplicates(string service)
    {
        var (events, _, _) = Scenario(service);
        var chronological = events.OrderBy(e => e.Time).ToList();

        FeedTwiceEach(service, [.. chronological, .. chronological]).ShouldBe(Reference(service));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Snapshot_ReverseOrderEachSentTwice_SameFigures(string service)
    {
        // Latest first: every departure before its arrival, every seen before its assessment,
        // every outcome and clear before the dispatch or call receipt.
        var (events, _, _) = Scenario(service);
        var reversed = events.OrderByDescending(e => e.Time).SelectMany(e => new[] { e, e }).ToList();

        FeedTwiceEach(service, reversed).ShouldBe(Reference(service));
    }

    [Theory]
    [MemberData(nameof(ServicesAndSeeds))]
    public void Snapshot_SeededShuffleWithDuplicates_SameFigures(string service, int seed)
    {
        var (events, _, _) = Scenario(service);
        var shuffled = events.Concat(events).ToArray();
        new Random(seed).Shuffle(shuffled);

        FeedTwiceEach(service, shuffled).ShouldBe(Reference(service));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Snapshot_FedLiveInStages_SameFiguresAsAllAtOnce(string service)
    {
        var (events, unit, now) = Scenario(service);
        var run = new ScenarioRun("yesterday 00:00", events);
        foreach (var stage in new[] { "08:00", "10:00", "12:00", "16:00", "23:59:59", now })
        {
            if (ScenarioEvents.At(stage) <= ScenarioEvents.At(now) && ScenarioEvents.At(stage) >= run.Now)
            {
                run.FeedUpTo(stage);
            }
        }

        run.SnapshotJson(unit).ShouldBe(Reference(service));
    }

    [Fact]
    public void Snapshot_EveryPermutationOfOneAttendance_SameFigures()
    {
        // 6 events of one ambulance attendance in all 720 orders: arrived 08:00 (acuity 4), handover 08:40 (40),
        // assessed 08:10 (acuity 2, 10), seen 09:00 (60), decision 10:00, departed 12:30 admitted (270, dec→dep 150).
        ScenarioEvent[] events =
        [
            Ae.Arrived("solo", "08:00", mode: "ambulance", acuity: 4),
            Ae.Handover("solo", "08:40"),
            Ae.Assessed("solo", "08:10", acuity: 2),
            Ae.Seen("solo", "09:00"),
            Ae.AdmitDecision("solo", "10:00"),
            Ae.Departed("solo", "12:30", "admitted"),
        ];

        string? reference = null;
        var permutations = 0;
        foreach (var order in Permutations(events.Length))
        {
            var run = new ScenarioRun("13:00");
            run.Feed(order.Select(i => events[i]));
            var json = run.SnapshotJson(ScenarioEvents.AeUnit);
            reference ??= json;
            json.ShouldBe(reference, $"order {string.Join(",", order)}");
            permutations++;
        }

        permutations.ShouldBe(720);

        // and the common answer is the right one
        var figures = new ScenarioRun("13:00", events);
        figures.FeedUpTo("13:00");
        var ae = figures.Ae();
        ae.InDepartment.ShouldBe(0);
        ae.DeparturesToday.ShouldBe(1);
        ae.FourHourPerformanceToday.ShouldBe(0.0);
        ae.MedianMinutesToAssessmentToday.ShouldBe(10);
        ae.AssessedWithin15MinutesToday.ShouldBe(100.0);
        ae.MedianMinutesToSeenToday.ShouldBe(60);
        ae.HandoversToday.ShouldBe(1);
        ae.MeanHandoverMinutesToday.ShouldBe(40);
        ae.HandoversOver30Today.ShouldBe(1);
        ae.HandoversOver45Today.ShouldBe(0);
        ae.TrolleyWaitsOver12HoursToday.ShouldBe(0);
    }

    [Fact]
    public void Snapshot_ConflictingValuesAtOneInstantInEitherOrder_SameFigures()
    {
        // Two different events (different ids) claim different arrival modes / acuities / dispositions at the
        // same instant: the result must not depend on which came first.
        ScenarioEvent[] events =
        [
            Ae.Arrived("c", "09:00", mode: "walk-in", acuity: 5, id: "arr-1"),
            Ae.Arrived("c", "09:00", mode: "ambulance", acuity: 3, id: "arr-2"),
            Ae.Assessed("c", "09:10", acuity: 4, id: "ass-1"),
            Ae.Assessed("c", "09:10", acuity: 2, id: "ass-2"),
            Ae.Departed("c", "11:00", "left-before-treatment", id: "dep-1"),
            Ae.Departed("c", "11:00", "discharged", id: "dep-2"),
            Ae.Arrived("d", "09:30", mode: "other", acuity: 1, id: "arr-3"),
            Ae.Assessed("d", "09:30", acuity: 3, id: "ass-3"),
        ];

        var forward = new ScenarioRun("12:00");
        forward.Feed(events);
        var backward = new ScenarioRun("12:00");
        backward.Feed(Enumerable.Reverse(events));

        backward.SnapshotJson(ScenarioEvents.AeUnit).ShouldBe(forward.SnapshotJson(ScenarioEvents.AeUnit));
        // d: at equal times the assessment outranks the arrival record → acuity 3
        forward.Ae().ByAcuity.ShouldBe(new AcuityCounts(0, 0, 1, 0, 0, 0));
    }

    [Fact]
    public void Process_SameIdDifferentContent_FirstAppliedSecondDuplicate()
    {
        var run = new ScenarioRun("12:00");

        run.Feed(Ae.Arrived("a", "10:00", id: "evt-1")).Outcome.ShouldBe(ProcessOutcome.Applied);
        var second = run.Feed(Ae.Arrived("b", "11:00", id: "evt-1"));

        second.Outcome.ShouldBe(ProcessOutcome.Duplicate);
        second.Unit.ShouldBe(ScenarioEvents.AeUnit);
        second.Late.ShouldBeFalse();
        run.Ae().InDepartment.ShouldBe(1);
        run.Ae().LongestWaitMinutes.ShouldBe(120);
    }

    [Fact]
    public void Process_SameIdInAnotherUnit_NotADuplicate()
    {
        // ids are remembered per unit (each unit is one partition, owned by one worker)
        var run = new ScenarioRun("12:00");

        run.Feed(Ae.Arrived("a", "10:00", id: "shared-id")).Outcome.ShouldBe(ProcessOutcome.Applied);
        run.Feed(Utc.Arrived("a", "10:00", id: "shared-id")).Outcome.ShouldBe(ProcessOutcome.Applied);
    }

    [Fact]
    public void Process_DuplicateCapacityDeclaration_Duplicate()
    {
        var run = new ScenarioRun("12:00");

        run.Feed(Ae.Cubicles("09:00", 20)).Outcome.ShouldBe(ProcessOutcome.Applied);
        run.Feed(Ae.Cubicles("09:00", 20)).Outcome.ShouldBe(ProcessOutcome.Duplicate);
        run.Processor.Capacity(ScenarioEvents.AeUnit, run.Now)["cubicles"].ShouldBe(20);
    }

    [Fact]
    public void Process_EventBeforeTodaysStart_AppliedAndLate()
    {
        var run = new ScenarioRun("10:00");

        var late = run.Feed(Ae.Arrived("overnight", "yesterday 23:59:59"));
        var onTime = run.Feed(Ae.Arrived("midnight", "00:00"));
        var resent = run.Feed(Ae.Arrived("overnight", "yesterday 23:59:59"));

        late.Outcome.ShouldBe(ProcessOutcome.Applied);
        late.Late.ShouldBeTrue();
        onTime.Outcome.ShouldBe(ProcessOutcome.Applied);
        onTime.Late.ShouldBeFalse();
        resent.Outcome.ShouldBe(ProcessOutcome.Duplicate);
        resent.Late.ShouldBeFalse();

        // applied to the episodes: both are in department; only the 00:00 one arrived today
        var figures = run.Ae();
        figures.InDepartment.ShouldBe(2);
        figures.ArrivalsToday.ShouldBe(1);
        figures.LongestWaitMinutes.ShouldBe(600);
        run.Processor.Counters.Read().Units.Single(u => u.Unit == "FGH-ED").Late.ShouldBe(1);
    }

    [Fact]
    public void Process_LateDepartureOfYesterday_ChangesYesterdayNotToday()
    {
        var run = new ScenarioRun("09:00");
        run.Feed(Ae.Arrived("y", "yesterday 20:00"));
        run.Ae().InDepartment.ShouldBe(1);

        var result = run.Feed(Ae.Departed("y", "yesterday 23:00"));

        result.Late.ShouldBeTrue();
        var figures = run.Ae();
        figures.InDepartment.ShouldBe(0);
        figures.DeparturesToday.ShouldBe(0);
        figures.FourHourPerformanceToday.ShouldBeNull();
        run.Ae("yesterday 23:30").DeparturesToday.ShouldBe(1);
    }

    [Fact]
    public void Process_LateOnSpringForwardDay_DayStartIsLondonMidnight()
    {
        // now = Mon 30 Mar 2026 00:10 BST = 29 Mar 23:10Z; today began at 29 Mar 23:00Z
        var run = new ScenarioRun("2026-03-30T00:10:00+01:00");

        run.Feed(Ivch.CallReceived("before", "2026-03-29T22:59:59Z")).Late.ShouldBeTrue();
        run.Feed(Ivch.CallReceived("at", "2026-03-29T23:00:00Z")).Late.ShouldBeFalse();
        run.Feed(Ivch.CallReceived("after", "2026-03-30T00:05:00+01:00")).Late.ShouldBeFalse();
        run.Ivch().CallsToday.ShouldBe(2);
    }

    [Fact]
    public void Process_LateOnFallBackDay_DayStartIsLondonMidnight()
    {
        // now = Sun 25 Oct 2026 03:00 GMT; today began at 00:00 BST = 24 Oct 23:00Z
        var run = new ScenarioRun("2026-10-25T03:00:00Z");

        run.Feed(GreenCar.Dispatched("before", "2026-10-24T22:59:59Z")).Late.ShouldBeTrue();
        run.Feed(GreenCar.Dispatched("at", "2026-10-25T00:00:00+01:00")).Late.ShouldBeFalse();
        run.GreenCar().IncidentsToday.ShouldBe(1);
        run.GreenCar().ActiveIncidents.ShouldBe(2);
    }

    [Fact]
    public void Process_InvalidMessage_RejectedAndNothingApplied()
    {
        var run = new ScenarioRun("12:00");

        var result = run.Processor.Process("{\"specversion\":\"1.0\"}"u8);

        result.Outcome.ShouldBe(ProcessOutcome.Rejected);
        result.Late.ShouldBeFalse();
        run.Ae().ArrivalsToday.ShouldBe(0);
    }

    [Fact]
    public void Process_EventMoreThanFiveMinutesAhead_RejectedUntilTheClockCatchesUp()
    {
        var run = new ScenarioRun("12:00");
        var early = Ae.Arrived("a", "12:05:01");

        run.Processor.Process(early.Utf8).Outcome.ShouldBe(ProcessOutcome.Rejected);
        run.Ae().ArrivalsToday.ShouldBe(0);

        run.Clock.Advance(TimeSpan.FromSeconds(1));
        run.Processor.Process(early.Utf8).Outcome.ShouldBe(ProcessOutcome.Applied);
        // not yet arrived at 12:00:01: neither waiting nor in the last hour, but in department
        var figures = run.Ae();
        figures.InDepartment.ShouldBe(1);
        figures.LongestWaitMinutes.ShouldBe(0);
        figures.ArrivalsLastHour.ShouldBe(0);
    }

    [Fact]
    public void Prune_PastTheHorizon_ForgetsIdsAndClosedEpisodesButKeepsOpenOnes()
    {
        // Silence beyond 24 h would leave "open" unverified (H16); this test is about the horizon alone.
        var run = new ScenarioRun(new ProcessorSettings { DepartmentUnverifiedAfter = TimeSpan.FromHours(72) }, "10:00");
        var arrival = Ae.Arrived("open", "09:00");
        run.Feed(arrival);
        run.Feed([Ae.Arrived("closed", "08:00"), Ae.Departed("closed", "09:30")]);
        run.Processor.EpisodeCount(ScenarioEvents.AeUnit).ShouldBe(2);

        // 48 h later: both episodes' events are behind the horizon
        run.Clock.Advance(TimeSpan.FromHours(48));
        run.Processor.Prune(run.Now);

        run.Processor.EpisodeCount(ScenarioEvents.AeUnit).ShouldBe(1);
        var figures = run.Ae();
        figures.InDepartment.ShouldBe(1);
        figures.LongestWaitMinutes.ShouldBe(48 * 60 + 60);
        figures.Over12Hours.ShouldBe(1);

        // the id is forgotten, so a re-send is applied again — harmlessly: the episode keeps its earliest arrival
        run.Feed(arrival).Outcome.ShouldBe(ProcessOutcome.Applied);
        run.Ae().InDepartment.ShouldBe(1);
        run.Ae().ArrivalsToday.ShouldBe(0);
    }

    [Fact]
    public void Prune_WithinTheHorizon_TodayUnchanged()
    {
        var run = new ScenarioRun("yesterday 00:00", DepartmentStateTests.AeDay());
        run.FeedUpTo("23:45");
        var before = run.SnapshotJson(ScenarioEvents.AeUnit);

        run.Processor.Prune(run.Now);

        run.SnapshotJson(ScenarioEvents.AeUnit).ShouldBe(before);
        // and every id is still remembered
        run.Feed(Ae.Arrived("p1", "00:30")).Outcome.ShouldBe(ProcessOutcome.Duplicate);
    }

    [Fact]
    public void Reset_DropsUnitStateAndIds_OtherUnitsUntouched()
    {
        var run = new ScenarioRun("12:00");
        run.Feed([Ae.Arrived("a", "10:00"), Utc.Arrived("u", "10:00")]);

        run.Processor.Reset(ScenarioEvents.AeUnit);

        run.Ae().InDepartment.ShouldBe(0);
        run.Utc().InDepartment.ShouldBe(1);
        run.Feed(Ae.Arrived("a", "10:00")).Outcome.ShouldBe(ProcessOutcome.Applied);
        run.Feed(Utc.Arrived("u", "10:00")).Outcome.ShouldBe(ProcessOutcome.Duplicate);
    }

    [Fact]
    public void Snapshot_AnyUnit_CarriesUnitServiceAndAsOf()
    {
        var clock = new FakeTimeProvider(ScenarioEvents.At("12:34:56"));
        var processor = new StreamProcessor(UnitCatalog.Bury, clock);

        var snapshot = processor.Snapshot(ScenarioEvents.GreenCarUnit);

        snapshot.Unit.ShouldBe("BURY-GREENCAR");
        snapshot.Service.ShouldBe("greencar");
        snapshot.AsOf.ShouldBe(ScenarioEvents.At("12:34:56"));
        snapshot.Figures.ShouldBeOfType<GreenCarFigures>();
    }

    private static IEnumerable<int[]> Permutations(int n)
    {
        var items = Enumerable.Range(0, n).ToArray();
        return Permute(items, 0);

        static IEnumerable<int[]> Permute(int[] a, int k)
        {
            if (k == a.Length)
            {
                yield return (int[])a.Clone();
                yield break;
            }

            for (var i = k; i < a.Length; i++)
            {
                (a[k], a[i]) = (a[i], a[k]);
                foreach (var p in Permute(a, k + 1))
                {
                    yield return p;
                }

                (a[k], a[i]) = (a[i], a[k]);
            }
        }
    }
}
