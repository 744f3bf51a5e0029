using BuryUrgentCare.Ingestion;
using Confluent.Kafka;

namespace BuryUrgentCare.LoadTests.Target;

/// <summary>
/// librdkafka's in-process cluster, owned by the load-test process so a host can be started, killed and started again
/// against the same log. Each partition of it keeps only its last ~5 MiB (hard-coded in rdkafka_mock.c, no setting
/// raises it) and auto-created topics get 4 partitions; <see cref="CreateTopic"/> calls librdkafka's public mock API
/// (<c>rd_kafka_mock_topic_create</c>, through <see cref="EmbeddedKafkaCluster.CreateTopic"/>) to create a topic with more partitions,
/// which is how the replay scenario holds 2,000,000 events.
/// </summary>
public sealed class MockCluster : IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = new();
    private readonly IAdminClient _control;

    public MockCluster()
    {
        BootstrapServers = _cluster.BootstrapServers;
        _control = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
    }

    public string BootstrapServers { get; }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions in the in-process cluster.</summary>
    public void CreateTopic(string topic, int partitions) => _cluster.CreateTopic(topic, partitions);

    public int PartitionCount(string topic) =>
        _control.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single(t => t.Topic == topic).Partitions.Count;

    public IProducer<string, byte[]> CreateProducer(Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2Random, // as the host's clients: a unit lands where they expect it
            LingerMs = 1,
        };
        configure?.Invoke(config);
        return new ProducerBuilder<string, byte[]>(config).Build();
    }

    public void Dispose()
    {
        _control.Dispose();
        _cluster.Dispose();
    }
}
