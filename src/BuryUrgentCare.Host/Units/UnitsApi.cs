using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.Http.HttpResults;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.Units;

/// <summary>Read API of the live figures: <c>GET /api/units</c> and <c>GET /api/units/{unit}</c>.</summary>
public static class UnitsApi
{
    /// <summary>The <c>api/units</c> group, mapped once: features add their per-unit endpoints to it (history).</summary>
    public static RouteGroupBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/units").WithTags("Units");
        api.MapGet("/", GetUnits).RequireAuthorization(AccessPolicies.Viewer).WithSummary("Every unit's live figures (role: viewer)");
        api.MapGet("/{unit}", GetUnit).RequireAuthorization(AccessPolicies.Viewer).WithSummary("One unit's live figures (role: viewer, unit scope)");
        return api;
    }

    public static Ok<IReadOnlyList<UnitSnapshot>> GetUnits(SnapshotStore snapshots) => TypedResults.Ok(snapshots.All());

    public static Results<Ok<UnitSnapshot>, ProblemHttpResult> GetUnit(string unit, SnapshotStore snapshots)
    {
        if (!snapshots.TryGet(unit, out var snapshot))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown unit", detail: $"No unit '{unit}' is configured.");
        }

        return snapshot is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Figures not computed yet")
            : TypedResults.Ok(snapshot);
    }
}
