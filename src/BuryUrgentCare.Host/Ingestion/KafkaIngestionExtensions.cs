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
        builder.Services.AddSingleton<StateCheckpoints>();
        // Before the consumer: with Kafka:RequireTopics, start-up stops here when the topics are not as expected.
        builder.Services.AddHostedService<KafkaTopicCheck>();
        builder.Services.AddHostedService<EventConsumer>();
        AddFiguresTable(builder);
        // The device-token table's and the workspace log's readers (registered by access control and the workspace), also
        // after the check: a client's metadata request could otherwise create the topic the check is about to find missing.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Access.DeviceTokenTable>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Escalation.Workspace.WorkspaceLog>());
        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerReadinessCheck>("kafka-consumer", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// The figures table (<see cref="Cluster.FiguresTable"/>): on unless <c>FiguresTable:Enabled=false</c>, so one node
    /// or ten give the same answers; with one node it only writes.
    /// </summary>
    private static void AddFiguresTable(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<Cluster.FiguresTableOptions>()
            .Bind(builder.Configuration.GetSection(Cluster.FiguresTableOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (!builder.Configuration.GetValue(Cluster.FiguresTableOptions.Section + ":" + nameof(Cluster.FiguresTableOptions.Enabled), true))
        {
            return;
        }

        builder.Services.AddSingleton(Cluster.NodeIdentity.New());
        builder.Services.AddSingleton<Cluster.RemoteFigures>();
        builder.Services.AddSingleton<Cluster.FiguresTablePublisher>();
        builder.Services.AddHostedService<Cluster.FiguresTableReader>();
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
