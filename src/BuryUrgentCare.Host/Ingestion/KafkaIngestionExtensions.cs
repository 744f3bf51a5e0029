using BuryUrgentCare.Processing;
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
        // Before the consumer: with Kafka:RequireTopics, start-up stops here when the topics are not as expected.
        builder.Services.AddHostedService<KafkaTopicCheck>();
        builder.Services.AddHostedService<EventConsumer>();
        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerReadinessCheck>("kafka-consumer", tags: ["ready"]);
        return builder;
    }
}

/// <summary>
/// Ready while the present allows it: the consumer holds partitions, has replayed every one of them, and has a broker
/// (not "was assigned once"). A load balancer then sends wallboards only to a worker whose figures are live.
/// </summary>
internal sealed class ConsumerReadinessCheck(ConsumerState state, UnitOwnership ownership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!state.Assigned)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ownership.ReadinessProblem() ?? "consumer has no partition assignment yet"));
        }

        return Task.FromResult(ownership.ReadinessProblem() is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy("consuming, every assigned partition replayed"));
    }
}
