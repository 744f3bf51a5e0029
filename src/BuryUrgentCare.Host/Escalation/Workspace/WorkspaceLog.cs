using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Realtime;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>A change the workspace log could not take, or not show in time (a 503 problem: <see cref="Exception.Message"/> says which).</summary>
public sealed class WorkspaceUnavailableException(string title, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public string Title { get; } = title;
}

/// <summary>
/// The escalation workspace shared by every node. Each change (a level declared, an action added or updated, an alert
/// acknowledged) is a record on partition 0 of <c>uec.workspace</c> (<see cref="KafkaOptions.WorkspaceTopic"/>) — one
/// partition, so one order every node agrees on — and every node reads that partition, from where its own copy (the
/// <see cref="WorkspaceStore"/>) stopped, applying each record in turn: the same records in the same order give every
/// node the same workspace, and what a record creates takes its offset as id. A change is reported done only once this
/// node has read it back and applied it, so the caller sees it in <c>GET /api/escalation/workspace</c> on this node at
/// once, and on the others within a poll. Every applied change is pushed whole to the open workspace pages here; an
/// acknowledgement is also put on this node's alert (<see cref="EscalationMonitor.Acknowledge"/>).
/// </summary>
public sealed partial class WorkspaceLog(
    KafkaConnection connection,
    WorkspaceStore store,
    EscalationMonitor escalation,
    WallboardConnections connections,
    IOptions<WorkspaceOptions> options,
    TimeProvider clock,
    ILogger<WorkspaceLog> logger) : BackgroundService
{
    /// <summary>The record format; a reader passes over records of another version rather than misread them.</summary>
    public const string SchemaVersion = "1";

    public const string SchemaHeader = "schema-version";

    /// <summary>The one partition every change is written to and read from.</summary>
    public const int LogPartition = 0;

    // A person waits for the answer: a cluster that cannot take the change within 10 s is a 503, not a five-minute wait.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly WorkspaceOptions _options = options.Value;
    private readonly string _topic = connection.Options.WorkspaceTopic;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<object?>> _waiting = new(StringComparer.Ordinal);
    private readonly Cluster.AnsweredProducer _producer = new(connection, Timeout);
    private string? _diverged; // why nothing can be written: the log lost records this copy applied
    private readonly TaskCompletionSource _handedOver = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Cluster.GlobalTableReader _reader = new(connection, connection.Options.WorkspaceTopic, "workspace log",
        "declarations, actions and acknowledgements are neither shown nor recorded", clock, logger);

    /// <summary>
    /// Puts <paramref name="change"/> on the log and waits until this node has applied it. Returns what it created or
    /// changed (null when it changed nothing, e.g. an update of an action the log does not hold). Throws
    /// <see cref="WorkspaceUnavailableException"/> when the cluster cannot take it (nothing was recorded), or when it was
    /// taken but not read back within 10 s (it will appear once this node catches up).
    /// </summary>
    public async Task<T?> WriteAsync<T>(WorkspaceChange change, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            // Not before the rows this node kept on its own are on the log: they were made first, and go first.
            await _handedOver.Task.WaitAsync(Timeout, clock, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new WorkspaceUnavailableException("The workspace cannot be changed yet",
                "This node is still putting the workspace it kept on the shared log: nothing was recorded. Try again shortly.", ex);
        }

        if (_diverged is { } diverged)
        {
            throw new WorkspaceUnavailableException("The workspace log is not the one this node followed", diverged);
        }

        var key = Guid.NewGuid().ToString("N");
        var applied = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[key] = applied; // before the produce: the reader may apply it before ProduceAsync returns
        try
        {
            try
            {
                await _producer.ProduceAsync(new TopicPartition(_topic, LogPartition), Record(key, change), cancellationToken);
            }
            catch (ProduceException<string, byte[]> ex) when (ex.DeliveryResult?.Status == PersistenceStatus.PossiblyPersisted)
            {
                // Sent, but the cluster's answer never came (librdkafka cannot tell whether it was written).
                throw new WorkspaceUnavailableException("The workspace may not have been changed",
                    $"The workspace log did not confirm the change ({ex.Error.Code}): it may or may not have been recorded. " +
                    "Reload the workspace and check before making it again.", ex);
            }
            catch (KafkaException ex)
            {
                throw new WorkspaceUnavailableException("The workspace cannot be changed now",
                    $"The workspace log could not be written ({ex.Error.Code}): nothing was recorded. Try again shortly.", ex);
            }

            try
            {
                return (T?)await applied.Task.WaitAsync(Timeout, clock, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                throw new WorkspaceUnavailableException("Recorded, not yet shown",
                    "The change is on the workspace log, but this node has not read it back yet; it will appear once it has. " +
                    "Reload the workspace before making it again.", ex);
            }
        }
        finally
        {
            _waiting.TryRemove(key, out _);
        }
    }

    public static Message<string, byte[]> Record(string key, WorkspaceChange change) => new()
    {
        Key = key,
        Value = JsonSerializer.SerializeToUtf8Bytes(change, JsonSerializerOptions.Web),
        Headers = new Headers { { SchemaHeader, Encoding.UTF8.GetBytes(SchemaVersion) } },
    };

    /// <summary>The change, or null for a record this node cannot use (another schema version, not a change).</summary>
    public static WorkspaceChange? Read(byte[]? value, Headers? headers)
    {
        if (value is null || headers?.TryGetLastBytes(SchemaHeader, out var version) != true || Encoding.UTF8.GetString(version) != SchemaVersion)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WorkspaceChange>(value, JsonSerializerOptions.Web) is { By: { Length: > 0 } } change ? change : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null; // a kind this version does not know
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store.NextOffset > 0 && LogEnd() is { } end && end < store.NextOffset)
        {
            if (end == 0)
            {
                // The log is empty but this copy is not: the embedded cluster, in memory, starts empty on every start (or
                // the topic was deleted). The copy is all there is: it goes back on the log, as rows kept before it was shared.
                LogLogEmpty(logger, _topic, store.NextOffset, store.Path);
                store.ForgetLogPosition();
            }
            else
            {
                // Records this copy never saw sit at offsets it has passed: it cannot follow this log without losing them.
                _diverged = $"The workspace log {_topic} holds {end} records, fewer than the {store.NextOffset} this node has applied: " +
                    "it was deleted or made again. Nothing can be recorded here until an operator restores it (docs/escalation-workspace.md, \"Limits\").";
                LogDiverged(logger, _diverged);
            }
        }

        if (store.HasUnshared)
        {
            await ShareWhatWasKeptHere(stoppingToken);
        }

        _handedOver.TrySetResult();

        // Only the log's partition, from where this copy stopped: an explicit offset, so no offset lookup is needed.
        await _reader.Start(Received, partition => partition.Value == LogPartition ? new Offset(store.NextOffset) : Offset.Unset, stoppingToken);
    }

    /// <summary>Applies one record read from the log (the reader's thread: one at a time, in the log's order).</summary>
    private void Received(ConsumeResult<string, byte[]> result)
    {
        var key = result.Message.Key;
        var change = Read(result.Message.Value, result.Message.Headers);
        if (change is null)
        {
            _reader.Unreadable(key);
        }

        object? done;
        try
        {
            done = store.Apply(result.Offset.Value, change);
        }
        catch (SqliteException ex)
        {
            // Not applied, and the position not moved: the reader starts again, after a backoff, from this record.
            throw new InvalidOperationException($"The workspace store {store.Path} could not apply record {result.Offset.Value}: {ex.Message}", ex);
        }

        if (done is not null)
        {
            if (change is AlertAcknowledged acknowledged)
            {
                escalation.Acknowledge(acknowledged.AlertId, new AlertAcknowledgement(acknowledged.By, acknowledged.At, acknowledged.Note));
            }

            connections.Post(store.Read(_options.ShowLatest, _options.Cards, clock.GetUtcNow()));
        }

        if (key is not null && _waiting.TryGetValue(key, out var waiter))
        {
            waiter.TrySetResult(done);
        }
    }

    /// <summary>
    /// A store written before the log was shared holds rows no other node has: they are put on the log first (in the
    /// order they were made), then read back like every other change. Retried until the cluster takes them. A crash
    /// between the produce and the local delete shares them twice; nothing is lost.
    /// </summary>
    private async Task ShareWhatWasKeptHere(CancellationToken stoppingToken)
    {
        var backoff = new History.RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), clock, jitter: 0.2);
        for (var failures = 1; ; failures++)
        {
            try
            {
                await store.TakeUnsharedAsync(async changes =>
                {
                    foreach (var change in changes)
                    {
                        await _producer.ProduceAsync(new TopicPartition(_topic, LogPartition), Record(Guid.NewGuid().ToString("N"), change), stoppingToken);
                    }

                    LogShared(logger, changes.Count, store.Path, _topic);
                });
                return;
            }
            catch (KafkaException ex)
            {
                var delay = backoff.GetDelay(failures);
                LogShareFailed(logger, store.Path, ex.Error.Code, delay);
                await Task.Delay(delay, clock, stoppingToken);
            }
        }
    }

    /// <summary>The log's end offset (how many records it has held), or null when the cluster does not say within 10 s.</summary>
    private long? LogEnd()
    {
        try
        {
            using var consumer = new ConsumerBuilder<string, byte[]>(connection.ReaderConfig(_topic)).Build();
            connection.EnsureTopics(Timeout, _topic);
            return consumer.QueryWatermarkOffsets(new TopicPartition(_topic, LogPartition), Timeout).High.Value;
        }
        catch (KafkaException ex)
        {
            LogEndUnknown(logger, _topic, ex.Error.Code);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The workspace log {Topic} is empty but this node's copy has applied {Applied} records ({Path}): putting the copy back on the log (the embedded cluster starts empty on every start)")]
    private static partial void LogLogEmpty(ILogger logger, string topic, long applied, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Problem}")]
    private static partial void LogDiverged(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read how far the workspace log {Topic} goes ({Code}): following it from where this node's copy stopped")]
    private static partial void LogEndUnknown(ILogger logger, string topic, ErrorCode code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Put the {Count} workspace records kept only in {Path} on the shared workspace log {Topic}")]
    private static partial void LogShared(ILogger logger, int count, string path, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put the workspace records kept only in {Path} on the shared log ({Code}): trying again in {Delay}; until then the workspace shows nothing")]
    private static partial void LogShareFailed(ILogger logger, string path, ErrorCode code, TimeSpan delay);

    // Registered as a singleton and as the hosted service (one instance): the container disposes it once for each.
    public override void Dispose()
    {
        _producer.Dispose();
        base.Dispose();
    }
}
