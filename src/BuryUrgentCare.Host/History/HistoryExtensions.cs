using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

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

    /// <summary><c>GET /api/history/stats</c>: the history writer's counters, backlog and whether the store is failing now.</summary>
    public static RouteGroupBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/history").WithTags("History");
        api.MapGet("/stats", GetStats);
        return api;
    }

    public static Ok<TimeSeriesWriterStats> GetStats(TimeSeriesWriter writer) => TypedResults.Ok(writer.GetStats());
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
