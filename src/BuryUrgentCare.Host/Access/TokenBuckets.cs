using System.Collections.Concurrent;

namespace BuryUrgentCare.Access;

/// <summary>
/// A token bucket per key: each holds one minute's allowance and refills continuously at that rate, so a caller may burst
/// a minute's requests at once and then runs at its steady rate. Time comes from the injected <see cref="TimeProvider"/>
/// so limits are tested with fake time (ASP.NET Core's rate-limiting middleware reads the system clock); it reads
/// monotonic timestamps, not "now", so neither a wall-clock step nor the simulator's accelerated clock (which
/// accelerates only "now") changes an allowance. State lives in this process: with several nodes each applies the
/// limit on its own. Used for integrators' requests (<c>Gateway/IntegratorRateLimiter</c>) and staff and screens'
/// reads (<see cref="ReadRateLimit"/>).
/// </summary>
public sealed class TokenBuckets(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one request from <paramref name="key"/>'s allowance, or says how long until one is available.</summary>
    public bool TryAcquire(string key, int perMinute, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.Limit, state.Now), (Limit: perMinute, Now: clock.GetTimestamp()));
        lock (bucket)
        {
            var now = clock.GetTimestamp(); // read under the lock, so the bucket's time never runs backwards
            var refill = clock.GetElapsedTime(bucket.Updated, now).TotalMinutes * perMinute;
            bucket.Tokens = Math.Min(perMinute, bucket.Tokens + Math.Max(0, refill));
            bucket.Updated = now;
            // The epsilon absorbs floating-point error, so waiting exactly the advertised time always succeeds.
            if (bucket.Tokens >= 1 - 1e-9)
            {
                bucket.Tokens = Math.Max(0, bucket.Tokens - 1);
                retryAfter = TimeSpan.Zero;
                return true;
            }

            // Rounded up to a whole tick: a client that waits exactly this long is never refused again.
            retryAfter = TimeSpan.FromTicks((long)Math.Ceiling((1 - bucket.Tokens) / perMinute * TimeSpan.TicksPerMinute));
            return false;
        }
    }

    /// <summary>The value of a <c>Retry-After</c> header: whole seconds, rounded up, at least 1.</summary>
    public static long RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens = tokens;
        public long Updated = updated;
    }
}
