namespace BuryUrgentCare.History;

/// <summary>
/// Exponential backoff between retries of a failed batch: <c>base × 2^(failures−1)</c>, capped at
/// <c>max</c>, optionally shortened by up to <c>jitter</c> × the delay so that many writers do not retry
/// in step. Pure arithmetic plus a wait on the injected <see cref="TimeProvider"/>, so tests drive it with
/// a fake clock.
/// </summary>
public sealed class RetryBackoff
{
    private readonly TimeProvider _timeProvider;
    private readonly double _jitter;
    private readonly Func<double> _random;

    /// <param name="baseDelay">Delay after the first failure; positive.</param>
    /// <param name="maxDelay">Cap on any delay; at least <paramref name="baseDelay"/>.</param>
    /// <param name="timeProvider">The clock waits run on.</param>
    /// <param name="jitter">Fraction 0–1 of each delay that may be taken off at random; 0 (default) for none.</param>
    /// <param name="random">Source of uniform [0, 1) numbers for the jitter; <see cref="Random.Shared"/> by default.</param>
    public RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider timeProvider, double jitter = 0, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1);
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _jitter = jitter;
        _random = random ?? Random.Shared.NextDouble;
    }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>The delay after <paramref name="failures"/> consecutive failures (1 = the first).</summary>
    public TimeSpan GetDelay(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);

        // Doubling past 2^30 only overflows; by then the cap has long applied.
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var ticks = Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks);
        if (_jitter > 0)
        {
            ticks -= ticks * _jitter * _random();
        }

        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Waits <see cref="GetDelay"/> on the injected clock.</summary>
    public Task WaitAsync(int failures, CancellationToken cancellationToken) =>
        Task.Delay(GetDelay(failures), _timeProvider, cancellationToken);
}
