using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Where our Kafka clients connect: the configured cluster, or an in-process cluster started on first
/// use when none is configured. Builds the client configurations so every client shares one policy.
/// </summary>
public sealed partial class KafkaConnection : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly EmbeddedKafkaCluster? _embedded;

    public KafkaConnection(IOptions<KafkaOptions> options, ILogger<KafkaConnection> logger)
    {
        _options = options.Value;
        KafkaNativeLibrary.Register();
        if (_options.IsEmbedded)
        {
            _embedded = new EmbeddedKafkaCluster();
            BootstrapServers = _embedded.BootstrapServers;
            LogEmbedded(logger, BootstrapServers, _options.Topic);
        }
        else
        {
            BootstrapServers = _options.BootstrapServers!;
        }
    }

    public string BootstrapServers { get; }

    public bool IsEmbedded => _embedded is not null;

    /// <summary>See <see cref="KafkaOptions.SupportsTimestampLookup"/>.</summary>
    public bool SupportsTimestampLookup => _embedded is null && _options.SupportsTimestampLookup;

    public KafkaOptions Options => _options;

    /// <summary>
    /// A consumer that reads partitions it assigns itself: a group id of its own (the client requires one; no group is
    /// joined) and nothing committed. <paramref name="name"/> says what it reads, in the id.
    /// </summary>
    public ConsumerConfig ReaderConfig(string name)
    {
        var config = ConsumerConfig();
        config.GroupId = $"bury-{name}-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        return config;
    }

    public ConsumerConfig ConsumerConfig() => With(new ConsumerConfig
    {
        BootstrapServers = BootstrapServers,
        GroupId = _options.GroupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        // At-least-once: an offset is stored only after its message was processed (or dead-lettered),
        // and the periodic auto-commit commits only stored offsets.
        EnableAutoCommit = true,
        EnableAutoOffsetStore = false,
        FetchWaitMaxMs = (int)_options.FetchWaitMax.TotalMilliseconds,
        // When the pre-fetched queue is over its limits (processing behind the fetch: a replay, a backlog), librdkafka
        // waits this long before fetching the partition again: 1 s by default, which kept a replay idle most of the time
        // (112 k events/s with the host 60 % idle; 315 k with 10 ms: docs/performance.md, "replay").
        FetchQueueBackoffMs = 10,
        // The topic may not exist yet when the worker starts (the in-process cluster has no CreateTopics).
        AllowAutoCreateTopics = true,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        // A subscribed topic that does not exist yet is looked for again this often (librdkafka: 5 min).
        TopicMetadataRefreshIntervalMs = 10_000,
    });

    public ProducerConfig ProducerConfig() => With(new ProducerConfig
    {
        BootstrapServers = BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        // Java clients hash keys with murmur2; librdkafka defaults to CRC32. Using murmur2 here puts a
        // unit on the same partition whichever client sends it (contract: all of a unit's events in order).
        Partitioner = Partitioner.Murmur2Random,
        LingerMs = 5,
    });

    /// <summary>
    /// Makes sure the topics exist before the consumer subscribes. The in-process cluster cannot
    /// CreateTopics, but a producer's metadata request auto-creates a topic (4 partitions). On a real
    /// cluster topics are provisioned by operations; if one is missing this returns false and the
    /// consumer picks it up once it exists (see <c>topic.metadata.refresh.interval.ms</c>).
    /// </summary>
    public bool EnsureTopics(TimeSpan timeout, params string[] topics)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(ProducerConfig()).Build();
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        foreach (var topic in topics)
        {
            while (true)
            {
                var metadata = admin.GetMetadata(topic, timeout);
                if (metadata.Topics.Any(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0))
                {
                    break;
                }

                if (waited.Elapsed > timeout)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private T With<T>(T config) where T : ClientConfig
    {
        foreach (var (key, value) in _options.Client)
        {
            config.Set(key, value);
        }

        return config;
    }

    public void Dispose() => _embedded?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Kafka:BootstrapServers configured: started librdkafka's in-process cluster at {BootstrapServers}. Produce to it with: kcat -b {BootstrapServers} -X partitioner=murmur2_random -t {Topic} -K: -P")]
    private static partial void LogEmbedded(ILogger logger, string bootstrapServers, string topic);
}
