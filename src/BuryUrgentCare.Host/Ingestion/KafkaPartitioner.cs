using System.Text;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Kafka's default key partitioner (the Java client's, and librdkafka's <c>murmur2_random</c> for keyed messages):
/// <c>(murmur2(key) &amp; 0x7fffffff) % partitions</c>. Every producer of the contract partitions by unit with it, so
/// a worker can tell which of its partitions holds a unit before any of the unit's events arrives.
/// </summary>
public static class KafkaPartitioner
{
    /// <summary>The partition of a string key (its UTF-8 bytes).</summary>
    public static int Murmur2Partition(string key, int partitions)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        return (Murmur2(Encoding.UTF8.GetBytes(key)) & 0x7fffffff) % partitions;
    }

    /// <summary>MurmurHash2 with Kafka's seed, exactly as <c>org.apache.kafka.common.utils.Utils.murmur2</c>.</summary>
    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = (uint)(data[i * 4] | (data[(i * 4) + 1] << 8) | (data[(i * 4) + 2] << 16) | (data[(i * 4) + 3] << 24));
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = length & ~3;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }
}
