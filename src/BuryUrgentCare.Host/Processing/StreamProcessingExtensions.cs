using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Processing;

public static class StreamProcessingExtensions
{
    /// <summary>Registers the processing core, its options and the snapshot store.</summary>
    public static IHostApplicationBuilder AddStreamProcessing(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ProcessingOptions>()
            .Bind(builder.Configuration.GetSection(ProcessingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(UnitCatalog.Bury);
        builder.Services.AddSingleton<PublishLatency>();
        builder.Services.AddSingleton<SnapshotStore>();
        builder.Services.AddSingleton(services => new UnitOwnership(
            services.GetRequiredService<UnitCatalog>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProcessingOptions>>().Value.StaleAfter));
        builder.Services.AddSingleton<Units.BreachRiskBoard>();
        // The publish interval grows with the wallboards connected (ProcessingOptions.WallboardsPerPublishInterval).
        builder.Services.AddSingleton(services =>
        {
            var connections = new Lazy<Realtime.WallboardConnections?>(services.GetService<Realtime.WallboardConnections>);
            return ActivatorUtilities.CreateInstance<LiveFigures>(services, (Func<int>)(() => connections.Value?.Count ?? 0));
        });
        return builder;
    }
}
