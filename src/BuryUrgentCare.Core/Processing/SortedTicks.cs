namespace BuryUrgentCare.Processing;

/// <summary>
/// A sorted multiset of instants (ticks) answering "how many before T" and "earliest" in O(log n).
/// Backed by one array: inserts and removals move at most the elements after the position, which
/// for a department's open episodes (tens to hundreds) is a short memmove and no allocation.
/// </summary>
/// <remarks>
/// The withdraw/re-add rule (see <see cref="UnitState"/>) removes an episode's instant and adds the same
/// instant back on almost every event. So a removal is held: <see cref="Remove"/> finds the element but
/// leaves it in place, marked; an <see cref="Add"/> of the same instant just unmarks it, and any other
/// change completes the removal first. Reads discount the marked element. Nothing observable changes;
/// the array's tail is no longer moved down and up again on every event.
/// </remarks>
internal sealed class SortedTicks
{
    private long[] _items = new long[16];
    private int _count; // elements in _items, the held one included
    private int _held = -1; // index of an element removed but not yet moved out, or −1

    public int Count => _held < 0 ? _count : _count - 1;

    /// <summary>The earliest instant; only valid when <see cref="Count"/> &gt; 0.</summary>
    public long Min => _items[_held == 0 ? 1 : 0];

    public void Update(long ticks, int sign)
    {
        if (sign > 0)
        {
            Add(ticks);
        }
        else
        {
            Remove(ticks);
        }
    }

    public void Add(long ticks)
    {
        if (_held >= 0)
        {
            if (_items[_held] == ticks)
            {
                _held = -1; // re-added: the held removal is cancelled, the element never moved
                return;
            }

            CompleteRemoval();
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        // Most instants arrive in time order: append without searching.
        var index = _count == 0 || ticks >= _items[_count - 1] ? _count : UpperBound(ticks);
        if (index < _count)
        {
            Array.Copy(_items, index, _items, index + 1, _count - index);
        }

        _items[index] = ticks;
        _count++;
    }

    /// <summary>Removes one occurrence; returns false if absent (it may have been pruned).</summary>
    public bool Remove(long ticks)
    {
        CompleteRemoval();
        var index = LowerBound(ticks);
        if (index >= _count || _items[index] != ticks)
        {
            return false;
        }

        _held = index;
        return true;
    }

    /// <summary>The instant at 0-based position <paramref name="index"/> in ascending order (below <see cref="Count"/>), the held element skipped.</summary>
    public long this[int index] => _items[_held >= 0 && index >= _held ? index + 1 : index];

    /// <summary>Number of instants strictly before <paramref name="ticks"/>.</summary>
    public int CountBefore(long ticks) => Discounted(LowerBound(ticks));

    /// <summary>Number of instants at or before <paramref name="ticks"/>.</summary>
    public int CountAtOrBefore(long ticks) => Discounted(UpperBound(ticks));

    /// <summary>Drops every instant strictly before <paramref name="ticks"/>.</summary>
    public void RemoveBefore(long ticks)
    {
        CompleteRemoval();
        var n = LowerBound(ticks);
        if (n == 0)
        {
            return;
        }

        _count -= n;
        Array.Copy(_items, n, _items, 0, _count);
    }

    /// <summary>A count of array positions below <paramref name="bound"/>, less the held element if it is one of them.</summary>
    private int Discounted(int bound) => _held >= 0 && _held < bound ? bound - 1 : bound;

    private void CompleteRemoval()
    {
        if (_held < 0)
        {
            return;
        }

        var index = _held;
        _held = -1;
        _count--;
        if (index < _count)
        {
            Array.Copy(_items, index + 1, _items, index, _count - index);
        }
    }

    private int LowerBound(long ticks)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[mid] < ticks) lo = mid + 1; else hi = mid;
        }

        return lo;
    }

    private int UpperBound(long ticks)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[mid] <= ticks) lo = mid + 1; else hi = mid;
        }

        return lo;
    }
}
