using System.Runtime.CompilerServices;

namespace BuryUrgentCare.Processing;

/// <summary>
/// An episode is held for the whole replay horizon, one per patient, call or incident: its size is most of the core's
/// memory per event, and of what each collection copies. A struct's fields are laid out in the order they are declared,
/// so a one-byte field declared after a <c>long</c> costs eight bytes of padding. These sizes are the smallest the
/// fields allow; a test failing here means a field landed in the wrong place (or was added: then update the figure
/// here, and in docs/performance.md, on purpose).
/// </summary>
public sealed class EpisodeLayoutTests
{
    [Fact]
    public void Attendance_SevenInstantsAndTheCodes_Take80Bytes() =>
        // 6 instants + acuity time (56), 7 one-byte codes with the check (7 + 1 padding), referral time, last event.
        Assert.Equal(80, Unsafe.SizeOf<DepartmentState.Attendance>());

    [Fact]
    public void Call_FiveInstantsAndTheCodes_Take56Bytes() =>
        // 5 instants (40), 5 one-byte codes with the check (5 + 3 padding), last event.
        Assert.Equal(56, Unsafe.SizeOf<IvchState.Call>());

    [Fact]
    public void Incident_FiveInstantsAndTheCodes_Take56Bytes() =>
        Assert.Equal(56, Unsafe.SizeOf<GreenCarState.Incident>());
}
