using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Processing;

/// <summary>
/// Drives the pure <see cref="StreamProcessor"/> from the consumer loop and decides when figures are
/// published: a unit changed by an event is pushed at most every <see cref="ProcessingOptions.PublishInterval"/>,
/// and every unit is recomputed on every <see cref="ProcessingOptions.Tick"/>. Single-threaded: only the
/// consumer loop calls it.
/// </summary>
public sealed class LiveFigures
{
    private readonly StreamProcessor _processor;
    private readonly SnapshotStore _store;
    private readonly TimeProvider _clock;
    private readonly ProcessingOptions _options;
    private readonly EscalationMonitor _escalation;
    private readonly bool[] _dirty;
    private readonly long[] _lastPublished; // UTC ticks
    private readonly bool[] _held;          // units whose partition is still being replayed
    private long _nextTick;

    public LiveFigures(UnitCatalog units, SnapshotStore store, EscalationMonitor escalation, TimeProvider clock, IOptions<ProcessingOptions> options)
    {
        _escalation = escalation;
        _options = options.Value;
        _clock = clock;
        _store = store;
        _processor = new StreamProcessor(units, clock, new ProcessorSettings { ReplayHorizon = _options.ReplayHorizon });
        _dirty = new bool[units.Count];
        _lastPublished = new long[units.Count];
        _held = new bool[units.Count];
        var now = clock.GetUtcNow();
        for (var unit = 0; unit < units.Count; unit++)
        {
            store.Publish(unit, _processor.Snapshot(unit, now));
        }
    }

    public StreamProcessor Processor => _processor;

    public ProcessResult Process(ReadOnlySpan<byte> message)
    {
        var result = _processor.Process(message);
        if (result.Outcome == ProcessOutcome.Applied)
        {
            _dirty[result.Unit] = true;
        }

        return result;
    }

    /// <summary>Withholds a unit's figures while its partition replays (its picture would be partial).</summary>
    public void Hold(int unit, bool held) => _held[unit] = held;

    /// <summary>Forgets a unit's state: its partition moved to another worker.</summary>
    public void Reset(int unit)
    {
        _processor.Reset(unit);
        _dirty[unit] = true;
    }

    /// <summary>Publishes what is due; returns how long the loop may wait for the next message.</summary>
    public TimeSpan PublishDue()
    {
        var now = _clock.GetUtcNow();
        var ticks = now.UtcTicks;
        var tick = ticks >= _nextTick;
        if (tick)
        {
            _processor.Prune(now);
            _nextTick = ticks + _options.Tick.Ticks;
        }

        var dirtyPending = false;
        var published = false;
        for (var unit = 0; unit < _dirty.Length; unit++)
        {
            if (_held[unit])
            {
                continue;
            }

            var due = tick || (_dirty[unit] && ticks - _lastPublished[unit] >= _options.PublishInterval.Ticks);
            if (due)
            {
                _store.Publish(unit, _processor.Snapshot(unit, now));
                _dirty[unit] = false;
                _lastPublished[unit] = ticks;
                published = true;
            }

            dirtyPending |= _dirty[unit];
        }

        if (published)
        {
            // System figures, OPEL and alerts follow every change of unit figures.
            _escalation.Evaluate(_store.All(), now);
        }

        var untilTick = TimeSpan.FromTicks(Math.Max(0, _nextTick - ticks));
        return dirtyPending && _options.PublishInterval < untilTick ? _options.PublishInterval : untilTick;
    }
}
