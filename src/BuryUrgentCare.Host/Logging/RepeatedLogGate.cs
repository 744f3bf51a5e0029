namespace BuryUrgentCare.Logging;

/// <summary>
/// Lets a repeated log line through once per <c>interval</c> per key, and counts the ones it held back so the next line
/// can say how many there were (an outage reports the same Kafka error many times a second, a misconfigured client
/// retries a refused request in a loop; the first line tells the operator everything, the rest would bury other lines).
/// Keys must come from a small closed set (error codes, configured integrators), never from a caller's input. Thread-safe.
/// </summary>
public sealed class RepeatedLogGate<TKey>(TimeSpan interval)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (DateTimeOffset Last, long Suppressed)> _keys = [];

    /// <summary>True if <paramref name="key"/> was not let through within the interval before <paramref name="now"/>.</summary>
    public bool ShouldLog(TKey key, DateTimeOffset now) => ShouldLog(key, now, out _);

    /// <summary>
    /// True if <paramref name="key"/> was not let through within the interval before <paramref name="now"/>; then
    /// <paramref name="suppressed"/> is how many were held back since the last one let through.
    /// </summary>
    public bool ShouldLog(TKey key, DateTimeOffset now, out long suppressed)
    {
        lock (_keys)
        {
            if (_keys.TryGetValue(key, out var entry) && now - entry.Last < interval)
            {
                _keys[key] = entry with { Suppressed = entry.Suppressed + 1 };
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            _keys[key] = (now, 0);
            return true;
        }
    }
}
