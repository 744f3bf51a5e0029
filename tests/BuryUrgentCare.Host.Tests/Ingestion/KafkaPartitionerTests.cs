using BuryUrgentCare.Contract;
using BuryUrgentCare.Support;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>Our murmur2 partition of a key is the one librdkafka's murmur2_random partitioner delivers it to.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaPartitionerTests(KafkaTestCluster kafka)
{
    [Fact]
    public async Task Murmur2Partition_IsWhereAProducerPutsTheKey()
    {
        var topic = kafka.NewTopic();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
        }).Build();
        string[] keys = [.. UnitCatalog.Bury.Units.Select(u => u.Id), "a", "ab", "abc", "abcd", "a-little-bit-longer-string", "Wythenshawe ED"];

        foreach (var key in keys)
        {
            var delivered = await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = [] });
            var partitions = kafka.PartitionCount(topic);

            KafkaPartitioner.Murmur2Partition(key, partitions).ShouldBe(delivered.Partition.Value, key);
        }
    }
}
