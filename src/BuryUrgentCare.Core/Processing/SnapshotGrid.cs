namespace BuryUrgentCare.Processing;

/// <summary>
/// The instants history is kept at: whole multiples of the snapshot interval since the Unix epoch (a 1-minute interval
/// gives hh:mm:00.000). The snapshot job writes at them, the trends API reads at them, a rebuild recomputes them; one
/// definition, so the three always meet.
/// </summary>
public static class SnapshotGrid
{
    /// <summary>The grid instant at or before <paramref name="at"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset at, TimeSpan step)
    {
        CheckStep(step);
        var sinceEpoch = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var remainder = ((sinceEpoch % step.Ticks) + step.Ticks) % step.Ticks;
        return new DateTimeOffset(at.UtcTicks - remainder, TimeSpan.Zero);
    }

    /// <summary>Every grid instant in [<paramref name="from"/>, <paramref name="to"/>), in order.</summary>
    public static IEnumerable<DateTimeOffset> Slots(DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        CheckStep(step);
        var floor = Floor(from, step);
        var first = floor == from ? floor.UtcTicks : floor.UtcTicks + step.Ticks;
        return Enumerate(first, to.UtcTicks, step.Ticks);

        static IEnumerable<DateTimeOffset> Enumerate(long first, long end, long step)
        {
            for (var ticks = first; ticks < end; ticks += step)
            {
                yield return new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }
    }

    private static void CheckStep(TimeSpan step)
    {
        if (step <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be positive.");
        }
    }
}
