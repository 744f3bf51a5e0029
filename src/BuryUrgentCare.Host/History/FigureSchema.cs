using BuryUrgentCare.Escalation;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;

namespace BuryUrgentCare.History;

/// <summary>Where one figure is stored: a numeric field of a measurement, in the series a tag set names.</summary>
/// <param name="Measurement">The figure family, e.g. <c>department</c>.</param>
/// <param name="Field">The field, e.g. <c>inDepartment</c>.</param>
/// <param name="Tags">Tags that pick the series besides <c>unit</c> (e.g. <c>acuity = 3</c>); empty for most figures.</param>
/// <param name="Kind">Integer for counts and minutes, float for percentages, medians and means.</param>
public sealed record FigureLocation(string Measurement, string Field, IReadOnlyList<KeyValuePair<string, string>> Tags, FieldValueKind Kind);

/// <summary>
/// The history schema: how a <see cref="UnitSnapshot"/> becomes <see cref="FigurePoint"/>s, and where each figure of
/// METRICS.md is stored (for the trends API). One measurement per figure family, tag <c>unit</c> plus small closed
/// sets only, fields named exactly as METRICS.md names the figures; absent figures are omitted. See docs/history.md.
/// </summary>
public static class FigureSchema
{
    // The names are owned by the core's StorageNames, beside the figure catalogue; these are the history's view of them.
    public const string UnitTag = StorageNames.UnitTag;
    public const string SystemUnit = StorageNames.SystemUnit;
    public const string Department = StorageNames.Department;
    public const string DepartmentAcuity = StorageNames.DepartmentAcuity;
    public const string DepartmentStage = StorageNames.DepartmentStage;
    public const string Handover = StorageNames.Handover;
    public const string GreenCar = StorageNames.GreenCar;
    public const string GreenCarOutcome = StorageNames.GreenCarOutcome;
    public const string Ivch = StorageNames.Ivch;
    public const string IvchDisposition = StorageNames.IvchDisposition;
    public const string Deflection = StorageNames.Deflection;
    public const string AcuityTag = StorageNames.AcuityTag;
    public const string StageTag = StorageNames.StageTag;
    public const string OutcomeTag = StorageNames.OutcomeTag;
    public const string DispositionTag = StorageNames.DispositionTag;
    public const string PatientsField = StorageNames.PatientsField;
    public const string IncidentsField = StorageNames.IncidentsField;
    public const string CallsField = StorageNames.CallsField;
    public const string GreenCarEdAvoidedField = StorageNames.GreenCarEdAvoidedField;
    public const string IvchEdAvoidedField = StorageNames.IvchEdAvoidedField;
    public const string TotalField = StorageNames.TotalField;

    /// <summary>Ingest counters since the process started, per node (<see cref="NodeTag"/>) and unit (<c>(unknown)</c>
    /// for events naming no known unit): <c>applied</c>, <c>duplicates</c>, <c>late</c>, <c>rejected</c>. Cumulative:
    /// rates come from their derivative, per node.</summary>
    public const string Ingest = "ingest";

    /// <summary>Rejected (dead-lettered) events since start by node, unit and tag <c>reason</c>: field <c>count</c>.</summary>
    public const string IngestRejected = "ingest_rejected";

    /// <summary>The history writer's counters since start, per node: <c>enqueued</c>, <c>written</c>, <c>dropped</c>,
    /// <c>rejected</c>, <c>failedAttempts</c>, <c>buffered</c>.</summary>
    public const string HistoryWriter = "history_writer";

    public const string ReasonTag = "reason";

    /// <summary>
    /// The node (host name) whose process counted: each node has counters of its own, and two nodes writing the same
    /// series at the same minute would overwrite each other's. Only on the process's own measurements, never on figures
    /// (those are the same whichever node writes them).
    /// </summary>
    public const string NodeTag = "node";

    /// <summary>
    /// Field <c>simulated</c> = 1 on every point the simulator's history backfill wrote (<c>Simulator:BackfillDays</c>):
    /// those days never happened. Live and rebuilt points never carry it. See docs/history.md, "History from day one".
    /// </summary>
    public const string SimulatedField = "simulated";

    /// <summary>The points, each with <see cref="SimulatedField"/> = 1 added: how the backfill marks what it writes.</summary>
    public static List<FigurePoint> MarkSimulated(IEnumerable<FigurePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var marker = KeyValuePair.Create(SimulatedField, FieldValue.Integer(1));
        return [.. points.Select(p => p with { Fields = [.. p.Fields, marker] })];
    }

    /// <summary>The values of the <c>acuity</c> tag, as the figures' JSON names them.</summary>
    public static IReadOnlyList<string> Acuities { get; } = KeysOf(ServiceKind.Ae, "byAcuity");

    /// <summary>The values of the <c>stage</c> tag (METRICS.md <c>byStage</c>).</summary>
    public static IReadOnlyList<string> Stages { get; } = KeysOf(ServiceKind.Ae, "byStage");

    private static readonly Dictionary<ServiceKind, Dictionary<string, FigureLocation>> Locations = BuildLocations();
    private static readonly Dictionary<string, FigureLocation> SystemLocations = FigureCatalogue.System.ToDictionary(
        f => f.Name, f => new FigureLocation(f.Storage.Measurement, f.Storage.Field, [], KindOf(f)), StringComparer.Ordinal);

    /// <summary>
    /// The points of one unit's snapshot, stamped <paramref name="timestamp"/> (not the snapshot's <c>asOf</c>: the
    /// snapshot job stamps every unit with its fire time, so a re-run overwrites the same points).
    /// </summary>
    public static void AppendPoints(UnitSnapshot snapshot, DateTimeOffset timestamp, List<FigurePoint> points)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(points);
        var unit = snapshot.Unit;
        var figures = snapshot.Figures;
        var unitTags = UnitTags(unit);

        // Scalars gather into one point per measurement, placed where the measurement's first figure is in the
        // catalogue; a map's points (one per key) are placed where the map is.
        var slots = new List<(string? Measurement, List<KeyValuePair<string, FieldValue>>? Fields, List<FigurePoint>? Points)>(8);
        foreach (var spec in FigureCatalogue.For(figures.Service).Figures)
        {
            if (spec.IsMap)
            {
                var mapPoints = new List<FigurePoint>();
                foreach (var (key, count) in spec.ReadMap(figures))
                {
                    AddCount(mapPoints, spec.Storage.Measurement, unit, spec.Storage.KeyTag!, key, spec.Storage.Field, count, timestamp);
                }

                slots.Add((null, null, mapPoints));
                continue;
            }

            var slot = slots.FindIndex(s => s.Measurement == spec.Storage.Measurement);
            if (slot < 0)
            {
                slots.Add((spec.Storage.Measurement, [], null));
                slot = slots.Count - 1;
            }

            if (spec.Read(figures) is { } value)
            {
                slots[slot].Fields!.Add(KeyValuePair.Create(spec.Storage.Field,
                    spec.Number == FigureNumber.Integer ? FieldValue.Integer((long)value) : FieldValue.Float(value)));
            }
        }

        foreach (var (measurement, fields, mapPoints) in slots)
        {
            if (mapPoints is not null)
            {
                points.AddRange(mapPoints);
            }
            else if (fields!.Count > 0)
            {
                // A point needs a field: a family whose figures are all absent is left out.
                points.Add(new FigurePoint(measurement!, unitTags, fields, timestamp));
            }
        }
    }

    /// <summary>The points of one unit's snapshot (see <see cref="AppendPoints(UnitSnapshot, DateTimeOffset, List{FigurePoint})"/>).</summary>
    public static List<FigurePoint> ToPoints(UnitSnapshot snapshot, DateTimeOffset timestamp)
    {
        var points = new List<FigurePoint>(16);
        AppendPoints(snapshot, timestamp, points);
        return points;
    }

    /// <summary>Every unit's points plus the system's <see cref="Deflection"/> point, all stamped <paramref name="timestamp"/>.</summary>
    public static List<FigurePoint> ToPoints(IReadOnlyCollection<UnitSnapshot> snapshots, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var points = new List<FigurePoint>(snapshots.Count * 12 + 1);
        foreach (var snapshot in snapshots)
        {
            AppendPoints(snapshot, timestamp, points);
        }

        if (DeflectionPoint(snapshots, timestamp) is { } deflection)
        {
            points.Add(deflection);
        }

        return points;
    }

    /// <summary>
    /// METRICS.md <c>deflectionToday</c> (<see cref="Escalation.Deflection.Today"/>) as a point of unit <see cref="SystemUnit"/>:
    /// <c>greenCarEdAvoided</c>, <c>ivchEdAvoided</c> and <c>total</c>. A component whose service has no snapshot is omitted
    /// (absent, not 0); null when neither has one.
    /// </summary>
    public static FigurePoint? DeflectionPoint(IEnumerable<UnitSnapshot> snapshots, DateTimeOffset timestamp) =>
        DeflectionPoint(Escalation.Deflection.Today(snapshots), Deflection, timestamp);

    /// <summary>A deflection as a point of <paramref name="measurement"/> (raw or daily); null when it has no part.</summary>
    public static FigurePoint? DeflectionPoint(Escalation.Deflection deflection, string measurement, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(deflection);
        if (deflection.Total is not { } total)
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, FieldValue>>(3);
        if (deflection.GreenCarEdAvoided is { } greenCar)
        {
            fields.Add(KeyValuePair.Create(GreenCarEdAvoidedField, FieldValue.Integer(greenCar)));
        }

        if (deflection.IvchEdAvoided is { } ivch)
        {
            fields.Add(KeyValuePair.Create(IvchEdAvoidedField, FieldValue.Integer(ivch)));
        }

        fields.Add(KeyValuePair.Create(TotalField, FieldValue.Integer(total)));
        return new FigurePoint(measurement, UnitTags(SystemUnit), fields, timestamp);
    }

    /// <summary>
    /// Node <paramref name="node"/>'s ingest counters as points stamped <paramref name="timestamp"/>: one
    /// <see cref="Ingest"/> point per unit and one <see cref="IngestRejected"/> point per unit and reason that has rejections.
    /// </summary>
    public static void AppendIngestPoints(IngestStatistics statistics, string node, DateTimeOffset timestamp, List<FigurePoint> points)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentNullException.ThrowIfNull(points);
        foreach (var unit in statistics.Units)
        {
            points.Add(new FigurePoint(Ingest, [KeyValuePair.Create(NodeTag, node), KeyValuePair.Create(UnitTag, unit.Unit)],
            [
                KeyValuePair.Create("applied", FieldValue.Integer(unit.Applied)),
                KeyValuePair.Create("duplicates", FieldValue.Integer(unit.Duplicates)),
                KeyValuePair.Create("late", FieldValue.Integer(unit.Late)),
                KeyValuePair.Create("expired", FieldValue.Integer(unit.Expired)),
                KeyValuePair.Create("rejected", FieldValue.Integer(unit.Rejected.Values.Sum())),
            ], timestamp));
            foreach (var (reason, count) in unit.Rejected)
            {
                points.Add(new FigurePoint(IngestRejected,
                    [KeyValuePair.Create(NodeTag, node), KeyValuePair.Create(ReasonTag, reason), KeyValuePair.Create(UnitTag, unit.Unit)],
                    [KeyValuePair.Create("count", FieldValue.Integer(count))], timestamp));
            }
        }
    }

    /// <summary>Node <paramref name="node"/>'s history writer counters as one <see cref="HistoryWriter"/> point stamped <paramref name="timestamp"/>.</summary>
    public static FigurePoint WriterPoint(TimeSeriesWriterStats stats, string node, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentException.ThrowIfNullOrEmpty(node);
        return new FigurePoint(HistoryWriter, [KeyValuePair.Create(NodeTag, node)],
        [
            KeyValuePair.Create("enqueued", FieldValue.Integer(stats.Enqueued)),
            KeyValuePair.Create("written", FieldValue.Integer(stats.Written)),
            KeyValuePair.Create("dropped", FieldValue.Integer(stats.Dropped)),
            KeyValuePair.Create("rejected", FieldValue.Integer(stats.Rejected)),
            KeyValuePair.Create("failedAttempts", FieldValue.Integer(stats.FailedAttempts)),
            KeyValuePair.Create("buffered", FieldValue.Integer(stats.Buffered)),
        ], timestamp);
    }

    /// <summary>The system's OPEL status as an <c>opel</c> point of unit <see cref="SystemUnit"/>; absent values are omitted.</summary>
    public static FigurePoint? OpelPoint(OpelStatus? opel, DateTimeOffset timestamp)
    {
        if (opel is null)
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, FieldValue>>(3);
        if (opel.Level is { } level) fields.Add(KeyValuePair.Create("level", FieldValue.Integer(level)));
        if (opel.AnnouncedLevel is { } announced) fields.Add(KeyValuePair.Create("announcedLevel", FieldValue.Integer(announced)));
        if (opel.Score is { } score) fields.Add(KeyValuePair.Create("score", FieldValue.Float(score)));
        return fields.Count == 0 ? null : new FigurePoint("opel", UnitTags(SystemUnit), fields, timestamp);
    }

    /// <summary>
    /// Where a METRICS.md figure of a unit of <paramref name="service"/> is stored, or, with a null service, a figure of
    /// the system (unit <see cref="SystemUnit"/>). Breakdowns are named <c>byAcuity.3</c>, <c>byStage.awaitingBed</c>,
    /// <c>outcomesToday.see-and-treat</c>, <c>dispositionsToday.gp-out-of-hours</c>; the system's figures are
    /// <c>deflectionToday</c> (the total), <c>deflectionToday.greenCarEdAvoided</c> and <c>deflectionToday.ivchEdAvoided</c>.
    /// </summary>
    public static bool TryLocate(ServiceKind? service, string figure, out FigureLocation location)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var table = service is { } kind ? Locations[kind] : SystemLocations;
        return table.TryGetValue(figure, out location!);
    }

    /// <summary>
    /// Every (measurement, field) the history writes for the figures (unit and system), the daily rollup writes, and the
    /// host's own points (OPEL, ingest and writer counters): what a dashboard or query may name.
    /// </summary>
    public static IReadOnlySet<(string Measurement, string Field)> WrittenFields { get; } = BuildFields();

    /// <summary>Every figure name <see cref="TryLocate"/> knows for the service (null: the system), in schema order.</summary>
    public static IReadOnlyList<string> FigureNames(ServiceKind? service) =>
        [.. (service is { } kind ? Locations[kind] : SystemLocations).Keys];

    private static void AddCount(List<FigurePoint> points, string measurement, string unit, string tag, string value, string field,
        long count, DateTimeOffset timestamp) =>
        points.Add(new FigurePoint(measurement,
            [KeyValuePair.Create(tag, value), KeyValuePair.Create(UnitTag, unit)],
            [KeyValuePair.Create(field, FieldValue.Integer(count))],
            timestamp));

    private static KeyValuePair<string, string>[] UnitTags(string unit) => [KeyValuePair.Create(UnitTag, unit)];

    private static FieldValueKind KindOf(FigureSpec spec) => spec.Number == FigureNumber.Integer ? FieldValueKind.Integer : FieldValueKind.Float;

    private static IReadOnlyList<string> KeysOf(ServiceKind service, string map) =>
        FigureCatalogue.For(service).TryGet(map, out var spec) ? [.. spec.Keys.Select(k => k.Key)] : throw new InvalidOperationException(map);

    /// <summary>Every figure's location: scalars by name, a map's keys as <c>map.key</c> (e.g. <c>byAcuity.3</c>).</summary>
    private static Dictionary<ServiceKind, Dictionary<string, FigureLocation>> BuildLocations()
    {
        var locations = new Dictionary<ServiceKind, Dictionary<string, FigureLocation>>();
        foreach (var service in FigureCatalogue.Services)
        {
            var table = new Dictionary<string, FigureLocation>(StringComparer.Ordinal);
            foreach (var spec in service.Figures.Where(f => !f.IsMap))
            {
                table.Add(spec.Name, new FigureLocation(spec.Storage.Measurement, spec.Storage.Field, [], KindOf(spec)));
            }

            foreach (var spec in service.Figures.Where(f => f.IsMap))
            {
                foreach (var key in spec.Keys)
                {
                    table.Add($"{spec.Name}.{key.Key}", new FigureLocation(spec.Storage.Measurement, spec.Storage.Field,
                        [KeyValuePair.Create(spec.Storage.KeyTag!, key.Key)], FieldValueKind.Integer));
                }
            }

            locations.Add(service.Service, table);
        }

        return locations;
    }

    private static HashSet<(string Measurement, string Field)> BuildFields()
    {
        var fields = new HashSet<(string, string)>();
        foreach (var spec in FigureCatalogue.Services.SelectMany(s => s.Figures).Concat(FigureCatalogue.System))
        {
            fields.Add((spec.Storage.Measurement, spec.Storage.Field));
        }

        fields.UnionWith(DailyRollup.WrittenFields);
        foreach (var field in new[] { "level", "announcedLevel", "score" })
        {
            fields.Add(("opel", field));
        }

        // The backfill marks the figures' points (raw, daily, OPEL) as simulated; never the process counters below.
        fields.UnionWith([.. fields.Select(f => (f.Item1, SimulatedField)).Distinct()]);

        foreach (var field in new[] { "applied", "duplicates", "late", "expired", "rejected" })
        {
            fields.Add((Ingest, field));
        }

        fields.Add((IngestRejected, "count"));
        foreach (var field in new[] { "enqueued", "written", "dropped", "rejected", "failedAttempts", "buffered" })
        {
            fields.Add((HistoryWriter, field));
        }

        return fields;
    }
}
