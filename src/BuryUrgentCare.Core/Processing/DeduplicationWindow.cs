namespace BuryUrgentCare.Processing;

/// <summary>
/// Remembers event ids (128-bit hashes) for the replay horizon so that a re-sent event is applied once.
/// Memory is bounded twice: ids are forgotten once their event time falls behind the horizon, and
/// beyond <see cref="Capacity"/> the oldest-remembered id is forgotten first.
/// </summary>
/// <remarks>
/// <para>Every event is a new id, so this is the core's largest per-event cost in memory and allocation.
/// Each id is stored once, in first-seen order (which is also the expiry order), as 24 bytes: the two halves
/// of the hash and the event time (a <see cref="UInt128"/> field would be padded to 32). Ids get consecutive
/// sequence numbers and live in fixed segments of 256; a segment the oldest ids have left is reused for new
/// ones, so storage grows without copying and, once the window is full, without allocating.</para>
/// <para>A linear-probing table (4 bytes a slot, at most three quarters full, backward-shift deletion) finds an id by
/// its sequence number. A slot's spare high bits hold a fingerprint of the id, so a probe passes other ids'
/// slots without reading their entries: a new id (the usual case) costs one random read of the table.</para>
/// <para>About 32 bytes per id retained at a million ids (a hash set plus a queue took 84).</para>
/// <para>A struct, held in the processor's array of windows (an element, reached in place, never copied), so that
/// remembering an id reads the array and the slot, not a window object between them.</para>
/// </remarks>
internal struct DeduplicationWindow(int capacity)
{
    private const int SegmentBits = 8;
    private const int SegmentLength = 1 << SegmentBits; // ids per segment: 6 KB

    private Remembered[]?[] _segments = []; // segment n (ids n·256 …) at index n mod length; length a power of two
    private long _head;  // sequence number of the oldest id; the ids are _head … _head + _count − 1
    private int _count;
    private int[] _slots = [];  // (fingerprint | sequence number mod _span, + 1) of the id whose probe passes here; 0 = empty
    private int _span;          // the number of slots, a power of two; remembered ids stay fewer, so their positions are distinct
    private int _limit;         // grow on reaching this many ids: three quarters of the slots
    private int _shift;         // 64 − log2(_slots.Length): the top bits of the mixed hash pick the home slot
    private int _positionMask;  // low bits of a slot: the position (1 … _span); the bits above are the fingerprint

    public int Capacity { get; } = capacity;

    public readonly int Count => _count;

    public readonly bool Contains(UInt128 id) => _count > 0 && _slots[FindSlot((ulong)id, (ulong)(id >> 64))] != 0;

    /// <summary>Remembers the id; false if it was already known (a duplicate).</summary>
    public bool TryAdd(UInt128 id, long eventTicks)
    {
        ulong low = (ulong)id, high = (ulong)(id >> 64);
        if (_count == _limit)
        {
            GrowTable(); // before the probe, so one probe serves (a duplicate merely finds a larger table)
        }

        var slot = FindSlot(low, high);
        if (_slots[slot] != 0)
        {
            return false;
        }

        var sequence = _head + _count;
        Segment(sequence)[(int)sequence & (SegmentLength - 1)] = new Remembered(low, high, eventTicks);
        _slots[slot] = Fingerprint(low, high) | Position(sequence);
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
        while (_count > 0 && At(_head).Ticks < cutoffTicks)
        {
            ForgetOldest();
        }
    }

    public void Clear()
    {
        Array.Clear(_slots);
        _head += _count;
        _count = 0;
    }

    /// <summary>Writes the remembered ids and their event times, oldest first (the order they expire and are forgotten in).</summary>
    public readonly void Write(BinaryWriter writer)
    {
        writer.Write(_count);
        var previous = 0L;
        for (var sequence = _head; sequence < _head + _count; sequence++)
        {
            ref readonly var remembered = ref At(sequence);
            writer.Write(remembered.Low);
            writer.Write(remembered.High);
            CheckpointFormat.WriteInstants(writer, previous, remembered.Ticks); // a few bytes: ids come in about time order
            previous = remembered.Ticks;
        }
    }

    /// <summary>A window of <paramref name="capacity"/> remembering what <see cref="Write"/> wrote, in the same order.</summary>
    /// <exception cref="InvalidDataException">An id repeated.</exception>
    public static DeduplicationWindow Read(BinaryReader reader, int capacity)
    {
        var window = new DeduplicationWindow(capacity);
        var count = CheckpointFormat.ReadCount(reader, minimumBytesEach: 17);
        var ticks = 0L;
        for (var i = 0; i < count; i++)
        {
            var (low, high) = (reader.ReadUInt64(), reader.ReadUInt64());
            ticks = CheckpointFormat.ReadInstant(reader, ticks);
            if (!window.TryAdd(new UInt128(high, low), ticks))
            {
                throw new InvalidDataException("an event id repeated in the deduplication window");
            }
        }

        return window;
    }

    /// <summary>The slot holding the id, or the empty slot that ends its probe sequence.</summary>
    private readonly int FindSlot(ulong low, ulong high)
    {
        // The mask comes from the window's own fields (the span is the slot count), not from the table's length:
        // reading the table's header first would be a cache miss of its own before the slot's.
        var mask = _span - 1;
        var slots = _slots;
        var fingerprint = Fingerprint(low, high);
        for (var slot = Home(low, high); ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if (entry == 0)
            {
                return slot;
            }

            if ((entry & ~_positionMask) == fingerprint)
            {
                ref readonly var remembered = ref At(SequenceAt(slot));
                if (remembered.Low == low && remembered.High == high)
                {
                    return slot;
                }
            }
        }
    }

    private readonly int Home(ulong low, ulong high) => (int)(((low ^ high) * 0x9E37_79B9_7F4A_7C15UL) >> _shift);

    /// <summary>Bits of the id other than those that pick the home slot, placed above the position bits.</summary>
    private readonly int Fingerprint(ulong low, ulong high) => (int)(low + high) & ~_positionMask;

    /// <summary>A remembered id's position in a slot: its sequence number mod the span, plus one (0 is empty).</summary>
    private readonly int Position(long sequence) => ((int)sequence & (_span - 1)) + 1;

    /// <summary>
    /// The sequence number a slot refers to. The remembered ids are fewer than the span and consecutive,
    /// so their sequence numbers mod the span are distinct, and the one ≥ <see cref="_head"/> is the id's.
    /// </summary>
    private readonly long SequenceAt(int slot) => _head + ((((_slots[slot] & _positionMask) - 1) - _head) & (_span - 1));

    private readonly ref Remembered At(long sequence) =>
        ref _segments[(int)(sequence >> SegmentBits) & (_segments.Length - 1)]![(int)sequence & (SegmentLength - 1)];

    /// <summary>The segment that holds (or will hold) <paramref name="sequence"/>: reused if it is free, allocated if absent.</summary>
    private Remembered[] Segment(long sequence)
    {
        var number = sequence >> SegmentBits;
        if (number - (_head >> SegmentBits) >= _segments.Length)
        {
            // More segments in use than places: double the places, each in-use segment moving to its new index.
            var segments = new Remembered[]?[Math.Max(4, _segments.Length * 2)];
            for (var n = _head >> SegmentBits; n < number; n++)
            {
                segments[(int)n & (segments.Length - 1)] = _segments[(int)n & (_segments.Length - 1)];
            }

            _segments = segments;
        }

        ref var segment = ref _segments[(int)number & (_segments.Length - 1)];
        return segment ??= new Remembered[SegmentLength];
    }

    private void ForgetOldest()
    {
        ref readonly var oldest = ref At(_head);
        var mask = _slots.Length - 1;
        var position = Position(_head);
        var hole = Home(oldest.Low, oldest.High);
        while ((_slots[hole] & _positionMask) != position)
        {
            hole = (hole + 1) & mask;
        }

        // Backward-shift deletion: pull later entries of the cluster into the hole when their home slot
        // allows, so every probe sequence stays unbroken without tombstones.
        for (var i = (hole + 1) & mask; _slots[i] != 0; i = (i + 1) & mask)
        {
            ref readonly var moved = ref At(SequenceAt(i));
            var home = Home(moved.Low, moved.High);
            if (((i - home) & mask) >= ((i - hole) & mask))
            {
                _slots[hole] = _slots[i];
                hole = i;
            }
        }

        _slots[hole] = 0;
        _head++;
        _count--;
    }

    /// <summary>Doubles the table and re-inserts every remembered id.</summary>
    private void GrowTable()
    {
        _span = Math.Max(16, _span * 2);
        _limit = _span - _span / 4;
        _slots = new int[_span];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)_slots.Length);
        // Positions run 1 … span: one bit more than the span's. A span of 2^31 would leave no fingerprint (mask −1).
        var positionBits = System.Numerics.BitOperations.Log2((uint)_span) + 1;
        _positionMask = positionBits >= 32 ? -1 : (1 << positionBits) - 1;
        var mask = _slots.Length - 1;
        for (var sequence = _head; sequence < _head + _count; sequence++)
        {
            ref readonly var remembered = ref At(sequence);
            var slot = Home(remembered.Low, remembered.High);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = Fingerprint(remembered.Low, remembered.High) | Position(sequence);
        }
    }

    private readonly record struct Remembered(ulong Low, ulong High, long Ticks);
}
