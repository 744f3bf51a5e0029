using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Figures;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Processing;

/// <summary>
/// Drives the pure <see cref="StreamProcessor"/> from the consumer loop and decides when figures are
/// published: a unit changed by an event is pushed at once if no event pushed it within the last publish interval
/// (<see cref="ProcessingOptions.PublishIntervalFor"/>: longer with more wallboards connected), else with the others that
/// arrive until that interval is up (so sparse traffic is never held back, and a busy unit is pushed at most once per
/// interval); and every unit is recomputed on
/// every <see cref="ProcessingOptions.Tick"/>, which does not count as a push for that rule (a tick must not delay the
/// next event). Every snapshot carries the unit's
/// <see cref="UnitLiveness"/> (<see cref="UnitOwnership"/>): a unit that is not live is never shown as live — it keeps
/// its last live figures and their <c>asOf</c> (so pages see their age), or, before it was ever live, shows what the
/// replay has rebuilt so far, marked as such. OPEL, alerts and deflection see only live units. Single-threaded: only
/// the consumer loop calls it.
/// </summary>
public sealed class LiveFigures
{
    private readonly StreamProcessor _processor;
    private readonly SnapshotStore _store;
    private readonly TimeProvider _clock;
    private readonly ProcessingOptions _options;
    private readonly EscalationMonitor _escalation;
    private readonly bool[] _dirty;
    private readonly long[] _lastPushedForEvents; // UTC ticks of the last publication that carried new events, per unit
    private readonly UnitOwnership _ownership;
    private readonly UnitSnapshot?[] _lastLive;
    private readonly UnitLiveness?[] _published; // liveness last published, per unit
    private long _nextTick;
    private long _earliestDue = long.MaxValue; // UTC ticks at which the first held live unit falls due
    private int _knownOwnership;               // UnitOwnership.Version when liveness was last asked
    private readonly Units.BreachRiskBoard? _breachRisk;

    private readonly Cluster.FiguresTablePublisher? _table;
    private readonly Cluster.RemoteFigures? _remote;
    private readonly Func<int>? _wallboards;
    private long _publishInterval; // ticks: ProcessingOptions.PublishIntervalFor the wallboards connected at the last tick

    /// <param name="table">Where this node's live units go for the other nodes (the figures table); none on its own.</param>
    /// <param name="remote">The units other nodes own, from the figures table; this loop leaves them to it while fresh.</param>
    /// <param name="wallboards">How many wallboards are connected (the cost of a push), asked on every tick; none: few.</param>
    public LiveFigures(UnitCatalog units, SnapshotStore store, EscalationMonitor escalation, UnitOwnership ownership, TimeProvider clock,
        IOptions<ProcessingOptions> options, Units.BreachRiskBoard? breachRisk = null,
        Cluster.FiguresTablePublisher? table = null, Cluster.RemoteFigures? remote = null, Func<int>? wallboards = null)
    {
        _wallboards = wallboards;
        _table = table;
        _remote = remote;
        _breachRisk = breachRisk;
        _ownership = ownership;
        _escalation = escalation;
        _options = options.Value;
        _clock = clock;
        _store = store;
        _processor = new StreamProcessor(units, clock, _options.ToProcessorSettings());
        _publishInterval = _options.PublishIntervalFor(0).Ticks;
        _dirty = new bool[units.Count];
        _lastPushedForEvents = new long[units.Count];
        Array.Fill(_lastPushedForEvents, long.MinValue / 2);
        _lastLive = new UnitSnapshot?[units.Count];
        _published = new UnitLiveness?[units.Count];
        var now = clock.GetUtcNow();
        for (var unit = 0; unit < units.Count; unit++)
        {
            // Empty, and said to be: nothing is live until the unit's partition is assigned and replayed.
            var liveness = ownership.Of(unit);
            store.Publish(unit, _processor.Snapshot(unit, now) with { Liveness = liveness });
            _published[unit] = liveness;
        }

        _knownOwnership = ownership.Version;
    }

    public StreamProcessor Processor => _processor;

    /// <summary>Processes a message received now.</summary>
    public ProcessResult Process(ReadOnlySpan<byte> message) => Process(message, receivedAt: null);

    /// <summary>
    /// Processes a message first received at <paramref name="receivedAt"/> (its Kafka record's timestamp), which the
    /// time rules judge against (an event more than 5 minutes ahead of it is rejected; one older than the replay horizon
    /// before it is expired; "late" is before its day): so replaying the log after a restart gives the same figures and
    /// the same dead letters as the host that never stopped. Never later than now, so a record stamped in the future by
    /// a producer's wrong clock cannot let a future event through.
    /// </summary>
    public ProcessResult Process(ReadOnlySpan<byte> message, DateTimeOffset? receivedAt) => Process(message, receivedAt, _clock.GetUtcNow().UtcTicks);

    /// <summary>
    /// As <see cref="Process(ReadOnlySpan{byte}, DateTimeOffset?)"/>, with "now" read by the caller: once per batch of
    /// messages rather than per message (on a virtual machine a clock read can cost a fifth of processing an event).
    /// </summary>
    public ProcessResult Process(ReadOnlySpan<byte> message, DateTimeOffset? receivedAt, long nowTicks)
    {
        var now = nowTicks;
        var result = _processor.Process(message, receivedAt is { } at ? Math.Min(at.UtcTicks, now) : now);
        if (result.Outcome == ProcessOutcome.Applied)
        {
            var unit = result.Unit;
            if (!_dirty[unit] && _published[unit] is { IsLive: true })
            {
                // A live unit just changed: it falls due one interval after its last push for events (at once if that was long ago).
                _earliestDue = Math.Min(_earliestDue, _lastPushedForEvents[unit] + _publishInterval);
            }

            _dirty[unit] = true;
        }

        return result;
    }

    /// <summary>Forgets a unit's state: its partition moved to another worker.</summary>
    public void Reset(int unit)
    {
        _processor.Reset(unit);
        _dirty[unit] = true;
    }

    /// <summary>Replaces a unit's state by a checkpoint's (its partition was assigned to this worker); false, with why, if refused.</summary>
    public bool Restore(int unit, byte[] checkpoint, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        if (!_processor.TryRestore(unit, checkpoint, out problem))
        {
            return false;
        }

        _dirty[unit] = true;
        return true;
    }

    /// <summary>
    /// Publishes what is due; returns how long the loop may wait for the next message. Called after every message, so the
    /// usual answer — nothing due, no change of ownership, not yet the tick — costs one clock read and three comparisons.
    /// </summary>
    public TimeSpan PublishDue()
    {
        var now = _clock.GetUtcNow();
        var ticks = now.UtcTicks;
        var tick = ticks >= _nextTick;
        var ownership = _ownership.Version;
        var ownershipChanged = ownership != _knownOwnership;
        if (!tick && !ownershipChanged && ticks < _earliestDue)
        {
            return Wait(ticks);
        }

        if (tick)
        {
            _processor.Prune(now);
            _nextTick = ticks + _options.Tick.Ticks;
            _publishInterval = _options.PublishIntervalFor(_wallboards?.Invoke() ?? 0).Ticks;
        }

        // Liveness is asked again on the tick (replay progress, staleness, which come with time) and when ownership changed.
        var askLiveness = tick || ownershipChanged;
        _knownOwnership = ownership;
        var published = false;
        _earliestDue = long.MaxValue;
        for (var unit = 0; unit < _dirty.Length; unit++)
        {
            var liveness = askLiveness ? _ownership.Of(unit) : _published[unit]!;
            // Compared in place, nothing allocated unless something is published.
            var changed = _published[unit] is not { } last || last.State != liveness.State || last.Reason != liveness.Reason;
            if (!liveness.IsLive)
            {
                if (_remote?.Fresh(unit, now) is not null)
                {
                    // Another node owns the unit and the figures table brings its live figures: they are what is shown.
                    _published[unit] = liveness;
                    continue;
                }

                // Republished on the tick (replay progress, the age of the last live figures) and at once on a change.
                if (tick || changed)
                {
                    _breachRisk?.Publish(unit, null); // nobody is on a list whose unit is not live: they may have left
                    var remote = _remote?.Last(unit);
                    var shown = _lastLive[unit] ?? remote?.Snapshot ?? _processor.Snapshot(unit, now);
                    if (remote is not null)
                    {
                        liveness = liveness with { Reason = $"owned by node {remote.Owner}, whose figures stopped coming at {remote.Received:HH:mm:ss}Z" };
                    }

                    _store.Publish(unit, shown with { Liveness = liveness });
                    _published[unit] = liveness;
                    published = true;
                }

                continue;
            }

            var dueAt = _lastPushedForEvents[unit] + _publishInterval;
            var eventsDue = _dirty[unit] && ticks >= dueAt;
            if (tick || changed || eventsDue)
            {
                var snapshot = _processor.Snapshot(unit, now) with { Liveness = liveness };
                _store.Publish(unit, snapshot);
                _table?.Publish(snapshot);
                if (tick || changed)
                {
                    // Live units only, once a tick: a scan of every episode held is too dear for every publication (at
                    // replay speed it was most of the consumer thread), and the list counts minutes. The per-patient
                    // breach alerts read it, so it is made whether or not a page looks.
                    if (_processor.BreachRisk(unit, now) is { } list)
                    {
                        _breachRisk?.Publish(unit, list);
                        _table?.Publish(list); // every node's board, page and per-patient alerts (FiguresTableReader)
                    }
                    else
                    {
                        _breachRisk?.Publish(unit, null);
                    }
                }

                _lastLive[unit] = snapshot;
                _published[unit] = liveness;
                if (_dirty[unit])
                {
                    _lastPushedForEvents[unit] = ticks;
                    _dirty[unit] = false;
                }

                published = true;
            }
            else if (_dirty[unit])
            {
                _earliestDue = Math.Min(_earliestDue, dueAt);
            }
        }

        if (published || (tick && _remote is not null))
        {
            // System figures, OPEL and alerts follow every change of unit figures, from live units only: a unit being
            // replayed or cut off would otherwise score OPEL from figures that are not the department now.
            _escalation.Evaluate([.. _store.All().Where(s => s.Liveness is not { IsLive: false })], now, LiveBreachLists(now));
        }

        return Wait(ticks);
    }

    /// <summary>
    /// Each live department's newest breach-risk list, for the per-patient breach alerts; null without a board. Live here
    /// or live on the node that owns it (its list comes through the figures table), so every node raises the same alerts.
    /// </summary>
    private Dictionary<string, BreachRiskList>? LiveBreachLists(DateTimeOffset now)
    {
        if (_breachRisk is null)
        {
            return null;
        }

        var lists = new Dictionary<string, BreachRiskList>(StringComparer.Ordinal);
        for (var unit = 0; unit < _published.Length; unit++)
        {
            if ((_published[unit] is { IsLive: true } || _remote?.Fresh(unit, now) is not null) && _breachRisk.Get(unit) is { } list)
            {
                lists[list.Unit] = list;
            }
        }

        return lists;
    }

    /// <summary>Until the tick, or until the first held unit falls due if that is sooner.</summary>
    private TimeSpan Wait(long ticks) => TimeSpan.FromTicks(Math.Max(0, Math.Min(_nextTick, _earliestDue) - ticks));
}
