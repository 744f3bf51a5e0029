namespace BuryUrgentCare.Logging;

/// <summary>
/// Lets a repeated warning through once per <c>interval</c> per key (an outage reports the same Kafka error many times a
/// second; the first tells the operator everything, the rest would bury other lines). Thread-safe.
/// </summary>
public sealed class RepeatedLogGate<TKey>(TimeSpan interval)
    where TKey : notnull
{
    private readonly Dictionary<TKey, DateTimeOffset> _last = [];

    /// <summary>True if <paramref name="key"/> was not let through within the interval before <paramref name="now"/>.</summary>
    public bool ShouldLog(TKey key, DateTimeOffset now)
    {
        lock (_last)
        {
            if (_last.TryGetValue(key, out var last) && now - last < interval)
            {
                return false;
            }

            _last[key] = now;
            return true;
        }
    }
}
