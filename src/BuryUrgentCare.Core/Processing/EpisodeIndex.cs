namespace BuryUrgentCare.Processing;

/// <summary>
/// A unit's episodes by subject (a 128-bit hash): an open-addressing table whose slots hold the key
/// beside the reference to the episode.
/// </summary>
/// <remarks>
/// <para>Finding an episode is one of the two random memory reads every event makes (the other is the
/// dedupe window's). A <c>Dictionary</c> makes it three dependent reads — bucket, entry, episode — and
/// with many units interleaved each is usually a cache miss; here it is two: the slot, then the episode.</para>
/// <para>Linear probing, at most three quarters full, backward-shift deletion (no tombstones). An empty
/// slot is one whose value is null, so every key is usable.</para>
/// <para>A struct, held in its unit's state (a field, never <c>readonly</c>, never copied), so that finding an episode
/// reads the state object and the slot, not an index object between them. Made with <c>new()</c>.</para>
/// </remarks>
internal struct EpisodeIndex<T> where T : class
{
    private const int MinimumSlots = 8;

    private Slot[] _slots = [];
    private int _mask;   // slots − 1
    private int _shift;  // 64 − log2(slots): the top bits of the mixed key pick the home slot
    private int _limit;  // grow on reaching this many: three quarters of the slots

    public EpisodeIndex()
    {
    }

    public int Count { readonly get; private set; }

    /// <summary>The subject's episode, or null.</summary>
    public readonly T? Find(UInt128 subject)
    {
        if (Count == 0)
        {
            return null;
        }

        var (low, high) = Split(subject);
        return _slots[FindSlot(low, high)].Value;
    }

    /// <summary>
    /// The place of the subject's episode. For a subject not yet held it is a new place holding null,
    /// which the caller must fill before anything else touches the index.
    /// </summary>
    public ref T? GetOrAddPlace(UInt128 subject)
    {
        if (Count >= _limit)
        {
            Grow();
        }

        var (low, high) = Split(subject);
        ref var slot = ref _slots[FindSlot(low, high)];
        if (slot.Value is null)
        {
            slot.Low = low;
            slot.High = high;
            Count++;
        }

        return ref slot.Value;
    }

    /// <summary>Removes every episode <paramref name="remove"/> selects (given its subject and episode).</summary>
    public void RemoveWhere(Func<UInt128, T, bool> remove)
    {
        if (Count == 0)
        {
            return;
        }

        // Backward shifts pull later slots of a cluster into an emptied one, so the walk goes downwards
        // (every slot a shift can move was visited already), starting just below an empty slot so no
        // cluster wraps round the walk's start: each episode is visited exactly once.
        var start = 0;
        while (_slots[start].Value is not null)
        {
            start++;
        }

        for (var n = 1; n <= _mask; n++)
        {
            var i = (start - n) & _mask;
            if (_slots[i].Value is { } value && remove(new UInt128(_slots[i].High, _slots[i].Low), value))
            {
                RemoveAt(i);
            }
        }
    }

    /// <summary>Every subject and episode held, in no particular order.</summary>
    public readonly IEnumerable<(UInt128 Subject, T Episode)> All()
    {
        foreach (var slot in _slots)
        {
            if (slot.Value is { } value)
            {
                yield return (new UInt128(slot.High, slot.Low), value);
            }
        }
    }

    private static (ulong Low, ulong High) Split(UInt128 subject) => ((ulong)subject, (ulong)(subject >> 64));

    private readonly int Home(ulong low, ulong high) => (int)(((low ^ high) * 0x9E37_79B9_7F4A_7C15UL) >> _shift);

    /// <summary>The slot holding the key, or the empty slot that ends its probe sequence.</summary>
    private readonly int FindSlot(ulong low, ulong high)
    {
        var slots = _slots;
        for (var i = Home(low, high); ; i = (i + 1) & _mask)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Value is null || (slot.Low == low && slot.High == high))
            {
                return i;
            }
        }
    }

    /// <summary>Empties slot <paramref name="hole"/>, pulling later slots of its cluster back so every probe sequence stays unbroken.</summary>
    private void RemoveAt(int hole)
    {
        for (var i = (hole + 1) & _mask; _slots[i].Value is not null; i = (i + 1) & _mask)
        {
            var home = Home(_slots[i].Low, _slots[i].High);
            if (((i - home) & _mask) >= ((i - hole) & _mask))
            {
                _slots[hole] = _slots[i];
                hole = i;
            }
        }

        _slots[hole] = default;
        Count--;
    }

    private void Grow()
    {
        var old = _slots;
        var length = Math.Max(MinimumSlots, old.Length * 2);
        _slots = new Slot[length];
        _mask = length - 1;
        _limit = length - (length / 4);
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)length);
        foreach (var slot in old)
        {
            if (slot.Value is not null)
            {
                var i = Home(slot.Low, slot.High);
                while (_slots[i].Value is not null)
                {
                    i = (i + 1) & _mask;
                }

                _slots[i] = slot;
            }
        }
    }

    private struct Slot
    {
        public ulong Low, High;
        public T? Value;
    }
}
