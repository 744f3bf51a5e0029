namespace BuryUrgentCare.Processing;

/// <summary>
/// A sorted multiset of instants (ticks) answering "how many before T" and "earliest" in O(log n).
/// Backed by one array: inserts and removals move at most the elements after the position, which
/// for a department's open episodes (tens to hundreds) is a short memmove and no allocation.
/// </summary>
/// <remarks>
/// <para>The withdraw/re-add rule (see <see cref="UnitState"/>) removes an episode's instant and adds the same
/// instant back on almost every event. So a removal is held: <see cref="Remove"/> finds the element but
/// leaves it in place, marked; an <see cref="Add"/> of the same instant just unmarks it, and any other
/// change completes the removal first. Reads discount the marked element. Nothing observable changes;
/// the array's tail is no longer moved down and up again on every event.</para>
/// <para>Most instants arrive in time order and are appended. One that lands far from the end (events read out of
/// order: a replay of many partitions, a backfill) would move everything after it — a megabyte for a set of a day's
/// departures at replay scale. Those go to a small sorted side array instead, merged into the main one when it grows
/// past about the square root of the set or when a read needs positions (<see cref="this[int]"/>): an out-of-order
/// instant then costs about √n moves, not n. Counts and the minimum read both arrays without merging.</para>
/// <para>A struct, held in its unit's state: a field, never <c>readonly</c>, reached by reference (<c>ref</c>, or
/// <c>in</c> for the <c>readonly</c> reads), never copied — the positional read merges in place, and a copy would
/// merge into the original's array behind its back. Updating a set then reads the state object and the array, not an
/// object of its own between them. Made with <c>new()</c>; the default value is not a set.</para>
/// </remarks>
internal struct SortedTicks
{
    // An insert at most this far from the end goes into the main array directly (the live case: a little out of order).
    private const int NearTheEnd = 64;

    private long[] _items = new long[16];
    private int _count; // elements in _items, the held one included
    private int _held = -1; // index of an element removed but not yet moved out, or −1
    private long[] _side = [];
    private int _sideCount; // out-of-order instants not yet merged into _items

    public SortedTicks()
    {
    }

    public readonly int Count => (_held < 0 ? _count : _count - 1) + _sideCount;

    /// <summary>The earliest instant; only valid when <see cref="Count"/> &gt; 0.</summary>
    public readonly long Min
    {
        get
        {
            var main = _held == 0 ? 1 : 0;
            return main >= _count ? _side[0] : _sideCount == 0 ? _items[main] : Math.Min(_items[main], _side[0]);
        }
    }

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

        // Most instants arrive in time order: append without searching.
        var index = _count == 0 || ticks >= _items[_count - 1] ? _count : UpperBound(_items, _count, ticks);
        if (_count - index > NearTheEnd)
        {
            AddToSide(ticks);
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

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
        var index = LowerBound(_items, _count, ticks);
        if (index < _count && _items[index] == ticks)
        {
            _held = index;
            return true;
        }

        var side = LowerBound(_side, _sideCount, ticks);
        if (side >= _sideCount || _side[side] != ticks)
        {
            return false;
        }

        _sideCount--;
        Array.Copy(_side, side + 1, _side, side, _sideCount - side);
        return true;
    }

    /// <summary>The instant at 0-based position <paramref name="index"/> in ascending order (below <see cref="Count"/>), the held element skipped.</summary>
    public long this[int index]
    {
        get
        {
            Merge();
            return _items[_held >= 0 && index >= _held ? index + 1 : index];
        }
    }

    /// <summary>Number of instants strictly before <paramref name="ticks"/>.</summary>
    public readonly int CountBefore(long ticks) => Discounted(LowerBound(_items, _count, ticks)) + LowerBound(_side, _sideCount, ticks);

    /// <summary>Number of instants at or before <paramref name="ticks"/>.</summary>
    public readonly int CountAtOrBefore(long ticks) => Discounted(UpperBound(_items, _count, ticks)) + UpperBound(_side, _sideCount, ticks);

    /// <summary>Drops every instant strictly before <paramref name="ticks"/>.</summary>
    public void RemoveBefore(long ticks)
    {
        CompleteRemoval();
        var n = LowerBound(_items, _count, ticks);
        if (n > 0)
        {
            _count -= n;
            Array.Copy(_items, n, _items, 0, _count);
        }

        var s = LowerBound(_side, _sideCount, ticks);
        if (s > 0)
        {
            _sideCount -= s;
            Array.Copy(_side, s, _side, 0, _sideCount);
        }
    }

    /// <summary>A count of array positions below <paramref name="bound"/>, less the held element if it is one of them.</summary>
    private readonly int Discounted(int bound) => _held >= 0 && _held < bound ? bound - 1 : bound;

    private void AddToSide(long ticks)
    {
        if (_sideCount == _side.Length)
        {
            Array.Resize(ref _side, Math.Max(16, _side.Length * 2));
        }

        var index = _sideCount == 0 || ticks >= _side[_sideCount - 1] ? _sideCount : UpperBound(_side, _sideCount, ticks);
        if (index < _sideCount)
        {
            Array.Copy(_side, index, _side, index + 1, _sideCount - index);
        }

        _side[index] = ticks;
        _sideCount++;
        // About √n: each out-of-order instant then costs ≈ √n moves here and ≈ √n of the merge's n.
        if (_sideCount * _sideCount > 4 * _count)
        {
            Merge();
        }
    }

    /// <summary>Moves the side array into the main one (a merge from the back, in place).</summary>
    private void Merge()
    {
        if (_sideCount == 0)
        {
            return;
        }

        CompleteRemoval();
        var total = _count + _sideCount;
        if (total > _items.Length)
        {
            Array.Resize(ref _items, Math.Max(total, _items.Length * 2));
        }

        int main = _count - 1, side = _sideCount - 1, to = total - 1;
        while (side >= 0)
        {
            _items[to--] = main >= 0 && _items[main] > _side[side] ? _items[main--] : _side[side--];
        }

        _count = total;
        _sideCount = 0;
    }

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

    private static int LowerBound(long[] items, int count, long ticks)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (items[mid] < ticks) lo = mid + 1; else hi = mid;
        }

        return lo;
    }

    private static int UpperBound(long[] items, int count, long ticks)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (items[mid] <= ticks) lo = mid + 1; else hi = mid;
        }

        return lo;
    }
}
