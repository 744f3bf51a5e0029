using BuryUrgentCare.Escalation;
using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.SignalR;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// Pushes each unit's newest snapshot to its SignalR group and to the all-units group. Reads change
/// signals from <see cref="SnapshotStore"/>, so the processing loop never waits on a network send.
/// </summary>
public sealed partial class WallboardBroadcaster(
    SnapshotStore snapshots,
    EscalationMonitor escalation,
    IHubContext<WallboardHub, IWallboardClient> hub,
    ILogger<WallboardBroadcaster> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendUnitsAsync(stoppingToken), SendSystemAsync(stoppingToken), SendAlertsAsync(stoppingToken));

    private async Task SendSystemAsync(CancellationToken stoppingToken)
    {
        await foreach (var system in escalation.SystemChanges.ReadAllAsync(stoppingToken))
        {
            await Send(() => hub.Clients.Group(WallboardHub.AllUnitsGroup).ReceiveSystem(system), "BURY");
        }
    }

    private async Task SendAlertsAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in escalation.AlertChanges.ReadAllAsync(stoppingToken))
        {
            await Send(() => hub.Clients.Groups(WallboardHub.GroupOf(alert.Unit), WallboardHub.AllUnitsGroup).ReceiveAlert(alert), alert.Unit);
        }
    }

    private async Task Send(Func<Task> send, string unit)
    {
        try
        {
            await send();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSendFailed(logger, ex, unit);
        }
    }

    private async Task SendUnitsAsync(CancellationToken stoppingToken)
    {
        await foreach (var unit in snapshots.Changes.ReadAllAsync(stoppingToken))
        {
            var snapshot = snapshots.Take(unit);
            if (snapshot is null)
            {
                continue;
            }

            await Send(() => hub.Clients.Groups(WallboardHub.GroupOf(snapshot.Unit), WallboardHub.AllUnitsGroup).ReceiveUpdate(snapshot), snapshot.Unit);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing figures of {Unit} to wallboards failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string unit);
}
