using System.Text;

namespace BuryUrgentCare.Contract;

/// <summary>A configured service unit.</summary>
/// <param name="Id">The unit id used as Kafka key and in <c>unit</c>, e.g. <c>FGH-ED</c>.</param>
/// <param name="Name">Display name for wallboards.</param>
/// <param name="Service">Which event family the unit accepts.</param>
public sealed record UnitDefinition(string Id, string Name, ServiceKind Service);

/// <summary>
/// The units this deployment knows. Events for any other unit are rejected (<c>unknown-unit</c>).
/// Indices are dense and stable for the catalog's lifetime, so per-unit state can live in arrays.
/// </summary>
public sealed class UnitCatalog
{
    private readonly UnitDefinition[] _units;
    private readonly ServiceKind[] _services; // beside the definitions, so the parser's per-event check reads one small array
    private readonly Dictionary<string, int> _byId;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byIdSpan;
    // Every event's unit is looked up by its UTF-8 bytes: an open-addressing table, at most half full, hashed by XxHash3,
    // whose slots hold an id's first 16 bytes (the whole of most ids) beside its unit, so a lookup reads one contiguous
    // table. With a thousand units, ids kept as arrays scattered through the heap cost a cache miss per event, and a
    // dictionary's alternate lookup two interface calls.
    private readonly IdSlot[] _utf8Slots;

    public UnitCatalog(IEnumerable<UnitDefinition> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _units = units.ToArray();
        _byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _units.Length; i++)
        {
            if (!_byId.TryAdd(_units[i].Id, i))
            {
                throw new ArgumentException($"Unit '{_units[i].Id}' is configured twice.", nameof(units));
            }
        }

        _byIdSpan = _byId.GetAlternateLookup<ReadOnlySpan<char>>();
        _services = _units.Select(u => u.Service).ToArray();

        // The parser sees the unit as UTF-8. Valid UTF-8 decodes to a string exactly when it is that string's
        // UTF-8 (the encoding is one-to-one, overlong forms are invalid), so looking the bytes up gives the
        // same unit as decoding first. An id that has no UTF-8 form (a lone surrogate) is left out: no
        // valid UTF-8 decodes to it.
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        _utf8Slots = new IdSlot[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_units.Length * 2))];
        _utf8Slots.AsSpan().Fill(new IdSlot { Unit = -1 });
        for (var i = 0; i < _units.Length; i++)
        {
            byte[] utf8;
            try
            {
                utf8 = strict.GetBytes(_units[i].Id);
            }
            catch (EncoderFallbackException)
            {
                continue;
            }

            // Ids are distinct (above), so their UTF-8 is too: the slot found is the empty one ending the probe.
            var (head, tail) = HeadOf(utf8);
            _utf8Slots[SlotOf(utf8, head, tail)] = new IdSlot
            {
                Head = head, Tail = tail, Length = utf8.Length, Unit = i, Whole = utf8.Length > 16 ? utf8 : null,
            };
        }
    }

    /// <summary>The four Bury units.</summary>
    public static UnitCatalog Bury { get; } = new(
    [
        new UnitDefinition("FGH-ED", "Fairfield General Hospital A&E", ServiceKind.Ae),
        new UnitDefinition("FGH-UTC", "Fairfield Urgent Treatment Centre", ServiceKind.Utc),
        new UnitDefinition("BURY-GREENCAR", "NWAS Green Car (community paramedic)", ServiceKind.GreenCar),
        new UnitDefinition("BURY-IVCH", "Integrated Virtual Clinical Hub", ServiceKind.Ivch),
    ]);

    public int Count => _units.Length;

    public IReadOnlyList<UnitDefinition> Units => _units;

    public UnitDefinition this[int index] => _units[index];

    public bool TryGetIndex(string id, out int index) => _byId.TryGetValue(id, out index);

    public bool TryGetIndex(ReadOnlySpan<char> id, out int index) => _byIdSpan.TryGetValue(id, out index);

    /// <summary>Looks up an id given as UTF-8 (as it arrives in an event), without decoding it.</summary>
    public bool TryGetIndex(ReadOnlySpan<byte> utf8Id, out int index)
    {
        var (head, tail) = HeadOf(utf8Id);
        index = _utf8Slots[SlotOf(utf8Id, head, tail)].Unit;
        return index >= 0;
    }

    /// <summary>The slot holding <paramref name="utf8"/> (whose first 16 bytes are <paramref name="head"/> and
    /// <paramref name="tail"/>), or the empty slot that ends its probe sequence.</summary>
    private int SlotOf(ReadOnlySpan<byte> utf8, ulong head, ulong tail)
    {
        var slots = _utf8Slots;
        var mask = slots.Length - 1;
        for (var slot = (int)System.IO.Hashing.XxHash3.HashToUInt64(utf8) & mask; ; slot = (slot + 1) & mask)
        {
            ref readonly var held = ref slots[slot];
            if (held.Unit < 0
                || (held.Length == utf8.Length && held.Head == head && held.Tail == tail && (held.Whole is null || utf8.SequenceEqual(held.Whole))))
            {
                return slot;
            }
        }
    }

    /// <summary>The first 16 bytes of <paramref name="utf8"/>, zero-padded, as two words.</summary>
    private static (ulong Head, ulong Tail) HeadOf(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= 16)
        {
            return (System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(utf8), System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(utf8[8..]));
        }

        // Shorter (most ids): byte by byte, little-endian, the rest zero; no buffer to copy through.
        ulong head = 0, tail = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (i < 8) head |= (ulong)utf8[i] << (8 * i);
            else tail |= (ulong)utf8[i] << (8 * (i - 8));
        }

        return (head, tail);
    }

    /// <summary>The service of the unit at <paramref name="index"/>.</summary>
    public ServiceKind ServiceOf(int index) => _services[index];

    /// <summary>A unit id in the UTF-8 table: its first 16 bytes and length, and the whole id only when it is longer.</summary>
    private struct IdSlot
    {
        public ulong Head, Tail;
        public int Length;
        public int Unit; // −1: an empty slot
        public byte[]? Whole;
    }
}
