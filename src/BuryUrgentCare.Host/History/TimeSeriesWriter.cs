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
/// <para><b>The spill</b> (<see cref="HistorySpill"/>, <see cref="HistoryOptions.SpillPath"/>): while a batch is being
/// retried, what waits in the buffer is moved to a SQLite file, oldest first, at least once a second
/// (<see cref="SpillInterval"/>) — so everything on disk is older than everything in memory, and an outage is bounded
/// by <see cref="HistoryOptions.SpillCapacity"/> rather than <see cref="HistoryOptions.BufferCapacity"/>. Once the batch
/// in hand is written, the spill is written back a batch at a time, oldest first, each batch deleted only after the
/// store acknowledged it, and only then does the writer go back to the buffer; the file outlives the process, and a
/// writer that starts and finds points in it writes them first. While the store answers, nothing touches the disk. A
/// full spill leaves newer points in memory; a spill that fails (disk full, IO error) is logged once per episode and
/// the writer falls back to memory alone (the batch of points it was moving is held in memory too) until it works
/// again.</para>
/// <para><b>Overflow drops the newest points.</b> When the buffer is full, <see cref="TryEnqueue"/> refuses the
/// point it is given, returns false and counts it in <see cref="TimeSeriesWriterStats.Dropped"/>. With a working spill
/// that happens only once the spill is full too, or when more than a buffer-full arrives between two moves (a second
/// apart, or the length of one write attempt that hangs). Dropping the
/// newest rather than the oldest (as Serilog does) keeps one contiguous gap at the end of an outage instead of
/// a moving hole, tells the caller exactly which point was lost, and costs nothing on the hot path; the latest
/// figures are still live on the wallboards. A dropped point is lost for good: history is written only by the snapshot
/// job, stamped at its minute, so a replay of the event log does not bring past minutes back.</para>
/// <para><b>Shutdown</b>: no new points are accepted. If points already wait on disk, what is in memory is appended to
/// them, to be written in order by the next start. Otherwise what is buffered is written, retrying as usual, for at
/// most <see cref="HistoryOptions.ShutdownTimeout"/>, and what is left after that goes to the spill (the batch in hand
/// in front of anything newer). Only without a working spill, or beyond its capacity, are points still in memory
/// counted as dropped: the buffer itself dies with the process.</para>
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
    private readonly HistorySpill? _spill;

    // Points taken from the channel for the spill when the spill refused them (failing, or full since they were taken):
    // newer than everything on disk, older than everything in the channel. Only the loop touches it.
    private readonly List<FigurePoint> _unspilled = [];
    private bool _batchFromSpill; // the batch in hand was read from the spill and is still there

    private long _enqueued;
    private long _written;
    private long _dropped;
    private long _rejected;
    private long _failedAttempts;
    private int _overflowing;
    private int _loopClaimed;
    private ErrorRecord? _lastError;
    private long _failingSinceTicks; // UTC ticks of the first failure of the current retry streak; 0 while writes succeed
    private long _spilled;
    private long _spilledTotal;
    private bool _spillFailing; // the loop's alone, like _unspilled
    private bool _spillFull;

    // While a batch is being retried, what waits in the channel is moved to the spill at least this often.
    private static readonly TimeSpan SpillInterval = TimeSpan.FromSeconds(1);

    /// <summary>The name of the <see cref="Meter"/> that publishes the writer's counters.</summary>
    public const string MeterName = "BuryUrgentCare.History";

    /// <param name="store">Where batches go.</param>
    /// <param name="options">Batch size, flush interval, buffer capacity, retry delays, shutdown timeout.</param>
    /// <param name="timeProvider">The clock for flush intervals, retry delays and the shutdown deadline.</param>
    /// <param name="logger">Failures, recoveries and overflow episodes.</param>
    /// <param name="meterFactory">Makes the <see cref="MeterName"/> meter; without one the writer makes its own.</param>
    /// <param name="spill">Where points go that cannot be kept in memory or written (see the class remarks); the writer
    /// disposes it. Null, the default, for none: an outage then keeps at most <see cref="HistoryOptions.BufferCapacity"/>
    /// points, and shutdown drops what it cannot write.</param>
    public TimeSeriesWriter(ITimeSeriesStore store, IOptions<HistoryOptions> options, TimeProvider timeProvider,
        ILogger<TimeSeriesWriter> logger, IMeterFactory? meterFactory = null, HistorySpill? spill = null)
    {
        _spill = spill;
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
        _meter.CreateObservableGauge("bury.history.spill.points", () => Interlocked.Read(ref _spilled), "{point}",
            "Points waiting on disk in the spill.");
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

    /// <summary>The spill this writer was given, if any.</summary>
    internal HistorySpill? Spill => _spill;

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
            Spilled = Interlocked.Read(ref _spilled),
            SpilledTotal = Interlocked.Read(ref _spilledTotal),
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
            OpenSpill();
            await DrainAsync([]).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _loopClaimed, 1) == 1)
        {
            return;
        }

        OpenSpill();
        var batch = new List<FigurePoint>(Math.Min(_options.BatchSize, 65_536));
        try
        {
            // Points left on disk by an outage, or by the process before this one, are older than anything in the channel.
            await WriteBacklogAsync(batch, stoppingToken).ConfigureAwait(false);
            while (await FillBatchAsync(batch, stoppingToken).ConfigureAwait(false))
            {
                await WriteWithRetryAsync(batch, stoppingToken).ConfigureAwait(false);
                batch.Clear();
                await WriteBacklogAsync(batch, stoppingToken).ConfigureAwait(false);
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
                await WaitMovingToSpillAsync(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits <paramref name="delay"/> before a retry, moving what arrives in the channel meanwhile to the spill at
    /// least every <see cref="SpillInterval"/>: an outage then fills the disk, not the memory buffer.
    /// </summary>
    private async Task WaitMovingToSpillAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (_spill is null)
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Measured against one due time, so that slices that wake late do not add up to a longer delay.
        var due = _timeProvider.GetUtcNow() + delay;
        while (true)
        {
            MoveToSpill();
            var left = due - _timeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < SpillInterval ? left : SpillInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes what waits outside the channel, oldest first: the spill, a batch at a time, each deleted only once the
    /// store has it; then the points the spill refused. A spill that cannot be read is left for the next call.
    /// </summary>
    private async Task WriteBacklogAsync(List<FigurePoint> batch, CancellationToken cancellationToken)
    {
        var spillReadable = _spill is not null;
        while (true)
        {
            if (spillReadable && Interlocked.Read(ref _spilled) > 0)
            {
                SpillChunk chunk;
                try
                {
                    chunk = _spill!.ReadOldest(_options.BatchSize);
                    SpillWorks();
                }
                catch (Exception ex)
                {
                    SpillFailed(ex);
                    spillReadable = false;
                    continue;
                }

                if (chunk.Rows == 0)
                {
                    // The count was out of step with the file (it cannot be, but a loop on it would never end).
                    Interlocked.Exchange(ref _spilled, 0);
                    continue;
                }

                if (chunk.Rows > chunk.Points.Count)
                {
                    Interlocked.Add(ref _dropped, chunk.Rows - chunk.Points.Count);
                    LogSpillUnreadable(chunk.Rows - chunk.Points.Count, _spill.Path);
                }

                if (chunk.Points.Count > 0)
                {
                    batch.AddRange(chunk.Points);
                    _batchFromSpill = true;
                    await WriteWithRetryAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                    _batchFromSpill = false;
                }

                try
                {
                    _spill.DeleteThrough(chunk.LastSeq);
                    Interlocked.Exchange(ref _spilled, _spill.Count);
                }
                catch (Exception ex)
                {
                    // Written but not deleted: the points will be written again, which overwrites them with themselves.
                    SpillFailed(ex);
                    spillReadable = false;
                }

                continue;
            }

            if (Interlocked.Read(ref _spilled) == 0)
            {
                _spillFull = false;
            }

            if (_unspilled.Count == 0)
            {
                return;
            }

            batch.AddRange(_unspilled);
            _unspilled.Clear();
            await WriteWithRetryAsync(batch, cancellationToken).ConfigureAwait(false);
            batch.Clear();
        }
    }

    /// <summary>
    /// Moves the points waiting in the channel to the spill, oldest first and up to
    /// <see cref="HistoryOptions.SpillCapacity"/>, so that everything on disk is older than everything in the channel.
    /// </summary>
    private void MoveToSpill()
    {
        if (_spill is null)
        {
            return;
        }

        try
        {
            while (true)
            {
                if (_unspilled.Count == 0)
                {
                    var room = _options.SpillCapacity - Interlocked.Read(ref _spilled);
                    if (room <= 0)
                    {
                        // What does not fit stays in the channel, and past BufferCapacity the newest are dropped, as without a spill.
                        if (_channel.Reader.Count > 0 && !_spillFull)
                        {
                            _spillFull = true;
                            LogSpillFull(_options.SpillCapacity, _spill.Path);
                        }

                        return;
                    }

                    var take = (int)Math.Min(room, _options.BatchSize);
                    while (_unspilled.Count < take && _channel.Reader.TryRead(out var point))
                    {
                        _unspilled.Add(point);
                    }

                    if (_unspilled.Count == 0)
                    {
                        return;
                    }
                }

                _spill.Append(_unspilled);
                Interlocked.Add(ref _spilledTotal, _unspilled.Count);
                _unspilled.Clear();
                Interlocked.Exchange(ref _spilled, _spill.Count);
                SpillWorks();
            }
        }
        catch (Exception ex)
        {
            // The points taken stay in _unspilled, and are offered again next time (or written from memory).
            SpillFailed(ex);
        }
    }

    /// <summary>
    /// Puts what is in memory on disk: <paramref name="batch"/>, older than anything there, in front; then the rest
    /// after. True when nothing is left in memory.
    /// </summary>
    private bool SaveToSpill(List<FigurePoint> batch)
    {
        if (_spill is null)
        {
            return false;
        }

        if (batch.Count > 0 && _options.SpillCapacity - Interlocked.Read(ref _spilled) >= batch.Count)
        {
            try
            {
                _spill.Prepend(batch);
                Interlocked.Add(ref _spilledTotal, batch.Count);
                Interlocked.Exchange(ref _spilled, _spill.Count);
                batch.Clear();
                SpillWorks();
            }
            catch (Exception ex)
            {
                SpillFailed(ex);
                return false;
            }
        }

        MoveToSpill();
        return batch.Count == 0 && _unspilled.Count == 0 && _channel.Reader.Count == 0;
    }

    /// <summary>Shutdown: writes or spills what is left, within <see cref="HistoryOptions.ShutdownTimeout"/>.</summary>
    private async Task DrainAsync(List<FigurePoint> batch)
    {
        if (_batchFromSpill)
        {
            // Still on disk, where the next start finds it.
            batch.Clear();
            _batchFromSpill = false;
        }

        var spilledBefore = Interlocked.Read(ref _spilledTotal);

        // Once points wait on disk, the rest follows them there: the next start writes them all in order, and the
        // disk is quicker than a store that has just been failing.
        if ((Interlocked.Read(ref _spilled) > 0 || _unspilled.Count > 0) && SaveToSpill(batch))
        {
            LogShutdownSpilled(Interlocked.Read(ref _spilledTotal) - spilledBefore, _spill!.Path);
            return;
        }

        using var deadline = new CancellationTokenSource(_options.ShutdownTimeout, _timeProvider);
        try
        {
            while (true)
            {
                if (batch.Count == 0)
                {
                    batch.AddRange(_unspilled);
                    _unspilled.Clear();
                }

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
            // Out of time: what is left goes to disk if it can, and is dropped if it cannot.
        }

        SaveToSpill(batch);
        var spilled = Interlocked.Read(ref _spilledTotal) - spilledBefore;
        if (spilled > 0)
        {
            LogShutdownSpilled(spilled, _spill!.Path);
        }

        var lost = batch.Count + _unspilled.Count;
        batch.Clear();
        _unspilled.Clear();
        while (_channel.Reader.TryRead(out _))
        {
            lost++;
        }

        if (lost > 0)
        {
            Interlocked.Add(ref _dropped, lost);
            LogShutdownDropped(lost, _options.ShutdownTimeout);
        }
    }

    /// <summary>Counts the points a previous process or outage left in the spill, so that they are written first.</summary>
    private void OpenSpill()
    {
        if (_spill is null)
        {
            return;
        }

        try
        {
            var count = _spill.Count;
            Interlocked.Exchange(ref _spilled, count);
            if (count > 0)
            {
                LogSpillFound(count, _spill.Path);
            }
        }
        catch (Exception ex)
        {
            SpillFailed(ex);
        }
    }

    // Logged once per episode, not per attempt: a full disk would otherwise log every second.
    private void SpillFailed(Exception ex)
    {
        if (!_spillFailing)
        {
            _spillFailing = true;
            LogSpillFailed(ex, _spill!.Path);
        }
    }

    private void SpillWorks()
    {
        if (_spillFailing)
        {
            _spillFailing = false;
            LogSpillRecovered(_spill!.Path);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _spill?.Dispose();
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

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
        Message = "History spill {Path} failed; points stay in memory (and the newest are dropped when it is full) until it works again")]
    private partial void LogSpillFailed(Exception exception, string path);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "History spill {Path} works again")]
    private partial void LogSpillRecovered(string path);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning,
        Message = "History spill {Path} full ({Capacity} points): new points stay in memory, and the newest are dropped when it is full")]
    private partial void LogSpillFull(int capacity, string path);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "History spill {Path} holds {Count} points from before; writing them first")]
    private partial void LogSpillFound(long count, string path);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "History shutdown: {Count} unwritten points saved to the spill {Path}, to be written at the next start")]
    private partial void LogShutdownSpilled(long count, string path);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error,
        Message = "History spill {Path}: {Count} points could not be read back and are dropped")]
    private partial void LogSpillUnreadable(int count, string path);
}
