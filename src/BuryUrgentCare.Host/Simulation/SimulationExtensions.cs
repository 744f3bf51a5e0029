using BuryUrgentCare.Ingestion;

namespace BuryUrgentCare.Simulation;

public static class SimulationExtensions
{
    /// <summary>Days of simulated history the embedded default writes at start-up (<see cref="SimulatorOptions.BackfillDays"/>).</summary>
    public const int DefaultEmbeddedBackfillDays = 90;

    /// <summary>
    /// Registers the clock (accelerated when the simulator runs faster than real time) and, when
    /// enabled, the simulator. Must run before anything that resolves <see cref="TimeProvider"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSimulation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        var kafka = builder.Configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        var backfillDays = settings.BackfillDays ?? (kafka.IsEmbedded ? DefaultEmbeddedBackfillDays : 0);
        builder.Services.AddOptions<SimulatorOptions>()
            .Bind(builder.Configuration.GetSection(SimulatorOptions.Section))
            .PostConfigure(o => o.BackfillDays ??= backfillDays)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var enabled = settings.Enabled ?? kafka.IsEmbedded;

        builder.Services.AddSingleton<TimeProvider>(enabled && settings.SpeedUp > 1
            ? new AcceleratedTimeProvider(TimeProvider.System, settings.SpeedUp)
            : TimeProvider.System);

        if (enabled)
        {
            builder.Services.AddHostedService<SimulatorService>();
            if (backfillDays > 0)
            {
                builder.Services.AddSingleton<HistoryBackfill>();
                builder.Services.AddHostedService(services => services.GetRequiredService<HistoryBackfill>());
            }
        }

        return builder;
    }
}
