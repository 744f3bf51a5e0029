using System.Text.Json;
using System.Text.Json.Serialization;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using Microsoft.AspNetCore.Http.HttpResults;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.Figures;

/// <summary>
/// <c>GET /api/figures</c>: the figure catalogue (<see cref="FigureCatalogue"/>) as the pages, dashboards and integrators
/// read it — for every service, each figure's name, label, description, kind, unit of measure and default thresholds
/// (maps: their keys and labels); for every unit, the thresholds in force there (the escalation profile's where it scores
/// the figure); and the system's figures. The pages build their tiles and colours from it.
/// </summary>
public static class FiguresApi
{
    public static RouteGroupBuilder MapFiguresApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/figures").WithTags("Figures");
        api.MapGet("/", GetFigures).RequireAuthorization(AccessPolicies.Viewer).WithSummary("The figure catalogue (role: viewer)");
        return api;
    }

    public static Ok<FigureCatalogueDocument> GetFigures(FigureCatalogueDocument catalogue) => TypedResults.Ok(catalogue);

    /// <summary>Registers the catalogue document, built once from the catalogue, the units and the OPEL profile.</summary>
    public static IHostApplicationBuilder AddFigureCatalogue(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => FigureCatalogueDocument.Create(sp.GetRequiredService<UnitCatalog>(), sp.GetRequiredService<OpelProfile>()));
        return builder;
    }
}

/// <summary>The catalogue as <c>GET /api/figures</c> returns it.</summary>
public sealed record FigureCatalogueDocument(
    IReadOnlyList<ServiceFiguresDocument> Services, IReadOnlyList<UnitFiguresDocument> Units, SystemFiguresDocument System)
{
    /// <summary>The document for these units, with the thresholds <paramref name="profile"/> sets resolved per unit.</summary>
    public static FigureCatalogueDocument Create(UnitCatalog units, OpelProfile profile)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(profile);
        var services = FigureCatalogue.Services
            .Select(s => new ServiceFiguresDocument(s.Name, s.Label, [.. s.Figures.Select(FigureDocument.Of)]))
            .ToList();
        var unitDocuments = units.Units
            .Select(u => new UnitFiguresDocument(u.Id, u.Name, FigureCatalogue.ServiceName(u.Service), ThresholdsAt(u, profile)))
            .ToList();
        return new FigureCatalogueDocument(services, unitDocuments, new SystemFiguresDocument([.. FigureCatalogue.System.Select(FigureDocument.Of)]));
    }

    /// <summary>Every figure of the unit that has thresholds there: the profile's where it scores the figure, else the default.</summary>
    private static Dictionary<string, ThresholdsDocument> ThresholdsAt(UnitDefinition unit, OpelProfile profile)
    {
        var thresholds = new Dictionary<string, ThresholdsDocument>(StringComparer.Ordinal);
        foreach (var spec in FigureCatalogue.For(unit.Service).Figures)
        {
            if ((profile.ThresholdsFor(unit.Id, spec.Name) ?? spec.Thresholds) is { } inForce)
            {
                thresholds[spec.Name] = ThresholdsDocument.Of(inForce);
            }
        }

        return thresholds;
    }
}

/// <param name="Service">The service's name as snapshots carry it (<c>ae</c>, <c>utc</c>, <c>greencar</c>, <c>ivch</c>).</param>
public sealed record ServiceFiguresDocument(string Service, string Label, IReadOnlyList<FigureDocument> Figures);

/// <param name="Thresholds">Figure name → the thresholds in force at this unit (only figures that have any).</param>
public sealed record UnitFiguresDocument(string Unit, string Name, string Service, IReadOnlyDictionary<string, ThresholdsDocument> Thresholds);

public sealed record SystemFiguresDocument(IReadOnlyList<FigureDocument> Figures);

/// <param name="Kind"><c>count</c>, <c>minutes</c>, <c>percent</c> or <c>map</c>.</param>
/// <param name="Unit">The unit of measure, e.g. <c>patients</c>, <c>minutes</c>, <c>%</c>.</param>
/// <param name="Keys">A map's keys in display order; absent for other figures.</param>
public sealed record FigureDocument(
    string Name, string Label, string Description, string Kind, string Unit, ThresholdsDocument? Thresholds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FigureKey>? Keys)
{
    public static FigureDocument Of(FigureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new FigureDocument(spec.Name, spec.Label, spec.Description, Camel(spec.Kind.ToString()), spec.UnitOfMeasure,
            spec.Thresholds is { } t ? ThresholdsDocument.Of(t) : null, spec.IsMap ? spec.Keys : null);
    }

    internal static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>
/// Amber and red thresholds: a value that reaches one (at or above when <c>higherIsWorse</c>, at or below when
/// <c>lowerIsWorse</c>) takes its colour. Either may be null.
/// </summary>
public sealed record ThresholdsDocument(string Direction, double? Amber, double? Red, string Source)
{
    public static ThresholdsDocument Of(FigureThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return new ThresholdsDocument(FigureDocument.Camel(thresholds.Direction.ToString()), thresholds.Amber, thresholds.Red, thresholds.Source);
    }
}
