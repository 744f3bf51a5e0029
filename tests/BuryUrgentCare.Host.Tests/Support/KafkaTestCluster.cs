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

    /// <summary>A fresh topic name for one test.</summary>
    public string NewTopic(string prefix = "uec.events") => $"{prefix}.t{Interlocked.Increment(ref _topics)}.{Guid.NewGuid():N}";

    public IProducer<string, byte[]> CreateProducer() =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 0 }).Build();

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

    public void Dispose() => _cluster.Dispose();
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaTestCluster>
{
    public const string Name = "kafka";
}
