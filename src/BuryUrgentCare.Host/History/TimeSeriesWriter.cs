using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.History;

/// <summary>
/// Carries figure points from the processing loop to the <see cref="ITimeSeriesStore"/> in batches,
/// modelled on Serilog's <c>BatchingSink</c>: a bounded buffer, batches by size or time, retry with
/// backoff, and a bounded drain on shutdown.
/// </summary>
/// <remarks>
/// <para><b>Never blocks the producer.</b> <see cref="TryEnqueue"/> is a non-blocking write to a bounded
/// channel; the processing loop computes live figures for the wallboards and must not wait on a
/// database.</para>
/// <para><b>Batches</b> are written when <see cref="HistoryOptions.BatchSize"/> points are waiting, or
/// <see cref="HistoryOptions.FlushInterval"/> after the first point of a part-filled batch arrived.</para>
/// <para><b>Failures</b>: a batch that fails transiently is retried, the same batch, after
/// <see cref="RetryBackoff"/> delays (base × 2ⁿ, capped), for as long as it takes; meanwhile new points keep
/// buffering. Retrying is safe because writes are idempotent (same series and timestamp overwrite). A batch
/// the store refuses as invalid (<see cref="TimeSeriesStoreException.IsTransient"/> false) is counted as
/// rejected and not retried, since it would fail forever and hold everything behind it.</para>
/// <para><b>Overflow drops the newest points.</b> When the buffer is full, <see cref="TryEnqueue"/> refuses the
/// point it is given, returns false and counts it in <see cref="TimeSeriesWriterStats.Dropped"/>. Dropping the
/// newest rather than the oldest (as Serilog does) keeps one contiguous gap at the end of an outage instead of
/// a moving hole, tells the caller exactly which point was lost, and costs nothing on the hot path; the latest
/// figures are still live on the wallboards. A dropped point is lost: history is written only by the snapshot job,
/// stamped at its minute, so a replay of the event log does not bring past minutes back.</para>
/// <para><b>Shutdown</b>: no new points are accepted, then whatever is buffered is written, retrying as usual,
/// for at most <see cref="HistoryOptions.ShutdownTimeout"/>; what is left after that is counted as dropped.</para>
/// </remarks>
public sealed partial class TimeSeriesWriter : BackgroundService
{
    private readonly ITimeSeriesStore _store;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RetryBackoff _backoff;
    private readonly ILogger<TimeSeriesWriter> _logger;
    private readonly Channel<FigurePoint> _channel;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    private long _enqueued;
    private long _written;
    private long _dropped;
    private long _rejected;
    private long _failedAttempts;
    private int _overflowing;
    private int _loopClaimed;
    private ErrorRecord? _lastError;
    private long _failingSinceTicks; // UTC ticks of the first failure of the current retry streak; 0 while writes succeed

    /// <summary>The name of the <see cref="Meter"/> that publishes the writer's counters.</summary>
    public const string MeterName = "BuryUrgentCare.History";

    /// <param name="store">Where batches go.</param>
    /// <param name="options">Batch size, flush interval, buffer capacity, retry delays, shutdown timeout.</param>
    /// <param name="timeProvider">The clock for flush intervals, retry delays and the shutdown deadline.</param>
    /// <param name="logger">Failures, recoveries and overflow episodes.</param>
    /// <param name="meterFactory">Makes the <see cref="MeterName"/> meter; without one the writer makes its own.</param>
    public TimeSeriesWriter(ITimeSeriesStore store, IOptions<HistoryOptions> options, TimeProvider timeProvider,
        ILogger<TimeSeriesWriter> logger, IMeterFactory? meterFactory = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _backoff = new RetryBackoff(_options.RetryBaseDelay, _options.RetryMaxDelay, timeProvider);

        // FullMode.Wait makes TryWrite return false when full (nothing waits: we never call WriteAsync),
        // which is how the newest point is refused and counted.
        _channel = Channel.CreateBounded<FigurePoint>(new BoundedChannelOptions(_options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });

        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("bury.history.points.written", () => Interlocked.Read(ref _written), "{point}",
            "Points the time-series store acknowledged.");
        _meter.CreateObservableCounter("bury.history.points.dropped", () => Interlocked.Read(ref _dropped), "{point}",
            "Points dropped because the buffer was full, the writer had stopped or shutdown timed out.");
        _meter.CreateObservableCounter("bury.history.points.rejected", () => Interlocked.Read(ref _rejected), "{point}",
            "Points in batches the store refused as invalid.");
        _meter.CreateObservableCounter("bury.history.write.failures", () => Interlocked.Read(ref _failedAttempts), "{attempt}",
            "Failed write attempts, retries included.");
        _meter.CreateObservableGauge("bury.history.buffer.points", () => _channel.Reader.Count, "{point}",
            "Points waiting in the buffer.");
    }

    /// <summary>
    /// Buffers a point for writing, without blocking. Returns false, and counts the point as dropped, when
    /// the buffer is full or the writer has stopped.
    /// </summary>
    /// <exception cref="ArgumentException">The point breaks line-protocol rules — a bug in the figure that made
    /// it, reported here rather than as a failed batch later.</exception>
    public bool TryEnqueue(in FigurePoint point)
    {
        LineProtocol.Validate(point);
        if (_channel.Writer.TryWrite(point))
        {
            Interlocked.Increment(ref _enqueued);
            if (Volatile.Read(ref _overflowing) == 1 && Interlocked.Exchange(ref _overflowing, 0) == 1)
            {
                LogOverflowEnded(Interlocked.Read(ref _dropped));
            }

            return true;
        }

        Interlocked.Increment(ref _dropped);

        // Log once per episode of overflow, not once per point: the hot path must stay cheap.
        if (Interlocked.Exchange(ref _overflowing, 1) == 0)
        {
            LogOverflowStarted(_options.BufferCapacity);
        }

        return false;
    }

    /// <summary>A consistent-enough snapshot of the counters (each read atomically).</summary>
    public TimeSeriesWriterStats GetStats()
    {
        var error = Volatile.Read(ref _lastError);
        return new TimeSeriesWriterStats(
            Interlocked.Read(ref _enqueued),
            Interlocked.Read(ref _written),
            Interlocked.Read(ref _dropped),
            Interlocked.Read(ref _rejected),
            Interlocked.Read(ref _failedAttempts),
            _channel.Reader.Count,
            error?.Message,
            error?.At)
        {
            FailingSince = Interlocked.Read(ref _failingSinceTicks) is > 0 and var since ? new DateTimeOffset(since, TimeSpan.Zero) : null,
        };
    }

    /// <summary>Stops accepting points, then drains the buffer (see the class remarks).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Completing the writer first means nothing enqueued after this point is silently lost: it is refused
        // and counted, and the loop sees the channel end instead of waiting for a flush interval.
        _channel.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // BackgroundService never runs ExecuteAsync when it is stopped before the loop got a thread; the points
        // buffered meanwhile must still be written.
        if (Interlocked.Exchange(ref _loopClaimed, 1) == 0)
        {
            await DrainAsync([]).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _loopClaimed, 1) == 1)
        {
            return;
        }

        var batch = new List<FigurePoint>(Math.Min(_options.BatchSize, 65_536));
        try
        {
            while (await FillBatchAsync(batch, stoppingToken).ConfigureAwait(false))
            {
                await WriteWithRetryAsync(batch, stoppingToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the batch in hand (possibly mid-retry, or cancelled mid-request) is kept and drained
            // below. Sending it again is safe because writes are idempotent.
        }

        await DrainAsync(batch).ConfigureAwait(false);
    }

    /// <summary>Fills <paramref name="batch"/>; false when the channel has ended and nothing is left.</summary>
    private async Task<bool> FillBatchAsync(List<FigurePoint> batch, CancellationToken stoppingToken)
    {
        var reader = _channel.Reader;

        // An idle writer waits for the first point without any timer running.
        if (!await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            return false;
        }

        ReadInto(batch);
        if (batch.Count >= _options.BatchSize)
        {
            return true;
        }

        using var flushDue = new CancellationTokenSource(_options.FlushInterval, _timeProvider);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(flushDue.Token, stoppingToken);
        try
        {
            while (batch.Count < _options.BatchSize && await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
            {
                ReadInto(batch);
            }
        }
        catch (OperationCanceledException) when (flushDue.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // The flush interval is up: write the part-filled batch.
        }

        return true;
    }

    private void ReadInto(List<FigurePoint> batch)
    {
        while (batch.Count < _options.BatchSize && _channel.Reader.TryRead(out var point))
        {
            batch.Add(point);
        }
    }

    private async Task WriteWithRetryAsync(List<FigurePoint> batch, CancellationToken cancellationToken)
    {
        for (var failures = 0; ;)
        {
            try
            {
                await _store.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _written, batch.Count);
                Interlocked.Exchange(ref _failingSinceTicks, 0);
                if (failures > 0)
                {
                    LogRecovered(failures, batch.Count);
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is TimeSeriesStoreException { IsTransient: false } or ArgumentException)
            {
                // Retrying data the store refuses would fail forever and hold every later point behind it.
                Interlocked.Increment(ref _failedAttempts);
                Interlocked.Add(ref _rejected, batch.Count);
                RecordError(ex);
                LogRejected(ex, batch.Count);
                return;
            }
            catch (Exception ex)
            {
                failures++;
                Interlocked.Increment(ref _failedAttempts);
                Interlocked.CompareExchange(ref _failingSinceTicks, _timeProvider.GetUtcNow().UtcTicks, 0);
                RecordError(ex);
                var delay = _backoff.GetDelay(failures);
                LogWriteFailed(ex, batch.Count, failures, delay);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DrainAsync(List<FigurePoint> batch)
    {
        using var deadline = new CancellationTokenSource(_options.ShutdownTimeout, _timeProvider);
        try
        {
            while (true)
            {
                ReadInto(batch);
                if (batch.Count == 0)
                {
                    return;
                }

                await WriteWithRetryAsync(batch, deadline.Token).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var lost = batch.Count;
            while (_channel.Reader.TryRead(out _))
            {
                lost++;
            }

            Interlocked.Add(ref _dropped, lost);
            LogShutdownDropped(lost, _options.ShutdownTimeout);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void RecordError(Exception ex) =>
        Volatile.Write(ref _lastError, new ErrorRecord(ex.Message, _timeProvider.GetUtcNow()));

    private sealed record ErrorRecord(string Message, DateTimeOffset At);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Writing {Count} history points failed (attempt {Failures}); retrying in {Delay}")]
    private partial void LogWriteFailed(Exception exception, int count, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "History store recovered after {Failures} failed attempts; wrote {Count} points")]
    private partial void LogRecovered(int failures, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "History store rejected a batch of {Count} points; the batch is dropped")]
    private partial void LogRejected(Exception exception, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "History buffer full ({Capacity} points): new points are being dropped until the store catches up")]
    private partial void LogOverflowStarted(int capacity);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "History buffer accepting points again; {Dropped} dropped so far")]
    private partial void LogOverflowEnded(long dropped);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error,
        Message = "History shutdown timed out after {Timeout}; {Count} buffered points were not written")]
    private partial void LogShutdownDropped(int count, TimeSpan timeout);
}
