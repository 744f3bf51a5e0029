using System.Diagnostics.Metrics;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// Counters of the gateway (Meter <c>BuryUrgentCare.Gateway</c>): events accepted per integrator,
/// events rejected per integrator and reason code, whole requests refused per reason, and every request per
/// integrator and HTTP status.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "BuryUrgentCare.Gateway";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _requests;

    public GatewayMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("bury.gateway.events.accepted", "{event}",
            "Events the gateway validated and Kafka acknowledged, per integrator.");
        _rejected = meter.CreateCounter<long>("bury.gateway.events.rejected", "{event}",
            "Events the gateway rejected, per integrator and reason code; they are not produced.");
        _refused = meter.CreateCounter<long>("bury.gateway.requests.refused", "{request}",
            "Requests refused as a whole (unauthorized, rate-limited, too-large, bad-request, kafka-unavailable).");
        _requests = meter.CreateCounter<long>("bury.gateway.requests", "{request}",
            "Requests to POST /api/events per integrator ('unknown' before authentication) and HTTP status code.");
    }

    public void Accepted(string integrator, int count) =>
        _accepted.Add(count, new KeyValuePair<string, object?>("integrator", integrator));

    public void Rejected(string integrator, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("integrator", integrator), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A request answered with <paramref name="status"/>; <paramref name="integrator"/> is null before authentication.</summary>
    public void Request(string? integrator, int status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("integrator", integrator ?? "unknown"), new KeyValuePair<string, object?>("status", status));

    /// <summary>A request answered with a problem; <paramref name="integrator"/> is null before authentication.</summary>
    public void Refused(string? integrator, string reason) =>
        _refused.Add(1, new KeyValuePair<string, object?>("integrator", integrator ?? "unknown"), new KeyValuePair<string, object?>("reason", reason));
}
