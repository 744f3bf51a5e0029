namespace BuryUrgentCare.History;

/// <summary>
/// A hand-written store for the writer's seam: records every write attempt (a copy of the batch and the
/// fake time it happened), can fail attempts on demand, and can hold writes at a gate to simulate a
/// blocked store.
/// </summary>
internal sealed class FakeTimeSeriesStore(TimeProvider timeProvider) : ITimeSeriesStore
{
    private readonly object _lock = new();
    private readonly List<Attempt> _attempts = [];
    private readonly List<FigurePoint> _written = [];
    private TaskCompletionSource? _gate;

    public sealed record Attempt(IReadOnlyList<FigurePoint> Batch, DateTimeOffset At, bool Succeeded);

    /// <summary>Decides, per attempt number (1-based), which exception the attempt throws; null to succeed.</summary>
    public Func<int, Exception?> Failure { get; set; } = _ => null;

    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_lock)
            {
                return [.. _attempts];
            }
        }
    }

    public int AttemptCount
    {
        get
        {
            lock (_lock)
            {
                return _attempts.Count;
            }
        }
    }

    public IReadOnlyList<FigurePoint> Written
    {
        get
        {
            lock (_lock)
            {
                return [.. _written];
            }
        }
    }

    public int WrittenCount
    {
        get
        {
            lock (_lock)
            {
                return _written.Count;
            }
        }
    }

    /// <summary>From now on, writes wait until <see cref="Release"/>.</summary>
    public void Block()
    {
        lock (_lock)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        TaskCompletionSource? gate;
        lock (_lock)
        {
            gate = _gate;
            _gate = null;
        }

        gate?.TrySetResult();
    }

    public async Task WriteAsync(IReadOnlyList<FigurePoint> points, CancellationToken cancellationToken)
    {
        // The writer reuses its batch list after the call, so keep a copy.
        var copy = points.ToArray();
        Exception? failure;
        Task? gate;
        lock (_lock)
        {
            failure = Failure(_attempts.Count + 1);
            _attempts.Add(new Attempt(copy, timeProvider.GetUtcNow(), failure is null));
            gate = _gate?.Task;
        }

        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (failure is not null)
        {
            throw failure;
        }

        lock (_lock)
        {
            _written.AddRange(copy);
        }
    }

    /// <summary>The writer's seam does not retain: retention is the real stores' (TimeSeriesStoreContractTests, RetentionJobTests).</summary>
    public Task<string> ApplyRetentionAsync(DateTimeOffset now, TimeSpan rawRetention, TimeSpan rollupRetention, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The fake store keeps every point.");

    public Task<IReadOnlyList<HistoryBucket>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The writer never queries.");
}
