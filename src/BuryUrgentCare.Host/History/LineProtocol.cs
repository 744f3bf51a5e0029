using System.Globalization;
using System.Text;

namespace BuryUrgentCare.History;

/// <summary>
/// Formats <see cref="FigurePoint"/>s as InfluxDB line protocol:
/// <c>measurement,tag=value field=1i,other=2.5 1700000000000</c>.
/// </summary>
/// <remarks>
/// <para>Escaping follows the line protocol reference: in the measurement, commas and spaces; in tag
/// keys, tag values and field keys, commas, equals signs and spaces; in string field values, double
/// quotes and backslashes. Backslashes elsewhere are written as they are, because InfluxDB 1.x does
/// not unescape <c>\\</c> in names — which makes a backslash next to a character that must be escaped
/// (or at the end of a name) ambiguous; such names are rejected rather than silently mangled.</para>
/// <para>Timestamps are written in milliseconds (<see cref="Precision"/> = <c>ms</c>, sent as
/// <c>precision=ms</c>): figures are computed on events and ticks within the same second, so seconds
/// would merge distinct samples, and nanoseconds only lengthen every line.</para>
/// <para>Integers carry the <c>i</c> suffix; floats use the shortest round-trippable invariant form
/// (<c>"R"</c>, e.g. <c>1.5</c>, <c>1E+20</c>), so a whole float is written <c>5</c> and stays a float.
/// Tags are written sorted by key (ordinal), as InfluxDB recommends for write performance.</para>
/// </remarks>
public static class LineProtocol
{
    /// <summary>The timestamp precision of every line this class writes: milliseconds.</summary>
    public const string Precision = "ms";

    /// <summary>Formats one point as one line, without the trailing newline.</summary>
    /// <exception cref="ArgumentException">The point breaks a rule of line protocol (see <see cref="Validate"/>).</exception>
    public static string Format(in FigurePoint point)
    {
        var builder = new StringBuilder(128);
        Append(builder, point);
        return builder.ToString();
    }

    /// <summary>Appends one point as one line followed by <c>\n</c>.</summary>
    /// <exception cref="ArgumentException">The point breaks a rule of line protocol (see <see cref="Validate"/>).</exception>
    public static void AppendLine(StringBuilder builder, in FigurePoint point)
    {
        Append(builder, point);
        builder.Append('\n');
    }

    /// <summary>Appends one point as one line, without the trailing newline.</summary>
    /// <exception cref="ArgumentException">The point breaks a rule of line protocol (see <see cref="Validate"/>).</exception>
    public static void Append(StringBuilder builder, in FigurePoint point)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Validate(point);
        AppendSeriesKey(builder, point);
        builder.Append(' ');
        var fields = point.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendKey(builder, fields[i].Key);
            builder.Append('=');
            AppendFieldValue(builder, fields[i].Value);
        }

        builder.Append(' ').Append(point.UnixMilliseconds.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Checks a point against the rules line protocol imposes, so that a bad point fails where it was
    /// made rather than failing a whole batch later: a non-empty measurement, names without line
    /// breaks, no ambiguous backslash, no tag or field named <c>time</c>, unique tag keys, non-empty
    /// tag values, at least one field, unique field keys, and no <c>default(FieldValue)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The point breaks one of those rules; the message says which.</exception>
    public static void Validate(in FigurePoint point)
    {
        CheckName(point.Measurement, "measurement", measurement: true);
        if (point.Tags is null)
        {
            throw new ArgumentException($"Point '{point.Measurement}': Tags is null; use an empty list.", nameof(point));
        }

        if (point.Fields is null || point.Fields.Count == 0)
        {
            throw new ArgumentException(
                $"Point '{point.Measurement}' has no fields: line protocol needs at least one field per point.", nameof(point));
        }

        var tags = point.Tags;
        for (var i = 0; i < tags.Count; i++)
        {
            CheckName(tags[i].Key, "tag key", measurement: false);
            CheckName(tags[i].Value, $"value of tag '{tags[i].Key}'", measurement: false);
            CheckNotTime(tags[i].Key, "tag key");
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(tags[j].Key, tags[i].Key, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Point '{point.Measurement}' has tag '{tags[i].Key}' twice.", nameof(point));
                }
            }
        }

        var fields = point.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            CheckName(fields[i].Key, "field key", measurement: false);
            CheckNotTime(fields[i].Key, "field key");
            if (fields[i].Value.Kind == FieldValueKind.None)
            {
                throw new ArgumentException(
                    $"Point '{point.Measurement}': field '{fields[i].Key}' has no value (default(FieldValue)).", nameof(point));
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(fields[j].Key, fields[i].Key, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Point '{point.Measurement}' has field '{fields[i].Key}' twice.", nameof(point));
                }
            }
        }
    }

    /// <summary>
    /// Appends the series key — escaped measurement and tags sorted by key — which identifies a series
    /// in InfluxDB and, in the embedded store, the row a point overwrites. Assumes a validated point.
    /// </summary>
    internal static void AppendSeriesKey(StringBuilder builder, in FigurePoint point)
    {
        AppendMeasurement(builder, point.Measurement);
        foreach (var tag in SortedTags(point.Tags))
        {
            builder.Append(',');
            AppendKey(builder, tag.Key);
            builder.Append('=');
            AppendKey(builder, tag.Value);
        }
    }

    /// <summary>The tags in ordinal key order; the list itself when it is already sorted (the usual case).</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> SortedTags(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        for (var i = 1; i < tags.Count; i++)
        {
            if (string.CompareOrdinal(tags[i - 1].Key, tags[i].Key) > 0)
            {
                var sorted = tags.ToArray();
                Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                return sorted;
            }
        }

        return tags;
    }

    /// <summary>Appends a measurement name, escaping commas and spaces.</summary>
    public static void AppendMeasurement(StringBuilder builder, string measurement)
    {
        foreach (var c in measurement)
        {
            if (c is ',' or ' ')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }
    }

    /// <summary>Appends a tag key, tag value or field key, escaping commas, equals signs and spaces.</summary>
    public static void AppendKey(StringBuilder builder, string key)
    {
        foreach (var c in key)
        {
            if (c is ',' or '=' or ' ')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }
    }

    /// <summary>Appends a field value: <c>12i</c>, <c>1.5</c>, <c>true</c> or a quoted, escaped string.</summary>
    public static void AppendFieldValue(StringBuilder builder, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldValueKind.Float:
                builder.Append(value.AsFloat().ToString("R", CultureInfo.InvariantCulture));
                break;
            case FieldValueKind.Integer:
                builder.Append(value.AsInteger().ToString(CultureInfo.InvariantCulture)).Append('i');
                break;
            case FieldValueKind.Boolean:
                builder.Append(value.AsBoolean() ? "true" : "false");
                break;
            case FieldValueKind.String:
                builder.Append('"');
                foreach (var c in value.AsString())
                {
                    if (c is '"' or '\\')
                    {
                        builder.Append('\\');
                    }

                    builder.Append(c);
                }

                builder.Append('"');
                break;
            default:
                throw new ArgumentException("A field value must be set (default(FieldValue) is not a value).", nameof(value));
        }
    }

    private static void CheckName(string? name, string what, bool measurement)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"The {what} must not be empty{(what.StartsWith("value", StringComparison.Ordinal) ? " (omit the tag instead)" : "")}.");
        }

        if (measurement && name[0] == '#')
        {
            throw new ArgumentException($"The {what} '{name}' must not start with '#': line protocol reads such a line as a comment.");
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '\n' or '\r')
            {
                throw new ArgumentException($"The {what} '{name}' contains a line break, which line protocol cannot carry in names or tags.");
            }

            if (c == '\\' && (i == name.Length - 1 || name[i + 1] is '\\' or ',' or ' ' or '='))
            {
                throw new ArgumentException(
                    $"The {what} '{name}' has a backslash at its end or before '\\', ',', ' ' or '=', which InfluxDB would read as an escape.");
            }
        }
    }

    private static void CheckNotTime(string key, string what)
    {
        if (string.Equals(key, "time", StringComparison.Ordinal))
        {
            throw new ArgumentException($"A {what} must not be 'time': InfluxDB reserves it for the timestamp.");
        }
    }
}
