using System.Reflection;
using System.Runtime.InteropServices;
using BuryUrgentCare.Ingestion;
using Confluent.Kafka;

namespace BuryUrgentCare.LoadTests.Target;

/// <summary>
/// librdkafka's in-process cluster, owned by the load-test process so a host can be started, killed and started again
/// against the same log. Each partition of it keeps only its last ~5 MiB (hard-coded in rdkafka_mock.c, no setting
/// raises it) and auto-created topics get 4 partitions; <see cref="CreateTopic"/> calls librdkafka's public mock API
/// (<c>rd_kafka_handle_mock_cluster</c>, <c>rd_kafka_mock_topic_create</c>, not reachable through Confluent.Kafka) to create a topic with more partitions,
/// which is how the replay scenario holds 2,000,000 events.
/// </summary>
public sealed unsafe class MockCluster : IDisposable
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
    public void CreateTopic(string topic, int partitions)
    {
        // The cluster lives in the client that started it (EmbeddedKafkaCluster's admin client): find its rd_kafka_t*.
        var owner = (IClient)typeof(EmbeddedKafkaCluster).GetField("_owner", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_cluster)!;
        var safeHandle = (SafeHandle)owner.Handle.GetType().GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(owner.Handle)!;
        // The same file KafkaNativeLibrary loaded for Confluent.Kafka (dlopen hands back the loaded library).
        var folder = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        var library = IntPtr.Zero;
        foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(folder, file), out library))
            {
                break;
            }
        }

        var clusterHandle = (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(library, "rd_kafka_handle_mock_cluster");
        var topicCreate = (delegate* unmanaged<IntPtr, byte*, int, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create");
        var mock = clusterHandle(safeHandle.DangerousGetHandle());
        if (mock == IntPtr.Zero)
        {
            throw new InvalidOperationException("The embedded cluster's client has no mock cluster handle.");
        }

        var name = System.Text.Encoding.UTF8.GetBytes(topic + "\0");
        fixed (byte* utf8 = name)
        {
            var error = topicCreate(mock, utf8, partitions, 1);
            if (error != 0)
            {
                throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}, {partitions}) failed with error {error}.");
            }
        }
    }

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
