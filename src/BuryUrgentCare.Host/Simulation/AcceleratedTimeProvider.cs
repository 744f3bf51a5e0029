namespace BuryUrgentCare.Simulation;

/// <summary>
/// A clock that runs <c>speed</c> times faster than <paramref name="inner"/> from the moment it is
/// created, for demonstrations of a day in minutes. Timers and timestamps stay on real time (they
/// pace loops); only "now" is accelerated.
/// </summary>
public sealed class AcceleratedTimeProvider(TimeProvider inner, double speed) : TimeProvider
{
    private readonly DateTimeOffset _origin = inner.GetUtcNow();
    private readonly long _originTimestamp = inner.GetTimestamp();

    public double Speed => speed;

    public override DateTimeOffset GetUtcNow()
    {
        var elapsed = inner.GetElapsedTime(_originTimestamp);
        return _origin + TimeSpan.FromTicks((long)(elapsed.Ticks * speed));
    }

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();
}
