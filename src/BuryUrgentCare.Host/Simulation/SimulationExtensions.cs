using BuryUrgentCare.Ingestion;

namespace BuryUrgentCare.Simulation;

public static class SimulationExtensions
{
    /// <summary>
    /// Registers the clock (accelerated when the simulator runs faster than real time) and, when
    /// enabled, the simulator. Must run before anything that resolves <see cref="TimeProvider"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSimulation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SimulatorOptions>()
            .Bind(builder.Configuration.GetSection(SimulatorOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var settings = builder.Configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        var kafka = builder.Configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        var enabled = settings.Enabled ?? kafka.IsEmbedded;

        builder.Services.AddSingleton<TimeProvider>(enabled && settings.SpeedUp > 1
            ? new AcceleratedTimeProvider(TimeProvider.System, settings.SpeedUp)
            : TimeProvider.System);

        if (enabled)
        {
            builder.Services.AddHostedService<SimulatorService>();
        }

        return builder;
    }
}
