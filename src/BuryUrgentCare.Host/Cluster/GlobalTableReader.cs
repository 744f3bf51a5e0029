using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Logging;
using Confluent.Kafka;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// Reads a whole compacted topic — every partition, from the beginning, no consumer group (Assign, no commits) — and
/// hands each record to its owner, for ever: a global table, as Kafka Streams' GlobalKTable reads one. A failure (a
/// fatal client error, a topic with no partitions) makes a new consumer after a backoff on the injected clock, which
/// reads the table from the beginning again; the owner's apply must therefore be idempotent. Used by the figures table
/// (<see cref="FiguresTableReader"/>) and the device-token table (<see cref="Access.DeviceTokenTable"/>); the workspace
/// log (<see cref="Escalation.Workspace.WorkspaceLog"/>) reads from where its own copy stopped instead.
/// </summary>
public sealed partial class GlobalTableReader(KafkaConnection connection, string topic, string table, string whileDown, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(200);
    private readonly RepeatedLogGate<string> _skipLog = new(TimeSpan.FromMinutes(1));

    /// <summary>Runs the reader on a thread of its own until <paramref name="stoppingToken"/>.</summary>
    public Task Start(Action<Message<string, byte[]>> apply, CancellationToken stoppingToken) =>
        Start(result => apply(result.Message), _ => Offset.Beginning, stoppingToken);

    /// <summary>
    /// Runs the reader on a thread of its own until <paramref name="stoppingToken"/>, reading each partition from the
    /// offset <paramref name="from"/> gives (asked again whenever a new consumer is made after a failure); a partition it
    /// gives <see cref="Offset.Unset"/> is not read at all.
    /// </summary>
    public Task Start(Action<ConsumeResult<string, byte[]>> apply, Func<Partition, Offset> from, CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunRecovering(apply, from, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Logs a record the owner could not use, at most once a minute.</summary>
    public void Unreadable(string? key)
    {
        if (_skipLog.ShouldLog("unreadable", clock.GetUtcNow()))
        {
            LogUnreadable(logger, table, topic, key ?? "(no key)");
        }
    }

    private void RunRecovering(Action<ConsumeResult<string, byte[]>> apply, Func<Partition, Offset> from, CancellationToken stoppingToken)
    {
        var backoff = new History.RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), clock, jitter: 0.2);
        for (var failures = 1; !stoppingToken.IsCancellationRequested; failures++)
        {
            try
            {
                Run(apply, from, stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is KafkaException or InvalidOperationException)
            {
                var delay = backoff.GetDelay(failures);
                LogReaderFailed(logger, ex, table, whileDown, delay);
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

    private void Run(Action<ConsumeResult<string, byte[]>> apply, Func<Partition, Offset> from, CancellationToken stoppingToken)
    {
        var config = connection.ReaderConfig(topic);
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        connection.EnsureTopics(TimeSpan.FromSeconds(10), topic);
        var partitions = Partitions(consumer);
        var assigned = partitions.Select(p => new TopicPartitionOffset(topic, p, from(p))).Where(p => p.Offset != Offset.Unset).ToList();
        consumer.Assign(assigned);
        LogReading(logger, table, topic, assigned.Count, partitions.Count);
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
                        LogConsumeError(logger, table, topic, ex.Error.Code, ex.Error.Reason);
                    }

                    continue;
                }

                if (result?.Message is not null)
                {
                    apply(result);
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    private List<int> Partitions(IConsumer<string, byte[]> consumer)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.FirstOrDefault(t => t.Topic == topic);
        return metadata is { Partitions.Count: > 0 }
            ? [.. metadata.Partitions.Select(p => p.PartitionId)]
            : throw new InvalidOperationException($"The {table} {topic} has no partitions (does the topic exist?).");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the {Table} {Topic} ({Assigned} of its {Partitions} partitions)")]
    private static partial void LogReading(ILogger logger, string table, string topic, int assigned, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Table} {Topic}: consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string table, string topic, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Table} {Topic}: record {Key} skipped (another schema version, or a record this node cannot use)")]
    private static partial void LogUnreadable(ILogger logger, string table, string topic, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Table} reader failed; {WhileDown} until it reads again in {Delay}")]
    private static partial void LogReaderFailed(ILogger logger, Exception exception, string table, string whileDown, TimeSpan delay);
}
