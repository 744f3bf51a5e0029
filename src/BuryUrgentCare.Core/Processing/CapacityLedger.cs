namespace BuryUrgentCare.Processing;

/// <summary>
/// Declared staffed capacity of one unit: each named resource takes the value of its latest
/// declaration whose time is not after "now" (contract: "from time on, replacing the last
/// declaration of each named resource"). Keeping every declaration by time makes the answer
/// independent of delivery order; equal times resolve to the larger value, deterministically.
/// </summary>
internal sealed class CapacityLedger
{
    private readonly Dictionary<string, SortedList<long, long>> _declarations = new(StringComparer.Ordinal);

    // The last answer of At, and the instants it holds for: from the latest declaration at or before the instant asked
    // about to just before the next one. Every snapshot asks; the answer changes only when a declaration takes effect.
    private IReadOnlyDictionary<string, long>? _inForce;
    private long _inForceFrom, _inForceUntil;

    public void Declare(long timeTicks, IEnumerable<KeyValuePair<string, long>> resources)
    {
        _inForce = null;
        foreach (var (name, value) in resources)
        {
            if (!_declarations.TryGetValue(name, out var byTime))
            {
                byTime = [];
                _declarations.Add(name, byTime);
            }

            byTime[timeTicks] = byTime.TryGetValue(timeTicks, out var existing) ? Math.Max(existing, value) : value;
        }
    }

    /// <summary>The resource's value in force at <paramref name="nowTicks"/>, or null if never declared by then.</summary>
    public long? ValueAt(string name, long nowTicks)
    {
        if (!_declarations.TryGetValue(name, out var byTime))
        {
            return null;
        }

        long? value = null;
        foreach (var (time, declared) in byTime)
        {
            if (time > nowTicks) break;
            value = declared;
        }

        return value;
    }

    /// <summary>All resources in force at <paramref name="nowTicks"/>, by name (read-only: the answer is shared until it changes).</summary>
    public IReadOnlyDictionary<string, long> At(long nowTicks)
    {
        if (_inForce is { } known && nowTicks >= _inForceFrom && nowTicks < _inForceUntil)
        {
            return known;
        }

        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var (from, until) = (long.MinValue, long.MaxValue);
        foreach (var (name, byTime) in _declarations)
        {
            foreach (var (time, declared) in byTime)
            {
                if (time > nowTicks)
                {
                    until = Math.Min(until, time);
                    break;
                }

                result[name] = declared;
                from = Math.Max(from, time);
            }
        }

        (_inForceFrom, _inForceUntil) = (from, until);
        return _inForce = result.Count == 0 ? System.Collections.ObjectModel.ReadOnlyDictionary<string, long>.Empty : new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(result);
    }

    /// <summary>Drops declarations superseded before <paramref name="cutoffTicks"/>, keeping the one in force then.</summary>
    public void Prune(long cutoffTicks)
    {
        _inForce = null;
        foreach (var byTime in _declarations.Values)
        {
            while (byTime.Count > 1 && byTime.Keys[1] <= cutoffTicks)
            {
                byTime.RemoveAt(0);
            }
        }
    }

    /// <summary>Writes every declaration, resources and instants in order (equal ledgers write equal bytes).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_declarations.Count);
        foreach (var name in _declarations.Keys.Order(StringComparer.Ordinal))
        {
            var byTime = _declarations[name];
            writer.Write(name);
            writer.Write(byTime.Count);
            foreach (var (time, value) in byTime)
            {
                writer.Write(time);
                writer.Write(value);
            }
        }
    }

    /// <summary>A ledger holding what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">A resource or an instant repeated.</exception>
    public static CapacityLedger Read(BinaryReader reader)
    {
        var ledger = new CapacityLedger();
        var names = CheckpointFormat.ReadCount(reader, minimumBytesEach: 5);
        for (var n = 0; n < names; n++)
        {
            var name = reader.ReadString();
            var byTime = new SortedList<long, long>();
            if (!ledger._declarations.TryAdd(name, byTime))
            {
                throw new InvalidDataException($"capacity resource '{name}' repeated");
            }

            var count = CheckpointFormat.ReadCount(reader, minimumBytesEach: 16);
            for (var i = 0; i < count; i++)
            {
                if (!byTime.TryAdd(reader.ReadInt64(), reader.ReadInt64()))
                {
                    throw new InvalidDataException($"capacity of '{name}' declared twice at one instant");
                }
            }
        }

        return ledger;
    }
}
