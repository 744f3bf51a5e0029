using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.History;

/// <summary>Registers the time-series history layer.</summary>
public static class HistoryExtensions
{
    /// <summary>
    /// Adds <see cref="HistoryOptions"/> (section <c>History</c>, validated at start-up), the configured
    /// <see cref="ITimeSeriesStore"/> (embedded SQLite by default, or InfluxDB), and the
    /// <see cref="TimeSeriesWriter"/> as a singleton that is also the hosted service.
    /// </summary>
    public static IHostApplicationBuilder AddHistory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<HistoryOptions>()
            .BindConfiguration(HistoryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);

        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton<ITimeSeriesStore>(services =>
        {
            var options = services.GetRequiredService<IOptions<HistoryOptions>>().Value;
            return options.Store switch
            {
                HistoryStoreKind.InfluxDb => new InfluxDbStore(options.InfluxDb, options.RawRetention, options.RollupRetention),
                _ => new SqliteStore(Path.GetFullPath(options.EmbeddedPath, contentRoot)),
            };
        });

        builder.Services.AddSingleton<TimeSeriesWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TimeSeriesWriter>());
        return builder;
    }
}
