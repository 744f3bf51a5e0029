using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Logging;
using Confluent.Kafka;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// Writes the snapshots (and departments' breach-risk lists) of the units this node owns to the figures table. Called
/// by the processing loop at each live publication; never blocks it: a record the client cannot queue is dropped (a newer
/// one follows within a tick).
/// </summary>
public sealed partial class FiguresTablePublisher(KafkaConnection connection, NodeIdentity node, TimeProvider clock, ILogger<FiguresTablePublisher> logger) : IDisposable
{
    private readonly Lazy<IProducer<string, byte[]>> _producer = new(() => new ProducerBuilder<string, byte[]>(connection.ProducerConfig()).Build());
    private readonly RepeatedLogGate<ErrorCode> _errorLog = new(TimeSpan.FromMinutes(1));
    private readonly string _topic = connection.Options.FiguresTopic;

    /// <summary>Queues <paramref name="snapshot"/> (of a unit this node owns and has live) for the table.</summary>
    public void Publish(UnitSnapshot snapshot) => Produce(FiguresTable.Record(snapshot, node.Id));

    /// <summary>Queues the breach-risk list of a department this node owns and has live.</summary>
    public void Publish(Processing.BreachRiskList list) => Produce(FiguresTable.Record(list, node.Id));

    private void Produce(Message<string, byte[]> record)
    {
        try
        {
            _producer.Value.Produce(_topic, record, report =>
            {
                if (report.Error.IsError)
                {
                    LogWhenDue(report.Error);
                }
            });
        }
        catch (ProduceException<string, byte[]> ex)
        {
            LogWhenDue(ex.Error);
        }
    }

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(2));
            _producer.Value.Dispose();
        }
    }

    private void LogWhenDue(Error error)
    {
        if (_errorLog.ShouldLog(error.Code, clock.GetUtcNow()))
        {
            LogWriteFailed(logger, _topic, error.Code, error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write to the figures table {Topic} ({Code}: {Reason}); other nodes show this node's units as not live until it can")]
    private static partial void LogWriteFailed(ILogger logger, string topic, ErrorCode code, string reason);
}
