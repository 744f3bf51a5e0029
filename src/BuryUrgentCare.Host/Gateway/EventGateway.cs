using System.Text;
using System.Text.Json.Serialization;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Telemetry;
using Confluent.Kafka;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

/// <summary>The answer to a gateway request: one result per event, in request order, and the totals.</summary>
public sealed record GatewayResponse(IReadOnlyList<EventResult> Results, int Accepted, int Rejected);

/// <summary>
/// What happened to one event. <c>status</c> is <c>accepted</c> (Kafka acknowledged it) or <c>rejected</c>
/// (not produced; <c>reason</c> is a contract reason code and <c>detail</c> says what to fix). <c>id</c> echoes
/// the event's id when it has a usable one — never for an <c>identifiable-data</c> rejection.
/// </summary>
public sealed record EventResult(
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail)
{
    public const string AcceptedStatus = "accepted";
    public const string RejectedStatus = "rejected";
}

/// <summary>
/// Kafka did not acknowledge every accepted event of a request — or, with <paramref name="RetryAfter"/>, the request was
/// not produced at all because the consumer is too far behind for the cluster to keep it (<see cref="UnconsumedBacklog"/>).
/// </summary>
public sealed record KafkaUnavailable(ErrorCode Code, string Reason, TimeSpan? RetryAfter = null);

/// <summary>
/// Validates posted events with the contract parser and produces the valid ones to the events topic,
/// key = unit, through one long-lived idempotent producer; returns only once Kafka acknowledged every one
/// of them (acks=all), so a 202 means "durably queued". Rejected events are answered, not produced: unlike
/// the consumer, the gateway has someone to tell. Also a hosted service, to announce at start-up who may post
/// (and, for the public demo key, the exact curl to try once the server listens).
/// </summary>
public sealed partial class EventGateway : IHostedLifecycleService
{
    /// <summary>Structured mode, as the CloudEvents Kafka binding marks it (the contract makes it optional).</summary>
    private static readonly byte[] CloudEventsContentType = Encoding.UTF8.GetBytes("application/cloudevents+json");

    private readonly IProducer<string, byte[]> _producer;
    private readonly EventParser _parser;
    private readonly KafkaConnection _connection;
    private readonly IntegratorRegistry _integrators;
    private readonly GatewayMetrics _metrics;
    private readonly UnconsumedBacklog _backlog;
    private readonly TimeProvider _clock;
    private readonly IServer _server;
    private readonly ILogger<EventGateway> _logger;
    private readonly string _topic;

    public EventGateway(
        [FromKeyedServices(GatewayExtensions.ProducerKey)] IProducer<string, byte[]> producer,
        UnitCatalog units,
        KafkaConnection connection,
        IntegratorRegistry integrators,
        GatewayMetrics metrics,
        UnconsumedBacklog backlog,
        TimeProvider clock,
        IServer server,
        ILogger<EventGateway> logger)
    {
        _producer = producer;
        // Our own parser: the processing core's is owned by the consumer loop. The parser is thread-safe.
        _parser = new EventParser(units);
        _connection = connection;
        _integrators = integrators;
        _metrics = metrics;
        _backlog = backlog;
        _clock = clock;
        _server = server;
        _logger = logger;
        _topic = connection.Options.Topic;
    }

    /// <summary>
    /// Validates every event, produces the valid ones and waits for Kafka. Returns the per-event results,
    /// or <see cref="KafkaUnavailable"/> when any produce failed — then nothing is claimed accepted (some
    /// events may have been written; a retry of the whole request is safe because ids are deduplicated).
    /// </summary>
    public async Task<(GatewayResponse? Response, KafkaUnavailable? Failure)> SubmitAsync(
        Integrator integrator, IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrator);
        ArgumentNullException.ThrowIfNull(events);
        var receivedAt = _clock.GetUtcNow();
        // Null unless a listener samples the pipeline's traces: then every record carries this context to the consumer.
        using var activity = PipelineTracing.StartPublish(_topic, integrator.Name, events.Count);
        var results = new EventResult[events.Count];
        var messages = new List<Message<string, byte[]>>(events.Count);
        var bytes = 0L;
        Rejection[]? rejections = null;
        for (var index = 0; index < events.Count; index++)
        {
            var utf8 = events[index];
            var parsed = _parser.TryParse(utf8.Span, receivedAt, out var evt, out var rejection);
            if (parsed && !integrator.MaySend(_parser.Units[evt.Unit].Id))
            {
                // The key's unit scope (Gateway:Integrators:n:Units): to this integrator the unit is not one it may name.
                parsed = false;
                rejection = new Rejection(RejectionReason.UnknownUnit, $"This API key may send events only for {string.Join(", ", integrator.Units)}.");
            }

            if (parsed)
            {
                var message = new Message<string, byte[]>
                {
                    Key = _parser.Units[evt.Unit].Id, // contract key rule: one unit, one partition, in order
                    Value = utf8.ToArray(),
                    Headers = [new Header("content-type", CloudEventsContentType)],
                };
                if (activity is not null)
                {
                    PipelineTracing.Inject(activity, message.Headers);
                }

                messages.Add(message);
                bytes += UnconsumedBacklog.SizeOf(message.Key, message.Value.Length);
                results[index] = new EventResult(index, EventBatch.ReadId(utf8.Span), EventResult.AcceptedStatus, null, null);
            }
            else
            {
                rejections ??= new Rejection[events.Count];
                rejections[index] = rejection;
                // Never echo anything of an event holding identifiable data, not even its id.
                var id = rejection.Reason == RejectionReason.IdentifiableData ? null : EventBatch.ReadId(utf8.Span);
                results[index] = new EventResult(index, id, EventResult.RejectedStatus, rejection.Code, rejection.Detail);
            }
        }

        // Before anything is produced: a request refused here is simply not written, so its 503 is exact.
        if (!_backlog.TryReserve(bytes))
        {
            _metrics.Refused(integrator.Name, "backlog-full");
            return (null, new KafkaUnavailable(ErrorCode.Local_QueueFull, "the consumer is behind", BacklogRetryAfter));
        }

        // Issued in request order: the idempotent producer keeps that order per partition, retries included.
        var deliveries = new List<Task<DeliveryResult<string, byte[]>>>(messages.Count);
        foreach (var message in messages)
        {
            deliveries.Add(_producer.ProduceAsync(_topic, message, cancellationToken));
        }

        KafkaUnavailable? acknowledged;
        try
        {
            acknowledged = await AwaitAcknowledgements(deliveries, cancellationToken);
        }
        finally
        {
            // Every delivery has completed here (awaited before anything can throw): the reservation is released
            // whatever the caller is told, and what Kafka holds is counted until the consumer has read it.
            _backlog.Delivered(bytes, deliveries
                .Where(d => d.IsCompletedSuccessfully && d.Result.Status == PersistenceStatus.Persisted)
                .Select(d => (d.Result.TopicPartitionOffset, UnconsumedBacklog.SizeOf(d.Result.Message.Key, d.Result.Message.Value.Length))));
        }

        if (acknowledged is { } failure)
        {
            LogKafkaFailed(_logger, integrator.Name, deliveries.Count, failure.Code, failure.Reason);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Code.ToString());
            _metrics.Refused(integrator.Name, "kafka-unavailable");
            return (null, failure);
        }

        var rejected = 0;
        for (var index = 0; index < results.Length; index++)
        {
            if (results[index].Status == EventResult.RejectedStatus)
            {
                rejected++;
                var rejection = rejections![index];
                _metrics.Rejected(integrator.Name, rejection.Code);
                // The code and the parser's detail only: never the payload, which may hold identifiable data.
                LogEventRejected(_logger, integrator.Name, index, rejection.Code, rejection.Detail);
            }
        }

        _metrics.Accepted(integrator.Name, deliveries.Count);
        if (rejected > 0)
        {
            LogBatchWithRejections(_logger, integrator.Name, deliveries.Count, rejected);
        }

        return (new GatewayResponse(results, deliveries.Count, rejected), null);
    }

    /// <summary>What a 503 for a full backlog asks the integrator to wait: the consumer reads 2 MiB in well under a second.</summary>
    private static readonly TimeSpan BacklogRetryAfter = TimeSpan.FromSeconds(1);

    private static async Task<KafkaUnavailable?> AwaitAcknowledgements(List<Task<DeliveryResult<string, byte[]>>> deliveries, CancellationToken cancellationToken)
    {
        // Wait for every delivery, failed or not, so none is left running unobserved after the answer.
        await ((Task)Task.WhenAll(deliveries)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested(); // the caller went away: there is no one to answer
        foreach (var delivery in deliveries)
        {
            if (delivery.IsCompletedSuccessfully)
            {
                if (delivery.Result.Status != PersistenceStatus.Persisted)
                {
                    return new KafkaUnavailable(ErrorCode.Unknown, $"delivery status {delivery.Result.Status}");
                }

                continue;
            }

            if (delivery.Exception?.InnerException is KafkaException kafka)
            {
                return new KafkaUnavailable(kafka.Error.Code, kafka.Error.Reason);
            }

            await delivery; // not a Kafka failure: a bug, let it surface as one
        }

        return null;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarted(_logger, _topic, _connection.BootstrapServers, _integrators.All.Count, string.Join(", ", _integrators.All.Select(i => i.Name)));
        if (_integrators.All.Count == 0)
        {
            LogNoIntegrators(_logger, GatewayOptions.Section);
        }

        return Task.CompletedTask;
    }

    /// <summary>Once the server listens, so the curl shown names its real address.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_integrators.AcceptsDemoKey)
        {
            var address = _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
            LogDemoKey(_logger, IntegratorOptions.DemoName, IntegratorOptions.DemoKey, _connection.IsEmbedded
                ? "no Gateway:Integrators are configured and Kafka is the embedded cluster"
                : "it is configured: remove it before real data flows", address.TrimEnd('/'));
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every request awaits its own acknowledgements; this only bounds the wait for stragglers.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            _producer.Flush(TimeSpan.FromSeconds(5));
        }
        catch (ObjectDisposedException)
        {
            // Stopped twice: WebApplicationFactory stops the host while the entry point's RunAsync, seeing the stop,
            // stops and disposes it too; the call that came second finds the producer already flushed and disposed.
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP gateway: POST /api/events produces to {Topic} at {BootstrapServers} for {Count} integrator(s): {Integrators}")]
    private static partial void LogStarted(ILogger logger, string topic, string bootstrapServers, int count, string integrators);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP gateway: no integrators are configured ({Section}:Integrators), so every POST /api/events is answered 401")]
    private static partial void LogNoIntegrators(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP gateway: demo integrator '{Name}' accepts the public API key '{Key}' because {Why}. Try: curl -i -H 'X-Api-Key: {Key}' -H 'Content-Type: application/json' --data-binary @docs/examples/ae.arrived.json {Address}/api/events")]
    private static partial void LogDemoKey(ILogger logger, string name, string key, string why, string address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway rejected event {Index} from {Integrator}: {Reason}: {Detail}")]
    private static partial void LogEventRejected(ILogger logger, string integrator, int index, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway request from {Integrator}: {Accepted} event(s) accepted, {Rejected} rejected")]
    private static partial void LogBatchWithRejections(ILogger logger, string integrator, int accepted, int rejected);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gateway request from {Integrator}: Kafka did not acknowledge its {Count} event(s): {Code} {Reason}; answered 503")]
    private static partial void LogKafkaFailed(ILogger logger, string integrator, int count, ErrorCode code, string reason);
}
