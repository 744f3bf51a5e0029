using System.Diagnostics.Metrics;
using BuryUrgentCare.Jobs;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.History;

/// <summary>Registers the time-series history layer.</summary>
public static class HistoryExtensions
{
    /// <summary>
    /// Adds <see cref="HistoryOptions"/> (section <c>History</c>, validated at start-up), the configured
    /// <see cref="ITimeSeriesStore"/> (embedded SQLite by default, or InfluxDB), and the
    /// <see cref="TimeSeriesWriter"/> as a singleton that is also the hosted service, with its <see cref="HistorySpill"/>
    /// under the content root unless <see cref="HistoryOptions.SpillPath"/> is empty.
    /// </summary>
    public static IHostApplicationBuilder AddHistory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<HistoryOptions>()
            .BindConfiguration(HistoryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);

        // The InfluxDB client comes from the HTTP client factory: pooled handlers it renews (DNS changes reach us), and
        // one place to add resilience or telemetry to every call to the store.
        builder.Services.AddHttpClient(InfluxDbStore.HttpClientName, (services, client) =>
                client.Timeout = services.GetRequiredService<IOptions<HistoryOptions>>().Value.InfluxDb.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All });

        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton<ITimeSeriesStore>(services =>
        {
            var options = services.GetRequiredService<IOptions<HistoryOptions>>().Value;
            return options.Store switch
            {
                HistoryStoreKind.InfluxDb => new InfluxDbStore(
                    services.GetRequiredService<IHttpClientFactory>().CreateClient(InfluxDbStore.HttpClientName),
                    options.InfluxDb, options.RawRetention, options.RollupRetention),
                _ => new SqliteStore(Path.GetFullPath(options.EmbeddedPath, contentRoot)),
            };
        });

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<HistoryOptions>>();
            var spillPath = options.Value.SpillPath;
            return new TimeSeriesWriter(services.GetRequiredService<ITimeSeriesStore>(), options,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<TimeSeriesWriter>>(),
                services.GetService<IMeterFactory>(),
                string.IsNullOrWhiteSpace(spillPath) ? null : new HistorySpill(Path.GetFullPath(spillPath, contentRoot)));
        });
        builder.Services.AddHostedService(services => services.GetRequiredService<TimeSeriesWriter>());
        builder.Services.AddHealthChecks().AddCheck<HistoryWriterReadinessCheck>("history-writer", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// <c>GET /api/history/stats</c>: the history writer's counters, backlog and whether the store is failing now;
    /// <c>POST /api/history/rebuild?from=…&amp;to=…</c>: rebuilds past minutes from the event log (<see cref="HistoryRebuild"/>),
    /// as a job; <c>GET /api/history/rebuild</c>: the running or last rebuild.
    /// </summary>
    public static RouteGroupBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/history").WithTags("History");
        api.MapGet("/stats", GetStats).RequireAuthorization(AccessPolicies.Admin).WithSummary("The history writer's counters (role: admin)");
        api.MapPost("/rebuild", PostRebuild).RequireAuthorization(AccessPolicies.Admin)
            .AddEndpointFilter(AuditLog.Filter("history.rebuild-started")).WithSummary("Recompute past minutes of history (role: admin)");
        api.MapGet("/rebuild", GetRebuild).RequireAuthorization(AccessPolicies.Admin).WithSummary("The rebuild in progress (role: admin)");
        return api;
    }

    public static Ok<TimeSeriesWriterStats> GetStats(TimeSeriesWriter writer) => TypedResults.Ok(writer.GetStats());

    /// <summary>
    /// Accepts a rebuild of [<paramref name="from"/>, <paramref name="to"/>) and fires <see cref="HistoryRebuildJob"/>: 202 with
    /// <c>Location: /api/history/rebuild</c> (its status); 400 for a missing, reversed, future or too long period, or one
    /// the log no longer holds the events for; 409 while a rebuild runs; 503 when the scheduler is not running
    /// (<c>Jobs:Enabled</c> false) or Kafka does not answer.
    /// </summary>
    public static async Task<Results<Accepted<HistoryRebuildStatus>, ProblemHttpResult>> PostRebuild(string? from, string? to,
        HistoryRebuild rebuild, ISchedulerFactory schedulers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rebuild);
        ArgumentNullException.ThrowIfNull(schedulers);
        if (!TrendsApi.TryParseInstant(from, "from", out var start, out var problem) || !TrendsApi.TryParseInstant(to, "to", out var end, out problem))
        {
            return problem!;
        }

        if (start is not { } first || end is not { } last)
        {
            return BadRebuild("from and to are both required, e.g. ?from=2026-11-16T08:00:00Z&to=2026-11-16T12:00:00Z.");
        }

        if (rebuild.CheckPeriod(first, last) is { } badPeriod)
        {
            return BadRebuild(badPeriod);
        }

        if (rebuild.Status is { State: "running" } running)
        {
            return RebuildRunning(running);
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        if (await scheduler.GetStatus(cancellationToken).ConfigureAwait(false) != SchedulerStatus.Running)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Job scheduler not running",
                detail: "The rebuild runs as a job, and this host's scheduler is not running (Jobs:Enabled is false, or it is stopping).");
        }

        try
        {
            if (await rebuild.CheckLogAsync(first, cancellationToken).ConfigureAwait(false) is { } badLog)
            {
                return BadRebuild(badLog);
            }
        }
        catch (KafkaException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Event log unavailable",
                detail: $"Kafka did not answer ({ex.Error.Code}); try again shortly.");
        }

        if (!rebuild.TryBegin(first, last))
        {
            return RebuildRunning(rebuild.Status!);
        }

        try
        {
            await scheduler.TriggerJob(HistoryRebuildJob.Key, HistoryRebuildJob.Data(first, last), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            rebuild.End(null, ex); // never fired: the next request must not find it "running"
            throw;
        }

        return TypedResults.Accepted(RebuildLocation, rebuild.Status);
    }

    /// <summary>The rebuild running now, or the last one since start (in memory); 404 before the first.</summary>
    public static Results<Ok<HistoryRebuildStatus>, NotFound> GetRebuild(HistoryRebuild rebuild) =>
        rebuild?.Status is { } status ? TypedResults.Ok(status) : TypedResults.NotFound();

    private const string RebuildLocation = "/api/history/rebuild";

    private static ProblemHttpResult BadRebuild(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad rebuild period", detail: detail);

    private static ProblemHttpResult RebuildRunning(HistoryRebuildStatus running) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A rebuild is running",
            detail: $"A rebuild of {running.From:O} to {running.To:O} is running ({running.SlotsDone} of {running.Slots} minutes); see {RebuildLocation}.");
}

/// <summary>
/// Not ready while the history store has been failing for longer than <see cref="HistoryOptions.FailingUnreadyAfter"/>:
/// the live figures still flow, but nothing of them is being kept, and the buffer is filling.
/// </summary>
internal sealed class HistoryWriterReadinessCheck(TimeSeriesWriter writer, IOptions<HistoryOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stats = writer.GetStats();
        var after = options.Value.FailingUnreadyAfter;
        return Task.FromResult(stats.FailingSince is { } since && clock.GetUtcNow() - since >= after
            ? HealthCheckResult.Unhealthy(
                $"the history store has been failing since {since:O} ({stats.Buffered} points waiting, {stats.Spilled} on disk): {stats.LastError}")
            : HealthCheckResult.Healthy($"history writer: {stats.Buffered} points waiting, {stats.Spilled} on disk"));
    }
}
