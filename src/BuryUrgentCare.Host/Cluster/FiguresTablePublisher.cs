using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// Writes the snapshots (and departments' breach-risk lists) of the units this node owns to the figures table. Called
/// by the processing loop at each live publication; never blocks it: a record the client cannot queue is dropped (a newer
/// one follows within a tick).
/// </summary>
public sealed partial class FiguresTablePublisher(KafkaConnection connection, NodeIdentity node, TimeProvider clock, ILogger<FiguresTablePublisher> logger) : IDisposable
{
    private readonly QueuedTopicWriter _writer = new(connection.ProducerConfig(), connection.Options.FiguresTopic, TimeSpan.FromSeconds(2), clock,
        error => LogWriteFailed(logger, connection.Options.FiguresTopic, error.Code, error.Reason));

    /// <summary>Queues <paramref name="snapshot"/> (of a unit this node owns and has live) for the table.</summary>
    public void Publish(UnitSnapshot snapshot) => _writer.Write(FiguresTable.Record(snapshot, node.Id));

    /// <summary>Queues the breach-risk list of a department this node owns and has live.</summary>
    public void Publish(Processing.BreachRiskList list) => _writer.Write(FiguresTable.Record(list, node.Id));

    public void Dispose() => _writer.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write to the figures table {Topic} ({Code}: {Reason}); other nodes show this node's units as not live until it can")]
    private static partial void LogWriteFailed(ILogger logger, string topic, Confluent.Kafka.ErrorCode code, string reason);
}
