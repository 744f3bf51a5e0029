using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// One partition's checkpoint: the state of every unit whose events it holds, all taken at one instant between two
/// batches, and the offset of the events partition that state is consistent with — the next one to read. Restoring it
/// and reading the partition from <paramref name="Offset"/> gives the state of a worker that never stopped.
/// </summary>
/// <param name="Units">Each unit's id and its core checkpoint (<see cref="Processing.StreamProcessor.Checkpoint"/>).</param>
public sealed record PartitionCheckpoint(int Partition, long Offset, DateTimeOffset TakenAt, IReadOnlyList<(string Unit, byte[] State)> Units);

/// <summary>
/// Keeps partition checkpoints on the compacted topic <see cref="KafkaOptions.CheckpointTopic"/> (hazard H19, issue 12),
/// as Kafka Streams keeps a store's changelog beside its committed offsets. A checkpoint is split into records of at most
/// <see cref="ChunkBytes"/> (under Kafka's default 1 MB message limit), keyed <c>events-topic/partition/chunk</c>, so
/// compaction keeps the latest of each; every record carries the format version, the partition, the offset, when it was
/// taken and its chunk number of the total, and a checkpoint is used only when all its chunks are of the same one.
/// </summary>
public sealed partial class StateCheckpoints(KafkaConnection connection, TimeProvider clock, ILogger<StateCheckpoints> logger) : IDisposable
{
    /// <summary>The record layout this host writes and reads; a checkpoint of another is ignored (the worker replays instead).</summary>
    public const string FormatVersion = "1";

    public const int ChunkBytes = 512 * 1024;

    internal const string FormatHeader = "format-version";
    internal const string PartitionHeader = "partition";
    internal const string OffsetHeader = "offset";
    internal const string TakenAtHeader = "taken-at";
    internal const string ChunkHeader = "chunk";

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(100);

    private readonly string _topic = connection.Options.CheckpointTopic;
    private readonly QueuedTopicWriter _writer = new(With(connection.ProducerConfig()), connection.Options.CheckpointTopic, TimeSpan.FromSeconds(5), clock,
        error => LogWriteFailed(logger, connection.Options.CheckpointTopic, error.Code, error.Reason));

    /// <summary>Queues the checkpoint's records; delivery failures are logged (the previous checkpoint stays the latest).</summary>
    public void Write(string eventsTopic, PartitionCheckpoint checkpoint)
    {
        foreach (var record in Records(eventsTopic, checkpoint))
        {
            _writer.Write(record);
        }
    }

    /// <summary>Waits for what was written to be acknowledged (at shutdown and before a partition is handed over).</summary>
    public void Flush(TimeSpan timeout)
    {
        if (!_writer.Flush(timeout))
        {
            LogNotFlushed(logger, _topic, timeout);
        }
    }

    /// <summary>
    /// The latest complete checkpoint of each of <paramref name="partitions"/> of <paramref name="eventsTopic"/>: the whole
    /// checkpoint topic is read (it holds one checkpoint per partition once compacted). Empty when the topic does not
    /// exist or cannot be read in time; a checkpoint that is incomplete or of another format is left out and logged.
    /// </summary>
    public Dictionary<int, PartitionCheckpoint> ReadLatest(string eventsTopic, IReadOnlyCollection<int> partitions)
    {
        var config = connection.ReaderConfig("checkpoints");
        config.AllowAutoCreateTopics = false;
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        var started = clock.GetTimestamp();
        try
        {
            var latest = ReadAll(consumer);
            if (latest is null)
            {
                return [];
            }

            var (found, problems) = Assemble(eventsTopic, latest.Values);
            LogRead(logger, found.Count, latest.Values.Sum(m => (long)m.Value.Length), _topic, clock.GetElapsedTime(started));
            foreach (var problem in problems)
            {
                LogIgnored(logger, _topic, problem);
            }

            return found.Where(f => partitions.Contains(f.Key)).ToDictionary();
        }
        catch (KafkaException ex)
        {
            LogUnreadable(logger, _topic, ex.Error.Code, ex.Error.Reason);
            return [];
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>The latest record of every key on the checkpoint topic; null when it does not exist or was not read in time.</summary>
    private Dictionary<string, Message<string, byte[]>>? ReadAll(IConsumer<string, byte[]> consumer)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(_topic, TimeSpan.FromSeconds(10)).Topics.FirstOrDefault(t => t.Topic == _topic);
        if (metadata is not { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 })
        {
            LogNoTopic(logger, _topic);
            return null;
        }

        var ends = new Dictionary<TopicPartition, long>();
        var starts = new List<TopicPartitionOffset>();
        foreach (var partition in metadata.Partitions.Select(p => new TopicPartition(_topic, p.PartitionId)))
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                ends[partition] = watermarks.High.Value;
                starts.Add(new TopicPartitionOffset(partition, watermarks.Low));
            }
        }

        var latest = new Dictionary<string, Message<string, byte[]>>(StringComparer.Ordinal);
        consumer.Assign(starts);
        // Bounded by polls that bring nothing, not by the clock: an I/O timeout, which a test's fake clock must not stretch.
        for (var idle = 0; ends.Count > 0;)
        {
            if (consumer.Consume(PollWait) is not { IsPartitionEOF: false, Message: not null } result)
            {
                if (++idle * PollWait > ReadTimeout)
                {
                    LogReadTimedOut(logger, _topic, ReadTimeout);
                    return null; // a partial read could miss the newest checkpoint: replaying is safe, an old one is not exact
                }

                continue;
            }

            idle = 0;

            if (result.Message.Key is { } key)
            {
                latest[key] = result.Message;
            }

            if (ends.TryGetValue(result.TopicPartition, out var end) && result.Offset.Value + 1 >= end)
            {
                ends.Remove(result.TopicPartition);
            }
        }

        return latest;
    }

    /// <summary>The checkpoint's records: its units, laid out once, cut into chunks of at most <see cref="ChunkBytes"/>.</summary>
    internal static List<Message<string, byte[]>> Records(string eventsTopic, PartitionCheckpoint checkpoint)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(checkpoint.Units.Count);
            foreach (var (unit, state) in checkpoint.Units)
            {
                writer.Write(unit);
                writer.Write(state.Length);
                writer.Write(state);
            }
        }

        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var chunks = Math.Max(1, (bytes.Length + ChunkBytes - 1) / ChunkBytes);
        var records = new List<Message<string, byte[]>>(chunks);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var part = bytes.Slice(chunk * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (chunk * ChunkBytes)));
            records.Add(new Message<string, byte[]>
            {
                Key = Key(eventsTopic, checkpoint.Partition, chunk),
                Value = part.ToArray(),
                Headers = new Headers
                {
                    { FormatHeader, Encoding.UTF8.GetBytes(FormatVersion) },
                    { PartitionHeader, Text(checkpoint.Partition) },
                    { OffsetHeader, Text(checkpoint.Offset) },
                    { TakenAtHeader, Text(checkpoint.TakenAt.UtcTicks) },
                    { ChunkHeader, Encoding.UTF8.GetBytes($"{chunk}/{chunks}") },
                },
            });
        }

        return records;
    }

    /// <summary>
    /// The complete checkpoints among the latest records (one per key) of <paramref name="eventsTopic"/>'s partitions, and
    /// why any other was left out: another format version, a chunk missing or of another checkpoint, an unreadable layout.
    /// </summary>
    internal static (Dictionary<int, PartitionCheckpoint> Found, List<string> Problems) Assemble(string eventsTopic, IEnumerable<Message<string, byte[]>> latest)
    {
        var byKey = latest.Where(m => m.Key?.StartsWith(eventsTopic + "/", StringComparison.Ordinal) == true).ToDictionary(m => m.Key, StringComparer.Ordinal);
        var found = new Dictionary<int, PartitionCheckpoint>();
        var problems = new List<string>();
        foreach (var first in byKey.Values.Where(m => m.Key.EndsWith("/0", StringComparison.Ordinal)))
        {
            var format = Header(first, FormatHeader);
            if (format != FormatVersion)
            {
                problems.Add($"{first.Key}: format version {format ?? "(none)"}, not {FormatVersion}");
                continue;
            }

            if (!TryHeaders(first, out var partition, out var offset, out var takenAt, out var count) || first.Key != Key(eventsTopic, partition, 0))
            {
                problems.Add($"{first.Key}: headers unreadable");
                continue;
            }

            using var payload = new MemoryStream();
            payload.Write(first.Value);
            var complete = true;
            for (var chunk = 1; chunk < count && complete; chunk++)
            {
                complete = byKey.TryGetValue(Key(eventsTopic, partition, chunk), out var next)
                    && TryHeaders(next, out var p, out var o, out var t, out var c) && (p, o, t, c) == (partition, offset, takenAt, count);
                if (complete)
                {
                    payload.Write(next!.Value);
                }
                else
                {
                    problems.Add($"{first.Key}: chunk {chunk} of {count} missing or of another checkpoint");
                }
            }

            if (!complete)
            {
                continue;
            }

            try
            {
                payload.Position = 0;
                using var reader = new BinaryReader(payload, Encoding.UTF8);
                var units = new List<(string, byte[])>();
                for (var n = reader.ReadInt32(); n > 0; n--)
                {
                    var unit = reader.ReadString();
                    var length = reader.ReadInt32();
                    var state = reader.ReadBytes(length);
                    units.Add(state.Length == length ? (unit, state) : throw new EndOfStreamException());
                }

                found[partition] = new PartitionCheckpoint(partition, offset, new DateTimeOffset(takenAt, TimeSpan.Zero), units);
            }
            catch (Exception ex) when (ex is EndOfStreamException or IOException or ArgumentOutOfRangeException)
            {
                problems.Add($"{first.Key}: unreadable ({ex.Message})");
            }
        }

        return (found, problems);
    }

    private static bool TryHeaders(Message<string, byte[]> message, out int partition, out long offset, out long takenAt, out int chunks)
    {
        (partition, offset, takenAt, chunks) = (0, 0, 0, 0);
        var chunk = Header(message, ChunkHeader)?.Split('/');
        return int.TryParse(Header(message, PartitionHeader), NumberStyles.None, CultureInfo.InvariantCulture, out partition)
            && long.TryParse(Header(message, OffsetHeader), NumberStyles.None, CultureInfo.InvariantCulture, out offset)
            && long.TryParse(Header(message, TakenAtHeader), NumberStyles.None, CultureInfo.InvariantCulture, out takenAt)
            && chunk is { Length: 2 } && int.TryParse(chunk[1], NumberStyles.None, CultureInfo.InvariantCulture, out chunks) && chunks > 0;
    }

    private static string Key(string eventsTopic, int partition, int chunk) => $"{eventsTopic}/{partition}/{chunk}";

    private static byte[] Text(long value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static string? Header(Message<string, byte[]> message, string name) =>
        message.Headers is { } headers && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Checkpoints are written whole or not at all as far as the producer can: no batching delay to wait out at shutdown.</summary>
    private static ProducerConfig With(ProducerConfig config)
    {
        config.LingerMs = 0;
        return config;
    }

    public void Dispose() => _writer.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a checkpoint to {Topic} ({Code}: {Reason}); a restart replays from the last one written, or from the replay horizon")]
    private static partial void LogWriteFailed(ILogger logger, string topic, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Checkpoints} partition checkpoint(s), {Bytes} bytes of records, from {Topic} in {Elapsed}")]
    private static partial void LogRead(ILogger logger, int checkpoints, long bytes, string topic, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoints on {Topic} not all written within {Timeout}; a restart may replay from an older one")]
    private static partial void LogNotFlushed(ILogger logger, string topic, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint ignored on {Topic}: {Problem}; its partition replays from the replay horizon")]
    private static partial void LogIgnored(ILogger logger, string topic, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "No checkpoint topic {Topic} yet: partitions replay from the replay horizon")]
    private static partial void LogNoTopic(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint topic {Topic} not read within {Timeout}: partitions replay from the replay horizon")]
    private static partial void LogReadTimedOut(ILogger logger, string topic, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint topic {Topic} unreadable ({Code}: {Reason}): partitions replay from the replay horizon")]
    private static partial void LogUnreadable(ILogger logger, string topic, ErrorCode code, string reason);
}
