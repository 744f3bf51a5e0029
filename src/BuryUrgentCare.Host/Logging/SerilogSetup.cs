using Serilog;
using Serilog.Events;

namespace BuryUrgentCare.Logging;

public static class SerilogSetup
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Logs start-up failures before configuration is read.</summary>
    public static Serilog.ILogger CreateBootstrapLogger() =>
        new LoggerConfiguration().WriteTo.Console(outputTemplate: ConsoleTemplate).CreateBootstrapLogger();

    /// <summary>Serilog for the host, configured from the <c>Serilog</c> section (levels, sinks).</summary>
    public static IHostApplicationBuilder AddLogging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: ConsoleTemplate));
        return builder;
    }

    /// <summary>
    /// One log line per request; probes of <c>/health</c> at Debug, since a "not ready yet" answer before
    /// the consumer's assignment is expected, not an error.
    /// </summary>
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSerilogRequestLogging(options => options.GetLevel = (context, _, exception) =>
            context.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
            : exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
            : LogEventLevel.Information);
        return app;
    }
}
