using System.Text;
using BuryUrgentCare.Contract;
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
    public const string MeasurementPrefix = "daily_";

    /// <summary>A&amp;E and UTC: <c>attendances</c>, <c>departures</c>, <c>fourHourPerformance</c>, <c>twelveHourStays</c>; UTC <c>referredToEd</c>.</summary>
    public const string DailyDepartment = "daily_department";

    /// <summary>A&amp;E: <c>handovers</c>, <c>meanHandoverMinutes</c>, <c>over30</c>, <c>over45</c>, <c>over60</c>.</summary>
    public const string DailyHandover = "daily_handover";

    /// <summary>Green Car: <c>incidents</c>, one count per outcome (<c>seeAndTreat</c>, …), <c>nonConveyanceRate</c>, <c>edAvoided</c>.</summary>
    public const string DailyGreenCar = "daily_greencar";

    /// <summary>IVCH: <c>calls</c>, one count per disposition (<c>selfCare</c>, …), <c>gpBooked</c>, <c>edAvoidanceRate</c>, <c>edAvoided</c>.</summary>
    public const string DailyIvch = "daily_ivch";

    /// <summary>Bury (unit <see cref="FigureSchema.SystemUnit"/>): <c>greenCarEdAvoided</c>, <c>ivchEdAvoided</c>, <c>total</c>.</summary>
    public const string DailyDeflection = "daily_deflection";

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
    /// The rollup points of <paramref name="day"/>, stamped at its local midnight: one per unit that has raw points that
    /// day (a unit with none, e.g. before the history began, gets none), plus Bury's deflection when the Green Car or the
    /// IVCH has. Figures absent at the end of the day (a rate with no denominator) are omitted.
    /// </summary>
    public async Task<IReadOnlyList<FigurePoint>> ComputeAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var (start, end) = Bounds(day);
        var reader = new LastOfDay(_store, start, end);
        var points = new List<FigurePoint>();
        long? greenCarEdAvoided = null;
        long? ivchEdAvoided = null;

        foreach (var unit in _units.Units)
        {
            switch (unit.Service)
            {
                case ServiceKind.Ae or ServiceKind.Utc:
                    await AddDepartmentAsync(reader, unit, points, cancellationToken).ConfigureAwait(false);
                    break;
                case ServiceKind.GreenCar:
                    if (await AddGreenCarAsync(reader, unit, points, cancellationToken).ConfigureAwait(false) is { } avoidedByCar)
                    {
                        greenCarEdAvoided = (greenCarEdAvoided ?? 0) + avoidedByCar;
                    }

                    break;
                case ServiceKind.Ivch:
                    if (await AddIvchAsync(reader, unit, points, cancellationToken).ConfigureAwait(false) is { } avoidedByCalls)
                    {
                        ivchEdAvoided = (ivchEdAvoided ?? 0) + avoidedByCalls;
                    }

                    break;
            }
        }

        if (greenCarEdAvoided is not null || ivchEdAvoided is not null)
        {
            var fields = new Fields();
            fields.Integer(FigureSchema.GreenCarEdAvoidedField, greenCarEdAvoided);
            fields.Integer(FigureSchema.IvchEdAvoidedField, ivchEdAvoided);
            fields.Integer(FigureSchema.TotalField, (greenCarEdAvoided ?? 0) + (ivchEdAvoided ?? 0));
            points.Add(fields.ToPoint(DailyDeflection, FigureSchema.SystemUnit, start));
        }

        return points;
    }

    private static async Task AddDepartmentAsync(LastOfDay reader, UnitDefinition unit, List<FigurePoint> points, CancellationToken ct)
    {
        var attendances = await reader.ReadAsync(FigureSchema.Department, "arrivalsToday", unit.Id, ct).ConfigureAwait(false);
        if (attendances is null)
        {
            return; // no raw points that day
        }

        var department = new Fields();
        department.Integer("attendances", attendances);
        department.Integer("departures", await reader.ReadAsync(FigureSchema.Department, "departuresToday", unit.Id, ct).ConfigureAwait(false));
        department.Float("fourHourPerformance", await reader.ReadAsync(FigureSchema.Department, "fourHourPerformanceToday", unit.Id, ct).ConfigureAwait(false));
        department.Integer("twelveHourStays", await reader.ReadAsync(FigureSchema.Department, "twelveHourStaysToday", unit.Id, ct).ConfigureAwait(false));
        if (unit.Service == ServiceKind.Utc)
        {
            department.Integer("referredToEd", await reader.ReadAsync(FigureSchema.Department, "referredToEdToday", unit.Id, ct).ConfigureAwait(false));
        }

        points.Add(department.ToPoint(DailyDepartment, unit.Id, reader.Start));
        if (unit.Service != ServiceKind.Ae)
        {
            return;
        }

        var handover = new Fields();
        handover.Integer("handovers", await reader.ReadAsync(FigureSchema.Handover, "handoversToday", unit.Id, ct).ConfigureAwait(false));
        handover.Float("meanHandoverMinutes", await reader.ReadAsync(FigureSchema.Handover, "meanHandoverMinutesToday", unit.Id, ct).ConfigureAwait(false));
        handover.Integer("over30", await reader.ReadAsync(FigureSchema.Handover, "handoversOver30Today", unit.Id, ct).ConfigureAwait(false));
        handover.Integer("over45", await reader.ReadAsync(FigureSchema.Handover, "handoversOver45Today", unit.Id, ct).ConfigureAwait(false));
        handover.Integer("over60", await reader.ReadAsync(FigureSchema.Handover, "handoversOver60Today", unit.Id, ct).ConfigureAwait(false));
        if (handover.Count > 0)
        {
            points.Add(handover.ToPoint(DailyHandover, unit.Id, reader.Start));
        }
    }

    /// <summary>Adds the Green Car's day; returns its <c>edAvoided</c>, or null when it has no points that day.</summary>
    private static async Task<long?> AddGreenCarAsync(LastOfDay reader, UnitDefinition unit, List<FigurePoint> points, CancellationToken ct)
    {
        var incidents = await reader.ReadAsync(FigureSchema.GreenCar, "incidentsToday", unit.Id, ct).ConfigureAwait(false);
        if (incidents is null)
        {
            return null;
        }

        var fields = new Fields();
        fields.Integer("incidents", incidents);
        foreach (var outcome in Vocabulary.GreenCarOutcomes.Names)
        {
            var count = await reader.ReadAsync(FigureSchema.GreenCarOutcome, FigureSchema.IncidentsField, unit.Id, ct,
                (FigureSchema.OutcomeTag, outcome)).ConfigureAwait(false);
            fields.Integer(CamelCase(outcome), count ?? 0);
        }

        fields.Float("nonConveyanceRate", await reader.ReadAsync(FigureSchema.GreenCar, "nonConveyanceRateToday", unit.Id, ct).ConfigureAwait(false));
        var edAvoided = (long)Math.Round(await reader.ReadAsync(FigureSchema.GreenCar, "edAvoidedToday", unit.Id, ct).ConfigureAwait(false) ?? 0);
        fields.Integer("edAvoided", edAvoided);
        points.Add(fields.ToPoint(DailyGreenCar, unit.Id, reader.Start));
        return edAvoided;
    }

    /// <summary>Adds the IVCH's day; returns its <c>edAvoided</c>, or null when it has no points that day.</summary>
    private static async Task<long?> AddIvchAsync(LastOfDay reader, UnitDefinition unit, List<FigurePoint> points, CancellationToken ct)
    {
        var calls = await reader.ReadAsync(FigureSchema.Ivch, "callsToday", unit.Id, ct).ConfigureAwait(false);
        if (calls is null)
        {
            return null;
        }

        var fields = new Fields();
        fields.Integer("calls", calls);
        long edAvoided = 0;
        foreach (var disposition in Vocabulary.IvchDispositions.Names)
        {
            var count = (long)Math.Round(await reader.ReadAsync(FigureSchema.IvchDisposition, FigureSchema.CallsField, unit.Id, ct,
                (FigureSchema.DispositionTag, disposition)).ConfigureAwait(false) ?? 0);
            fields.Integer(CamelCase(disposition), count);
            if (!FigureSchema.EdDispositions.Contains(disposition))
            {
                edAvoided += count;
            }
        }

        fields.Integer("gpBooked", await reader.ReadAsync(FigureSchema.Ivch, "gpBookedToday", unit.Id, ct).ConfigureAwait(false));
        fields.Float("edAvoidanceRate", await reader.ReadAsync(FigureSchema.Ivch, "edAvoidanceRateToday", unit.Id, ct).ConfigureAwait(false));
        fields.Integer("edAvoided", edAvoided);
        points.Add(fields.ToPoint(DailyIvch, unit.Id, reader.Start));
        return edAvoided;
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

    private sealed class Fields
    {
        private readonly List<KeyValuePair<string, FieldValue>> _fields = [];

        public int Count => _fields.Count;

        public void Integer(string name, double? value)
        {
            if (value is { } v)
            {
                _fields.Add(KeyValuePair.Create(name, FieldValue.Integer((long)Math.Round(v))));
            }
        }

        public void Integer(string name, long? value)
        {
            if (value is { } v)
            {
                _fields.Add(KeyValuePair.Create(name, FieldValue.Integer(v)));
            }
        }

        public void Float(string name, double? value)
        {
            if (value is { } v)
            {
                _fields.Add(KeyValuePair.Create(name, FieldValue.Float(v)));
            }
        }

        public FigurePoint ToPoint(string measurement, string unit, DateTimeOffset timestamp) =>
            new(measurement, [KeyValuePair.Create(FigureSchema.UnitTag, unit)], _fields, timestamp);
    }
}
