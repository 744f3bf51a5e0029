using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Processing;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Simulation;

/// <summary>
/// Feeds Kafka with realistic Bury traffic through an ordinary producer, exactly as an integrator
/// would (key = unit). It first emits today from local midnight up to now at full speed, so the
/// wallboard opens on a realistic mid-day picture, then keeps pace with the clock.
/// </summary>
public sealed partial class SimulatorService(
    KafkaConnection connection,
    TimeProvider clock,
    IOptions<SimulatorOptions> options,
    ILogger<SimulatorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var calendar = new ServiceCalendar(ServiceCalendar.London);
        var now = clock.GetUtcNow();
        var midnight = new DateTimeOffset(calendar.DayStartUtcTicks(calendar.DayOf(now.UtcTicks)), TimeSpan.Zero);
        var simulator = new BuryTrafficSimulator(SimulatorProfile.Default, midnight, settings.Seed);
        var topic = connection.Options.Topic;

        using var producer = new ProducerBuilder<string, byte[]>(connection.ProducerConfig()).Build();
        var backfill = Produce(producer, topic, simulator.Advance(now));
        producer.Flush(stoppingToken);
        LogBackfilled(logger, backfill, midnight, settings.SpeedUp);

        using var timer = new PeriodicTimer(settings.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Produce(producer, topic, simulator.Advance(clock.GetUtcNow()));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            producer.Flush(TimeSpan.FromSeconds(5));
        }
    }

    private int Produce(IProducer<string, byte[]> producer, string topic, IReadOnlyList<SimulatedEvent> events)
    {
        foreach (var e in events)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = e.Unit, Value = e.Json }, OnDelivered);
        }

        return events.Count;
    }

    private void OnDelivered(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            LogDeliveryFailed(logger, report.Error.Code, report.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator: emitted {Count} events from {Midnight:O} to now (speed-up ×{SpeedUp}); continuing in step with the clock")]
    private static partial void LogBackfilled(ILogger logger, int count, DateTimeOffset midnight, double speedUp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator: delivery failed {Code}: {Reason}")]
    private static partial void LogDeliveryFailed(ILogger logger, ErrorCode code, string reason);
}
