using BuryUrgentCare.Ingestion;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

public static partial class GatewayExtensions
{
    /// <summary>DI key of the gateway's producer (a keyed singleton, so other features' producers never collide with it).</summary>
    public const string ProducerKey = "gateway";

    /// <summary>
    /// Registers the HTTP gateway: its options (validated at start-up), integrators and their rate limits,
    /// the idempotent producer and the gateway service. Needs <c>AddKafkaIngestion</c> and
    /// <c>AddStreamProcessing</c> (the Kafka connection and the unit catalog).
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .PostConfigure<IOptions<KafkaOptions>>((gateway, kafka) =>
            {
                // The embedded default must be usable with curl out of the box; a real cluster never gets a public key.
                if (kafka.Value.IsEmbedded && gateway.Integrators.Count == 0)
                {
                    gateway.Integrators.Add(IntegratorOptions.Demo());
                }

                // The embedded cluster forgets unread messages past ~5 MiB a partition: hold accepted events under that.
                if (kafka.Value.IsEmbedded)
                {
                    gateway.MaxUnconsumedBytes ??= GatewayOptions.EmbeddedMaxUnconsumedBytes;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.Services.AddSingleton<IntegratorRegistry>();
        builder.Services.AddSingleton<IntegratorRateLimiter>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<GatewayLogGate>();
        builder.Services.AddSingleton<UnconsumedBacklog>();
        builder.Services.AddKeyedSingleton(ProducerKey, (services, _) => CreateProducer(services));
        builder.Services.AddSingleton<EventGateway>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EventGateway>());
        return builder;
    }

    /// <summary>Maps <c>POST /api/events</c>.</summary>
    public static RouteGroupBuilder MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGatewayApi();
    }

    private static IProducer<string, byte[]> CreateProducer(IServiceProvider services)
    {
        var connection = services.GetRequiredService<KafkaConnection>();
        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<EventGateway>>();
        // Idempotent, acks=all (KafkaConnection's policy): a retried send is never duplicated or reordered.
        var config = connection.ProducerConfig();
        config.MessageTimeoutMs = (int)options.AcknowledgementTimeout.TotalMilliseconds;
        config.ClientId ??= "bury-urgent-care-gateway";
        return new ProducerBuilder<string, byte[]>(config)
            .SetErrorHandler((_, error) => LogProducerError(logger, error.Code, error.Reason, error.IsFatal))
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway producer error {Code}: {Reason} (fatal: {IsFatal})")]
    private static partial void LogProducerError(ILogger logger, ErrorCode code, string reason, bool isFatal);
}
