using BuryUrgentCare.Escalation;
using BuryUrgentCare.Processing;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// Hands each unit's newest snapshot, the system figures and every alert to <see cref="WallboardConnections"/>, which
/// sends them to each wallboard on its own. Reads change signals from <see cref="SnapshotStore"/>, so the processing
/// loop never waits on a network send, and posting never waits on a client.
/// </summary>
public sealed class WallboardBroadcaster(SnapshotStore snapshots, EscalationMonitor escalation, WallboardConnections connections) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendUnitsAsync(stoppingToken), SendSystemAsync(stoppingToken), SendAlertsAsync(stoppingToken));

    private async Task SendSystemAsync(CancellationToken stoppingToken)
    {
        await foreach (var system in escalation.SystemChanges.ReadAllAsync(stoppingToken))
        {
            connections.Post(system);
        }
    }

    private async Task SendAlertsAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in escalation.AlertChanges.ReadAllAsync(stoppingToken))
        {
            connections.Post(alert);
        }
    }

    private async Task SendUnitsAsync(CancellationToken stoppingToken)
    {
        await foreach (var unit in snapshots.Changes.ReadAllAsync(stoppingToken))
        {
            if (snapshots.Take(unit) is { } snapshot)
            {
                connections.Post(snapshot);
            }
        }
    }
}
