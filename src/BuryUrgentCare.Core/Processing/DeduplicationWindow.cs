namespace BuryUrgentCare.Processing;

/// <summary>
/// Remembers event ids (128-bit hashes) for the replay horizon so that a re-sent event is applied once.
/// Memory is bounded twice: ids are forgotten once their event time falls behind the horizon, and
/// beyond <see cref="Capacity"/> the oldest-remembered id is forgotten first.
/// About 60 bytes per id (hash-set entry plus expiry-queue entry): ≈ 60 MB per million ids.
/// </summary>
internal sealed class DeduplicationWindow(int capacity)
{
    private readonly HashSet<UInt128> _ids = [];
    private readonly Queue<(UInt128 Id, long Ticks)> _order = new();

    public int Capacity { get; } = capacity;

    public int Count => _ids.Count;

    public bool Contains(UInt128 id) => _ids.Contains(id);

    /// <summary>Remembers the id; false if it was already known (a duplicate).</summary>
    public bool TryAdd(UInt128 id, long eventTicks)
    {
        if (!_ids.Add(id))
        {
            return false;
        }

        _order.Enqueue((id, eventTicks));
        if (_order.Count > Capacity)
        {
            _ids.Remove(_order.Dequeue().Id);
        }

        return true;
    }

    /// <summary>Forgets ids remembered for events older than <paramref name="cutoffTicks"/> (insertion order).</summary>
    public void Expire(long cutoffTicks)
    {
        while (_order.TryPeek(out var head) && head.Ticks < cutoffTicks)
        {
            _ids.Remove(_order.Dequeue().Id);
        }
    }

    public void Clear()
    {
        _ids.Clear();
        _order.Clear();
    }
}
