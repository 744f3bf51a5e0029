using System.Text;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;

namespace BuryUrgentCare.History;

/// <summary>
/// One point per unit per local day in the <c>daily_*</c> measurements, computed from the last raw point of that day
/// in the store: a pure function of stored history, so running it twice for a day writes the same points (which
/// overwrite) and a day can be rolled up again after a backfill. Every "today" figure is cumulative over the local day,
/// so its last value before midnight is the day's total.
/// </summary>
/// <remarks>
/// Snapshots are stamped at whole minutes, so the last raw point of a day is at 23:59 and events of the day's last
/// minute are not in the rollup; they are in the live figures and in the next day's late counts.
/// </remarks>
public sealed class DailyRollup
{
    /// <summary>Measurements that start with this are rollups: kept longer than raw points (see <see cref="HistoryOptions.RollupRetention"/>).</summary>
    public const string MeasurementPrefix = StorageNames.DailyPrefix;

    public const string DailyDepartment = StorageNames.DailyDepartment;
    public const string DailyHandover = StorageNames.DailyHandover;
    public const string DailyGreenCar = StorageNames.DailyGreenCar;
    public const string DailyIvch = StorageNames.DailyIvch;
    public const string DailyDeflection = StorageNames.DailyDeflection;

    /// <summary>Every (measurement, field) the rollup writes, from the catalogue's <see cref="FigureRollup"/>s.</summary>
    public static IReadOnlySet<(string Measurement, string Field)> WrittenFields { get; } = BuildFields();

    private readonly ITimeSeriesStore _store;
    private readonly UnitCatalog _units;
    private readonly ServiceCalendar _calendar;
    private readonly object _calendarLock = new();

    /// <param name="store">Where the raw points are read from (the rollup points are returned, not written).</param>
    /// <param name="units">The units to roll up.</param>
    /// <param name="zone">The zone whose local days are rolled up; Europe/London in production.</param>
    public DailyRollup(ITimeSeriesStore store, UnitCatalog units, TimeZoneInfo zone)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _units = units ?? throw new ArgumentNullException(nameof(units));
        _calendar = new ServiceCalendar(zone ?? throw new ArgumentNullException(nameof(zone)));
    }

    /// <summary>Whether the measurement is a rollup (<see cref="MeasurementPrefix"/>).</summary>
    public static bool IsRollup(string measurement) =>
        measurement?.StartsWith(MeasurementPrefix, StringComparison.Ordinal) ?? throw new ArgumentNullException(nameof(measurement));

    /// <summary>The local day containing <paramref name="instant"/>.</summary>
    public DateOnly DayOf(DateTimeOffset instant)
    {
        lock (_calendarLock)
        {
            return DateOnly.FromDayNumber(_calendar.DayOf(instant.UtcTicks));
        }
    }

    /// <summary>The UTC bounds <c>[start, end)</c> of a local day: 23 h on the spring clock change, 25 h in autumn.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly day)
    {
        lock (_calendarLock)
        {
            return (new DateTimeOffset(_calendar.DayStartUtcTicks(day.DayNumber), TimeSpan.Zero),
                new DateTimeOffset(_calendar.DayStartUtcTicks(day.DayNumber + 1), TimeSpan.Zero));
        }
    }

    /// <summary>
    /// The rollup points of <paramref name="day"/>, stamped at its local midnight: for each unit, one point per daily
    /// measurement its catalogue rolls figures up into (<see cref="FigureRollup"/>), when the store has any of those
    /// figures that day (a unit with none, e.g. before the history began, gets none), plus Bury's deflection when the
    /// Green Car or the IVCH has a day. Figures absent at the end of the day (a rate with no denominator) are omitted;
    /// counts by key are 0 for a key the day never saw.
    /// </summary>
    public async Task<IReadOnlyList<FigurePoint>> ComputeAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var (start, end) = Bounds(day);
        var reader = new LastOfDay(_store, start, end);
        var points = new List<FigurePoint>();
        var deflection = Deflection.None;

        foreach (var unit in _units.Units)
        {
            var daily = new List<(string Measurement, Fields Fields)>();
            foreach (var spec in FigureCatalogue.For(unit.Service).Figures.Where(f => f.Rollup.IsRolledUp))
            {
                var measurement = spec.Rollup.Measurement!;
                var index = daily.FindIndex(d => d.Measurement == measurement);
                if (index < 0)
                {
                    daily.Add((measurement, new Fields()));
                    index = daily.Count - 1;
                }

                await AddAsync(reader, unit.Id, spec, daily[index].Fields, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (measurement, fields) in daily.Where(d => d.Fields.HasDayValues))
            {
                switch (unit.Service)
                {
                    case ServiceKind.GreenCar:
                        deflection = deflection.WithGreenCar((int)(fields.Value(EdAvoidedField) ?? 0));
                        break;
                    case ServiceKind.Ivch:
                        // The one deflection rule, over the day's dispositions.
                        var edAvoided = Deflection.IvchPart(fields.Counts);
                        fields.Integer(EdAvoidedField, edAvoided, dayValue: false);
                        deflection = deflection.WithIvch(edAvoided);
                        break;
                }

                points.Add(fields.ToPoint(measurement, unit.Id, start));
            }
        }

        if (FigureSchema.DeflectionPoint(deflection, DailyDeflection, start) is { } point)
        {
            points.Add(point);
        }

        return points;
    }

    private const string EdAvoidedField = StorageNames.EdAvoidedField;

    /// <summary>Reads one figure's last value of the day into its daily field (a map: one field per key).</summary>
    private static async Task AddAsync(LastOfDay reader, string unit, FigureSpec spec, Fields fields, CancellationToken ct)
    {
        if (spec.IsMap)
        {
            foreach (var key in spec.Keys)
            {
                var count = await reader.ReadAsync(spec.Storage.Measurement, spec.Storage.Field, unit, ct, (spec.Storage.KeyTag!, key.Key))
                    .ConfigureAwait(false);
                fields.Count(key.Key, CamelCase(key.Key), count);
            }

            return;
        }

        var value = await reader.ReadAsync(spec.Storage.Measurement, spec.Storage.Field, unit, ct).ConfigureAwait(false);
        var field = spec.Rollup.Field!;
        if (value is null && spec.Rollup.ZeroWhenAbsent)
        {
            fields.Integer(field, 0, dayValue: false);
        }
        else if (spec.Number == FigureNumber.Integer)
        {
            fields.Integer(field, value is { } v ? (long)Math.Round(v) : null, dayValue: true);
        }
        else
        {
            fields.Float(field, value);
        }
    }

    private static HashSet<(string Measurement, string Field)> BuildFields()
    {
        var fields = new HashSet<(string, string)>();
        foreach (var service in FigureCatalogue.Services)
        {
            foreach (var spec in service.Figures.Where(f => f.Rollup.IsRolledUp))
            {
                if (spec.IsMap)
                {
                    fields.UnionWith(spec.Keys.Select(k => (spec.Rollup.Measurement!, CamelCase(k.Key))));
                }
                else
                {
                    fields.Add((spec.Rollup.Measurement!, spec.Rollup.Field!));
                }
            }

            if (service.Service == ServiceKind.Ivch)
            {
                fields.Add((DailyIvch, EdAvoidedField)); // derived from the day's dispositions by the deflection rule
            }
        }

        fields.UnionWith(FigureCatalogue.System.Select(f => (f.Rollup.Measurement!, f.Rollup.Field!)));
        return fields;
    }

    /// <summary><c>see-and-treat</c> → <c>seeAndTreat</c>: wire names as field names, in the figures' own style.</summary>
    internal static string CamelCase(string wireName)
    {
        var result = new StringBuilder(wireName.Length);
        var upper = false;
        foreach (var c in wireName)
        {
            if (c == '-')
            {
                upper = true;
                continue;
            }

            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return result.ToString();
    }

    /// <summary>Reads the value of a field's last point within a day: one <see cref="HistoryAggregate.Last"/> bucket spanning the day.</summary>
    private sealed class LastOfDay(ITimeSeriesStore store, DateTimeOffset start, DateTimeOffset end)
    {
        public DateTimeOffset Start => start;

        public async Task<double?> ReadAsync(string measurement, string field, string unit, CancellationToken ct,
            (string Key, string Value)? tag = null)
        {
            KeyValuePair<string, string>[] tags = tag is { } t
                ? [KeyValuePair.Create(FigureSchema.UnitTag, unit), KeyValuePair.Create(t.Key, t.Value)]
                : [KeyValuePair.Create(FigureSchema.UnitTag, unit)];
            var buckets = await store.QueryAsync(
                new HistoryQuery(measurement, field, tags, start, end, end - start, HistoryAggregate.Last), ct).ConfigureAwait(false);
            return buckets.Count == 0 ? null : buckets[^1].Value;
        }
    }

    /// <summary>The fields of one daily point, and whether the store had anything of that day for them.</summary>
    private sealed class Fields
    {
        private readonly List<KeyValuePair<string, FieldValue>> _fields = [];

        /// <summary>Whether any field came from a point of the day (rather than being 0 for want of one).</summary>
        public bool HasDayValues { get; private set; }

        /// <summary>The counts by key read for a map, by the key's wire name.</summary>
        public List<KeyValuePair<string, int>> Counts { get; } = [];

        public double? Value(string name)
        {
            foreach (var (field, value) in _fields)
            {
                if (field == name)
                {
                    return value.Kind == FieldValueKind.Integer ? value.AsInteger() : value.AsFloat();
                }
            }

            return null;
        }

        public void Count(string key, string name, double? count)
        {
            var whole = (int)Math.Round(count ?? 0);
            HasDayValues |= count is not null;
            Counts.Add(KeyValuePair.Create(key, whole));
            _fields.Add(KeyValuePair.Create(name, FieldValue.Integer(whole)));
        }

        public void Integer(string name, long? value, bool dayValue)
        {
            if (value is { } v)
            {
                HasDayValues |= dayValue;
                _fields.Add(KeyValuePair.Create(name, FieldValue.Integer(v)));
            }
        }

        public void Float(string name, double? value)
        {
            if (value is { } v)
            {
                HasDayValues = true;
                _fields.Add(KeyValuePair.Create(name, FieldValue.Float(v)));
            }
        }

        public FigurePoint ToPoint(string measurement, string unit, DateTimeOffset timestamp) =>
            new(measurement, [KeyValuePair.Create(FigureSchema.UnitTag, unit)], _fields, timestamp);
    }
}
