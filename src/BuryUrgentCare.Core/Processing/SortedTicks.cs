namespace BuryUrgentCare.Processing;

/// <summary>
/// A sorted multiset of instants (ticks) answering "how many before T" and "earliest" in O(log n).
/// Backed by one array: inserts and removals move at most the elements after the position, which
/// for a department's open episodes (tens to hundreds) is a short memmove and no allocation.
/// </summary>
internal sealed class SortedTicks
{
    private long[] _items = new long[16];
    private int _count;

    public int Count => _count;

    /// <summary>The earliest instant; only valid when <see cref="Count"/> &gt; 0.</summary>
    public long Min => _items[0];

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
        var index = LowerBound(ticks);
        if (index >= _count || _items[index] != ticks)
        {
            return false;
        }

        _count--;
        if (index < _count)
        {
            Array.Copy(_items, index + 1, _items, index, _count - index);
        }

        return true;
    }

    /// <summary>Number of instants strictly before <paramref name="ticks"/>.</summary>
    public int CountBefore(long ticks) => LowerBound(ticks);

    /// <summary>Number of instants at or before <paramref name="ticks"/>.</summary>
    public int CountAtOrBefore(long ticks) => UpperBound(ticks);

    /// <summary>Drops every instant strictly before <paramref name="ticks"/>.</summary>
    public void RemoveBefore(long ticks)
    {
        var n = LowerBound(ticks);
        if (n == 0)
        {
            return;
        }

        _count -= n;
        Array.Copy(_items, n, _items, 0, _count);
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
