using BuryUrgentCare.Escalation;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;
using IvchDispositionKind = BuryUrgentCare.Contract.IvchDisposition;

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
    /// <summary>The tag every figure point carries.</summary>
    public const string UnitTag = "unit";

    /// <summary>The <c>unit</c> tag of the system-wide points (deflection): the whole of Bury, not one service.</summary>
    public const string SystemUnit = "BURY";

    /// <summary>A&amp;E and UTC figures common to both, plus the UTC's <c>referredToEdToday</c>.</summary>
    public const string Department = "department";

    /// <summary>Patients in department by acuity: tag <c>acuity</c> (1–5, unknown), field <c>patients</c>.</summary>
    public const string DepartmentAcuity = "department_acuity";

    /// <summary>Patients in department by stage: tag <c>stage</c>, field <c>patients</c>.</summary>
    public const string DepartmentStage = "department_stage";

    /// <summary>A&amp;E ambulance handover and awaiting-bed figures.</summary>
    public const string Handover = "handover";

    /// <summary>Green Car figures.</summary>
    public const string GreenCar = "greencar";

    /// <summary>Green Car outcomes today: tag <c>outcome</c>, field <c>incidents</c>.</summary>
    public const string GreenCarOutcome = "greencar_outcome";

    /// <summary>IVCH figures.</summary>
    public const string Ivch = "ivch";

    /// <summary>IVCH dispositions today: tag <c>disposition</c>, field <c>calls</c>.</summary>
    public const string IvchDisposition = "ivch_disposition";

    /// <summary>Deflection today (unit <see cref="SystemUnit"/>): <c>greenCarEdAvoided</c>, <c>ivchEdAvoided</c>, <c>total</c>.</summary>
    public const string Deflection = "deflection";

    /// <summary>Ingest counters since the process started, per unit (<c>(unknown)</c> for events naming no known unit):
    /// <c>applied</c>, <c>duplicates</c>, <c>late</c>, <c>rejected</c>. Cumulative: rates come from their derivative.</summary>
    public const string Ingest = "ingest";

    /// <summary>Rejected (dead-lettered) events since start by unit and tag <c>reason</c>: field <c>count</c>.</summary>
    public const string IngestRejected = "ingest_rejected";

    /// <summary>The history writer's counters since start (no tags): <c>enqueued</c>, <c>written</c>, <c>dropped</c>,
    /// <c>rejected</c>, <c>failedAttempts</c>, <c>buffered</c>.</summary>
    public const string HistoryWriter = "history_writer";

    public const string ReasonTag = "reason";
    public const string AcuityTag = "acuity";
    public const string StageTag = "stage";
    public const string OutcomeTag = "outcome";
    public const string DispositionTag = "disposition";
    public const string PatientsField = "patients";
    public const string IncidentsField = "incidents";
    public const string CallsField = "calls";
    public const string GreenCarEdAvoidedField = "greenCarEdAvoided";
    public const string IvchEdAvoidedField = "ivchEdAvoided";
    public const string TotalField = "total";

    /// <summary>The values of the <c>acuity</c> tag, as the figures' JSON names them.</summary>
    public static IReadOnlyList<string> Acuities { get; } = ["1", "2", "3", "4", "5", "unknown"];

    /// <summary>The values of the <c>stage</c> tag (METRICS.md <c>byStage</c>).</summary>
    public static IReadOnlyList<string> Stages { get; } = ["awaitingAssessment", "awaitingClinician", "underTreatment", "awaitingBed"];

    /// <summary>IVCH dispositions that send the caller to A&amp;E: every other disposition counts as deflection.</summary>
    public static IReadOnlyList<string> EdDispositions { get; } =
        [Vocabulary.IvchDispositions.NameOf(IvchDispositionKind.Ed), Vocabulary.IvchDispositions.NameOf(IvchDispositionKind.Ambulance)];

    private static readonly Scalar<DepartmentFigures>[] DepartmentFields =
    [
        Int<DepartmentFigures>("inDepartment", f => f.InDepartment),
        Int<DepartmentFigures>("arrivalsLastHour", f => f.ArrivalsLastHour),
        Int<DepartmentFigures>("arrivalsToday", f => f.ArrivalsToday),
        Int<DepartmentFigures>("departuresToday", f => f.DeparturesToday),
        Int<DepartmentFigures>("longestWaitMinutes", f => f.LongestWaitMinutes),
        Int<DepartmentFigures>("over4Hours", f => f.Over4Hours),
        Int<DepartmentFigures>("over12Hours", f => f.Over12Hours),
        Float<DepartmentFigures>("fourHourPerformanceToday", f => f.FourHourPerformanceToday),
        Int<DepartmentFigures>("twelveHourStaysToday", f => f.TwelveHourStaysToday),
        Float<DepartmentFigures>("medianMinutesToAssessmentToday", f => f.MedianMinutesToAssessmentToday),
        Float<DepartmentFigures>("p95MinutesToAssessmentToday", f => f.P95MinutesToAssessmentToday),
        Float<DepartmentFigures>("assessedWithin15MinutesToday", f => f.AssessedWithin15MinutesToday),
        Float<DepartmentFigures>("medianMinutesToSeenToday", f => f.MedianMinutesToSeenToday),
        Float<DepartmentFigures>("leftBeforeTreatmentToday", f => f.LeftBeforeTreatmentToday),
        Float<DepartmentFigures>("occupancyPercent", f => f.OccupancyPercent),
    ];

    private static readonly Scalar<UrgentTreatmentCentreFigures>[] UtcOnlyFields =
    [
        Int<UrgentTreatmentCentreFigures>("referredToEdToday", f => f.ReferredToEdToday),
    ];

    private static readonly Scalar<EmergencyDepartmentFigures>[] HandoverFields =
    [
        Int<EmergencyDepartmentFigures>("ambulancesAwaitingHandover", f => f.AmbulancesAwaitingHandover),
        Int<EmergencyDepartmentFigures>("longestHandoverWaitMinutes", f => f.LongestHandoverWaitMinutes),
        Int<EmergencyDepartmentFigures>("handoversToday", f => f.HandoversToday),
        Float<EmergencyDepartmentFigures>("meanHandoverMinutesToday", f => f.MeanHandoverMinutesToday),
        Int<EmergencyDepartmentFigures>("handoversOver30Today", f => f.HandoversOver30Today),
        Int<EmergencyDepartmentFigures>("handoversOver45Today", f => f.HandoversOver45Today),
        Int<EmergencyDepartmentFigures>("handoversOver60Today", f => f.HandoversOver60Today),
        Int<EmergencyDepartmentFigures>("awaitingBed", f => f.AwaitingBed),
        Int<EmergencyDepartmentFigures>("longestWaitSinceDecisionMinutes", f => f.LongestWaitSinceDecisionMinutes),
        Int<EmergencyDepartmentFigures>("trolleyWaitsOver12HoursToday", f => f.TrolleyWaitsOver12HoursToday),
    ];

    private static readonly Scalar<GreenCarFigures>[] GreenCarFields =
    [
        Int<GreenCarFigures>("activeIncidents", f => f.ActiveIncidents),
        Int<GreenCarFigures>("incidentsToday", f => f.IncidentsToday),
        Float<GreenCarFigures>("nonConveyanceRateToday", f => f.NonConveyanceRateToday),
        Int<GreenCarFigures>("edAvoidedToday", f => f.EdAvoidedToday),
        Float<GreenCarFigures>("medianResponseMinutesToday", f => f.MedianResponseMinutesToday),
        Float<GreenCarFigures>("medianJobCycleMinutesToday", f => f.MedianJobCycleMinutesToday),
    ];

    private static readonly Scalar<IvchFigures>[] IvchFields =
    [
        Int<IvchFigures>("queue", f => f.Queue),
        Int<IvchFigures>("longestQueueWaitMinutes", f => f.LongestQueueWaitMinutes),
        Int<IvchFigures>("callsToday", f => f.CallsToday),
        Int<IvchFigures>("callsLastHour", f => f.CallsLastHour),
        Float<IvchFigures>("medianMinutesToAssessmentToday", f => f.MedianMinutesToAssessmentToday),
        Float<IvchFigures>("abandonedRateToday", f => f.AbandonedRateToday),
        Float<IvchFigures>("edAvoidanceRateToday", f => f.EdAvoidanceRateToday),
        Int<IvchFigures>("gpBookedToday", f => f.GpBookedToday),
    ];

    private static readonly Dictionary<ServiceKind, Dictionary<string, FigureLocation>> Locations = BuildLocations();
    private static readonly Dictionary<string, FigureLocation> SystemLocations = new(StringComparer.Ordinal)
    {
        ["deflectionToday"] = new(Deflection, TotalField, [], FieldValueKind.Integer),
        ["deflectionToday." + GreenCarEdAvoidedField] = new(Deflection, GreenCarEdAvoidedField, [], FieldValueKind.Integer),
        ["deflectionToday." + IvchEdAvoidedField] = new(Deflection, IvchEdAvoidedField, [], FieldValueKind.Integer),
    };

    /// <summary>
    /// The points of one unit's snapshot, stamped <paramref name="timestamp"/> (not the snapshot's <c>asOf</c>: the
    /// snapshot job stamps every unit with its fire time, so a re-run overwrites the same points).
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot's figures are of no known service.</exception>
    public static void AppendPoints(UnitSnapshot snapshot, DateTimeOffset timestamp, List<FigurePoint> points)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(points);
        var unit = snapshot.Unit;
        switch (snapshot.Figures)
        {
            case EmergencyDepartmentFigures ae:
                AddPoint(points, Department, UnitTags(unit), Fields(ae, DepartmentFields), timestamp);
                AppendDepartmentBreakdowns(ae, unit, timestamp, points);
                AddPoint(points, Handover, UnitTags(unit), Fields(ae, HandoverFields), timestamp);
                break;
            case UrgentTreatmentCentreFigures utc:
                AddPoint(points, Department, UnitTags(unit), [.. Fields(utc, DepartmentFields), .. Fields(utc, UtcOnlyFields)], timestamp);
                AppendDepartmentBreakdowns(utc, unit, timestamp, points);
                break;
            case GreenCarFigures car:
                AddPoint(points, GreenCar, UnitTags(unit), Fields(car, GreenCarFields), timestamp);
                AppendCounts(points, GreenCarOutcome, unit, OutcomeTag, IncidentsField, car.OutcomesToday, timestamp);
                break;
            case IvchFigures ivch:
                AddPoint(points, Ivch, UnitTags(unit), Fields(ivch, IvchFields), timestamp);
                AppendCounts(points, IvchDisposition, unit, DispositionTag, CallsField, ivch.DispositionsToday, timestamp);
                break;
            default:
                throw new ArgumentException(
                    $"Unit '{unit}' has figures of type {snapshot.Figures?.GetType().Name ?? "null"}, which the history schema does not know.",
                    nameof(snapshot));
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
    /// METRICS.md <c>deflectionToday</c> as a point of unit <see cref="SystemUnit"/>: <c>greenCarEdAvoided</c> = the Green
    /// Cars' <c>edAvoidedToday</c>; <c>ivchEdAvoided</c> = IVCH outcomes today other than <c>ed</c> and <c>ambulance</c>
    /// (the sum of <c>dispositionsToday</c> less those two); <c>total</c> = their sum. A component whose service has no
    /// snapshot is omitted (absent, not 0); null when neither has one.
    /// </summary>
    public static FigurePoint? DeflectionPoint(IEnumerable<UnitSnapshot> snapshots, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        long? greenCar = null;
        long? ivch = null;
        foreach (var snapshot in snapshots)
        {
            switch (snapshot.Figures)
            {
                case GreenCarFigures car:
                    greenCar = (greenCar ?? 0) + car.EdAvoidedToday;
                    break;
                case IvchFigures calls:
                    ivch = (ivch ?? 0) + SystemFigures.IvchEdAvoided(calls.DispositionsToday);
                    break;
            }
        }

        if (greenCar is null && ivch is null)
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, FieldValue>>(3);
        if (greenCar is { } g)
        {
            fields.Add(KeyValuePair.Create(GreenCarEdAvoidedField, FieldValue.Integer(g)));
        }

        if (ivch is { } i)
        {
            fields.Add(KeyValuePair.Create(IvchEdAvoidedField, FieldValue.Integer(i)));
        }

        fields.Add(KeyValuePair.Create(TotalField, FieldValue.Integer((greenCar ?? 0) + (ivch ?? 0))));
        return new FigurePoint(Deflection, UnitTags(SystemUnit), fields, timestamp);
    }

    /// <summary>
    /// The ingest counters as points stamped <paramref name="timestamp"/>: one <see cref="Ingest"/> point per unit and one
    /// <see cref="IngestRejected"/> point per unit and reason that has rejections.
    /// </summary>
    public static void AppendIngestPoints(IngestStatistics statistics, DateTimeOffset timestamp, List<FigurePoint> points)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(points);
        foreach (var unit in statistics.Units)
        {
            points.Add(new FigurePoint(Ingest, UnitTags(unit.Unit),
            [
                KeyValuePair.Create("applied", FieldValue.Integer(unit.Applied)),
                KeyValuePair.Create("duplicates", FieldValue.Integer(unit.Duplicates)),
                KeyValuePair.Create("late", FieldValue.Integer(unit.Late)),
                KeyValuePair.Create("expired", FieldValue.Integer(unit.Expired)),
                KeyValuePair.Create("rejected", FieldValue.Integer(unit.Rejected.Values.Sum())),
            ], timestamp));
            foreach (var (reason, count) in unit.Rejected)
            {
                AddCount(points, IngestRejected, unit.Unit, ReasonTag, reason, "count", count, timestamp);
            }
        }
    }

    /// <summary>The history writer's counters as one <see cref="HistoryWriter"/> point stamped <paramref name="timestamp"/>.</summary>
    public static FigurePoint WriterPoint(TimeSeriesWriterStats stats, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new FigurePoint(HistoryWriter, [],
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

    /// <summary>Every figure name <see cref="TryLocate"/> knows for the service (null: the system), in schema order.</summary>
    public static IReadOnlyList<string> FigureNames(ServiceKind? service) =>
        [.. (service is { } kind ? Locations[kind] : SystemLocations).Keys];

    private static void AppendDepartmentBreakdowns(DepartmentFigures figures, string unit, DateTimeOffset timestamp, List<FigurePoint> points)
    {
        var acuity = figures.ByAcuity;
        int[] byAcuity = [acuity.Acuity1, acuity.Acuity2, acuity.Acuity3, acuity.Acuity4, acuity.Acuity5, acuity.Unknown];
        for (var i = 0; i < byAcuity.Length; i++)
        {
            AddCount(points, DepartmentAcuity, unit, AcuityTag, Acuities[i], PatientsField, byAcuity[i], timestamp);
        }

        var stage = figures.ByStage;
        int[] byStage = [stage.AwaitingAssessment, stage.AwaitingClinician, stage.UnderTreatment, stage.AwaitingBed];
        for (var i = 0; i < byStage.Length; i++)
        {
            AddCount(points, DepartmentStage, unit, StageTag, Stages[i], PatientsField, byStage[i], timestamp);
        }
    }

    private static void AppendCounts(List<FigurePoint> points, string measurement, string unit, string tag, string field,
        IReadOnlyDictionary<string, int> counts, DateTimeOffset timestamp)
    {
        // Sorted so that the points (and the line protocol) are the same whatever order the dictionary enumerates in.
        foreach (var (value, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            AddCount(points, measurement, unit, tag, value, field, count, timestamp);
        }
    }

    private static void AddCount(List<FigurePoint> points, string measurement, string unit, string tag, string value, string field,
        long count, DateTimeOffset timestamp) =>
        points.Add(new FigurePoint(measurement,
            [KeyValuePair.Create(tag, value), KeyValuePair.Create(UnitTag, unit)],
            [KeyValuePair.Create(field, FieldValue.Integer(count))],
            timestamp));

    private static void AddPoint(List<FigurePoint> points, string measurement, IReadOnlyList<KeyValuePair<string, string>> tags,
        List<KeyValuePair<string, FieldValue>> fields, DateTimeOffset timestamp)
    {
        // Every family has integer figures that are never absent, so a point always has a field; the guard keeps
        // the rule (at least one field per point) should a family ever consist of absent figures only.
        if (fields.Count > 0)
        {
            points.Add(new FigurePoint(measurement, tags, fields, timestamp));
        }
    }

    private static KeyValuePair<string, string>[] UnitTags(string unit) => [KeyValuePair.Create(UnitTag, unit)];

    private static List<KeyValuePair<string, FieldValue>> Fields<T>(T figures, Scalar<T>[] scalars)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>(scalars.Length);
        foreach (var scalar in scalars)
        {
            if (scalar.Value(figures) is { } value)
            {
                fields.Add(KeyValuePair.Create(scalar.Name, value));
            }
        }

        return fields;
    }

    private static Dictionary<ServiceKind, Dictionary<string, FigureLocation>> BuildLocations()
    {
        var ae = new Dictionary<string, FigureLocation>(StringComparer.Ordinal);
        var utc = new Dictionary<string, FigureLocation>(StringComparer.Ordinal);
        foreach (var table in new[] { ae, utc })
        {
            AddScalars(table, Department, DepartmentFields);
        }

        AddScalars(utc, Department, UtcOnlyFields);
        AddScalars(ae, Handover, HandoverFields);
        foreach (var table in new[] { ae, utc })
        {
            AddBreakdown(table, "byAcuity", DepartmentAcuity, AcuityTag, PatientsField, Acuities);
            AddBreakdown(table, "byStage", DepartmentStage, StageTag, PatientsField, Stages);
        }

        var greenCar = new Dictionary<string, FigureLocation>(StringComparer.Ordinal);
        AddScalars(greenCar, GreenCar, GreenCarFields);
        AddBreakdown(greenCar, "outcomesToday", GreenCarOutcome, OutcomeTag, IncidentsField, Vocabulary.GreenCarOutcomes.Names);

        var ivch = new Dictionary<string, FigureLocation>(StringComparer.Ordinal);
        AddScalars(ivch, Ivch, IvchFields);
        AddBreakdown(ivch, "dispositionsToday", IvchDisposition, DispositionTag, CallsField, Vocabulary.IvchDispositions.Names);

        return new Dictionary<ServiceKind, Dictionary<string, FigureLocation>>
        {
            [ServiceKind.Ae] = ae,
            [ServiceKind.Utc] = utc,
            [ServiceKind.GreenCar] = greenCar,
            [ServiceKind.Ivch] = ivch,
        };
    }

    private static void AddScalars<T>(Dictionary<string, FigureLocation> table, string measurement, Scalar<T>[] scalars)
    {
        foreach (var scalar in scalars)
        {
            table.Add(scalar.Name, new FigureLocation(measurement, scalar.Name, [], scalar.Kind));
        }
    }

    private static void AddBreakdown(Dictionary<string, FigureLocation> table, string figure, string measurement, string tag, string field,
        IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            table.Add($"{figure}.{value}", new FigureLocation(measurement, field, [KeyValuePair.Create(tag, value)], FieldValueKind.Integer));
        }
    }

    private static Scalar<T> Int<T>(string name, Func<T, int?> get) =>
        new(name, FieldValueKind.Integer, f => get(f) is { } v ? (FieldValue?)FieldValue.Integer(v) : null);

    private static Scalar<T> Float<T>(string name, Func<T, double?> get) =>
        new(name, FieldValueKind.Float, f => get(f) is { } v ? (FieldValue?)FieldValue.Float(v) : null);

    /// <summary>One scalar figure of a family: its METRICS.md name, its field type and how to read it (null = absent).</summary>
    private sealed record Scalar<T>(string Name, FieldValueKind Kind, Func<T, FieldValue?> Value);
}
