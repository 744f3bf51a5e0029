namespace BuryUrgentCare.History;

/// <summary>Builds figure points for tests.</summary>
internal static class TestPoints
{
    /// <summary>A Monday morning in Bury, in UTC, well inside the test retention.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static FigurePoint Point(string measurement, DateTimeOffset at, (string Key, string Value)[] tags,
        params (string Key, FieldValue Value)[] fields) =>
        new(measurement,
            tags.Select(t => KeyValuePair.Create(t.Key, t.Value)).ToArray(),
            fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).ToArray(),
            at);

    /// <summary>A point of measurement <c>ae</c> for one unit with one field.</summary>
    public static FigurePoint Unit(string unit, DateTimeOffset at, string field, FieldValue value, string measurement = "ae") =>
        Point(measurement, at, [("unit", unit)], (field, value));

    public static HistoryQuery Query(string field, DateTimeOffset from, DateTimeOffset to, TimeSpan step,
        HistoryAggregate aggregate, string measurement = "ae", params (string Key, string Value)[] tags) =>
        new(measurement, field, tags.Select(t => KeyValuePair.Create(t.Key, t.Value)).ToArray(), from, to, step, aggregate);
}
