using BuryUrgentCare.Escalation;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.SignalR;

namespace BuryUrgentCare.Realtime;

/// <summary>What the server calls on wallboard clients.</summary>
public interface IWallboardClient
{
    /// <summary>The unit's full figures, sent once when the client joins.</summary>
    Task ReceiveSnapshot(UnitSnapshot snapshot);

    /// <summary>The unit's full figures, each time they change or the tick recomputes them.</summary>
    Task ReceiveUpdate(UnitSnapshot snapshot);

    /// <summary>System figures (deflection, OPEL with its parameters, active alerts), after every change.</summary>
    Task ReceiveSystem(SystemSnapshot system);

    /// <summary>An alert raised or cleared, or an OPEL level announced.</summary>
    Task ReceiveAlert(AlertEvent alert);
}

/// <summary>
/// Wallboards join a unit's group (or every unit's) and get a snapshot at once, then updates pushed
/// by <see cref="WallboardBroadcaster"/>. Thin by design: no figures are computed here.
/// </summary>
public sealed class WallboardHub(SnapshotStore snapshots, EscalationMonitor escalation) : Hub<IWallboardClient>
{
    public const string Path = "/hubs/wallboard";
    public const string AllUnitsGroup = "units:*";

    public static string GroupOf(string unit) => "unit:" + unit;

    public async Task JoinUnit(string unit)
    {
        if (!snapshots.TryGet(unit, out var snapshot))
        {
            // Not echoed: the argument is the caller's, and goes neither back to it nor into the log.
            throw new HubException("Unknown unit.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(unit));
        if (snapshot is not null)
        {
            await Clients.Caller.ReceiveSnapshot(snapshot);
        }
    }

    public Task LeaveUnit(string unit) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(unit));

    public async Task JoinAll()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, AllUnitsGroup);
        foreach (var snapshot in snapshots.All())
        {
            await Clients.Caller.ReceiveSnapshot(snapshot);
        }

        if (escalation.Latest is { } system)
        {
            await Clients.Caller.ReceiveSystem(system);
        }
    }
}
