using System.Collections.Concurrent;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Escalation.Workspace;
using BuryUrgentCare.Figures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// Every wallboard connection with its own outbox and its own sender, so that a client that stops reading delays no
/// one else. A SignalR group send waits for its slowest member; here each connection is sent to on its own, holds at
/// most the newest snapshot per unit, the newest system snapshot and a bounded queue of alerts, and a connection whose
/// send has not completed within <see cref="RealtimeOptions.SendTimeout"/> (or whose alert queue overflows) is
/// dropped: its page reconnects and gets a full snapshot. What is posted is serialised once (<see cref="SerializedArgument"/>),
/// not once per connection.
/// </summary>
public sealed partial class WallboardConnections(
    IHubContext<WallboardHub> hub,
    IOptions<JsonHubProtocolOptions> protocol,
    IOptions<RealtimeOptions> options,
    ILogger<WallboardConnections> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Outbox> _connections = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Connections held now.</summary>
    public int Count => _connections.Count;

    /// <summary>Connections dropped for not reading (send timeout or alert overflow) since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private long _dropped;

    /// <summary>The group every-unit followers (<c>JoinAll</c>) are counted in by <see cref="CountByGroup"/>.</summary>
    public const string AllUnitsGroup = "all";

    /// <summary>
    /// Connections per group: each unit followed (a connection following several counts in each) and
    /// <see cref="AllUnitsGroup"/>. Unit names are ones <c>JoinUnit</c> accepted (known units), never a caller's free text.
    /// For telemetry, at scrape time: takes each connection's lock briefly.
    /// </summary>
    public Dictionary<string, int> CountByGroup()
    {
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var outbox in _connections.Values)
        {
            outbox.CountGroups(groups);
        }

        return groups;
    }

    internal void Add(HubCallerContext context)
    {
        var outbox = new Outbox(this, context);
        if (_connections.TryAdd(context.ConnectionId, outbox))
        {
            outbox.Start();
        }
    }

    internal void Remove(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var outbox))
        {
            outbox.Stop();
        }
    }

    /// <summary>Closes every connection whose user matches (e.g. the screens of a device token just revoked).</summary>
    internal int Abort(Func<System.Security.Claims.ClaimsPrincipal, bool> match)
    {
        var aborted = 0;
        foreach (var outbox in _connections.Values)
        {
            if (outbox.Context.User is { } user && match(user))
            {
                outbox.Context.Abort();
                aborted++;
            }
        }

        return aborted;
    }

    /// <summary>How many units the connection follows now (for the per-connection group limit).</summary>
    internal int UnitCount(string connectionId) => Find(connectionId)?.UnitCount ?? 0;

    internal void JoinUnit(string connectionId, string unit) => Find(connectionId)?.Join(unit);

    internal void LeaveUnit(string connectionId, string unit) => Find(connectionId)?.Leave(unit);

    internal void JoinAll(string connectionId) => Find(connectionId)?.JoinAll();

    internal void JoinEscalation(string connectionId) => Find(connectionId)?.JoinEscalation();

    /// <summary>The group escalation-workspace followers (<c>JoinEscalation</c>) are counted in by <see cref="CountByGroup"/>.</summary>
    public const string EscalationGroup = "escalation";

    /// <summary>Queues the workspace's newest state for every connection that follows it (an older one not yet sent is replaced).</summary>
    public void Post(WorkspaceState workspace)
    {
        if (Serialized(workspace) is { } payload)
        {
            foreach (var outbox in _connections.Values)
            {
                outbox.PostWorkspace(payload);
            }
        }
    }

    /// <summary>Queues a unit's newest figures for every connection that follows the unit (an older one not yet sent is replaced).</summary>
    public void Post(UnitSnapshot snapshot)
    {
        if (Serialized(snapshot) is { } payload)
        {
            foreach (var outbox in _connections.Values)
            {
                outbox.PostUpdate(snapshot.Unit, payload);
            }
        }
    }

    /// <summary>Queues the newest system figures for every connection that follows every unit.</summary>
    public void Post(SystemSnapshot system)
    {
        if (Serialized(system) is { } payload)
        {
            foreach (var outbox in _connections.Values)
            {
                outbox.PostSystem(payload);
            }
        }
    }

    /// <summary>Queues an alert for every connection that follows its unit or every unit (alerts are never coalesced).</summary>
    public void Post(AlertEvent alert)
    {
        if (Serialized(alert) is { } payload)
        {
            foreach (var outbox in _connections.Values)
            {
                outbox.PostAlert(alert.Unit, payload);
            }
        }
    }

    /// <summary>The value as every connection will be sent it; null when no one is connected (nothing to serialise for).</summary>
    private SerializedArgument? Serialized(object value) =>
        _connections.IsEmpty ? null : SerializedArgument.Of(value, protocol.Value.PayloadSerializerOptions);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var id in _connections.Keys)
        {
            Remove(id);
        }

        _stopping.Dispose();
    }

    private Outbox? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    private void Drop(Outbox outbox, string why)
    {
        Interlocked.Increment(ref _dropped);
        LogDropped(logger, why);
        outbox.Context.Abort();
        Remove(outbox.Context.ConnectionId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a wallboard connection that was not reading: {Why}")]
    private static partial void LogDropped(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sending to a wallboard connection failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);

    /// <summary>One connection's pending sends and the loop that sends them, one at a time, newest figures first served.</summary>
    private sealed class Outbox(WallboardConnections owner, HubCallerContext context)
    {
        private readonly object _lock = new();
        private readonly HashSet<string> _units = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SerializedArgument> _updates = new(StringComparer.Ordinal);
        private readonly Queue<SerializedArgument> _alerts = new();
        private readonly SemaphoreSlim _signal = new(0, 1);
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(owner._stopping.Token);
        private SerializedArgument? _system;
        private SerializedArgument? _workspace;
        private bool _all;
        private bool _escalation;

        public HubCallerContext Context => context;

        public void Start() => _ = Task.Run(() => PumpAsync(_stop.Token));

        public void Stop()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The pump has already ended (and disposed its token source).
            }
        }

        public void Join(string unit)
        {
            lock (_lock)
            {
                _units.Add(unit);
            }
        }

        public int UnitCount
        {
            get
            {
                lock (_lock)
                {
                    return _units.Count;
                }
            }
        }

        public void Leave(string unit)
        {
            lock (_lock)
            {
                _units.Remove(unit);
            }
        }

        public void JoinAll()
        {
            lock (_lock)
            {
                _all = true;
            }
        }

        public void JoinEscalation()
        {
            lock (_lock)
            {
                _escalation = true;
            }
        }

        public void PostWorkspace(SerializedArgument workspace)
        {
            lock (_lock)
            {
                if (!_escalation)
                {
                    return;
                }

                _workspace = workspace;
            }

            Signal();
        }

        public void CountGroups(Dictionary<string, int> groups)
        {
            lock (_lock)
            {
                if (_escalation)
                {
                    groups[EscalationGroup] = groups.GetValueOrDefault(EscalationGroup) + 1;
                }

                if (_all)
                {
                    groups[AllUnitsGroup] = groups.GetValueOrDefault(AllUnitsGroup) + 1;
                }

                foreach (var unit in _units)
                {
                    groups[unit] = groups.GetValueOrDefault(unit) + 1;
                }
            }
        }

        public void PostUpdate(string unit, SerializedArgument snapshot)
        {
            lock (_lock)
            {
                if (!_all && !_units.Contains(unit))
                {
                    return;
                }

                _updates[unit] = snapshot;
            }

            Signal();
        }

        public void PostSystem(SerializedArgument system)
        {
            lock (_lock)
            {
                if (!_all)
                {
                    return;
                }

                _system = system;
            }

            Signal();
        }

        public void PostAlert(string unit, SerializedArgument alert)
        {
            lock (_lock)
            {
                if (!_all && !_units.Contains(unit))
                {
                    return;
                }

                if (_alerts.Count >= owner.Options.MaxQueuedAlerts)
                {
                    // Alerts cannot be coalesced; a client this far behind reconnects and reads GET /api/alerts.
                    owner.Drop(this, $"more than {owner.Options.MaxQueuedAlerts} alerts queued");
                    return;
                }

                _alerts.Enqueue(alert);
            }

            Signal();
        }

        private void Signal()
        {
            if (_signal.CurrentCount == 0)
            {
                try
                {
                    _signal.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Another poster signalled first: one wake-up is enough, the pump drains everything.
                }
            }
        }

        private async Task PumpAsync(CancellationToken stop)
        {
            var client = owner.Hub.Clients.Client(context.ConnectionId);
            // One timeout for every send of this connection, armed only while a send waits: most complete at once (the
            // message fits the connection's buffer), and a timer per send cost more than the send at 5,000 wallboards.
            var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await _signal.WaitAsync(stop).ConfigureAwait(false);
                    while (TakeNext() is { } send)
                    {
                        try
                        {
                            var sending = send(client);
                            if (!sending.IsCompleted)
                            {
                                timeout.CancelAfter(owner.Options.SendTimeout);
                                await sending.WaitAsync(timeout.Token).ConfigureAwait(false);
                                if (!timeout.TryReset())
                                {
                                    // The timer fired just as the send completed: in time, but this source stays cancelled.
                                    timeout.Dispose();
                                    timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                                }
                            }

                            await sending.ConfigureAwait(false); // a failed send throws here
                        }
                        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                        {
                            owner.Drop(this, $"a send took longer than {owner.Options.SendTimeout.TotalSeconds:0.#} s");
                            return;
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException)
                        {
                            LogSendFailed(owner.Logger, ex);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            finally
            {
                timeout.Dispose();
                _stop.Dispose();
            }
        }

        /// <summary>The next send: alerts first (in order), then the workspace, then the system figures, then each unit's newest figures.</summary>
        private Func<IClientProxy, Task>? TakeNext()
        {
            lock (_lock)
            {
                if (_alerts.TryDequeue(out var alert))
                {
                    return c => c.SendAsync(nameof(IWallboardClient.ReceiveAlert), alert);
                }

                if (_workspace is { } workspace)
                {
                    _workspace = null;
                    return c => c.SendAsync(nameof(IWallboardClient.ReceiveWorkspace), workspace);
                }

                if (_system is { } system)
                {
                    _system = null;
                    return c => c.SendAsync(nameof(IWallboardClient.ReceiveSystem), system);
                }

                foreach (var (unit, snapshot) in _updates)
                {
                    _updates.Remove(unit);
                    return c => c.SendAsync(nameof(IWallboardClient.ReceiveUpdate), snapshot);
                }

                return null;
            }
        }
    }

    private IHubContext<WallboardHub> Hub => hub;

    private RealtimeOptions Options => options.Value;

    private ILogger Logger => logger;
}
