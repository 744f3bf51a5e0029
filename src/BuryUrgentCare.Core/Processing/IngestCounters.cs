using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Processing;

/// <summary>
/// Counts per unit of applied, duplicate, late and rejected (by reason) events. Written by one thread
/// (the consumer loop that owns the processor), read by any: a single writer needs no locked
/// read-modify-write, only an atomic 64-bit store, and a locked instruction on every event would
/// also wait for the event's earlier stores to reach memory.
/// </summary>
public sealed class IngestCounters
{
    private readonly UnitCatalog _units;
    private readonly long[] _applied, _duplicates, _late, _expired;
    private readonly long[,] _rejected; // [unit + 1, reason]: row 0 is "unit unknown"

    public IngestCounters(UnitCatalog units)
    {
        _units = units;
        _applied = new long[units.Count];
        _duplicates = new long[units.Count];
        _late = new long[units.Count];
        _expired = new long[units.Count];
        _rejected = new long[units.Count + 1, RejectionReasons.Count];
    }

    internal void Applied(int unit, bool late)
    {
        Increment(ref _applied[unit]);
        if (late) Increment(ref _late[unit]);
    }

    internal void Duplicate(int unit) => Increment(ref _duplicates[unit]);

    internal void Expired(int unit) => Increment(ref _expired[unit]);

    internal void Rejected(int unit, RejectionReason reason) => Increment(ref _rejected[unit + 1, (int)reason]);

    /// <summary>Writes the unit's counters (the unit-less rejections are nobody's to checkpoint).</summary>
    internal void Write(int unit, BinaryWriter writer)
    {
        writer.Write(_applied[unit]);
        writer.Write(_duplicates[unit]);
        writer.Write(_late[unit]);
        writer.Write(_expired[unit]);
        writer.Write(RejectionReasons.Count);
        for (var r = 0; r < RejectionReasons.Count; r++)
        {
            writer.Write(_rejected[unit + 1, r]);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, as a restore to apply once the rest of the checkpoint has been read.</summary>
    internal static Action<IngestCounters, int> Read(BinaryReader reader)
    {
        var (applied, duplicates, late, expired) = (reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
        var reasons = CheckpointFormat.ReadCount(reader, minimumBytesEach: 8);
        var rejected = new long[reasons];
        for (var r = 0; r < reasons; r++)
        {
            rejected[r] = reader.ReadInt64();
        }

        return (counters, unit) =>
        {
            Volatile.Write(ref counters._applied[unit], applied);
            Volatile.Write(ref counters._duplicates[unit], duplicates);
            Volatile.Write(ref counters._late[unit], late);
            Volatile.Write(ref counters._expired[unit], expired);
            for (var r = 0; r < RejectionReasons.Count; r++)
            {
                // A reason added since the checkpoint was written starts at 0.
                Volatile.Write(ref counters._rejected[unit + 1, r], r < rejected.Length ? rejected[r] : 0);
            }
        };
    }

    /// <summary>The writer's increment: readers see the old or the new value, never a torn one.</summary>
    private static void Increment(ref long counter) => Volatile.Write(ref counter, counter + 1);

    /// <summary>A consistent-enough copy for the API (each counter is read atomically).</summary>
    public IngestStatistics Read()
    {
        var units = new List<UnitIngestStatistics>(_units.Count + 1);
        for (var u = -1; u < _units.Count; u++)
        {
            var rejected = new SortedDictionary<string, long>(StringComparer.Ordinal);
            for (var r = 0; r < RejectionReasons.Count; r++)
            {
                var n = Volatile.Read(ref _rejected[u + 1, r]);
                if (n > 0) rejected[((RejectionReason)r).Code()] = n;
            }

            if (u < 0)
            {
                if (rejected.Count > 0) units.Add(new UnitIngestStatistics("(unknown)", 0, 0, 0, 0, rejected));
                continue;
            }

            units.Add(new UnitIngestStatistics(
                _units[u].Id,
                Volatile.Read(ref _applied[u]),
                Volatile.Read(ref _duplicates[u]),
                Volatile.Read(ref _late[u]),
                Volatile.Read(ref _expired[u]),
                rejected));
        }

        return new IngestStatistics(units);
    }
}

/// <summary>Ingest counts since start, per unit; rejections whose unit is unknown are listed under <c>(unknown)</c>.</summary>
public sealed record IngestStatistics(IReadOnlyList<UnitIngestStatistics> Units);

/// <param name="Late">Applied events older than the start of the unit's day.</param>
/// <param name="Expired">Events older than the replay horizon for episodes no longer held: not applied.</param>
public sealed record UnitIngestStatistics(string Unit, long Applied, long Duplicates, long Late, long Expired, IReadOnlyDictionary<string, long> Rejected);
