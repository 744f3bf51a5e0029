using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuryUrgentCare.Ingestion;

public static class KafkaIngestionExtensions
{
    /// <summary>Registers the Kafka connection (embedded when unconfigured), the consumer worker and readiness.</summary>
    public static IHostApplicationBuilder AddKafkaIngestion(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<KafkaOptions>()
            .Bind(builder.Configuration.GetSection(KafkaOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<KafkaConnection>();
        builder.Services.AddSingleton<DeadLetterWriter>();
        builder.Services.AddSingleton<ConsumerState>();
        builder.Services.AddHostedService<EventConsumer>();
        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerReadinessCheck>("kafka-consumer", tags: ["ready"]);
        return builder;
    }
}

/// <summary>Ready once the consumer holds its partition assignment.</summary>
internal sealed class ConsumerReadinessCheck(ConsumerState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Assigned
            ? HealthCheckResult.Healthy("consumer has its partition assignment")
            : HealthCheckResult.Unhealthy("consumer has no partition assignment yet"));
}
