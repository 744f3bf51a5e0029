namespace BuryUrgentCare.History;

/// <summary>
/// One timestamped sample of a family of live figures, as written to the time-series store.
/// </summary>
/// <param name="Measurement">
/// The figure family, one measurement per family: <c>department</c>, <c>handover</c>, <c>greencar</c>,
/// <c>ivch</c>, <c>deflection</c>, one per breakdown (<c>department_acuity</c>, <c>ivch_disposition</c>, …) and the
/// daily rollups (<c>daily_*</c>). <see cref="FigureSchema"/> makes them; <c>docs/history.md</c> lists the full schema.
/// </param>
/// <param name="Tags">
/// Indexed dimensions. <b>Schema rule:</b> tags are <c>unit</c> and small closed sets only
/// (<c>acuity</c> 1–5/unknown, <c>stage</c>, <c>disposition</c>, <c>outcome</c>) — never an episode,
/// incident or call id, a patient attribute, or any other open-ended value. Every distinct tag set
/// is a series that InfluxDB indexes in memory for the life of the data, so an open-ended tag grows
/// the index without bound (the "series cardinality" problem). Keys are unique; order does not
/// matter (writers sort by key, as InfluxDB recommends); values must not be empty — omit the tag instead.
/// </param>
/// <param name="Fields">
/// The figures themselves (<c>inDepartment</c>, <c>longestWaitMinutes</c>,
/// <c>fourHourPerformanceToday</c>, …), at least one, keys unique. Absent figures (a percentage with
/// no denominator) are omitted, never written as 0.
/// </param>
/// <param name="Timestamp">
/// When the figures were computed (<c>asOf</c>). Stored at millisecond precision; finer ticks are
/// truncated. Same measurement + tags + timestamp overwrites the earlier point's fields, which is
/// what makes replaying the event log safe.
/// </param>
public readonly record struct FigurePoint(
    string Measurement,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, FieldValue>> Fields,
    DateTimeOffset Timestamp)
{
    /// <summary>The timestamp as Unix milliseconds, the precision both stores keep.</summary>
    public long UnixMilliseconds => Timestamp.ToUnixTimeMilliseconds();
}
