using BuryUrgentCare.Gateway;
using BuryUrgentCare.History;
using BuryUrgentCare.Processing;
using OpenTelemetry.Metrics;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Registers OpenTelemetry metrics over the host's meters (ingestion, realtime, gateway, history) with the Prometheus
    /// exporter, and the pipeline's observable instruments (<see cref="PipelineMetrics"/>). Traces need no registration:
    /// <see cref="PipelineTracing.Source"/> costs nothing until a listener (an OpenTelemetry tracer provider with an
    /// exporter, a test's <c>ActivityListener</c>) samples it. Needs the features it observes registered too.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PipelineMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PublishLatency.MeterName, PipelineMetrics.RealtimeMeterName, GatewayMetrics.MeterName, TimeSeriesWriter.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps <c>GET /metrics</c> (Prometheus text format) and creates the pipeline's instruments.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Observable instruments exist once their owner does; nothing else asks for it.
        app.Services.GetRequiredService<PipelineMetrics>();
        var metrics = app.MapPrometheusScrapingEndpoint(MetricsPath);
        // Counts and integrator names, no patient data: admin by default, open where Auth:AnonymousMetrics says so.
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value.AnonymousMetrics)
        {
            metrics.AllowAnonymous();
        }
        else
        {
            metrics.RequireAuthorization(AccessPolicies.Admin);
        }
        return app;
    }
}
