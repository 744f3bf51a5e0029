namespace BuryUrgentCare.Simulation;

/// <summary>
/// How hard-pressed the hospital is, 0 (a quiet day, beds to spare) to 1 (exit block): one value a day, by the day of
/// the week (<see cref="SimulatorProfile.PressureByDayOfWeek"/>: discharges fall at weekends, so Monday and Tuesday are
/// the worst) moved up or down by a seeded random amount (<see cref="SimulatorProfile.PressureSpread"/>), and eased from
/// one day's value to the next between middays so nothing jumps at midnight. It moves the G&amp;A occupancy and the
/// patients with no criteria to reside that capacity declarations report, and the waits for a bed and to hand over
/// that follow from them, <em>together</em>: without it every parameter of an OPEL score wandered on its own, their
/// sum hardly moved, and a simulated week sat at one level (OPEL 3 most of the time).
/// </summary>
internal sealed class SystemPressure(SimulatorProfile profile, ulong key)
{
    private const long Day = 86_400;

    /// <summary>The pressure at <paramref name="unixSeconds"/>, 0–1.</summary>
    public double At(long unixSeconds)
    {
        // Days are UTC days (the easing hides the hour BST moves the boundary by); values sit at each day's midday.
        var x = (unixSeconds - (Day / 2)) / (double)Day;
        var day = (long)Math.Floor(x);
        var f = x - day;
        var eased = f * f * (3 - (2 * f));
        return OfDay(day) + ((OfDay(day + 1) - OfDay(day)) * eased);
    }

    private double OfDay(long day)
    {
        var dayOfWeek = (int)(((day % 7) + 7 + 4) % 7); // 1 January 1970 was a Thursday; index 0 = Sunday
        var u = (BuryTrafficSimulator.Mix64(key ^ (ulong)day) >> 11) * (1.0 / (1UL << 53)); // uniform 0–1, a pure function of the day
        return Math.Clamp(profile.PressureByDayOfWeek[dayOfWeek] + (profile.PressureSpread * ((2 * u) - 1)), 0, 1);
    }

    /// <summary><paramref name="atNoPressure"/> at pressure 0, <paramref name="atFullPressure"/> at 1, in between linearly.</summary>
    public static double Between(double atNoPressure, double atFullPressure, double pressure) =>
        atNoPressure + ((atFullPressure - atNoPressure) * pressure);

}
