using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Units;

/// <summary>
/// The newest breach-risk list of every department (<see cref="BreachRiskList"/>), made by the processing loop with the
/// unit's live figures and readable from any thread. A unit that is not live keeps no list: an old list of patients is
/// worse than none, since the people on it may have left.
/// </summary>
/// <remarks>
/// Made on demand: the list is a scan of every episode held, so the loop makes it (once a tick) only while somebody
/// has asked for it in the last <see cref="WantedFor"/> — a wallboard panel or the page, which poll it. Nobody looking,
/// no scan on the consumer's thread (at replay speed the scan was most of it). The first request after a quiet spell
/// waits for the next tick's list rather than being answered with an old one.
/// </remarks>
public sealed class BreachRiskBoard(UnitCatalog units, TimeProvider clock, IOptions<ProcessingOptions> options)
{
    /// <summary>How long a request keeps its unit's list being made.</summary>
    public static readonly TimeSpan WantedFor = TimeSpan.FromMinutes(2);

    private readonly BreachRiskList?[] _latest = new BreachRiskList?[units.Count];
    private readonly long[] _wantedUntil = new long[units.Count]; // UTC ticks
    private readonly TaskCompletionSource?[] _next = new TaskCompletionSource?[units.Count];
    private readonly TimeSpan _fresh = options.Value.Tick * 2;

    /// <summary>Whether the loop should make the unit's list now: somebody asked for it lately.</summary>
    public bool Wanted(int unit, DateTimeOffset now) => Volatile.Read(ref _wantedUntil[unit]) > now.UtcTicks;

    /// <summary>Called by the processing loop: the unit's new list, or null when it is not live (or not a department).</summary>
    public void Publish(int unit, BreachRiskList? list)
    {
        Volatile.Write(ref _latest[unit], list);
        Interlocked.Exchange(ref _next[unit], null)?.TrySetResult();
    }

    /// <summary>The unit's newest list as it stands; null before the unit was first published live.</summary>
    public BreachRiskList? Get(int unit) => Volatile.Read(ref _latest[unit]);

    /// <summary>
    /// The unit's list as of the last tick: marks it wanted and, when the newest list is older than two ticks (nobody
    /// asked lately), waits for the loop's next one, at most <paramref name="wait"/>. Null while the unit is not live.
    /// </summary>
    public async Task<BreachRiskList?> GetFreshAsync(int unit, TimeSpan wait, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Volatile.Write(ref _wantedUntil[unit], (now + WantedFor).UtcTicks);
        if (Get(unit) is { } list && list.AsOf >= now - _fresh)
        {
            return list;
        }

        var next = Volatile.Read(ref _next[unit]);
        if (next is null)
        {
            var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            next = Interlocked.CompareExchange(ref _next[unit], mine, null) ?? mine;
        }

        try
        {
            await next.Task.WaitAsync(wait, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The loop did not make one in time (the unit is not live, or the consumer is busy): answer with what there is.
        }

        return Get(unit);
    }
}

/// <summary><c>GET /api/units/{unit}/breach-risk</c>: a department's patients at risk of a long wait, pseudonymised.</summary>
public static class BreachRiskApi
{
    /// <summary>Adds <c>/{unit}/breach-risk</c> to the units group (<see cref="UnitsApi.MapUnitsApi"/>).</summary>
    public static RouteGroupBuilder MapBreachRisk(this RouteGroupBuilder units)
    {
        ArgumentNullException.ThrowIfNull(units);
        units.MapGet("/{unit}/breach-risk", GetBreachRisk);
        return units;
    }

    /// <summary>
    /// The list as of the unit's last live publication (at least every second): 404 for an unknown unit, 400 for a unit
    /// that is not an A&amp;E or UTC, 503 while the unit has not been live yet (replaying, unassigned).
    /// </summary>
    public static async Task<Results<Ok<BreachRiskList>, ProblemHttpResult>> GetBreachRisk(string unit, UnitCatalog units, BreachRiskBoard board,
        CancellationToken cancellationToken)
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

        return await board.GetFreshAsync(index, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false) is { } list
            ? TypedResults.Ok(list)
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not live yet",
                detail: $"{unit}'s figures are not live yet (replaying or not assigned); the list follows once they are.");
    }
}
