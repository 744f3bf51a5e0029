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

    public void Declare(long timeTicks, IEnumerable<KeyValuePair<string, long>> resources)
    {
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

    /// <summary>All resources in force at <paramref name="nowTicks"/>.</summary>
    public IReadOnlyDictionary<string, long> At(long nowTicks)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in _declarations.Keys)
        {
            if (ValueAt(name, nowTicks) is { } value)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>Drops declarations superseded before <paramref name="cutoffTicks"/>, keeping the one in force then.</summary>
    public void Prune(long cutoffTicks)
    {
        foreach (var byTime in _declarations.Values)
        {
            while (byTime.Count > 1 && byTime.Keys[1] <= cutoffTicks)
            {
                byTime.RemoveAt(0);
            }
        }
    }
}
