using BuryUrgentCare.Escalation;
using BuryUrgentCare.Escalation.Workspace;
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

    /// <summary>An alert raised, cleared or acknowledged, or an OPEL level announced.</summary>
    Task ReceiveAlert(AlertEvent alert);

    /// <summary>The escalation workspace whole (declared level, action log, acknowledgements), after every change.</summary>
    Task ReceiveWorkspace(WorkspaceState workspace);
}

/// <summary>
/// Wallboards follow a unit (or every unit) and get a snapshot at once, then updates pushed by
/// <see cref="WallboardBroadcaster"/> through each connection's own outbox (<see cref="WallboardConnections"/>).
/// Thin by design: no figures are computed here.
/// Who may join what: the hub needs the viewer policy; a caller limited to some units (a wall screen's device token)
/// may join only those, and not every unit or the escalation workspace.
/// </summary>
public sealed class WallboardHub(
    SnapshotStore snapshots,
    EscalationMonitor escalation,
    WallboardConnections connections,
    EscalationWorkspace workspace,
    Microsoft.Extensions.Options.IOptions<RealtimeOptions> options) : Hub<IWallboardClient>
{
    public const string Path = "/hubs/wallboard";

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public async Task JoinUnit(string unit)
    {
        if (!snapshots.TryGet(unit, out var snapshot))
        {
            // Not echoed: the argument is the caller's, and goes neither back to it nor into the log.
            throw new HubException("Unknown unit.");
        }

        if (Context.User is not { } user || !Access.AccessClaims.AllowsUnit(user, unit))
        {
            throw new HubException("This screen may not show that unit.");
        }

        if (connections.UnitCount(Context.ConnectionId) >= options.Value.MaxUnitsPerConnection)
        {
            throw new HubException($"A connection may follow at most {options.Value.MaxUnitsPerConnection} units.");
        }

        connections.JoinUnit(Context.ConnectionId, unit);
        if (snapshot is not null)
        {
            await Clients.Caller.ReceiveSnapshot(snapshot);
        }
    }

    public void LeaveUnit(string unit) => connections.LeaveUnit(Context.ConnectionId, unit);

    public async Task JoinAll()
    {
        RequireAllUnits();
        connections.JoinAll(Context.ConnectionId);
        foreach (var snapshot in snapshots.All())
        {
            await Clients.Caller.ReceiveSnapshot(snapshot);
        }

        if (escalation.Latest is { } system)
        {
            await Clients.Caller.ReceiveSystem(system);
        }
    }

    /// <summary>Follows the escalation workspace: its state now, then every change (<c>ReceiveWorkspace</c>).</summary>
    public async Task JoinEscalation()
    {
        RequireAllUnits();
        connections.JoinEscalation(Context.ConnectionId);
        await Clients.Caller.ReceiveWorkspace(workspace.State());
    }

    private void RequireAllUnits()
    {
        if (Context.User is not { } user || !Access.AccessClaims.AllowsAllUnits(user))
        {
            throw new HubException("This screen may show only its own units.");
        }
    }
}
