using System.Collections.Concurrent;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// A token bucket per integrator: it holds one minute's allowance (<see cref="Integrator.RequestsPerMinute"/>)
/// and refills continuously at that rate, so an integrator may burst a minute's requests at once and then
/// runs at its steady rate. Counts requests, not events: a full batch costs the same as one event, which
/// is what we want integrators to send. Time comes from the injected <see cref="TimeProvider"/> so the
/// limiter is tested with fake time (ASP.NET Core's rate-limiting middleware reads the system clock); it
/// reads monotonic timestamps, not "now", so neither a wall-clock step nor the simulator's accelerated
/// clock (which accelerates only "now") changes an integrator's allowance.
/// State lives in this process: with several gateway nodes each applies the limit on its own.
/// </summary>
public sealed class IntegratorRateLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one request from the integrator's allowance, or says how long until one is available.</summary>
    public bool TryAcquire(Integrator integrator, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(integrator);
        var bucket = _buckets.GetOrAdd(integrator.Name, static (_, state) => new Bucket(state.Limit, state.Now), (Limit: integrator.RequestsPerMinute, Now: clock.GetTimestamp()));
        lock (bucket)
        {
            var now = clock.GetTimestamp(); // read under the lock, so the bucket's time never runs backwards
            var perMinute = (double)integrator.RequestsPerMinute;
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
