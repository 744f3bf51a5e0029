using BuryUrgentCare.Logging;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Queues records on one topic without waiting for them: the writer of the figures table and of the state checkpoints,
/// where a record that is lost is replaced by the next one (or the previous stays the latest), and the caller — the
/// processing loop — must never block on the cluster. A record the client cannot queue, or the cluster does not take, is
/// reported to <paramref name="failed"/> at most once a minute per error code. The producer is made on first use.
/// </summary>
/// <param name="flushOnDispose">How long disposing waits for what is still queued.</param>
public sealed class QueuedTopicWriter(ProducerConfig config, string topic, TimeSpan flushOnDispose, TimeProvider clock, Action<Error> failed)
    : IDisposable
{
    private readonly Lazy<IProducer<string, byte[]>> _producer = new(() => new ProducerBuilder<string, byte[]>(config).Build());
    private readonly RepeatedLogGate<ErrorCode> _failures = new(TimeSpan.FromMinutes(1));

    public string Topic => topic;

    /// <summary>Queues <paramref name="record"/>; never throws for a record that cannot be written, and never waits.</summary>
    public void Write(Message<string, byte[]> record)
    {
        try
        {
            _producer.Value.Produce(topic, record, report =>
            {
                if (report.Error.IsError)
                {
                    Report(report.Error);
                }
            });
        }
        catch (ProduceException<string, byte[]> ex)
        {
            Report(ex.Error);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for what was written to be acknowledged; false if some is not.</summary>
    public bool Flush(TimeSpan timeout) => !_producer.IsValueCreated || _producer.Value.Flush(timeout) == 0;

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(flushOnDispose);
            _producer.Value.Dispose();
        }
    }

    private void Report(Error error)
    {
        if (_failures.ShouldLog(error.Code, clock.GetUtcNow()))
        {
            failed(error);
        }
    }
}
