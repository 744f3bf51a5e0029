namespace BuryUrgentCare.Figures;

/// <summary>What a figure is, which decides how it is shown.</summary>
public enum FigureKind
{
    /// <summary>A whole number of things (patients, calls, incidents).</summary>
    Count,

    /// <summary>A duration in minutes (whole for waits, fractional for medians and means).</summary>
    Minutes,

    /// <summary>A share, 0–100, unrounded.</summary>
    Percent,

    /// <summary>Counts by category (acuity, stage, outcome, disposition): <see cref="FigureSpec.Keys"/>.</summary>
    Map,
}

/// <summary>How a figure's value is held: whole numbers are stored as integers, the rest as floats.</summary>
public enum FigureNumber
{
    Integer,
    Decimal,
}

/// <summary>Which way a figure worsens.</summary>
public enum ThresholdDirection
{
    HigherIsWorse,
    LowerIsWorse,
}

/// <summary>What a threshold makes of a value.</summary>
public enum ThresholdLevel
{
    /// <summary>No thresholds, or no value.</summary>
    None,
    Ok,
    Amber,
    Red,
}

/// <summary>
/// A figure's amber and red thresholds. A value that reaches a threshold (at or above it when higher is worse, at or
/// below it when lower is worse) takes its colour, as a value that reaches an OPEL band's threshold is in that band.
/// </summary>
/// <param name="Direction">Which way the figure worsens.</param>
/// <param name="Amber">Where amber starts; null for none.</param>
/// <param name="Red">Where red starts; null for none.</param>
/// <param name="Source">Where the numbers come from: a national standard, or the OPEL profile that set them.</param>
public sealed record FigureThresholds(ThresholdDirection Direction, double? Amber, double? Red, string Source)
{
    /// <summary>Worse as the value rises: amber from <paramref name="amber"/>, red from <paramref name="red"/>.</summary>
    public static FigureThresholds Above(double? amber, double? red, string source) => new(ThresholdDirection.HigherIsWorse, amber, red, source);

    /// <summary>Worse as the value falls: amber at or below <paramref name="amber"/>, red at or below <paramref name="red"/>.</summary>
    public static FigureThresholds Below(double? amber, double? red, string source) => new(ThresholdDirection.LowerIsWorse, amber, red, source);

    /// <summary>The level of a value; <see cref="ThresholdLevel.None"/> for an absent or non-finite one.</summary>
    public ThresholdLevel LevelOf(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return ThresholdLevel.None;
        }

        if (Reaches(v, Red))
        {
            return ThresholdLevel.Red;
        }

        return Reaches(v, Amber) ? ThresholdLevel.Amber : ThresholdLevel.Ok;
    }

    private bool Reaches(double value, double? threshold) =>
        threshold is { } t && (Direction == ThresholdDirection.HigherIsWorse ? value >= t : value <= t);
}

/// <summary>
/// Where a figure is stored: a field of a measurement, in the series of its unit. A map is stored as one series per
/// key, the key in tag <see cref="KeyTag"/> and its count in <see cref="Field"/>.
/// </summary>
public sealed record FigureStorage(string Measurement, string Field, string? KeyTag = null);

/// <summary>
/// How a figure becomes a daily figure: every "today" figure is cumulative over the local day, so its last value of the
/// day is the day's; a figure of "now" (in department, queue) has no daily meaning and says so.
/// </summary>
public sealed record FigureRollup
{
    private FigureRollup(string? measurement, string? field, bool zeroWhenAbsent, string? notRolledUpBecause)
    {
        Measurement = measurement;
        Field = field;
        ZeroWhenAbsent = zeroWhenAbsent;
        NotRolledUpBecause = notRolledUpBecause;
    }

    /// <summary>The daily measurement (<c>daily_*</c>); null when the figure is not rolled up.</summary>
    public string? Measurement { get; }

    /// <summary>The daily field; null for a map, whose keys each become a field (<c>see-and-treat</c> → <c>seeAndTreat</c>).</summary>
    public string? Field { get; }

    /// <summary>Whether the daily figure is 0 rather than absent when a day that has points lacks it (counts by key).</summary>
    public bool ZeroWhenAbsent { get; }

    /// <summary>Why the figure has no daily form; null when it has one.</summary>
    public string? NotRolledUpBecause { get; }

    public bool IsRolledUp => Measurement is not null;

    /// <summary>The day's last value, as <paramref name="field"/> of <paramref name="measurement"/>.</summary>
    public static FigureRollup LastOfDay(string measurement, string field, bool zeroWhenAbsent = false) =>
        new(measurement, field, zeroWhenAbsent, null);

    /// <summary>A map: each key's last count of the day, as a field named after the key, 0 for a key absent that day.</summary>
    public static FigureRollup LastOfDayPerKey(string measurement) => new(measurement, null, zeroWhenAbsent: true, null);

    /// <summary>Not rolled up, and why.</summary>
    public static FigureRollup NotRolledUp(string because) => new(null, null, false, because);

    /// <summary>A figure of "now": its value at midnight says nothing about the day.</summary>
    public static FigureRollup Now { get; } = NotRolledUp("a figure of now, not of the day");
}

/// <summary>One key of a map figure and how it is labelled.</summary>
public sealed record FigureKey(string Key, string Label);

/// <summary>
/// One live figure of METRICS.md: its name (as the API and SignalR send it), what it is, how it is labelled, stored and
/// rolled up, and its default thresholds. The single place a figure is described: storage, rollups, pages, dashboards
/// and docs are driven from, or checked against, these specs.
/// </summary>
public sealed class FigureSpec
{
    private readonly Func<ServiceFigures, double?>? _scalar;
    private readonly Func<ServiceFigures, IReadOnlyList<KeyValuePair<string, int>>>? _map;

    internal FigureSpec(
        string name, FigureKind kind, FigureNumber number, string unitOfMeasure, string label, string description,
        FigureStorage storage, FigureRollup rollup, FigureThresholds? thresholds, IReadOnlyList<FigureKey>? keys,
        Func<ServiceFigures, double?>? scalar, Func<ServiceFigures, IReadOnlyList<KeyValuePair<string, int>>>? map)
    {
        Name = name;
        Kind = kind;
        Number = number;
        UnitOfMeasure = unitOfMeasure;
        Label = label;
        Description = description;
        Storage = storage;
        Rollup = rollup;
        Thresholds = thresholds;
        Keys = keys ?? [];
        _scalar = scalar;
        _map = map;
    }

    /// <summary>The figure's name in the API, e.g. <c>meanHandoverMinutesToday</c>.</summary>
    public string Name { get; }

    public FigureKind Kind { get; }

    public FigureNumber Number { get; }

    /// <summary>What is counted or measured, e.g. <c>patients</c>, <c>minutes</c>, <c>%</c>.</summary>
    public string UnitOfMeasure { get; }

    /// <summary>The label on a wallboard tile.</summary>
    public string Label { get; }

    /// <summary>The definition, after METRICS.md.</summary>
    public string Description { get; }

    public FigureStorage Storage { get; }

    public FigureRollup Rollup { get; }

    /// <summary>The default thresholds (a national standard); an escalation profile may set a unit's own.</summary>
    public FigureThresholds? Thresholds { get; }

    /// <summary>A map's known keys in display order; empty for other figures.</summary>
    public IReadOnlyList<FigureKey> Keys { get; }

    public bool IsMap => Kind == FigureKind.Map;

    /// <summary>The value of a scalar figure (null when absent).</summary>
    /// <exception cref="InvalidOperationException">The figure is a map.</exception>
    public double? Read(ServiceFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return _scalar is null ? throw new InvalidOperationException($"'{Name}' is a map; read it with ReadMap.") : _scalar(figures);
    }

    /// <summary>
    /// A map's counts by key: every key for maps whose keys are fixed (acuity, stage), in <see cref="Keys"/> order;
    /// the keys seen so far, by ordinal key, for maps that grow through the day (outcomes, dispositions).
    /// </summary>
    /// <exception cref="InvalidOperationException">The figure is not a map.</exception>
    public IReadOnlyList<KeyValuePair<string, int>> ReadMap(ServiceFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return _map is null ? throw new InvalidOperationException($"'{Name}' is not a map; read it with Read.") : _map(figures);
    }

    public override string ToString() => Name;
}
