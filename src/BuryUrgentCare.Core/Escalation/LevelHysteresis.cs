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
