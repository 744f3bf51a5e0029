using BuryUrgentCare.Logging;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// The Kafka worker: one honest loop that consumes <c>uec.events</c>, feeds the processing core,
/// dead-letters rejections and stores each offset only after its message was dealt with
/// (at-least-once). On assignment it rewinds each partition to the replay horizon so live state is
/// rebuilt from the log (DESIGN.md, decision 2); on revocation it drops the state of that
/// partition's units. Replayed messages below the group's committed offset were dead-lettered by
/// whoever handled them first, so their rejections are counted again but not written again.
/// Runs on its own thread because <c>Consume</c> blocks.
/// </summary>
public sealed partial class EventConsumer(
    KafkaConnection connection,
    LiveFigures figures,
    UnitOwnership ownership,
    DeadLetterWriter deadLetters,
    ConsumerState state,
    StateCheckpoints checkpoints,
    PublishLatency latency,
    TimeProvider clock,
    IOptions<ProcessingOptions> processing,
    ILogger<EventConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often a running replay logs its progress.</summary>
    private static readonly TimeSpan ReplayLogInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One message in this many is timed for the processing-time metric (its time counted this many times): reading a
    /// clock twice per message would cost, on a busy virtual machine, a fair share of what processing the message does.
    /// </summary>
    private const int TimedEvery = 32;

    // Partition of each unit's latest message, so a revoked partition's units can be forgotten.
    private readonly Dictionary<int, Partition> _unitPartition = [];

    // Partitions still replaying up to the end offset they had at assignment.
    private readonly Dictionary<TopicPartition, long> _replayTargets = [];

    // Per partition, the group's committed offset at assignment: everything before it was handled by
    // this group already (by a previous run or another member), its rejections dead-lettered. Replay
    // re-applies those messages to rebuild state but must not dead-letter them a second time.
    private readonly Dictionary<TopicPartition, long> _handledBefore = [];

    // Per partition, the offset after the last message handled and not yet stored (see StoreHandledOffsets).
    private readonly Dictionary<TopicPartition, long> _unstored = [];

    // Per partition, the offset after the last message of the batch being processed (UnitOwnership.Consumed at its end).
    private readonly Dictionary<int, long> _batchPositions = [];
    private int _sinceStored;

    // Per owned partition, the offset after the last message applied (moved once a batch): what its checkpoint is
    // consistent with. And per partition, the offset and time of the last checkpoint written.
    private readonly Dictionary<int, long> _positions = [];
    private readonly Dictionary<int, (long Offset, long At)> _checkpointed = [];
    private long _nextCheckpoint;
    private bool _processingFailed; // the state may hold part of a batch: no checkpoint may be taken of it

    private TimeSpan CheckpointInterval => processing.Value.CheckpointInterval;

    /// <summary>
    /// Handled offsets are stored (for the auto-commit) once per this many messages, when the consumer goes idle, at a
    /// revocation and at close — not per message: a store is a native call with a list built for it, which at replay
    /// speed cost a sixth of the consumer thread. The committed offset only decides which replayed rejections are
    /// dead-lettered again after a crash (at-least-once either way); the figures replay from the horizon regardless.
    /// </summary>
    private const int StoreEvery = 256;

    /// <summary>Messages polled and not yet processed, at most: about a megabyte of events.</summary>
    private const int HandoffCapacity = 4096;

    /// <summary>Messages the processing thread takes at a time.</summary>
    private const int BatchSize = 256;

    /// <summary>How long one poll waits for a message: how soon the polling thread sees a shutdown.</summary>
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(200);

    /// <summary>First wait before a failed consumer is made again; it doubles to <see cref="MaxRecreateDelay"/>.</summary>
    private static readonly TimeSpan FirstRecreateDelay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxRecreateDelay = TimeSpan.FromMinutes(1);

    private ConsumeHandoff<ConsumeResult<byte[]?, byte[]?>> _handoff = new(HandoffCapacity); // one per consumer made
    private readonly RepeatedLogGate<ErrorCode> _errorLog = new(TimeSpan.FromMinutes(1));
    private int _partitionCount;
    private DateTimeOffset _nextReplayLog;
    private int _sinceReplayLogCheck;
    private int _sinceTimed;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunRecovering(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Runs a consumer until shutdown, and when one fails — a fatal client error, an exception out of a rebalance callback
    /// or a metadata call, a fault in processing — makes a new one after a backoff on the injected clock. Meanwhile the
    /// web side keeps serving the last figures, shown as not live with the reason, and readiness says why.
    /// </summary>
    private void RunRecovering(CancellationToken stoppingToken)
    {
        var backoff = new History.RetryBackoff(FirstRecreateDelay, MaxRecreateDelay, clock, jitter: 0.2);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = clock.GetUtcNow();
            try
            {
                Run(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A consumer that ran well for a while starts the backoff again.
                failures = clock.GetUtcNow() - started > MaxRecreateDelay ? 1 : failures + 1;
                var delay = backoff.GetDelay(failures);
                LogConsumerFailed(logger, ex, delay);
                Forget($"the Kafka consumer failed ({ex.GetType().Name}: {ex.Message}); a new one starts at {(clock.GetUtcNow() + delay):HH:mm:ss}Z");
                WaitPublishing(delay, stoppingToken);
            }
        }
    }

    /// <summary>
    /// After a failed consumer, with processing stopped: nothing is owned any more. Every unit's state is dropped (the
    /// next consumer replays it) and shown unassigned with its last live figures and why.
    /// </summary>
    private void Forget(string reason)
    {
        ownership.Revoked(ownership.AssignedPartitions(), reason);
        foreach (var unit in _unitPartition.Keys)
        {
            figures.Reset(unit);
        }

        _unitPartition.Clear();
        _replayTargets.Clear();
        _handledBefore.Clear();
        _unstored.Clear();
        _batchPositions.Clear();
        _positions.Clear();
        _checkpointed.Clear();
        figures.PublishDue();
    }

    /// <summary>Waits out a backoff, republishing on the tick so the wall shows how old the last figures are.</summary>
    private void WaitPublishing(TimeSpan delay, CancellationToken stoppingToken)
    {
        var until = clock.GetUtcNow() + delay;
        try
        {
            for (var now = clock.GetUtcNow(); now < until; now = clock.GetUtcNow())
            {
                var step = figures.PublishDue();
                var left = until - now;
                Task.Delay(step > TimeSpan.Zero && step < left ? step : left, clock, stoppingToken).Wait(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>
    /// The polling thread: polls Kafka (rebalance and error callbacks run here, inside <c>Consume</c>) and hands each
    /// message to the processing thread (<see cref="Process"/>) through <see cref="ConsumeHandoff{T}"/>.
    /// </summary>
    private void Run(CancellationToken stoppingToken)
    {
        _handoff = new(HandoffCapacity);
        _processingFailed = false;
        _nextCheckpoint = clock.GetUtcNow().UtcTicks + CheckpointInterval.Ticks;
        var topic = connection.Options.Topic;
        var config = connection.ConsumerConfig();
        // Broker states every second: the only signal that the consumer has its broker back when no message flows.
        config.StatisticsIntervalMs ??= 1000;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler((c, p) => OnRevoked(c, p, "this unit's partition moved to another worker", handedOver: true))
            .SetPartitionsLostHandler((c, p) => OnRevoked(c, p, "the consumer group dropped this worker (broker unreachable too long)", handedOver: false))
            .SetErrorHandler(OnError)
            .SetStatisticsHandler((_, json) => OnStatistics(json))
            .Build();

        if (!connection.EnsureTopics(MetadataTimeout, topic, connection.Options.DeadLetterTopic))
        {
            LogTopicsMissing(logger, topic, connection.Options.DeadLetterTopic);
        }

        consumer.Subscribe(topic);
        LogStarted(logger, topic, connection.BootstrapServers, connection.Options.GroupId);
        var processing = Task.Factory.StartNew(() => Process(consumer, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            while (!stoppingToken.IsCancellationRequested && !processing.IsCompleted)
            {
                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    result = consumer.Consume(PollWait);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    LogConsumeError(logger, ex.Error.Code, ex.Error.Reason);
                    continue;
                }

                if (result is { IsPartitionEOF: false, Message: not null } && !_handoff.Add(result))
                {
                    break; // processing stopped: its failure is thrown below
                }
            }
        }
        finally
        {
            _handoff.Complete();
            var failure = Finished(processing, stoppingToken);
            _processingFailed |= failure is not null;
            state.Assigned = false;
            try
            {
                // A graceful stop: every owned partition's state, as processing left it, for the next start to restore.
                WriteCheckpoints([.. _positions.Keys], clock.GetUtcNow().UtcTicks, flush: true);
                StoreHandledOffsets(consumer);
                consumer.Close(); // leaves the group cleanly and commits stored offsets
            }
            catch (KafkaException ex) when (failure is not null || !stoppingToken.IsCancellationRequested)
            {
                // A consumer in a fatal state may refuse to close; the failure that brought it here is the one to report.
                failure ??= ex;
            }

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }
    }

    /// <summary>Waits for the processing thread to drain what was polled; its failure, unless it is the shutdown's.</summary>
    private static Exception? Finished(Task processing, CancellationToken stoppingToken)
    {
        try
        {
            processing.Wait(CancellationToken.None);
            return null;
        }
        catch (AggregateException ex) when (ex.InnerException is OperationCanceledException && stoppingToken.IsCancellationRequested)
        {
            return null; // shutting down
        }
        catch (AggregateException ex)
        {
            return ex.InnerException ?? ex;
        }
    }

    /// <summary>
    /// The processing thread: takes polled messages in batches and applies them, then publishes what is due — the only
    /// thread that touches the figures, except the rebalance callbacks, which run while it is parked
    /// (<see cref="ConsumeHandoff{T}.Quiesced"/>).
    /// </summary>
    private void Process(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var batch = new ConsumeResult<byte[]?, byte[]?>[BatchSize];
        var wait = TimeSpan.Zero;
        try
        {
            while (true)
            {
                var taken = _handoff.Take(batch, wait);
                if (taken < 0)
                {
                    return;
                }

                try
                {
                    var now = clock.GetUtcNow().UtcTicks; // one clock read a batch: "now" moves less than a millisecond within it
                    for (var i = 0; i < taken; i++)
                    {
                        Handle(batch[i], now, stoppingToken);
                        batch[i] = null!;
                    }

                    // The position moves once a batch per partition (the gateway's backlog and replay progress read it).
                    foreach (var (partition, next) in _batchPositions)
                    {
                        ownership.Consumed(partition, next - 1);
                        _positions[partition] = next;
                    }

                    _batchPositions.Clear();

                    if (taken == 0 || (_sinceStored += taken) >= StoreEvery)
                    {
                        StoreHandledOffsets(consumer); // idle, or enough handled since the last store
                    }

                    if (_replayTargets.Count > 0 && (_sinceReplayLogCheck += taken) >= 1024)
                    {
                        // The clock is read once per 1,024 replayed messages: replay is where throughput matters most.
                        _sinceReplayLogCheck = 0;
                        LogReplayProgressWhenDue();
                    }

                    wait = figures.PublishDue();
                    if (now >= _nextCheckpoint && CheckpointInterval > TimeSpan.Zero)
                    {
                        // Between batches, on this thread: the state and the positions agree.
                        _nextCheckpoint = now + CheckpointInterval.Ticks;
                        WriteCheckpoints([.. _positions.Keys], now, flush: false);
                    }
                }
                catch
                {
                    _processingFailed = true;
                    throw;
                }
                finally
                {
                    _handoff.Done();
                }
            }
        }
        finally
        {
            _handoff.Fail(); // a polling thread parked on a full queue is let go
        }
    }

    private void Handle(ConsumeResult<byte[]?, byte[]?> result, long now, CancellationToken stoppingToken)
    {
        var started = ++_sinceTimed >= TimedEvery ? clock.GetTimestamp() : 0;
        // Headers are read and an activity made only while a listener samples the pipeline's traces.
        using var activity = PipelineTracing.Source.HasListeners() ? PipelineTracing.StartProcess(result) : null;
        state.CountConsumed();
        var replaying = _replayTargets.Count > 0 && _replayTargets.ContainsKey(result.TopicPartition);
        var value = result.Message.Value ?? [];
        var timestamp = result.Message.Timestamp;
        var outcome = figures.Process(value, timestamp.Type == TimestampType.NotAvailable ? null : new DateTimeOffset(timestamp.UtcDateTime), now);
        if (outcome.Unit >= 0)
        {
            _unitPartition[outcome.Unit] = result.Partition;
            ownership.Seen(outcome.Unit, result.Partition.Value);
            if (outcome.Outcome == ProcessOutcome.Applied && !replaying)
            {
                latency.Applied(outcome.Unit); // a replayed event is history, not something the wall waits for
            }
        }

        if (activity is not null)
        {
            activity.SetTag("bury.outcome", outcome.Outcome.ToString());
            if (outcome.Outcome == ProcessOutcome.Rejected)
            {
                activity.SetTag("bury.rejection", outcome.Rejection.Code);
            }
        }

        var handledBefore = _handledBefore.Count > 0 && _handledBefore.TryGetValue(result.TopicPartition, out var committed) && result.Offset.Value < committed;
        if (outcome.Outcome == ProcessOutcome.Rejected)
        {
            // Never the payload: it may hold identifiable data.
            if (handledBefore)
            {
                LogRejectedOnReplay(logger, outcome.Rejection.Code, result.Topic, result.Partition.Value, result.Offset.Value);
            }
            else
            {
                LogRejected(logger, outcome.Rejection.Code, outcome.Rejection.Detail, result.Topic, result.Partition.Value, result.Offset.Value);
                deadLetters.Write(result, outcome.Rejection, stoppingToken);
            }
        }

        _unstored[result.TopicPartition] = result.Offset.Value + 1;
        if (_handledBefore.Count > 0 && !handledBefore)
        {
            _handledBefore.Remove(result.TopicPartition);
        }

        _batchPositions[result.Partition.Value] = result.Offset.Value + 1;
        if (_replayTargets.Count > 0 && _replayTargets.TryGetValue(result.TopicPartition, out var target) && result.Offset.Value + 1 >= target)
        {
            FinishReplay(result.TopicPartition);
        }

        if (started != 0)
        {
            _sinceTimed = 0;
            state.AddProcessingTime((clock.GetTimestamp() - started) * TimedEvery);
        }
    }

    // Rebalance callbacks run on the polling thread; what they change is read by processing, so they run while it is
    // parked with everything polled before them processed.
    private List<TopicPartitionOffset> OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        List<TopicPartitionOffset> starts = [];
        _handoff.Quiesced(() => starts = Assign(consumer, partitions));
        return starts;
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions, string reason, bool handedOver) =>
        _handoff.Quiesced(() => Revoke(consumer, partitions, reason, handedOver));

    private List<TopicPartitionOffset> Assign(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        var horizon = clock.GetUtcNow() - processing.Value.ReplayHorizon;
        var offsets = OffsetsAtHorizon(consumer, partitions, horizon);

        var committed = Committed(consumer, partitions);
        var saved = CheckpointInterval > TimeSpan.Zero && partitions.Count > 0
            ? checkpoints.ReadLatest(connection.Options.Topic, [.. partitions.Select(p => p.Partition.Value)])
            : [];
        var starts = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var partition in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, MetadataTimeout);
            var start = offsets is null ? Offset.End : offsets.FirstOrDefault(o => o.TopicPartition == partition)?.Offset ?? Offset.End;
            if (saved.TryGetValue(partition.Partition.Value, out var checkpoint) && Restore(checkpoint, watermarks))
            {
                start = checkpoint.Offset; // restored: only the tail after it is read
            }
            else if (start == Offset.End && (offsets is null || !connection.SupportsTimestampLookup))
            {
                // No answer by time: librdkafka's in-process cluster cannot look offsets up by time (it answers End) and
                // holds only recent messages anyway, or the lookup failed. Replay all the partition holds.
                start = watermarks.Low;
            }

            if (start != Offset.End && start.Value < watermarks.High.Value)
            {
                _replayTargets[partition] = watermarks.High.Value;
                if (committed.TryGetValue(partition, out var handled) && handled > start.Value)
                {
                    _handledBefore[partition] = handled;
                }
            }

            starts.Add(new TopicPartitionOffset(partition, start));
            _positions[partition.Partition.Value] = start == Offset.End ? watermarks.High.Value : start.Value;
        }

        ownership.Assigned(PartitionCount(consumer, partitions), starts.Select(s => (s.Partition.Value,
            s.Offset.Value, _replayTargets.TryGetValue(s.TopicPartition, out var target) ? target : s.Offset.Value)));
        state.Assigned = true;
        LogAssigned(logger, string.Join(", ", partitions.Select(p => p.Partition.Value)), horizon);
        if (_replayTargets.Count > 0)
        {
            LogReplayStarted(logger, _replayTargets.Count, ownership.ReplayProgress().Total);
            _nextReplayLog = clock.GetUtcNow() + ReplayLogInterval;
        }
        return starts;
    }

    private void Revoke(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions, string reason, bool handedOver)
    {
        if (handedOver)
        {
            // The next owner restores from here rather than replaying (a lost partition may have a new owner already, whose
            // newer checkpoint must stand).
            WriteCheckpoints([.. partitions.Select(p => p.Partition.Value)], clock.GetUtcNow().UtcTicks, flush: true);
        }

        StoreHandledOffsets(consumer); // while the partitions are still this worker's: the next owner starts after them
        ownership.Revoked(partitions.Select(p => p.Partition.Value), reason);
        foreach (var revoked in partitions)
        {
            _replayTargets.Remove(revoked.TopicPartition);
            _handledBefore.Remove(revoked.TopicPartition);
            _positions.Remove(revoked.Partition.Value);
            _checkpointed.Remove(revoked.Partition.Value);
            foreach (var (unit, partition) in _unitPartition.ToArray())
            {
                if (partition == revoked.Partition)
                {
                    figures.Reset(unit);
                    _unitPartition.Remove(unit);
                }
            }
        }

        LogRevoked(logger, string.Join(", ", partitions.Select(p => p.Partition.Value)));
    }

    /// <summary>
    /// Restores a partition's units from its checkpoint, if the log still holds everything after it (its offset is not
    /// below the partition's first); true when every unit was restored. Otherwise nothing is kept, and the partition
    /// replays from the horizon as it did before checkpoints.
    /// </summary>
    private bool Restore(PartitionCheckpoint checkpoint, WatermarkOffsets watermarks)
    {
        if (checkpoint.Offset < watermarks.Low.Value || checkpoint.Offset > watermarks.High.Value)
        {
            LogCheckpointOutOfLog(logger, checkpoint.Partition, checkpoint.Offset, watermarks.Low.Value, watermarks.High.Value);
            return false;
        }

        var restored = new List<int>(checkpoint.Units.Count);
        foreach (var (id, bytes) in checkpoint.Units)
        {
            string? problem;
            if (!figures.Processor.Units.TryGetIndex(id, out var unit))
            {
                problem = $"unit {id} is not configured";
            }
            else if (figures.Restore(unit, bytes, out problem))
            {
                restored.Add(unit);
                continue;
            }

            foreach (var done in restored)
            {
                figures.Reset(done);
            }

            LogCheckpointRefused(logger, checkpoint.Partition, checkpoint.Offset, problem);
            return false;
        }

        foreach (var unit in restored)
        {
            _unitPartition[unit] = new Partition(checkpoint.Partition);
            ownership.Seen(unit, checkpoint.Partition);
        }

        _checkpointed[checkpoint.Partition] = (checkpoint.Offset, clock.GetUtcNow().UtcTicks);
        LogRestored(logger, checkpoint.Partition, restored.Count, checkpoint.Offset, checkpoint.TakenAt, watermarks.High.Value - checkpoint.Offset);
        return true;
    }

    /// <summary>
    /// Writes the checkpoint of each of <paramref name="partitions"/> this worker owns: its units' state and the offset it is
    /// consistent with. Called only between batches (the processing thread, or a rebalance callback while it is parked).
    /// A partition whose offset has not moved since its checkpoint of less than an interval ago is not written again.
    /// </summary>
    private void WriteCheckpoints(IReadOnlyCollection<int> partitions, long now, bool flush)
    {
        var interval = CheckpointInterval;
        if (interval <= TimeSpan.Zero || _processingFailed || partitions.Count == 0)
        {
            return;
        }

        var written = 0;
        foreach (var partition in partitions)
        {
            if (!_positions.TryGetValue(partition, out var next)
                || (_checkpointed.TryGetValue(partition, out var last) && last.Offset == next && now - last.At < interval.Ticks))
            {
                continue;
            }

            var units = _unitPartition.Where(u => u.Value.Value == partition)
                .Select(u => (figures.Processor.Units[u.Key].Id, figures.Processor.Checkpoint(u.Key)))
                .ToList();
            checkpoints.Write(connection.Options.Topic, new PartitionCheckpoint(partition, next, new DateTimeOffset(now, TimeSpan.Zero), units));
            _checkpointed[partition] = (next, now);
            written++;
        }

        if (flush && written > 0)
        {
            checkpoints.Flush(MetadataTimeout);
        }
    }

    /// <summary>Stores the position after every handled message, for the next auto-commit.</summary>
    private void StoreHandledOffsets(IConsumer<byte[]?, byte[]?> consumer)
    {
        _sinceStored = 0;
        if (_unstored.Count == 0)
        {
            return;
        }

        foreach (var (partition, next) in _unstored)
        {
            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(partition, next));
            }
            catch (KafkaException ex)
            {
                // A partition lost meanwhile (a rebalance the handlers did not see yet) refuses the store: its next
                // owner replays from the committed offset, which at-least-once allows.
                LogStoreFailed(logger, ex.Error.Code, ex.Error.Reason);
            }
        }

        _unstored.Clear();
    }

    /// <summary>The group's committed offsets of <paramref name="partitions"/>; empty if the coordinator does not answer.</summary>
    private Dictionary<TopicPartition, long> Committed(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        if (partitions.Count == 0)
        {
            return [];
        }

        try
        {
            return consumer.Committed(partitions, MetadataTimeout)
                .Where(o => o.Offset.Value >= 0)
                .ToDictionary(o => o.TopicPartition, o => o.Offset.Value);
        }
        catch (KafkaException ex)
        {
            // At-least-once still holds: without the committed offsets, replayed rejections are written again.
            LogCommittedUnknown(logger, ex.Error.Code, ex.Error.Reason);
            return [];
        }
    }

    private void FinishReplay(TopicPartition partition)
    {
        _replayTargets.Remove(partition);
        LogReplayed(logger, partition.Partition.Value, ownership.ReplayProgress().ToString());
    }

    private void LogReplayProgressWhenDue()
    {
        var now = clock.GetUtcNow();
        if (now < _nextReplayLog)
        {
            return;
        }

        _nextReplayLog = now + ReplayLogInterval;
        var progress = ownership.ReplayProgress();
        LogReplayProgress(logger, progress.Percent, progress.Replayed, progress.Total, progress.PartitionsReplaying);
    }

    /// <summary>
    /// Where each partition's replay starts: the first offset at the replay horizon. A cluster that cannot look offsets up
    /// by time (librdkafka's in-process one), or whose broker answers the lookup with an error (seen: "Unknown broker
    /// error" from a cluster on an older librdkafka), replays all it holds instead: more work, the same figures (events
    /// before the horizon are pruned), and never a worker stopped by its own assignment.
    /// </summary>
    /// <returns>The offsets; null when there is no answer by time (the cluster cannot give one, or the lookup failed).</returns>
    private List<TopicPartitionOffset>? OffsetsAtHorizon(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions, DateTimeOffset horizon)
    {
        if (partitions.Count == 0 || !connection.SupportsTimestampLookup)
        {
            return null; // OffsetsForTimes is not called on a cluster that says it cannot answer it
        }

        try
        {
            return consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(horizon.UtcDateTime))), MetadataTimeout);
        }
        catch (KafkaException ex)
        {
            LogOffsetLookupFailed(logger, ex.Error.Code, ex.Error.Reason);
            return null;
        }
    }

    /// <summary>The topic's partition count (which partition holds a unit depends on it); 0 when the broker does not say.</summary>
    private int PartitionCount(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        if (partitions.Count == 0)
        {
            return _partitionCount;
        }

        try
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var topic = partitions[0].Topic;
            var metadata = admin.GetMetadata(topic, MetadataTimeout).Topics.FirstOrDefault(t => t.Topic == topic);
            if (metadata is { Partitions.Count: > 0 })
            {
                _partitionCount = metadata.Partitions.Count;
            }
        }
        catch (KafkaException ex)
        {
            LogOffsetLookupFailed(logger, ex.Error.Code, ex.Error.Reason);
        }

        return _partitionCount;
    }

    private void OnError(IConsumer<byte[]?, byte[]?> consumer, Error error)
    {
        if (error.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport or ErrorCode.Local_Resolve)
        {
            ownership.BrokerUnreachable(error.Reason);
        }

        // An outage repeats the same error many times a second: log a kind of error once a minute at most.
        if (_errorLog.ShouldLog(error.Code, clock.GetUtcNow()))
        {
            LogKafkaError(logger, error.Code, error.Reason, error.IsFatal);
        }
    }

    /// <summary>librdkafka's statistics: the consumer has a broker when any real broker (node id ≥ 0) is UP.</summary>
    private void OnStatistics(string json)
    {
        try
        {
            using var statistics = System.Text.Json.JsonDocument.Parse(json);
            if (!statistics.RootElement.TryGetProperty("brokers", out var brokers))
            {
                return;
            }

            state.SetLag(ConsumerLag(statistics.RootElement, connection.Options.Topic));
            var up = brokers.EnumerateObject().Any(b =>
                b.Value.TryGetProperty("nodeid", out var id) && id.GetInt32() >= 0 &&
                b.Value.TryGetProperty("state", out var brokerState) && brokerState.GetString() == "UP");
            if (up)
            {
                ownership.BrokerReachable();
            }
            else
            {
                ownership.BrokerUnreachable("no broker is up");
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Statistics are advisory; a malformed document changes nothing.
        }
    }

    /// <summary>
    /// Per partition of <paramref name="topic"/> this consumer fetches, how many messages it has not yet handled:
    /// librdkafka's <c>consumer_lag_stored</c> (the end offset less the offset stored after handling; its
    /// <c>consumer_lag</c> counts from the last commit, seconds behind). Unknown lags (−1) are left out.
    /// </summary>
    internal static Dictionary<int, long> ConsumerLag(System.Text.Json.JsonElement statistics, string topic)
    {
        var lag = new Dictionary<int, long>();
        if (!statistics.TryGetProperty("topics", out var topics) || !topics.TryGetProperty(topic, out var topicStatistics) ||
            !topicStatistics.TryGetProperty("partitions", out var partitions))
        {
            return lag;
        }

        foreach (var partition in partitions.EnumerateObject())
        {
            var p = partition.Value;
            if (!p.TryGetProperty("partition", out var id) || id.GetInt32() < 0 ||
                (p.TryGetProperty("fetch_state", out var fetchState) && fetchState.GetString() is "none" or "stopping" or "stopped"))
            {
                continue; // -1 is librdkafka's internal "unassigned" partition; stopped ones are not ours any more
            }

            var behind = p.TryGetProperty("consumer_lag_stored", out var stored) ? stored.GetInt64()
                : p.TryGetProperty("consumer_lag", out var committed) ? committed.GetInt64() : -1;
            if (behind >= 0)
            {
                lag[id.GetInt32()] = behind;
            }
        }

        return lag;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic} from {BootstrapServers} as group {GroupId}")]
    private static partial void LogStarted(ILogger logger, string topic, string bootstrapServers, string groupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic} or {DeadLetterTopic} does not exist yet; consuming will start once it does")]
    private static partial void LogTopicsMissing(ILogger logger, string topic, string deadLetterTopic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned partitions [{Partitions}]; replaying from {Horizon:O}")]
    private static partial void LogAssigned(ILogger logger, string partitions, DateTimeOffset horizon);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked partitions [{Partitions}]; their units' state was dropped")]
    private static partial void LogRevoked(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition} replayed: its units' figures are live; {Progress}")]
    private static partial void LogReplayed(ILogger logger, int partition, string progress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaying {Partitions} partition(s): {Total} messages to rebuild the figures from")]
    private static partial void LogReplayStarted(ILogger logger, int partitions, long total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaying: {Percent} % of the log replayed ({Replayed} of {Total} messages), {Partitions} partition(s) to go")]
    private static partial void LogReplayProgress(ILogger logger, int percent, long replayed, long total, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka could not look up offsets or metadata ({Code}: {Reason}); replaying all the partition holds")]
    private static partial void LogOffsetLookupFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Reason}: {Detail} ({Topic}/{Partition}@{Offset}); sent to the dead-letter topic")]
    private static partial void LogRejected(ILogger logger, string reason, string detail, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected {Reason} again on replay ({Topic}/{Partition}@{Offset}); dead-lettered before, not written again")]
    private static partial void LogRejectedOnReplay(ILogger logger, string reason, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the group's committed offsets ({Code}: {Reason}); replayed rejections will be dead-lettered again")]
    private static partial void LogCommittedUnknown(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Kafka consumer failed; the web side keeps the last figures, shown as not live, and a new consumer starts in {Delay}")]
    private static partial void LogConsumerFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the consumer's position ({Code}: {Reason}); its partitions' next owner replays from the last commit")]
    private static partial void LogStoreFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition}: {Units} unit(s) restored from the checkpoint at offset {Offset} taken {TakenAt:O}; reading the {Tail} message(s) after it")]
    private static partial void LogRestored(ILogger logger, int partition, int units, long offset, DateTimeOffset takenAt, long tail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition}: the checkpoint at offset {Offset} is outside what the log holds ({Low}–{High}); replaying from the replay horizon instead")]
    private static partial void LogCheckpointOutOfLog(ILogger logger, int partition, long offset, long low, long high);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition}: the checkpoint at offset {Offset} was refused ({Problem}); replaying from the replay horizon instead")]
    private static partial void LogCheckpointRefused(ILogger logger, int partition, long offset, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason} (fatal: {IsFatal})")]
    private static partial void LogKafkaError(ILogger logger, ErrorCode code, string reason, bool isFatal);
}
