using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.SignalR;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// Pushes each unit's newest snapshot to its SignalR group and to the all-units group. Reads change
/// signals from <see cref="SnapshotStore"/>, so the processing loop never waits on a network send.
/// </summary>
public sealed partial class WallboardBroadcaster(
    SnapshotStore snapshots,
    IHubContext<WallboardHub, IWallboardClient> hub,
    ILogger<WallboardBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var unit in snapshots.Changes.ReadAllAsync(stoppingToken))
        {
            var snapshot = snapshots.Take(unit);
            if (snapshot is null)
            {
                continue;
            }

            try
            {
                await hub.Clients.Groups(WallboardHub.GroupOf(snapshot.Unit), WallboardHub.AllUnitsGroup).ReceiveUpdate(snapshot);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(logger, ex, snapshot.Unit);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing figures of {Unit} to wallboards failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string unit);
}
