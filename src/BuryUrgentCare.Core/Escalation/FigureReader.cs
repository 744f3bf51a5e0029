using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>
/// Reads a figure of a snapshot by its METRICS.md name (camelCase), e.g. <c>meanHandoverMinutesToday</c>,
/// plus the derived figures escalation needs:
/// <list type="bullet">
/// <item><c>shareOver12HoursPercent</c> = over12Hours ÷ inDepartment × 100</item>
/// <item><c>gaBedOccupancyPercent</c> = declared gaBedsOccupied ÷ gaBeds × 100</item>
/// <item><c>noCriteriaToResidePercent</c> = declared noCriteriaToReside ÷ gaBeds × 100</item>
/// <item><c>capacity.&lt;resource&gt;</c> = a declared resource</item>
/// </list>
/// Absent figures (and divisions by zero) read as null.
/// </summary>
public static class FigureReader
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();

    public static readonly IReadOnlyList<string> DerivedFigures = ["shareOver12HoursPercent", "gaBedOccupancyPercent", "noCriteriaToResidePercent"];

    /// <summary>True if <paramref name="figure"/> names a numeric figure of <paramref name="figuresType"/> or a derived one.</summary>
    public static bool IsKnown(Type figuresType, string figure) =>
        figure.StartsWith("capacity.", StringComparison.Ordinal)
        || (DerivedFigures.Contains(figure) && typeof(DepartmentFigures).IsAssignableFrom(figuresType))
        || (PropertiesOf(figuresType).TryGetValue(figure, out var p) && IsNumeric(p.PropertyType));

    public static double? Read(UnitSnapshot snapshot, string figure)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        switch (figure)
        {
            case "shareOver12HoursPercent":
                return Ratio(Read(snapshot, "over12Hours"), Read(snapshot, "inDepartment"));
            case "gaBedOccupancyPercent":
                return Ratio(Resource(snapshot, "gaBedsOccupied"), Resource(snapshot, "gaBeds"));
            case "noCriteriaToResidePercent":
                return Ratio(Resource(snapshot, "noCriteriaToReside"), Resource(snapshot, "gaBeds"));
        }

        if (figure.StartsWith("capacity.", StringComparison.Ordinal))
        {
            return Resource(snapshot, figure["capacity.".Length..]);
        }

        return PropertiesOf(snapshot.Figures.GetType()).TryGetValue(figure, out var property)
            ? ToDouble(property.GetValue(snapshot.Figures))
            : null;
    }

    private static double? Resource(UnitSnapshot snapshot, string name) =>
        snapshot.Capacity is { } capacity && capacity.TryGetValue(name, out var value) ? value : null;

    private static double? Ratio(double? part, double? whole) => part is { } p && whole is > 0 ? p * 100.0 / whole.Value : null;

    private static double? ToDouble(object? value) => value switch
    {
        null => null,
        int i => i,
        long l => l,
        double d => d,
        _ => null,
    };

    private static bool IsNumeric(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(double));

    private static Dictionary<string, PropertyInfo> PropertiesOf(Type type) =>
        Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal));
}
