using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// librdkafka's in-process mock cluster (<c>test.mock.num.brokers</c>): a real Kafka protocol endpoint
/// with consumer groups and offset commits, living as long as the client that created it. Other clients
/// (ours, or <c>kcat -b &lt;address&gt;</c>) connect to <see cref="BootstrapServers"/>.
/// Limits (DESIGN.md): no CreateTopics (topics auto-create with 4 partitions on first produce or
/// metadata request), and each partition keeps only its last ~5 MiB in memory.
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly IAdminClient _owner;

    public EmbeddedKafkaCluster(int brokers = 1)
    {
        KafkaNativeLibrary.Register();
        var config = new AdminClientConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _owner = new AdminClientBuilder(config).Build();

        var metadata = _owner.GetMetadata(TimeSpan.FromSeconds(10));
        BootstrapServers = string.Join(',', metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
        BrokerIds = [.. metadata.Brokers.Select(b => b.BrokerId)];
    }

    /// <summary>The in-process brokers' ids.</summary>
    public IReadOnlyList<int> BrokerIds { get; }

    /// <summary>Address of the in-process brokers, e.g. <c>127.0.0.1:39127</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>
    /// Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions (auto-created topics get 4): more
    /// partitions hold more, since each keeps only its last ~5 MiB.
    /// </summary>
    public void CreateTopic(string topic, int partitions)
    {
        var error = Native.TopicCreate(MockHandle(), topic, partitions, 1);
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}, {partitions}) failed with error {error}.");
        }
    }

    /// <summary>
    /// Makes the cluster answer the next <paramref name="errors"/>.Length requests of the Kafka API
    /// <paramref name="apiKey"/> (e.g. 2 = ListOffsets, 3 = Metadata, 9 = OffsetFetch) with those errors, one each, from
    /// whichever client sends them: how tests meet a broker in trouble.
    /// </summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Native.PushRequestErrors(MockHandle(), apiKey, (nuint)errors.Length, [.. errors.Select(e => (int)e)]);
    }

    /// <summary>
    /// Takes broker <paramref name="brokerId"/> down — its connections closed and new ones refused on its address, as an
    /// unreachable broker — or back up on the same address: how tests meet a Kafka outage.
    /// </summary>
    public void SetBrokerUp(int brokerId, bool up)
    {
        var error = (up ? Native.BrokerSetUp : Native.BrokerSetDown)(MockHandle(), brokerId);
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_broker_set_{(up ? "up" : "down")}({brokerId}) failed with error {error}.");
        }
    }

    public void Dispose() => _owner.Dispose();

    /// <summary>The rd_kafka_mock_cluster_t* of the client that started the cluster.</summary>
    private IntPtr MockHandle()
    {
        // Confluent.Kafka keeps the rd_kafka_t* internal: read it the one way it can be read.
        var handle = _owner.Handle.GetType().GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_owner.Handle);
        var mock = Native.HandleMockCluster(((SafeHandle)handle!).DangerousGetHandle());
        return mock != IntPtr.Zero ? mock : throw new InvalidOperationException("The embedded cluster's client has no mock cluster handle.");
    }

    /// <summary>librdkafka's public mock-cluster API (rdkafka_mock.h), which Confluent.Kafka does not wrap.</summary>
    private static class Native
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate IntPtr HandleMockClusterFn(IntPtr rk);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int TopicCreateFn(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void PushRequestErrorsFn(IntPtr mcluster, short apiKey, nuint count, int[] errors);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int BrokerSetUpDownFn(IntPtr mcluster, int brokerId);

        public static readonly HandleMockClusterFn HandleMockCluster = KafkaNativeLibrary.Export<HandleMockClusterFn>("rd_kafka_handle_mock_cluster");
        public static readonly TopicCreateFn TopicCreate = KafkaNativeLibrary.Export<TopicCreateFn>("rd_kafka_mock_topic_create");
        public static readonly PushRequestErrorsFn PushRequestErrors = KafkaNativeLibrary.Export<PushRequestErrorsFn>("rd_kafka_mock_push_request_errors_array");
        public static readonly BrokerSetUpDownFn BrokerSetDown = KafkaNativeLibrary.Export<BrokerSetUpDownFn>("rd_kafka_mock_broker_set_down");
        public static readonly BrokerSetUpDownFn BrokerSetUp = KafkaNativeLibrary.Export<BrokerSetUpDownFn>("rd_kafka_mock_broker_set_up");
    }
}
