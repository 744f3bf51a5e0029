using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Processing;
using Confluent.Kafka;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// Reads the whole figures table (every partition, from the beginning, no consumer group: a global table) and serves
/// the units other nodes own from it: into <see cref="RemoteFigures"/> and the <see cref="SnapshotStore"/>, from which the
/// API, the hub, OPEL and alerts read, and departments' breach-risk lists into the <see cref="Units.BreachRiskBoard"/>. A
/// unit this node owns and has live is never overwritten by the table.
/// </summary>
public sealed class FiguresTableReader(
    KafkaConnection connection,
    UnitCatalog units,
    SnapshotStore store,
    RemoteFigures remote,
    UnitOwnership ownership,
    Units.BreachRiskBoard breachRisk,
    NodeIdentity node,
    TimeProvider clock,
    ILogger<FiguresTableReader> logger) : BackgroundService
{
    private readonly GlobalTableReader _reader = new(connection, connection.Options.FiguresTopic, "figures table",
        "other nodes' units are shown not live", clock, logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _reader.Start(Apply, stoppingToken);

    private void Apply(Message<string, byte[]> message)
    {
        if (FiguresTable.IsBreachRisk(message.Headers))
        {
            ApplyBreachRisk(message);
            return;
        }

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

    /// <summary>
    /// Another node's breach-risk list of a department it owns: onto this node's board, so the list's page, the wallboard
    /// panel and the per-patient alerts here show it. When the owner falls silent the processing loop takes it off the
    /// board with the unit's liveness, as it does its own.
    /// </summary>
    private void ApplyBreachRisk(Message<string, byte[]> message)
    {
        if (FiguresTable.ReadBreachRisk(units, message.Key, message.Value, message.Headers) is not { } record)
        {
            _reader.Unreadable(message.Key);
            return;
        }

        if (record.Owner != node.Id && !ownership.Of(record.Unit).IsLive)
        {
            breachRisk.Publish(record.Unit, record.List);
        }
    }
}
