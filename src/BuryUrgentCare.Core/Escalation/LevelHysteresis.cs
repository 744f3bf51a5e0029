namespace BuryUrgentCare.Escalation;

/// <summary>
/// Announces a level change only once the new level has held for <paramref name="holdFor"/>: a
/// score wobbling across a band edge must not page an escalation call every minute. The first level
/// seen is announced at once. Pure: time is passed in.
/// </summary>
public sealed class LevelHysteresis(TimeSpan holdFor)
{
    private int? _candidate;
    private DateTimeOffset _candidateSince;

    public int? Announced { get; private set; }

    public TimeSpan HoldFor { get; } = holdFor;

    /// <summary>
    /// Takes back the level announced before a restart, so that the same level is not announced again (a new level
    /// must still hold for <see cref="HoldFor"/>). Only before anything was observed.
    /// </summary>
    public void Restore(int announced)
    {
        if (Announced is not null)
        {
            throw new InvalidOperationException("A level has been observed already; restore before the first observation.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(announced, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(announced, 4);
        Announced = announced;
    }

    /// <summary>Feeds the current level; returns the newly announced level when the announcement changes.</summary>
    public int? Observe(int? level, DateTimeOffset now)
    {
        if (level is null || level == Announced)
        {
            _candidate = null;
            return null;
        }

        if (Announced is null)
        {
            Announced = level;
            return level;
        }

        if (_candidate != level)
        {
            _candidate = level;
            _candidateSince = now;
        }

        if (now - _candidateSince < HoldFor)
        {
            return null;
        }

        Announced = level;
        _candidate = null;
        return level;
    }
}
