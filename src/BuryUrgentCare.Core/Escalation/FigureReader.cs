using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>
/// Reads a figure of a snapshot by its METRICS.md name (camelCase), e.g. <c>meanHandoverMinutesToday</c>: any scalar
/// figure of the service's <see cref="FigureCatalogue"/>, plus the derived figures escalation needs:
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
    public static readonly IReadOnlyList<string> DerivedFigures = ["shareOver12HoursPercent", "gaBedOccupancyPercent", "noCriteriaToResidePercent"];

    /// <summary>True if <paramref name="figure"/> names a scalar figure of <paramref name="service"/> or a derived one.</summary>
    public static bool IsKnown(ServiceKind service, string figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return figure.StartsWith("capacity.", StringComparison.Ordinal)
            || (DerivedFigures.Contains(figure) && service is ServiceKind.Ae or ServiceKind.Utc)
            || (FigureCatalogue.For(service).TryGet(figure, out var spec) && !spec.IsMap);
    }

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

        return FigureCatalogue.For(snapshot.Figures.Service).TryGet(figure, out var spec) && !spec.IsMap
            ? spec.Read(snapshot.Figures)
            : null;
    }

    private static double? Resource(UnitSnapshot snapshot, string name) =>
        snapshot.Capacity is { } capacity && capacity.TryGetValue(name, out var value) ? value : null;

    private static double? Ratio(double? part, double? whole) => part is { } p && whole is > 0 ? p * 100.0 / whole.Value : null;
}
