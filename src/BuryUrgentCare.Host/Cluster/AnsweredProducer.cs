using BuryUrgentCare.Ingestion;
using Confluent.Kafka;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// A producer for the records a person waits on (an admin's device token, an escalation call's action): made on first
/// use, with a delivery timeout of <paramref name="timeout"/> so that a cluster that cannot take a record is an answer
/// within seconds (a 503), not a five-minute wait; flushed briefly and closed on dispose. The fire-and-forget topics
/// have <see cref="QueuedTopicWriter"/> instead.
/// </summary>
public sealed class AnsweredProducer(KafkaConnection connection, TimeSpan timeout) : IDisposable
{
    private readonly Lazy<IProducer<string, byte[]>> _producer = new(() =>
    {
        var config = connection.ProducerConfig();
        config.MessageTimeoutMs = (int)timeout.TotalMilliseconds;
        return new ProducerBuilder<string, byte[]>(config).Build();
    });

    /// <summary>Writes <paramref name="message"/> and completes once the cluster has it; throws (a <see cref="KafkaException"/>) if it cannot.</summary>
    public Task<DeliveryResult<string, byte[]>> ProduceAsync(string topic, Message<string, byte[]> message, CancellationToken cancellationToken) =>
        _producer.Value.ProduceAsync(topic, message, cancellationToken);

    /// <inheritdoc cref="ProduceAsync(string, Message{string, byte[]}, CancellationToken)"/>
    public Task<DeliveryResult<string, byte[]>> ProduceAsync(TopicPartition partition, Message<string, byte[]> message, CancellationToken cancellationToken) =>
        _producer.Value.ProduceAsync(partition, message, cancellationToken);

    private int _disposed;

    /// <summary>Flushes and closes the producer; once (a service registered twice is disposed twice).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(2));
            _producer.Value.Dispose();
        }
    }
}
