using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>One record of the event log: when Kafka stamped it, and the message as sent.</summary>
/// <param name="Timestamp">The record's timestamp: when it was first received (the time rules judge it against).</param>
/// <param name="Message">The message value (the event's JSON).</param>
public readonly record struct LogRecord(DateTimeOffset Timestamp, ReadOnlyMemory<byte> Message);

/// <summary>Every unit's figures as they stood at one slot of a replay, and the OPEL assessment of them.</summary>
/// <param name="At">The slot: a whole multiple of the step since the Unix epoch.</param>
/// <param name="Units">Every configured unit's snapshot at <paramref name="At"/>, in catalog order.</param>
/// <param name="Opel">OPEL level and score of those snapshots; null when no profile was given.</param>
public sealed record ReplayedSlot(DateTimeOffset At, IReadOnlyList<UnitSnapshot> Units, OpelAssessment? Opel);

/// <summary>
/// Recomputes past minutes from the event log: replays records through a fresh <see cref="StreamProcessor"/> in
/// record-time order and, at every slot of a period, takes every unit's snapshot as the live host would have taken it
/// then — every record stamped at or before the slot applied, none after, "now" the slot. Pure: no I/O, no wall clock.
/// </summary>
/// <remarks>
/// The live host judges a record against <c>min(record timestamp, now)</c> (<c>LiveFigures.Process</c>), and it
/// processes a record after it was stamped, so replayed records are judged against their own timestamps. Records of
/// different partitions interleave in the log; they are applied in timestamp order, ties in the order given (so one
/// partition's records, given in offset order, keep it). The processor is pruned at every slot, as the host's tick
/// prunes it: memory stays bounded by the replay horizon however long the period.
/// </remarks>
public static class LogReplay
{
    /// <summary>
    /// Replays <paramref name="records"/> (any order; sorted here by timestamp, stably) and yields the figures at every
    /// slot of [<paramref name="from"/>, <paramref name="to"/>) (<see cref="SnapshotGrid.Slots"/>). Records stamped at or after the
    /// last slot are not needed and are never applied. Lazy: each slot is computed when it is asked for.
    /// </summary>
    /// <param name="opel">Scores OPEL at each slot (a pure function of the snapshots); null to leave it out.</param>
    /// <param name="onProcessed">Told of every record applied, duplicate, rejected or expired (for counts); optional.</param>
    public static IEnumerable<ReplayedSlot> Replay(
        IEnumerable<LogRecord> records,
        DateTimeOffset from,
        DateTimeOffset to,
        TimeSpan step,
        UnitCatalog units,
        ProcessorSettings? settings = null,
        OpelEvaluator? opel = null,
        Action<ProcessResult>? onProcessed = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(units);
        var slots = SnapshotGrid.Slots(from, to, step).ToList(); // validates the step now, not at the first MoveNext
        return Run(records, slots, units, settings, opel, onProcessed);
    }

    /// <summary>
    /// Replays <paramref name="records"/> as <see cref="Replay(IEnumerable{LogRecord}, DateTimeOffset, DateTimeOffset, TimeSpan, UnitCatalog, ProcessorSettings?, OpelEvaluator?, Action{ProcessResult}?)"/>
    /// does, but yields the figures at the given <paramref name="slots"/> only (ascending, any spacing): e.g. a coarse
    /// grid plus the last minute of every day, where a day's rollup reads its last point. Lazy.
    /// </summary>
    /// <exception cref="ArgumentException">The slots are not in strictly ascending order.</exception>
    public static IEnumerable<ReplayedSlot> ReplayAt(
        IEnumerable<LogRecord> records,
        IReadOnlyList<DateTimeOffset> slots,
        UnitCatalog units,
        ProcessorSettings? settings = null,
        OpelEvaluator? opel = null,
        Action<ProcessResult>? onProcessed = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(units);
        for (var i = 1; i < slots.Count; i++)
        {
            if (slots[i] <= slots[i - 1])
            {
                throw new ArgumentException($"Slots must ascend strictly; slot {i} ({slots[i]:O}) is not after {slots[i - 1]:O}.", nameof(slots));
            }
        }

        return Run(records, [.. slots], units, settings, opel, onProcessed);
    }

    private static IEnumerable<ReplayedSlot> Run(IEnumerable<LogRecord> records, List<DateTimeOffset> slots, UnitCatalog units,
        ProcessorSettings? settings, OpelEvaluator? opel, Action<ProcessResult>? onProcessed)
    {
        if (slots.Count == 0)
        {
            yield break;
        }

        var clock = new ReplayClock(slots[0]);
        var processor = new StreamProcessor(units, clock, settings);
        // OrderBy is a stable sort: records with equal timestamps keep the order they were given in.
        using var ordered = records.OrderBy(r => r.Timestamp.UtcTicks).GetEnumerator();
        var pending = ordered.MoveNext();
        foreach (var slot in slots)
        {
            while (pending && ordered.Current.Timestamp <= slot)
            {
                var record = ordered.Current;
                clock.Now = record.Timestamp;
                var result = processor.Process(record.Message.Span, record.Timestamp.UtcTicks);
                onProcessed?.Invoke(result);
                pending = ordered.MoveNext();
            }

            clock.Now = slot;
            processor.Prune(slot);
            var snapshots = new UnitSnapshot[units.Count];
            for (var unit = 0; unit < snapshots.Length; unit++)
            {
                snapshots[unit] = processor.Snapshot(unit, slot);
            }

            var assessment = opel?.Evaluate(snapshots.ToDictionary(s => s.Unit, StringComparer.Ordinal));
            yield return new ReplayedSlot(slot, snapshots, assessment);
        }
    }

    /// <summary>The replay's "now": moved to each record's time and to each slot, never read from the wall.</summary>
    private sealed class ReplayClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
