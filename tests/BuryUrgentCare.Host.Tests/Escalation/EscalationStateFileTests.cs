using Microsoft.Extensions.Logging.Abstractions;

namespace BuryUrgentCare.Escalation;

/// <summary>The escalation state file keeps a per-patient alert's pseudonym and its acknowledgement over a restart.</summary>
public sealed class EscalationStateFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bury-escalation-state-file-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void SaveThenLoad_PatientAlertWithAcknowledgement_ComesBackTheSame()
    {
        var at = new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
        var alert = new AlertEvent(AlertMonitor.PatientAlertId("FGH-ED", "over12Hours", "AAAA-0001"), AlertMonitor.PatientKind, "FGH-ED", "over12Hours",
            "Patient AAAA-0001 has been in A&E 12 hours or more", "critical", "raised", 725, at, "AAAA-0001", new AlertAcknowledgement("Sam Site", at.AddMinutes(4), "bed requested"));
        var path = Path.Combine(_folder.FullName, "state.json");
        new EscalationStateFile(path, NullLogger<EscalationStateFile>.Instance).Save(new EscalationState(3, [alert], [alert]));

        var loaded = new EscalationStateFile(path, NullLogger<EscalationStateFile>.Instance).Load().ShouldNotBeNull();

        loaded.AnnouncedLevel.ShouldBe(3);
        loaded.Active.ShouldHaveSingleItem().ShouldBe(alert);
    }

    [Fact]
    public void SaveThenLoad_HoldUnderWay_ContinuesInTheRestoredHysteresis()
    {
        // OPEL 2 announced, 4 calculated since 10:05: a restart at 10:15 must announce 4 at 10:20, not 10:30 (hazard H25).
        var start = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        var before = new LevelHysteresis(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60));
        before.Observe(2, start);
        before.Observe(4, start.AddMinutes(5));
        var path = Path.Combine(_folder.FullName, "state.json");
        new EscalationStateFile(path, NullLogger<EscalationStateFile>.Instance).Save(new EscalationState(2, [], [], before.State));

        var loaded = new EscalationStateFile(path, NullLogger<EscalationStateFile>.Instance).Load().ShouldNotBeNull();
        var after = new LevelHysteresis(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60));
        after.Restore(loaded.Hold.ShouldNotBeNull());

        after.Observe(4, start.AddMinutes(15)).ShouldBeNull();
        after.Observe(4, start.AddMinutes(20)).ShouldBe(4);
    }

    [Fact]
    public void Load_FileWrittenBeforeTheHoldWasKept_HasNoHold()
    {
        var path = Path.Combine(_folder.FullName, "state.json");
        File.WriteAllText(path, """{"announcedLevel":3,"active":[],"recent":[]}""");

        var loaded = new EscalationStateFile(path, NullLogger<EscalationStateFile>.Instance).Load().ShouldNotBeNull();

        loaded.AnnouncedLevel.ShouldBe(3);
        loaded.Hold.ShouldBeNull();
    }
}
