namespace BuryUrgentCare.Processing;

/// <summary>
/// Remembers event ids (128-bit hashes) for the replay horizon so that a re-sent event is applied once.
/// Memory is bounded twice: ids are forgotten once their event time falls behind the horizon, and
/// beyond <see cref="Capacity"/> the oldest-remembered id is forgotten first.
/// </summary>
/// <remarks>
/// Every event is a new id, so this is the core's largest per-event cost in memory and allocation. The ids
/// live once, in a ring in the order they were first seen (24 bytes each: the two halves of the hash and
/// the event time; a <see cref="UInt128"/> field would be padded to 32), which is also the expiry order;
/// a linear-probing table of ring positions (4 bytes a slot, at most half full) finds them. About 34 bytes
/// per id retained at a million ids (a hash set plus a queue took 84), and growth copies a third as much.
/// A slot's spare high bits hold a fingerprint of the id, so a probe passes other ids' slots without
/// reading the ring: a new id (the usual case) costs one random read of the table, not one per probe.
/// </remarks>
internal sealed class DeduplicationWindow(int capacity)
{
    private Remembered[] _ring = [];
    private int _head;   // ring index of the oldest id
    private int _count;
    private int[] _slots = []; // (fingerprint | ring index + 1) of the id whose probe sequence passes here; 0 = empty
    private int _shift;  // 64 − log2(_slots.Length): the top bits of the mixed hash pick the home slot
    private int _positionMask; // low bits of a slot: ring index + 1; the bits above are the fingerprint

    public int Capacity { get; } = capacity;

    public int Count => _count;

    public bool Contains(UInt128 id) => _count > 0 && _slots[FindSlot((ulong)id, (ulong)(id >> 64))] != 0;

    /// <summary>Remembers the id; false if it was already known (a duplicate).</summary>
    public bool TryAdd(UInt128 id, long eventTicks)
    {
        ulong low = (ulong)id, high = (ulong)(id >> 64);
        if (_count > 0 && _slots[FindSlot(low, high)] != 0)
        {
            return false;
        }

        if (_count == _ring.Length)
        {
            Grow();
        }

        var position = (_head + _count) & (_ring.Length - 1);
        _ring[position] = new Remembered(low, high, eventTicks);
        _slots[FindSlot(low, high)] = Fingerprint(low, high) | (position + 1);
        _count++;
        if (_count > Capacity)
        {
            ForgetOldest();
        }

        return true;
    }

    /// <summary>Forgets ids remembered for events older than <paramref name="cutoffTicks"/> (insertion order).</summary>
    public void Expire(long cutoffTicks)
    {
        while (_count > 0 && _ring[_head].Ticks < cutoffTicks)
        {
            ForgetOldest();
        }
    }

    public void Clear()
    {
        Array.Clear(_slots);
        _head = 0;
        _count = 0;
    }

    /// <summary>The slot holding the id, or the empty slot that ends its probe sequence.</summary>
    private int FindSlot(ulong low, ulong high)
    {
        var mask = _slots.Length - 1;
        var fingerprint = Fingerprint(low, high);
        for (var slot = Home(low, high); ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return slot;
            }

            if ((entry & ~_positionMask) == fingerprint)
            {
                ref readonly var remembered = ref _ring[(entry & _positionMask) - 1];
                if (remembered.Low == low && remembered.High == high)
                {
                    return slot;
                }
            }
        }
    }

    private int Home(ulong low, ulong high) => (int)(((low ^ high) * 0x9E37_79B9_7F4A_7C15UL) >> _shift);

    /// <summary>Bits of the id other than those that pick the home slot, placed above the position bits.</summary>
    private int Fingerprint(ulong low, ulong high) => (int)(low + high) & ~_positionMask;

    private int Position(int slot) => (_slots[slot] & _positionMask) - 1;

    private void ForgetOldest()
    {
        ref readonly var oldest = ref _ring[_head];
        var mask = _slots.Length - 1;
        var hole = Home(oldest.Low, oldest.High);
        while (Position(hole) != _head)
        {
            hole = (hole + 1) & mask;
        }

        // Backward-shift deletion: pull later entries of the cluster into the hole when their home slot
        // allows, so every probe sequence stays unbroken without tombstones.
        for (var i = (hole + 1) & mask; _slots[i] != 0; i = (i + 1) & mask)
        {
            ref readonly var moved = ref _ring[Position(i)];
            var home = Home(moved.Low, moved.High);
            if (((i - home) & mask) >= ((i - hole) & mask))
            {
                _slots[hole] = _slots[i];
                hole = i;
            }
        }

        _slots[hole] = 0;
        _head = (_head + 1) & (_ring.Length - 1);
        _count--;
    }

    /// <summary>Doubles the ring (oldest first at index 0) and rebuilds the table at twice the ring's size.</summary>
    private void Grow()
    {
        var ring = new Remembered[Math.Max(16, _ring.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            ring[i] = _ring[(_head + i) & (_ring.Length - 1)];
        }

        _ring = ring;
        _head = 0;
        _slots = new int[ring.Length * 2];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)_slots.Length);
        // Positions run 1 … ring length: one bit more than an index. A ring of 2^31 would leave no fingerprint (mask −1).
        var positionBits = System.Numerics.BitOperations.Log2((uint)ring.Length) + 1;
        _positionMask = positionBits >= 32 ? -1 : (1 << positionBits) - 1;
        var mask = _slots.Length - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = Home(ring[i].Low, ring[i].High);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = Fingerprint(ring[i].Low, ring[i].High) | (i + 1);
        }
    }

    private readonly record struct Remembered(ulong Low, ulong High, long Ticks);
}
