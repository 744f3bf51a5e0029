using System.Diagnostics;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Jobs;
using BuryUrgentCare.Processing;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.History;

/// <summary>What a finished rebuild did.</summary>
/// <param name="From">The first minute rebuilt (the first slot at or after the requested start).</param>
/// <param name="To">The end of the period (exclusive).</param>
/// <param name="Slots">Minutes (snapshot slots) rebuilt.</param>
/// <param name="Points">Points written.</param>
/// <param name="Records">Records read from the topic (every partition, earliest to the end it had at start).</param>
/// <param name="Applied">Records applied by the replay (stamped before the period's end).</param>
/// <param name="RolledUp">Local days whose daily rollup was computed again from the rebuilt minutes.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record HistoryRebuildResult(DateTimeOffset From, DateTimeOffset To, int Slots, long Points, long Records, long Applied,
    IReadOnlyList<DateOnly> RolledUp, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Slots} minutes {From:O} to {To:O}: {Points} points from {Records} records ({Applied} applied)" +
        (RolledUp.Count == 0 ? "" : $"; rolled up {string.Join(", ", RolledUp.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}") +
        $"; {Elapsed.TotalSeconds:0.0} s";
}

/// <summary>A rebuild as <c>GET /api/history/rebuild</c> shows it: the one running, or the last one.</summary>
/// <param name="State"><c>running</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="From">The requested start.</param>
/// <param name="To">The requested end (exclusive).</param>
/// <param name="RequestedAt">When it was accepted.</param>
/// <param name="SlotsDone">Minutes written so far.</param>
/// <param name="Slots">Minutes in the period.</param>
/// <param name="Result">What it did (<see cref="HistoryRebuildResult"/>), once it succeeded.</param>
/// <param name="Error">Why it failed, once it failed.</param>
public sealed record HistoryRebuildStatus(string State, DateTimeOffset From, DateTimeOffset To, DateTimeOffset RequestedAt, int SlotsDone, int Slots,
    string? Result, string? Error);

/// <summary>
/// Rebuilds minute history for a past period from the event log (docs/history.md, "Rebuilding history"): reads the
/// whole topic with a consumer of its own (every partition assigned, no group, nothing committed), replays it through
/// a fresh processing core (<see cref="LogReplay"/>), and writes each minute's points — every unit's figures, Bury's
/// deflection, the OPEL level and score — straight to the <see cref="ITimeSeriesStore"/> in batches. Points are
/// idempotent (same series and timestamp overwrite), so a rebuild replaces what the snapshot job wrote, or fills
/// what it lost. Then the daily rollup of every finished day in the period is computed again.
/// </summary>
/// <remarks>
/// Not rebuilt: the ingest counters and the history writer's counters (they describe the live process, not the
/// figures), and OPEL's announced level (it depends on the hysteresis' history of every evaluation, not on the
/// minute's figures). One rebuild at a time (<see cref="TryBegin"/>). The records read are held in memory: about
/// 300 bytes an event, so a week of Bury's log is a few tens of MB.
/// </remarks>
public sealed partial class HistoryRebuild(
    KafkaConnection connection,
    ITimeSeriesStore store,
    UnitCatalog units,
    OpelProfile opel,
    IOptions<ProcessingOptions> processing,
    IOptions<JobsOptions> jobs,
    IOptions<HistoryOptions> history,
    TimeProvider clock,
    ILogger<HistoryRebuild> logger)
{
    /// <summary>The longest period one rebuild may cover: a month (44,640 minutes, ≈ 2 million points).</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(31);

    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private HistoryRebuildStatus? _status;

    /// <summary>The rebuild running now, or the last one; null before the first.</summary>
    public HistoryRebuildStatus? Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>The snapshot grid the rebuild writes on (<see cref="JobsOptions.SnapshotInterval"/>).</summary>
    public TimeSpan Step => jobs.Value.SnapshotInterval;

    /// <summary>
    /// Why [<paramref name="from"/>, <paramref name="to"/>) cannot be rebuilt, judged without the log: reversed or empty,
    /// ending in the future, longer than <see cref="MaxPeriod"/>, or holding no slot. Null when it can.
    /// </summary>
    public string? CheckPeriod(DateTimeOffset from, DateTimeOffset to)
    {
        var now = clock.GetUtcNow();
        if (from >= to)
        {
            return $"from ({from:O}) must be before to ({to:O}).";
        }

        if (to > now)
        {
            return $"to ({to:O}) is in the future (now {now:O}): only past minutes can be rebuilt.";
        }

        if (to - from > MaxPeriod)
        {
            return $"The period is {(to - from).TotalDays:0.##} days; at most {MaxPeriod.TotalDays:0} days can be rebuilt at once. Split it.";
        }

        return SnapshotGrid.Slots(from, to, Step).Any() ? null : $"The period holds no whole multiple of the snapshot interval ({Step:c}).";
    }

    /// <summary>
    /// Why the log cannot rebuild minutes from <paramref name="from"/> on, or null when it can. A minute's figures depend
    /// on the replay horizon (<see cref="ProcessingOptions.ReplayHorizon"/>, 48 h) of events before it, so the log must
    /// hold them: <paramref name="from"/> must be at least the horizon after the first record still held in every
    /// partition. Partitions emptied by retention say nothing and are passed over.
    /// </summary>
    public async Task<string?> CheckLogAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        var firsts = await Task.Run(() => FirstRecordTimes(cancellationToken), cancellationToken).ConfigureAwait(false);
        return Explain(from, firsts);
    }

    /// <summary>Marks a rebuild of the period as running; false when one runs already.</summary>
    public bool TryBegin(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_lock)
        {
            if (_status is { State: "running" })
            {
                return false;
            }

            _status = new HistoryRebuildStatus("running", from, to, clock.GetUtcNow(), 0, SnapshotGrid.Slots(from, to, Step).Count(), null, null);
            return true;
        }
    }

    /// <summary>Marks the running rebuild as ended, with its result or its error.</summary>
    public void End(HistoryRebuildResult? result, Exception? error)
    {
        lock (_lock)
        {
            if (_status is { State: "running" } running)
            {
                _status = running with
                {
                    State = error is null ? "succeeded" : "failed",
                    Result = result?.ToString(),
                    Error = error?.Message,
                };
            }
        }
    }

    /// <summary>
    /// Rebuilds every slot of [<paramref name="from"/>, <paramref name="to"/>) and writes its points, then the daily
    /// rollups of the finished days it touched. Throws <see cref="InvalidOperationException"/> when the period or the log
    /// does not allow it (<see cref="CheckPeriod"/>, <see cref="CheckLogAsync"/>), and whatever the store throws (points
    /// written before a failure stay; running it again overwrites them).
    /// </summary>
    public async Task<HistoryRebuildResult> RunAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (CheckPeriod(from, to) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var elapsed = Stopwatch.StartNew();
        var log = await Task.Run(() => ReadLog(to, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (Explain(from, log.FirstTimes) is { } logProblem)
        {
            throw new InvalidOperationException(logProblem);
        }

        LogRead(logger, log.Read, log.Kept.Count, elapsed.Elapsed.TotalSeconds);
        var settings = processing.Value.ToProcessorSettings();
        long applied = 0, points = 0;
        var slots = 0;
        var batchSize = history.Value.BatchSize;
        var batch = new List<FigurePoint>(batchSize + 64);
        DateTimeOffset? first = null;
        foreach (var slot in LogReplay.Replay(log.Kept, from, to, Step, units, settings, new OpelEvaluator(opel),
                     r => applied += r.Outcome == ProcessOutcome.Applied ? 1 : 0))
        {
            cancellationToken.ThrowIfCancellationRequested();
            first ??= slot.At;
            batch.AddRange(FigureSchema.ToPoints(slot.Units, slot.At));
            if (slot.Opel is { } assessment && FigureSchema.OpelPoint(
                    new OpelStatus(assessment.Level, AnnouncedLevel: null, assessment.Score, assessment.Profile, assessment.ProfileVersion, assessment.Parameters),
                    slot.At) is { } opelPoint)
            {
                batch.Add(opelPoint);
            }

            slots++;
            if (batch.Count >= batchSize)
            {
                points += await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
                Progress(slots);
            }
        }

        points += await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
        Progress(slots);

        var rolledUp = await RollUpAsync(from, to, cancellationToken).ConfigureAwait(false);
        var result = new HistoryRebuildResult(first ?? from, to, slots, points, log.Read, applied, rolledUp, elapsed.Elapsed);
        LogRebuilt(logger, result.ToString());
        return result;
    }

    private async Task<long> FlushAsync(List<FigurePoint> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        // A failure ends the rebuild (the job's run says so); what was written stays, and a re-run overwrites it.
        await store.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        var written = batch.Count;
        batch.Clear();
        return written;
    }

    private void Progress(int slotsDone)
    {
        lock (_lock)
        {
            if (_status is { State: "running" } running)
            {
                _status = running with { SlotsDone = slotsDone };
            }
        }
    }

    /// <summary>Rolls up again every local day the period touched that has ended: its last minutes may be rebuilt ones.</summary>
    private async Task<IReadOnlyList<DateOnly>> RollUpAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rollup = new DailyRollup(store, units, ServiceCalendar.London);
        var now = clock.GetUtcNow();
        var days = new List<DateOnly>();
        for (var day = rollup.DayOf(from); day <= rollup.DayOf(to.AddTicks(-1)); day = day.AddDays(1))
        {
            if (rollup.Bounds(day).End > now)
            {
                break; // today: the nightly rollup does it once the day is over
            }

            var points = await rollup.ComputeAsync(day, cancellationToken).ConfigureAwait(false);
            if (points.Count > 0)
            {
                await store.WriteAsync(points, cancellationToken).ConfigureAwait(false);
            }

            days.Add(day);
        }

        return days;
    }

    private string? Explain(DateTimeOffset from, IReadOnlyList<DateTimeOffset> firstTimes)
    {
        if (firstTimes.Count == 0)
        {
            return $"The event log (topic {connection.Options.Topic}) holds no records: there is nothing to rebuild from.";
        }

        var horizon = processing.Value.ReplayHorizon;
        var earliest = firstTimes.Max() + horizon;
        return from >= earliest
            ? null
            : $"The event log's oldest records are from {firstTimes.Max():O}; a minute's figures need the {horizon.TotalHours:0.#} h of " +
              $"events before it, so the earliest minute it can rebuild is {earliest:O} (from was {from:O}).";
    }

    /// <summary>The log as read: records stamped before the period's end, and the first record time of each partition.</summary>
    private sealed record ReadResult(List<LogRecord> Kept, IReadOnlyList<DateTimeOffset> FirstTimes, long Read);

    private ReadResult ReadLog(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var kept = new List<LogRecord>();
        var firsts = new Dictionary<int, DateTimeOffset>();
        long read = 0;
        ReadPartitions(result =>
        {
            read++;
            if (result.Message.Timestamp.Type == TimestampType.NotAvailable)
            {
                return true; // cannot be placed in time (pre-0.10 message format); the live host took it as "now"
            }

            var at = new DateTimeOffset(result.Message.Timestamp.UtcDateTime);
            firsts.TryAdd(result.Partition.Value, at);
            if (at < before)
            {
                kept.Add(new LogRecord(at, result.Message.Value ?? []));
            }

            return true;
        }, cancellationToken);
        return new ReadResult(kept, [.. firsts.Values], read);
    }

    private List<DateTimeOffset> FirstRecordTimes(CancellationToken cancellationToken)
    {
        var firsts = new List<DateTimeOffset>();
        ReadPartitions(result =>
        {
            if (result.Message.Timestamp.Type != TimestampType.NotAvailable)
            {
                firsts.Add(new DateTimeOffset(result.Message.Timestamp.UtcDateTime));
            }

            return false; // one record of each partition is enough
        }, cancellationToken);
        return firsts;
    }

    /// <summary>
    /// Reads every partition of the topic from its first record held to the end it had when reading began, handing
    /// each record to <paramref name="onRecord"/> until it answers false for that partition. Its own consumer: every
    /// partition assigned (no consumer group, so the workers' assignment is untouched), nothing committed.
    /// </summary>
    private void ReadPartitions(Func<ConsumeResult<byte[]?, byte[]?>, bool> onRecord, CancellationToken cancellationToken)
    {
        var topic = connection.Options.Topic;
        var config = connection.ConsumerConfig();
        config.GroupId = "bury-history-rebuild"; // librdkafka wants one; with Assign it joins nothing
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.EnablePartitionEof = true;
        config.AllowAutoCreateTopics = false;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.Code != ErrorCode.NoError)
        {
            return; // no such topic: an empty log
        }

        var remaining = new Dictionary<int, long>(); // partition → end offset at start
        var starts = new List<TopicPartitionOffset>();
        foreach (var partition in metadata.Partitions)
        {
            var tp = new TopicPartition(topic, partition.PartitionId);
            var watermarks = consumer.QueryWatermarkOffsets(tp, MetadataTimeout);
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                remaining[partition.PartitionId] = watermarks.High.Value;
                starts.Add(new TopicPartitionOffset(tp, watermarks.Low));
            }
        }

        if (starts.Count == 0)
        {
            return;
        }

        consumer.Assign(starts);
        try
        {
            while (remaining.Count > 0)
            {
                var result = consumer.Consume(cancellationToken);
                var partition = result.Partition.Value;
                if (!remaining.TryGetValue(partition, out var end))
                {
                    continue; // finished already: a record produced since reading began
                }

                if (result.IsPartitionEOF || result.Offset.Value >= end)
                {
                    remaining.Remove(partition);
                    consumer.Pause([result.TopicPartition]);
                    continue;
                }

                if (!onRecord(result) || result.Offset.Value + 1 >= end)
                {
                    remaining.Remove(partition);
                    consumer.Pause([result.TopicPartition]);
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "History rebuild: read {Records} records of the event log ({Kept} before the period's end) in {Seconds:0.0} s")]
    private static partial void LogRead(ILogger logger, long records, int kept, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "History rebuilt: {Result}")]
    private static partial void LogRebuilt(ILogger logger, string result);
}
