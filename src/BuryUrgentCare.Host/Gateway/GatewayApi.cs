using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// <c>POST /api/events</c>: one event or a JSON array of up to 1,000, answered 202 with per-event results
/// only after Kafka acknowledged every accepted event. Checks, in order: API key (401, or 400 for a key in the query
/// string; done by the ApiKey authentication scheme before the handler runs), rate limit (429),
/// body size (413), body shape (400, or 413 past <see cref="GatewayOptions.MaxEventsPerRequest"/>), then
/// each event; Kafka failing answers 503, and so does a consumer too far behind for the embedded cluster to keep
/// what it has not read (<see cref="UnconsumedBacklog"/>; with Retry-After). Every refusal is problem+json.
/// </summary>
public static partial class GatewayApi
{
    public const string Path = "/api/events";

    public static RouteGroupBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/events").WithTags("Gateway");
        api.MapPost("/", PostEvents).AddEndpointFilter(CountRequest)
            .RequireAuthorization(Access.AccessPolicies.Integrator)
            // The handler sets its own limit (Gateway:MaxBodyBytes) as it reads: exempt from the API's default.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute())
            .WithSummary("Send one event or a batch of up to 1,000 (role: integrator, API key in X-Api-Key)");
        return api;
    }

    /// <summary>HttpContext item naming the authenticated integrator, for <see cref="CountRequest"/>.</summary>
    private const string IntegratorItem = "bury.gateway.integrator";

    /// <summary>Counts every request by integrator and the status it is answered with (500 for an exception).</summary>
    private static async ValueTask<object?> CountRequest(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var metrics = context.HttpContext.RequestServices.GetRequiredService<GatewayMetrics>();
        try
        {
            var result = await next(context);
            var status = (result is INestedHttpResult nested ? nested.Result : result) is IStatusCodeHttpResult { StatusCode: { } code }
                ? code
                : context.HttpContext.Response.StatusCode;
            metrics.Request(context.HttpContext.Items[IntegratorItem] as string, status);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Request(context.HttpContext.Items[IntegratorItem] as string, StatusCodes.Status500InternalServerError);
            throw;
        }
    }

    public static async Task<Results<Accepted<GatewayResponse>, ProblemHttpResult>> PostEvents(
        HttpContext context,
        IntegratorRegistry integrators,
        IntegratorRateLimiter limiter,
        EventGateway gateway,
        GatewayMetrics metrics,
        IOptions<GatewayOptions> options,
        GatewayLogGate logGate,
        UnconsumedBacklog backlog,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = loggers.CreateLogger(typeof(GatewayApi).FullName!);
        var settings = options.Value;
        // Authenticated before this runs, by the ApiKey scheme (Access/AuthenticationHandlers.cs): 401 and 400 come from there.
        var integrator = integrators.Find(context.User.Identity?.Name);
        if (integrator is null)
        {
            return Problem(StatusCodes.Status401Unauthorized, "API key missing or not recognised",
                $"Send your integrator API key in the {IntegratorRegistry.HeaderName} header.");
        }

        context.Items[IntegratorItem] = integrator.Name; // a configured name: a closed set, fit for a metric label
        if (!limiter.TryAcquire(integrator, out var retryAfter))
        {
            var seconds = IntegratorRateLimiter.RetryAfterSeconds(retryAfter);
            metrics.Refused(integrator.Name, "rate-limited");
            if (logGate.ShouldLog(integrator.Name, out var limitedSince))
            {
                LogRateLimited(logger, integrator.Name, integrator.RequestsPerMinute, seconds, limitedSince);
            }

            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status429TooManyRequests, "Rate limit exceeded",
                $"This API key may send {integrator.RequestsPerMinute} requests per minute. Retry after {seconds} s, and batch events (up to {settings.MaxEventsPerRequest} per request) to send fewer requests.");
        }

        // With the embedded cluster one request must also fit in what the gateway lets the consumer leave unread.
        var maxBody = backlog.Limit > 0 ? Math.Min(settings.MaxBodyBytes, backlog.Limit) : settings.MaxBodyBytes;
        var body = await ReadBody(context, maxBody);
        if (body is null)
        {
            metrics.Refused(integrator.Name, "too-large");
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The body is larger than {maxBody} bytes; split the events over several requests.");
        }

        var problem = EventBatch.Split(body, settings.MaxEventsPerRequest, out var events, out var detail);
        if (problem != BatchProblem.None)
        {
            var tooMany = problem == BatchProblem.TooManyEvents;
            metrics.Refused(integrator.Name, tooMany ? "too-large" : "bad-request");
            return tooMany
                ? Problem(StatusCodes.Status413PayloadTooLarge, "Too many events in one request", detail)
                : Problem(StatusCodes.Status400BadRequest, "Request body is not an event or an array of events", detail,
                    problem == BatchProblem.MalformedJson ? "malformed-json" : null);
        }

        var (response, failure) = await gateway.SubmitAsync(integrator, events, context.RequestAborted);
        if (failure?.RetryAfter is { } backlogRetry)
        {
            var seconds = IntegratorRateLimiter.RetryAfterSeconds(backlogRetry);
            if (logGate.ShouldLog(GatewayLogGate.BacklogFull, out var fullSince))
            {
                LogBacklogFull(logger, integrator.Name, seconds, fullSince);
            }

            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Event processing is behind",
                $"The consumer has not yet read enough of the events accepted before; nothing in this request was written. Retry the whole request after {seconds} s.",
                "backlog-full");
        }

        if (failure is not null)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Kafka did not acknowledge the events",
                $"Nothing in this request is confirmed as accepted ({failure.Code}). Retry the whole request later: " +
                "events whose id was already received are counted once.");
        }

        return TypedResults.Accepted((string?)null, response!);
    }

    /// <summary>
    /// The body, or null when it exceeds <paramref name="limit"/>. A declared Content-Length over the limit is
    /// refused before reading; otherwise reading stops as soon as the limit is passed (chunked bodies too).
    /// Kestrel's own per-request cap is set to the limit, so it never refuses first with a different one.
    /// </summary>
    private static async Task<byte[]?> ReadBody(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var reader = context.Request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(context.RequestAborted);
                var buffer = read.Buffer;
                if (buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.End);
                    return null;
                }

                if (read.IsCompleted)
                {
                    var body = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    return body;
                }

                reader.AdvanceTo(buffer.Start, buffer.End); // nothing consumed: wait for more
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null; // Kestrel's cap (the same limit) tripped first
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, string? reason = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: reason is null ? null : new Dictionary<string, object?> { ["reason"] = reason });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway request from {Integrator} while the consumer is behind: answered 503, retry after {RetryAfterSeconds} s ({Suppressed} more since the last such line)")]
    private static partial void LogBacklogFull(ILogger logger, string integrator, long retryAfterSeconds, long suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway request from {Integrator} over its {RequestsPerMinute} requests/min: answered 429, retry after {RetryAfterSeconds} s ({Suppressed} more since the last such line)")]
    private static partial void LogRateLimited(ILogger logger, string integrator, int requestsPerMinute, long retryAfterSeconds, long suppressed);
}

/// <summary>
/// At most one log line a minute for refused gateway requests of one kind — 401 for all callers together (a caller's
/// address is not a safe key: it is theirs to vary), 429 per configured integrator — each saying how many it stands for.
/// A client retrying a refused request in a loop must not flood the log; the metrics count every refusal.
/// </summary>
public sealed class GatewayLogGate(TimeProvider clock)
{
    /// <summary>The key of requests without a valid API key (integrator names are the other keys).</summary>
    public const string Unauthorized = "\0unauthorized";

    /// <summary>The key of requests refused because the consumer is behind (<see cref="UnconsumedBacklog"/>), all integrators together.</summary>
    public const string BacklogFull = "\0backlog-full";

    private readonly Logging.RepeatedLogGate<string> _gate = new(TimeSpan.FromMinutes(1));

    public bool ShouldLog(string kind, out long suppressedSince) => _gate.ShouldLog(kind, clock.GetUtcNow(), out suppressedSince);
}
