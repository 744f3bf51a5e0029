using System.Globalization;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.Http.HttpResults;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.History;

/// <summary>One figure of one unit over time (<c>GET /api/units/{unit}/history</c>).</summary>
/// <param name="Unit">The unit, or <c>BURY</c> for the system's figures.</param>
/// <param name="Figure">The METRICS.md figure name asked for.</param>
/// <param name="Measurement">Where it is stored.</param>
/// <param name="Field">Its field there.</param>
/// <param name="Aggregate">How each bucket was reduced: <c>mean</c>, <c>max</c>, <c>min</c>, <c>sum</c> or <c>last</c>.</param>
/// <param name="From">Inclusive start; buckets are aligned to it.</param>
/// <param name="To">Exclusive end.</param>
/// <param name="Step">Bucket width.</param>
/// <param name="Buckets">Buckets with at least one point, in time order; a bucket without points is absent, never 0.</param>
public sealed record FigureHistory(
    string Unit,
    string Figure,
    string Measurement,
    string Field,
    string Aggregate,
    DateTimeOffset From,
    DateTimeOffset To,
    TimeSpan Step,
    IReadOnlyList<HistoryBucket> Buckets);

/// <summary>Deflection per calendar period (<c>GET /api/trends/deflection</c>).</summary>
/// <param name="Step"><c>day</c>, <c>week</c> (Monday to Sunday) or <c>month</c>, in Europe/London.</param>
/// <param name="From">Start of the first period (local midnight, with its offset).</param>
/// <param name="To">End of the last period.</param>
/// <param name="Buckets">Every period from <paramref name="From"/> to <paramref name="To"/>, empty ones included.</param>
public sealed record DeflectionTrend(string Step, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DeflectionBucket> Buckets);

/// <summary>One period's deflection: the sums of the daily rollups (<c>daily_deflection</c>) of its days.</summary>
/// <param name="Start">Local midnight starting the period.</param>
/// <param name="End">Local midnight ending it.</param>
/// <param name="Days">Days of the period that have a rollup; fewer than its length means a gap in the history.</param>
/// <param name="GreenCarEdAvoided">Green Car outcomes other than conveyed to A&amp;E; null when no day has the component.</param>
/// <param name="IvchEdAvoided">IVCH outcomes other than <c>ed</c>/<c>ambulance</c>; null when no day has the component.</param>
/// <param name="Total">Both; null when no day has a rollup.</param>
/// <param name="SimulatedDays">Days of the period whose rollup the simulator's backfill wrote: not real history.</param>
public sealed record DeflectionBucket(DateTimeOffset Start, DateTimeOffset End, int Days, long? GreenCarEdAvoided, long? IvchEdAvoided, long? Total,
    int SimulatedDays = 0);

/// <summary>A department's attendances and 4-hour performance per calendar period (<c>GET /api/trends/department</c>).</summary>
/// <param name="Unit">The A&amp;E or UTC unit.</param>
/// <param name="Step"><c>day</c>, <c>week</c> or <c>month</c>, in Europe/London.</param>
/// <param name="From">Start of the first period.</param>
/// <param name="To">End of the last period.</param>
/// <param name="Buckets">Every period, empty ones included.</param>
public sealed record DepartmentTrend(string Unit, string Step, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DepartmentBucket> Buckets);

/// <summary>One period of a department, from its daily rollups (<c>daily_department</c>).</summary>
/// <param name="Start">Local midnight starting the period.</param>
/// <param name="End">Local midnight ending it.</param>
/// <param name="Days">Days of the period with a rollup.</param>
/// <param name="SimulatedDays">Of those, days the simulator's backfill wrote.</param>
/// <param name="Attendances">Arrivals (METRICS.md <c>arrivalsToday</c> at the day's end), summed; null when no day has one.</param>
/// <param name="Departures">Departures, summed; null when no day has one.</param>
/// <param name="FourHourPerformance">Share of the period's departures within 4 hours of arrival (%); null without departures.</param>
public sealed record DepartmentBucket(DateTimeOffset Start, DateTimeOffset End, int Days, int SimulatedDays, long? Attendances, long? Departures,
    double? FourHourPerformance);

/// <summary>
/// The trends API, read from whichever <see cref="ITimeSeriesStore"/> is configured: a figure's history for shift
/// managers and escalation calls, and deflection by day, week or month for commissioners.
/// </summary>
public static partial class TrendsApi
{
    /// <summary>Most buckets (or periods) one request may ask for: a week at one minute is 10,080.</summary>
    public const int MaxBuckets = 10_080;

    /// <summary>The earliest instant a request may name: before it no store holds figures (InfluxDB's own range starts in 1677).</summary>
    public static readonly DateTimeOffset EarliestInstant = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The instant a request must name times before (InfluxDB's range ends in 2262).</summary>
    public static readonly DateTimeOffset LatestInstant = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The widest bucket: ten years.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(3653);

    /// <summary>Default history window: the last 24 hours, beside the live figure.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    /// <summary>Default bucket width: 5 minutes (288 buckets a day).</summary>
    public static readonly TimeSpan DefaultStep = TimeSpan.FromMinutes(5);

    /// <summary><c>GET /api/trends/deflection</c>.</summary>
    public static RouteGroupBuilder MapTrendsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/trends").WithTags("Trends");
        api.MapGet("/deflection", GetDeflection).RequireAuthorization(AccessPolicies.Commissioner).WithSummary("Deflection by service over time (role: commissioner)");
        api.MapGet("/department", GetDepartment).RequireAuthorization(AccessPolicies.Commissioner).WithSummary("A&E/UTC attendances and 4-hour performance over time (role: commissioner)");
        return api;
    }

    /// <summary><c>GET /api/units/{unit}/history</c>, on the units group (<see cref="Units.UnitsApi.MapUnitsApi"/>).</summary>
    public static RouteGroupBuilder MapUnitHistory(this RouteGroupBuilder units)
    {
        ArgumentNullException.ThrowIfNull(units);
        units.MapGet("/{unit}/history", GetHistory).WithTags("Trends").RequireAuthorization(AccessPolicies.Commissioner)
            .WithSummary("A figure's history for one unit (role: commissioner)");
        return units;
    }

    /// <summary>
    /// <c>GET /api/units/{unit}/history?figure=…&amp;from=…&amp;to=…&amp;step=…&amp;aggregate=…</c>. <c>figure</c> is a METRICS.md
    /// name (<c>inDepartment</c>, <c>byAcuity.3</c>, <c>dispositionsToday.ed</c>; for unit <c>BURY</c>
    /// <c>deflectionToday</c>); <c>from</c>/<c>to</c> are ISO 8601 instants (default: the 24 hours up to the next whole
    /// step); <c>step</c> is <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or <c>hh:mm:ss</c> (default 5m); <c>aggregate</c>
    /// is mean (default), max, min, sum or last.
    /// </summary>
    public static async Task<Results<Ok<FigureHistory>, ProblemHttpResult>> GetHistory(string unit, string? figure, string? from, string? to,
        string? step, string? aggregate, ITimeSeriesStore store, UnitCatalog units, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        ServiceKind? service = null;
        if (unit != FigureSchema.SystemUnit)
        {
            if (!units.TryGetIndex(unit, out var index))
            {
                return BadRequest("Unknown unit", $"No unit '{unit}' is configured; known units: {string.Join(", ", units.Units.Select(u => u.Id))}, and {FigureSchema.SystemUnit} for the system.");
            }

            service = units[index].Service;
        }

        if (string.IsNullOrEmpty(figure))
        {
            return BadRequest("Missing figure", "Name a figure with ?figure=, e.g. ?figure=inDepartment.");
        }

        if (!FigureSchema.TryLocate(service, figure, out var location))
        {
            return BadRequest("Unknown figure",
                $"'{figure}' is not a figure of {unit}. Its figures: {string.Join(", ", FigureSchema.FigureNames(service))}.");
        }

        TimeSpan width;
        if (step is null)
        {
            width = DefaultStep;
        }
        else if (!TryParseStep(step, out width))
        {
            return BadRequest("Bad step", $"step '{step}' is not a duration of at least one second: use e.g. 30s, 5m, 1h, 1d or 00:05:00.");
        }

        if (!TryParseAggregate(aggregate, out var reduce))
        {
            return BadRequest("Bad aggregate", $"aggregate '{aggregate}' is not one of mean, max, min, sum, last.");
        }

        if (!TryParseInstant(from, "from", out var start, out var problem) || !TryParseInstant(to, "to", out var end, out problem))
        {
            return problem!;
        }

        // By default the window ends at the next whole step, so buckets fall on whole minutes.
        end ??= Processing.SnapshotGrid.Floor(clock.GetUtcNow(), width) + width;
        start ??= end.Value - DefaultWindow;
        if (start >= end)
        {
            return BadRequest("Bad range", $"from ({start:O}) must be before to ({end:O}).");
        }

        var buckets = Math.Ceiling((end.Value - start.Value) / width);
        if (buckets > MaxBuckets)
        {
            return BadRequest("Too many buckets",
                $"{buckets:0} buckets of {width:c} from {start:O} to {end:O}; at most {MaxBuckets} per request: widen the step or narrow the range.");
        }

        KeyValuePair<string, string>[] tags = [KeyValuePair.Create(FigureSchema.UnitTag, unit), .. location.Tags];
        var query = new HistoryQuery(location.Measurement, location.Field, tags, start.Value, end.Value, width, reduce);
        try
        {
            var result = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new FigureHistory(unit, figure, location.Measurement, location.Field, reduce.ToString().ToLowerInvariant(),
                start.Value, end.Value, width, result));
        }
        catch (TimeSeriesStoreException ex)
        {
            return StoreUnavailable(loggers, ex);
        }
    }

    /// <summary>
    /// <c>GET /api/trends/deflection?from=…&amp;to=…&amp;step=day|week|month</c>: the periods (Europe/London; weeks start on
    /// Monday, months are calendar months) that overlap <c>[from, to)</c>, each with the sums of its days' rollups.
    /// Defaults: step day; to now; from 30 days, 12 weeks or 12 months before to.
    /// </summary>
    public static async Task<Results<Ok<DeflectionTrend>, ProblemHttpResult>> GetDeflection([AsParameters] DeflectionTrendRequest request,
        ITimeSeriesStore store, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!DeflectionTrends.TryParsePeriod(request.Step, out var period))
        {
            return BadRequest("Bad step", $"step '{request.Step}' is not one of day, week, month.");
        }

        if (!TryParseInstant(request.From, "from", out var start, out var problem) || !TryParseInstant(request.To, "to", out var end, out problem))
        {
            return problem!;
        }

        // A calendar per request: ServiceCalendar caches days and is not thread-safe.
        var trends = new DeflectionTrends(new ServiceCalendar(ServiceCalendar.London));
        end ??= clock.GetUtcNow();
        start ??= trends.DefaultStart(period, end.Value);
        if (start >= end)
        {
            return BadRequest("Bad range", $"from ({start:O}) must be before to ({end:O}).");
        }

        // Days bound the work whatever the step: the store is asked for one bucket per day.
        var days = trends.DaysCovered(start.Value, end.Value);
        if (days > MaxBuckets)
        {
            return BadRequest("Too many buckets", $"{days} days from {start:O} to {end:O}; at most {MaxBuckets} per request.");
        }

        var periods = trends.Periods(period, start.Value, end.Value);
        var queryFrom = trends.Instant(periods[0].First);
        var queryTo = trends.Instant(periods[^1].Next);
        try
        {
            var total = await DailyValuesAsync(store, trends, FigureSchema.TotalField, queryFrom, queryTo, cancellationToken).ConfigureAwait(false);
            var greenCar = await DailyValuesAsync(store, trends, FigureSchema.GreenCarEdAvoidedField, queryFrom, queryTo, cancellationToken).ConfigureAwait(false);
            var ivch = await DailyValuesAsync(store, trends, FigureSchema.IvchEdAvoidedField, queryFrom, queryTo, cancellationToken).ConfigureAwait(false);
            var simulated = await DailyValuesAsync(store, trends, FigureSchema.SimulatedField, queryFrom, queryTo, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(trends.Summarise(period, periods, total, greenCar, ivch, simulated));
        }
        catch (TimeSeriesStoreException ex)
        {
            return StoreUnavailable(loggers, ex);
        }
    }

    /// <summary>
    /// <c>GET /api/trends/department?unit=FGH-ED&amp;from=…&amp;to=…&amp;step=day|week|month</c>: an A&amp;E or UTC unit's
    /// attendances, departures and 4-hour performance per period, from its daily rollups; periods and defaults as
    /// <see cref="GetDeflection"/>. Commissioners read it beside deflection.
    /// </summary>
    public static async Task<Results<Ok<DepartmentTrend>, ProblemHttpResult>> GetDepartment(string? unit, [AsParameters] DeflectionTrendRequest request,
        ITimeSeriesStore store, UnitCatalog units, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(units);
        if (unit is null || !units.TryGetIndex(unit, out var index) || units[index].Service is not (ServiceKind.Ae or ServiceKind.Utc))
        {
            return BadRequest("Unknown department", $"Name an A&E or UTC unit with ?unit=; known: {string.Join(", ",
                units.Units.Where(u => u.Service is ServiceKind.Ae or ServiceKind.Utc).Select(u => u.Id))}.");
        }

        if (!DeflectionTrends.TryParsePeriod(request.Step, out var period))
        {
            return BadRequest("Bad step", $"step '{request.Step}' is not one of day, week, month.");
        }

        if (!TryParseInstant(request.From, "from", out var start, out var problem) || !TryParseInstant(request.To, "to", out var end, out problem))
        {
            return problem!;
        }

        var trends = new DeflectionTrends(new ServiceCalendar(ServiceCalendar.London));
        end ??= clock.GetUtcNow();
        start ??= trends.DefaultStart(period, end.Value);
        if (start >= end)
        {
            return BadRequest("Bad range", $"from ({start:O}) must be before to ({end:O}).");
        }

        var days = trends.DaysCovered(start.Value, end.Value);
        if (days > MaxBuckets)
        {
            return BadRequest("Too many buckets", $"{days} days from {start:O} to {end:O}; at most {MaxBuckets} per request.");
        }

        var periods = trends.Periods(period, start.Value, end.Value);
        var queryFrom = trends.Instant(periods[0].First);
        var queryTo = trends.Instant(periods[^1].Next);
        try
        {
            async Task<Dictionary<DateOnly, double>> Read(string field) => await DailyValuesAsync(store, trends, DailyRollup.DailyDepartment, unit, field,
                queryFrom, queryTo, cancellationToken).ConfigureAwait(false);
            var attendances = await Read("attendances").ConfigureAwait(false);
            var departures = await Read("departures").ConfigureAwait(false);
            var performance = await Read("fourHourPerformance").ConfigureAwait(false);
            var simulated = await Read(FigureSchema.SimulatedField).ConfigureAwait(false);
            return TypedResults.Ok(trends.SummariseDepartment(unit, period, periods, attendances, departures, performance, simulated));
        }
        catch (TimeSeriesStoreException ex)
        {
            return StoreUnavailable(loggers, ex);
        }
    }

    /// <summary>Parses <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> (a positive whole number and a unit) or a
    /// <see cref="TimeSpan"/> (<c>00:05:00</c>); at least one second, whole milliseconds.</summary>
    public static bool TryParseStep(string text, out TimeSpan step)
    {
        step = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var unit = text[^1];
        if (char.IsAsciiLetter(unit) && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) &&
            n is > 0 and <= 3_650_000)
        {
            step = unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(Math.Min(n, 36_500)),
                _ => default,
            };
        }
        else if (TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var parsed))
        {
            step = parsed;
        }

        return step >= TimeSpan.FromSeconds(1) && step <= MaxStep && step.Ticks % TimeSpan.TicksPerMillisecond == 0;
    }

    private static bool TryParseAggregate(string? text, out HistoryAggregate aggregate)
    {
        aggregate = HistoryAggregate.Mean;
        return text is null || (text.All(char.IsAsciiLetterLower) && Enum.TryParse(text, ignoreCase: true, out aggregate));
    }

    internal static bool TryParseInstant(string? text, string name, out DateTimeOffset? instant, out ProblemHttpResult? problem)
    {
        instant = null;
        problem = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            if (parsed < EarliestInstant || parsed >= LatestInstant)
            {
                problem = BadRequest($"Bad {name}", $"{name} '{text}' is outside the history's range, {EarliestInstant:yyyy-MM-dd} to {LatestInstant:yyyy-MM-dd}.");
                return false;
            }

            instant = parsed.ToUniversalTime();
            return true;
        }

        problem = BadRequest($"Bad {name}", $"{name} '{text}' is not an ISO 8601 date and time, e.g. 2026-11-02T08:00:00Z.");
        return false;
    }

    /// <summary>Each day's <c>daily_deflection</c> value of one field. Daily points sit at local midnight, a whole UTC
    /// hour in London, and the range starts at one, so hourly buckets hold one day each and start at its midnight.</summary>
    private static Task<Dictionary<DateOnly, double>> DailyValuesAsync(ITimeSeriesStore store, DeflectionTrends trends, string field,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        DailyValuesAsync(store, trends, DailyRollup.DailyDeflection, FigureSchema.SystemUnit, field, from, to, cancellationToken);

    private static async Task<Dictionary<DateOnly, double>> DailyValuesAsync(ITimeSeriesStore store, DeflectionTrends trends, string measurement,
        string unit, string field, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = new HistoryQuery(measurement, field, [KeyValuePair.Create(FigureSchema.UnitTag, unit)],
            from, to, TimeSpan.FromHours(1), HistoryAggregate.Sum);
        var values = new Dictionary<DateOnly, double>();
        foreach (var bucket in await store.QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            var day = trends.LocalDay(bucket.Start);
            values[day] = values.GetValueOrDefault(day) + bucket.Value;
        }

        return values;
    }

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    /// <summary>
    /// 503 without the store's own words: they can hold its address, query or credentials' realm, which are the
    /// operators' to read (in the log), not a caller's.
    /// </summary>
    private static ProblemHttpResult StoreUnavailable(ILoggerFactory loggers, TimeSeriesStoreException ex)
    {
        LogStoreFailed(loggers.CreateLogger(typeof(TrendsApi).FullName!), ex);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "History store unavailable",
            detail: "The history store did not answer; the figures are still live. Try again shortly.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A history or trends request failed at the store")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
