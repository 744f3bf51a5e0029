using System.Globalization;
using System.Text;
using BuryUrgentCare.Contract;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Writes a rejected message, whole, to the dead-letter topic with headers naming the reason, a
/// detail a person can act on, and where it came from. Returns only once Kafka acknowledged, so the
/// caller may then store the original offset: a rejection is never lost between the two topics.
/// </summary>
public sealed class DeadLetterWriter : IDisposable
{
    public const string ReasonHeader = "dlq-reason";
    public const string DetailHeader = "dlq-detail";
    public const string TopicHeader = "dlq-original-topic";
    public const string PartitionHeader = "dlq-original-partition";
    public const string OffsetHeader = "dlq-original-offset";
    public const string RejectedAtHeader = "dlq-rejected-at";

    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly string _topic;
    private readonly TimeProvider _clock;
    private readonly long[] _writtenByReason = new long[RejectionReasons.Count];
    private long _written;

    public DeadLetterWriter(KafkaConnection connection, TimeProvider clock)
    {
        _topic = connection.Options.DeadLetterTopic;
        _clock = clock;
        _producer = new ProducerBuilder<byte[]?, byte[]?>(connection.ProducerConfig()).Build();
    }

    public string Topic => _topic;

    /// <summary>Rejected messages Kafka acknowledged on the dead-letter topic since start (any thread may read).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Dead letters written since start with the reason <paramref name="reason"/> (any thread may read).</summary>
    public long WrittenFor(RejectionReason reason) => Interlocked.Read(ref _writtenByReason[(int)reason]);

    public void Write(ConsumeResult<byte[]?, byte[]?> original, Rejection rejection, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        if (original.Message.Headers is { } originalHeaders)
        {
            foreach (var header in originalHeaders)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(ReasonHeader, Encoding.UTF8.GetBytes(rejection.Code));
        headers.Add(DetailHeader, Encoding.UTF8.GetBytes(rejection.Detail));
        headers.Add(TopicHeader, Encoding.UTF8.GetBytes(original.Topic));
        headers.Add(PartitionHeader, Encoding.UTF8.GetBytes(original.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(OffsetHeader, Encoding.UTF8.GetBytes(original.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(RejectedAtHeader, Encoding.UTF8.GetBytes(_clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));

        var message = new Message<byte[]?, byte[]?> { Key = original.Message.Key, Value = original.Message.Value, Headers = headers };
        // Blocking on the consumer thread is deliberate: the next offset must not be stored before this
        // write is durable, and rejections are rare enough that the wait costs nothing in throughput.
        _producer.ProduceAsync(_topic, message, cancellationToken).GetAwaiter().GetResult();
        Interlocked.Increment(ref _writtenByReason[(int)rejection.Reason]);
        Interlocked.Increment(ref _written);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
