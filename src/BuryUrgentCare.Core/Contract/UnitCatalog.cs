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
    // Every event's unit is looked up by its UTF-8 bytes: an open-addressing table of the ids' UTF-8 (null: empty),
    // at most half full, hashed by XxHash3 and called directly (a dictionary's alternate lookup went through its
    // comparer's interface for the hash and again for the equality).
    private readonly byte[]?[] _utf8Ids;
    private readonly int[] _utf8Units;

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
        _utf8Ids = new byte[]?[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_units.Length * 2))];
        _utf8Units = new int[_utf8Ids.Length];
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

            var slot = SlotOf(utf8); // ids are distinct (above), so their UTF-8 is too: the empty slot ending the probe
            _utf8Ids[slot] = utf8;
            _utf8Units[slot] = i;
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
        var slot = SlotOf(utf8Id);
        index = _utf8Ids[slot] is null ? -1 : _utf8Units[slot];
        return index >= 0;
    }

    /// <summary>The slot holding <paramref name="utf8"/>, or the empty slot that ends its probe sequence.</summary>
    private int SlotOf(ReadOnlySpan<byte> utf8)
    {
        var ids = _utf8Ids;
        var mask = ids.Length - 1;
        var slot = (int)System.IO.Hashing.XxHash3.HashToUInt64(utf8) & mask;
        while (ids[slot] is { } id && !utf8.SequenceEqual(id))
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    /// <summary>The service of the unit at <paramref name="index"/>.</summary>
    public ServiceKind ServiceOf(int index) => _services[index];
}
