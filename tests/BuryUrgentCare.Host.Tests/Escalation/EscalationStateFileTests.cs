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
}
