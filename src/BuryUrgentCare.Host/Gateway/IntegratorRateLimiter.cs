using BuryUrgentCare.Access;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// A token bucket per integrator (<see cref="TokenBuckets"/>) holding one minute's allowance
/// (<see cref="Integrator.RequestsPerMinute"/>). Counts requests, not events: a full batch costs the same as one event,
/// which is what we want integrators to send.
/// </summary>
public sealed class IntegratorRateLimiter(TimeProvider clock)
{
    private readonly TokenBuckets _buckets = new(clock);

    /// <summary>Takes one request from the integrator's allowance, or says how long until one is available.</summary>
    public bool TryAcquire(Integrator integrator, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(integrator);
        return _buckets.TryAcquire(integrator.Name, integrator.RequestsPerMinute, out retryAfter);
    }

    /// <summary>The value of a <c>Retry-After</c> header: whole seconds, rounded up, at least 1.</summary>
    public static long RetryAfterSeconds(TimeSpan retryAfter) => TokenBuckets.RetryAfterSeconds(retryAfter);
}
