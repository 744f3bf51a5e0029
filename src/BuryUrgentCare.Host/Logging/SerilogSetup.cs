using Serilog;

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
}
