using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.Http.HttpResults;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.Units;

/// <summary>
/// The newest breach-risk list of every department (<see cref="BreachRiskList"/>), made by the processing loop once a
/// tick with the unit's live figures and readable from any thread. A unit that is not live keeps no list: an old list
/// of patients is worse than none, since the people on it may have left.
/// </summary>
public sealed class BreachRiskBoard(UnitCatalog units)
{
    private readonly BreachRiskList?[] _latest = new BreachRiskList?[units.Count];

    /// <summary>Called by the processing loop: the unit's new list, or null when it is not live (or not a department).</summary>
    public void Publish(int unit, BreachRiskList? list) => Volatile.Write(ref _latest[unit], list);

    /// <summary>The unit's newest list; null before the unit was first published live, and while it is not live.</summary>
    public BreachRiskList? Get(int unit) => Volatile.Read(ref _latest[unit]);
}

/// <summary><c>GET /api/units/{unit}/breach-risk</c>: a department's patients at risk of a long wait, pseudonymised.</summary>
public static class BreachRiskApi
{
    /// <summary>Adds <c>/{unit}/breach-risk</c> to the units group (<see cref="UnitsApi.MapUnitsApi"/>).</summary>
    public static RouteGroupBuilder MapBreachRisk(this RouteGroupBuilder units)
    {
        ArgumentNullException.ThrowIfNull(units);
        units.MapGet("/{unit}/breach-risk", GetBreachRisk).RequireAuthorization(AccessPolicies.Viewer)
            .WithSummary("Patients near or past a breach, by pseudonym (role: viewer, unit scope)");
        return units;
    }

    /// <summary>
    /// The list as of the unit's last live publication (at least every second): 404 for an unknown unit, 400 for a unit
    /// that is not an A&amp;E or UTC, 503 while the unit has not been live yet (replaying, unassigned).
    /// </summary>
    public static Results<Ok<BreachRiskList>, ProblemHttpResult> GetBreachRisk(string unit, UnitCatalog units, BreachRiskBoard board)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(board);
        if (!units.TryGetIndex(unit, out var index))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown unit", detail: $"No unit '{unit}' is configured.");
        }

        if (units[index].Service is not (ServiceKind.Ae or ServiceKind.Utc))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a department",
                detail: $"{unit} is not an A&E or UTC: only departments have a breach-risk list.");
        }

        return board.Get(index) is { } list
            ? TypedResults.Ok(list)
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not live yet",
                detail: $"{unit}'s figures are not live yet (replaying or not assigned); the list follows once they are.");
    }
}
