using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Logging;
using BuryUrgentCare.Processing;
using Confluent.Kafka;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// Reads the whole figures table (every partition, from the beginning, no consumer group: a global table) and serves
/// the units other nodes own from it: into <see cref="RemoteFigures"/> and the <see cref="SnapshotStore"/>, from which the
/// API, the hub, OPEL and alerts read. A unit this node owns and has live is never overwritten by the table.
/// </summary>
public sealed partial class FiguresTableReader(
    KafkaConnection connection,
    UnitCatalog units,
    SnapshotStore store,
    RemoteFigures remote,
    UnitOwnership ownership,
    NodeIdentity node,
    TimeProvider clock,
    ILogger<FiguresTableReader> logger) : BackgroundService
{
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(200);
    private readonly RepeatedLogGate<string> _skipLog = new(TimeSpan.FromMinutes(1));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunRecovering(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void RunRecovering(CancellationToken stoppingToken)
    {
        var backoff = new History.RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), clock, jitter: 0.2);
        for (var failures = 1; !stoppingToken.IsCancellationRequested; failures++)
        {
            try
            {
                Run(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is KafkaException or InvalidOperationException)
            {
                var delay = backoff.GetDelay(failures);
                LogReaderFailed(logger, ex, delay);
                try
                {
                    // The delay logged is the delay waited (GetDelay draws its jitter anew on every call).
                    Task.Delay(delay, clock, stoppingToken).Wait(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Run(CancellationToken stoppingToken)
    {
        var topic = connection.Options.FiguresTopic;
        var config = connection.ConsumerConfig();
        config.GroupId = "bury-figures-" + node.Id; // required by the client; no group is joined (Assign, no commits)
        config.EnableAutoCommit = false;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        connection.EnsureTopics(TimeSpan.FromSeconds(10), topic);
        var partitions = Partitions(consumer, topic);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        LogReading(logger, topic, partitions.Count);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(PollWait);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    if (_skipLog.ShouldLog(ex.Error.Code.ToString(), clock.GetUtcNow()))
                    {
                        LogConsumeError(logger, topic, ex.Error.Code, ex.Error.Reason);
                    }

                    continue;
                }

                if (result?.Message is { } message)
                {
                    Apply(message);
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Apply(Message<string, byte[]> message)
    {
        if (FiguresTable.Read(units, message.Key, message.Value, message.Headers) is not { } record)
        {
            if (_skipLog.ShouldLog("unreadable", clock.GetUtcNow()))
            {
                LogUnreadable(logger, message.Key ?? "(no key)");
            }

            return;
        }

        if (record.Owner == node.Id || !units.TryGetIndex(record.Snapshot.Unit, out var unit) || ownership.Of(unit).IsLive)
        {
            return; // this node's own record, or a unit this node owns and serves live itself
        }

        remote.Received(unit, record.Snapshot, record.Owner);
        store.Publish(unit, record.Snapshot);
    }

    private static List<int> Partitions(IConsumer<string, byte[]> consumer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.FirstOrDefault(t => t.Topic == topic);
        return metadata is { Partitions.Count: > 0 }
            ? [.. metadata.Partitions.Select(p => p.PartitionId)]
            : throw new InvalidOperationException($"The figures table {topic} has no partitions (does the topic exist?).");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the figures table {Topic} ({Partitions} partitions): units other nodes own are served from it")]
    private static partial void LogReading(ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Figures table {Topic}: consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string topic, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Figures table record for {Unit} skipped: another schema version, an unknown unit or not a snapshot")]
    private static partial void LogUnreadable(ILogger logger, string unit);

    [LoggerMessage(Level = LogLevel.Error, Message = "The figures table reader failed; other nodes' units are shown not live until it reads again in {Delay}")]
    private static partial void LogReaderFailed(ILogger logger, Exception exception, TimeSpan delay);
}
