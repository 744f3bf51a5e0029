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
    private readonly Dictionary<string, int> _byId;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byIdSpan;

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
}
