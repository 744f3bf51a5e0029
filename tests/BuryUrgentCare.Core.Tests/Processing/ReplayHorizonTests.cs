using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Processing;

/// <summary>Events older than the replay horizon (48 h): applied to episodes still held, never re-opening forgotten ones.</summary>
public sealed class ReplayHorizonTests
{
    [Fact]
    public void Process_ResentArrivalOfEpisodeForgottenBeyondHorizon_IsExpiredNotAGhostPatient()
    {
        var run = new ScenarioRun("10:00");
        run.Feed(Ae.Arrived("p1", "08:00"));
        run.Feed(Ae.Departed("p1", "10:00"));
        run.Clock.Advance(TimeSpan.FromHours(49)); // now 11:00 two days later: departed 49 h ago, so the closed episode is forgotten
        run.Processor.Prune(run.Now);
        run.Processor.EpisodeCount(ScenarioEvents.AeUnit).ShouldBe(0);

        // The integrator re-sends the original arrival under a new id (its old id was forgotten with it).
        var resent = run.Processor.Process(Ae.Arrived("p1", "08:00", id: "resent-arrival").Utf8);

        resent.Outcome.ShouldBe(ProcessOutcome.Expired);
        run.Ae().InDepartment.ShouldBe(0);
        run.Ae().Over12Hours.ShouldBe(0);
        run.Processor.Counters.Read().Units.Single(u => u.Unit == "FGH-ED").Expired.ShouldBe(1);
    }

    [Fact]
    public void Process_OldEventForEpisodeStillHeld_IsApplied()
    {
        // Silence beyond 24 h would leave p1 unverified (H16); this test is about the horizon alone.
        var run = new ScenarioRun(new ProcessorSettings { DepartmentUnverifiedAfter = TimeSpan.FromHours(72) }, "08:00");
        run.Feed(Ae.Arrived("p1", "08:00"));
        run.Clock.Advance(TimeSpan.FromHours(49)); // still in department after 49 h: the episode is held
        run.Processor.Prune(run.Now);

        var seen = run.Processor.Process(Ae.Seen("p1", "09:00").Utf8);

        seen.Outcome.ShouldBe(ProcessOutcome.Applied);
        seen.Late.ShouldBeTrue();
        run.Ae().ByStage.UnderTreatment.ShouldBe(1);
        run.Ae().LongestWaitMinutes.ShouldBe(49 * 60);
    }

    // Forgetting (Prune): an episode is held while the horizon's cutoff (now − 48 h) is at or before its end, so late and
    // repeated events still find it, and forgotten once the cutoff passes. A prune scans the episodes only when one may
    // be due; these pin the instants and the cases where what is due changes between prunes.

    private static readonly Dictionary<string, (string Unit, ScenarioEvent[] Events)> EndedAt10 = new()
    {
        ["A&E departed"] = (Ae.Unit, [Ae.Arrived("p1", "08:00"), Ae.Departed("p1", "10:00")]),
        ["A&E departure held, arrival later"] = (Ae.Unit, [Ae.Departed("p1", "09:00"), Ae.Arrived("p1", "10:00")]),
        ["A&E entered in error"] = (Ae.Unit, [Ae.Arrived("p1", "10:00"), Ae.EnteredInError("p1", "11:00")]),
        ["Green Car cleared"] = (GreenCar.Unit, [GreenCar.Dispatched("g1", "08:00"), GreenCar.Clear("g1", "10:00")]),
        ["Green Car entered in error"] = (GreenCar.Unit, [GreenCar.Dispatched("g1", "10:00"), GreenCar.EnteredInError("g1", "12:00")]),
        ["IVCH outcome"] = (Ivch.Unit, [Ivch.CallReceived("c1", "08:00"), Ivch.Outcome("c1", "10:00", "self-care")]),
        ["IVCH abandoned after its outcome"] =
            (Ivch.Unit, [Ivch.CallReceived("c1", "08:00"), Ivch.Outcome("c1", "09:00", "self-care"), Ivch.Abandoned("c1", "10:00")]),
        ["IVCH entered in error"] = (Ivch.Unit, [Ivch.CallReceived("c1", "10:00"), Ivch.EnteredInError("c1", "12:00")]),
    };

    public static TheoryData<string> EpisodesEndedAt10 => [.. EndedAt10.Keys];

    [Theory]
    [MemberData(nameof(EpisodesEndedAt10))]
    public void Prune_EpisodeEndedAt10_HeldWhileTheCutoffIsAtOrBefore10_ForgottenOnceItPasses(string episode)
    {
        var run = new ScenarioRun("12:00");
        var (unitId, events) = EndedAt10[episode];
        UnitCatalog.Bury.TryGetIndex(unitId, out var unit).ShouldBeTrue();
        foreach (var e in events)
        {
            run.Feed(e);
        }

        run.Clock.Advance(TimeSpan.FromHours(1)); // 13:00, cutoff two days before: nothing due yet
        run.Processor.Prune(run.Now);
        run.Processor.EpisodeCount(unit).ShouldBe(1, episode);

        run.Clock.SetUtcNow(ScenarioEvents.At("10:00").AddHours(48)); // cutoff exactly 10:00
        run.Processor.Prune(run.Now);
        run.Processor.EpisodeCount(unit).ShouldBe(1, $"{episode}: held while the cutoff is not past its end");

        run.Clock.Advance(TimeSpan.FromTicks(1));
        run.Processor.Prune(run.Now);
        run.Processor.EpisodeCount(unit).ShouldBe(0, $"{episode}: forgotten once the cutoff passes its end");
    }

    [Fact]
    public void Prune_AfterAPruneThatForgotNothing_ALateDepartureEarlierThanEveryEnd_IsForgottenOnTime()
    {
        var run = new ScenarioRun("13:00");
        run.Feed(Ae.Arrived("early", "06:00")); // still in department, as far as anyone knows
        run.Feed(Ae.Arrived("p1", "08:00"));
        run.Feed(Ae.Departed("p1", "12:00"));
        run.Clock.SetUtcNow(ScenarioEvents.At("10:00").AddHours(48)); // cutoff 10:00: p1 (ended 12:00) is the first due
        run.Processor.Prune(run.Now);
        run.Processor.EpisodeCount(ScenarioEvents.AeUnit).ShouldBe(2);

        // The departure of "early" at 09:00 arrives late (49 h old, its episode still held): it ends before p1 did.
        run.Feed(Ae.Departed("early", "09:00")).Late.ShouldBeTrue();
        run.Clock.SetUtcNow(ScenarioEvents.At("11:00").AddHours(48)); // cutoff 11:00: past 09:00, not 12:00
        run.Processor.Prune(run.Now);

        run.Processor.EpisodeCount(ScenarioEvents.AeUnit).ShouldBe(1);
        run.Processor.Process(Ae.Arrived("early", "06:00", id: "early-again").Utf8).Outcome.ShouldBe(ProcessOutcome.Expired);
        run.Processor.Process(Ae.Seen("p1", "09:00").Utf8).Outcome.ShouldBe(ProcessOutcome.Applied, "p1 is still held");
    }

    [Fact]
    public void Prune_RestoredFromACheckpoint_ForgetsWhatTheCheckpointedStateWould()
    {
        var run = new ScenarioRun("13:00");
        run.Feed(Ae.Arrived("p1", "08:00"));
        run.Feed(Ae.Departed("p1", "10:00"));
        run.Feed(Ae.Arrived("p2", "09:00"));
        var restored = new StreamProcessor(UnitCatalog.Bury, run.Clock);
        restored.TryRestore(ScenarioEvents.AeUnit, run.Processor.Checkpoint(ScenarioEvents.AeUnit), out var problem).ShouldBeTrue(problem);

        run.Clock.SetUtcNow(ScenarioEvents.At("11:00").AddHours(48));
        restored.Prune(run.Now);

        restored.EpisodeCount(ScenarioEvents.AeUnit).ShouldBe(1, "p1 departed at 10:00, before the cutoff; p2 is still in department");
        restored.Process(Ae.Seen("p2", "12:00").Utf8).Outcome.ShouldBe(ProcessOutcome.Applied);
    }
}
