namespace BuryUrgentCare.History;

/// <summary>How the raw points of one bucket are reduced to one value.</summary>
public enum HistoryAggregate
{
    /// <summary>Arithmetic mean of the points in the bucket (InfluxQL <c>mean</c>).</summary>
    Mean,
    /// <summary>Largest value (InfluxQL <c>max</c>).</summary>
    Max,
    /// <summary>Smallest value (InfluxQL <c>min</c>).</summary>
    Min,
    /// <summary>Sum of the values (InfluxQL <c>sum</c>).</summary>
    Sum,
    /// <summary>The value of the latest point in the bucket (InfluxQL <c>last</c>).</summary>
    Last,
}

/// <summary>
/// A question for the history: one numeric field of one measurement, optionally narrowed by tags,
/// over <c>[From, To)</c>, in buckets of <see cref="Step"/>.
/// </summary>
/// <param name="Measurement">The figure family, e.g. <c>ae</c>.</param>
/// <param name="Field">A numeric (integer or float) field, e.g. <c>inDepartment</c>.</param>
/// <param name="Tags">Tag filters, all of which must match (e.g. <c>unit = ae</c>); empty for none.
/// Points of every series that matches are aggregated together.</param>
/// <param name="From">Inclusive start. Buckets are aligned to it: the first starts at <c>From</c>.</param>
/// <param name="To">Exclusive end.</param>
/// <param name="Step">Bucket width, at least one millisecond, whole milliseconds.</param>
/// <param name="Aggregate">How each bucket is reduced.</param>
public sealed record HistoryQuery(
    string Measurement,
    string Field,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    DateTimeOffset From,
    DateTimeOffset To,
    TimeSpan Step,
    HistoryAggregate Aggregate)
{
    /// <summary>Checks the query; both stores call this first.</summary>
    /// <exception cref="ArgumentException">A name is empty, the range is reversed or the step is not whole positive milliseconds.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Measurement);
        ArgumentException.ThrowIfNullOrEmpty(Field);
        ArgumentNullException.ThrowIfNull(Tags);
        foreach (var tag in Tags)
        {
            if (string.IsNullOrEmpty(tag.Key) || tag.Value is null)
            {
                throw new ArgumentException("Tag filters need a key and a value.", nameof(Tags));
            }
        }

        if (To < From)
        {
            throw new ArgumentException($"The range is reversed: To ({To:O}) is before From ({From:O}).", nameof(To));
        }

        if (Step < TimeSpan.FromMilliseconds(1) || Step.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"The step must be a whole, positive number of milliseconds; it is {Step}.", nameof(Step));
        }

        if (!Enum.IsDefined(Aggregate))
        {
            throw new ArgumentException($"Unknown aggregate {Aggregate}.", nameof(Aggregate));
        }
    }
}

/// <summary>One bucket of a <see cref="HistoryQuery"/> answer: its start and its aggregated value.</summary>
/// <remarks>Buckets with no points are absent (InfluxQL <c>fill(none)</c>), never reported as 0.</remarks>
public readonly record struct HistoryBucket(DateTimeOffset Start, double Value);
