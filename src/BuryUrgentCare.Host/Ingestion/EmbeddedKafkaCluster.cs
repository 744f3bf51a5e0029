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
    }

    /// <summary>Address of the in-process brokers, e.g. <c>127.0.0.1:39127</c>.</summary>
    public string BootstrapServers { get; }

    public void Dispose() => _owner.Dispose();
}
