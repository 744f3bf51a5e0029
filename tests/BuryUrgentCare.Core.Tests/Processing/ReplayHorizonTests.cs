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
}
