using System.Runtime.CompilerServices;
using BuryUrgentCare.Ingestion;
using Confluent.Kafka;

namespace BuryUrgentCare.Support;

internal static class NativeLibraries
{
    /// <summary>librdkafka must be resolved by path before any Confluent.Kafka call (DESIGN.md).</summary>
    [ModuleInitializer]
    internal static void Register() => KafkaNativeLibrary.Register();
}

/// <summary>
/// One librdkafka in-process cluster shared by a test collection: a real Kafka protocol endpoint.
/// Tests isolate themselves with their own topic and consumer group names.
/// </summary>
public sealed class KafkaTestCluster : IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = new();
    private int _topics;

    public string BootstrapServers => _cluster.BootstrapServers;

    /// <summary>The next requests of Kafka API <paramref name="apiKey"/>, from any client, fail with these errors.</summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors) => _cluster.PushRequestErrors(apiKey, errors);

    /// <summary>
    /// Every broker of the cluster unreachable (connections closed, new ones refused) or reachable again, for every client:
    /// only for a cluster no other test is using at the same time.
    /// </summary>
    public void SetReachable(bool reachable)
    {
        foreach (var broker in _cluster.BrokerIds)
        {
            _cluster.SetBrokerUp(broker, reachable);
        }
    }

    /// <summary>A fresh topic name for one test.</summary>
    public string NewTopic(string prefix = "uec.events") => $"{prefix}.t{Interlocked.Increment(ref _topics)}.{Guid.NewGuid():N}";

    /// <summary>A producer that partitions by key as the contract asks (murmur2, like the Java clients).</summary>
    public IProducer<string, byte[]> CreateProducer() =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            LingerMs = 0,
            Partitioner = Partitioner.Murmur2Random,
        }).Build();

    /// <summary>How many partitions the topic has (the in-process cluster creates 4 on first use).</summary>
    public int PartitionCount(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single(t => t.Topic == topic).Partitions.Count;
    }

    public IConsumer<byte[]?, byte[]?> CreateConsumer(string topic)
    {
        var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            AllowAutoCreateTopics = true,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe(topic);
        return consumer;
    }

    /// <summary>Every record of every partition of <paramref name="topic"/>, partition by partition, in log order.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic)
    {
        var timeout = TimeSpan.FromSeconds(90);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        using var reader = CreateConsumer(topic);
        reader.Unsubscribe();
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        foreach (var partition in admin.GetMetadata(topic, timeout).Topics.Single().Partitions)
        {
            var tp = new TopicPartition(topic, partition.PartitionId);
            var high = reader.QueryWatermarkOffsets(tp, timeout).High.Value;
            reader.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
            while (records.Count(r => r.Partition.Value == partition.PartitionId) < high)
            {
                records.Add(reader.Consume(timeout) ?? throw new TimeoutException($"{tp} ended before offset {high}"));
            }
        }

        return records;
    }

    public void Dispose() => _cluster.Dispose();
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaTestCluster>
{
    public const string Name = "kafka";
}
