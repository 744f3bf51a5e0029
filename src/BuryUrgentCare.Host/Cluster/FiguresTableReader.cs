using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Processing;
using Confluent.Kafka;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// Reads the whole figures table (every partition, from the beginning, no consumer group: a global table) and serves
/// the units other nodes own from it: into <see cref="RemoteFigures"/> and the <see cref="SnapshotStore"/>, from which the
/// API, the hub, OPEL and alerts read. A unit this node owns and has live is never overwritten by the table.
/// </summary>
public sealed class FiguresTableReader(
    KafkaConnection connection,
    UnitCatalog units,
    SnapshotStore store,
    RemoteFigures remote,
    UnitOwnership ownership,
    NodeIdentity node,
    TimeProvider clock,
    ILogger<FiguresTableReader> logger) : BackgroundService
{
    private readonly GlobalTableReader _reader = new(connection, connection.Options.FiguresTopic, "figures table",
        "other nodes' units are shown not live", clock, logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _reader.Start(Apply, stoppingToken);

    private void Apply(Message<string, byte[]> message)
    {
        if (FiguresTable.Read(units, message.Key, message.Value, message.Headers) is not { } record)
        {
            _reader.Unreadable(message.Key);
            return;
        }

        if (record.Owner == node.Id || !units.TryGetIndex(record.Snapshot.Unit, out var unit) || ownership.Of(unit).IsLive)
        {
            return; // this node's own record, or a unit this node owns and serves live itself
        }

        remote.Received(unit, record.Snapshot, record.Owner);
        store.Publish(unit, record.Snapshot);
    }
}
