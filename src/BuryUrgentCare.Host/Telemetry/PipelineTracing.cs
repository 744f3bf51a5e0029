using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace BuryUrgentCare.Telemetry;

/// <summary>
/// Traces of the event pipeline (ActivitySource <c>BuryUrgentCare.Pipeline</c>): the gateway's produce carries its trace
/// context in each Kafka record as a W3C <c>traceparent</c> header (and <c>tracestate</c> when there is one), and the
/// consumer's activity for that record continues it. Nothing happens unless a listener samples this source: no activity,
/// no header written or read.
/// </summary>
public static class PipelineTracing
{
    public const string SourceName = "BuryUrgentCare.Pipeline";
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    /// <summary>The gateway's produce: one activity per request, its context in every record of the request.</summary>
    public const string PublishActivity = "uec.events publish";

    /// <summary>The consumer's handling of one record.</summary>
    public const string ProcessActivity = "uec.events process";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the gateway's producer activity, or returns null when no listener samples it.</summary>
    public static Activity? StartPublish(string topic, string integrator, int events)
    {
        var activity = Source.StartActivity(PublishActivity, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.batch.message_count", events);
            activity.SetTag("bury.integrator", integrator);
        }

        return activity;
    }

    /// <summary>Writes <paramref name="activity"/>'s context into <paramref name="headers"/> (W3C Trace Context).</summary>
    public static void Inject(Activity activity, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(headers);
        if (activity.IdFormat != ActivityIdFormat.W3C)
        {
            return; // only W3C ids have a traceparent form
        }

        headers.Add(TraceParentHeader, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Add(TraceStateHeader, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }
    }

    /// <summary>
    /// Starts the consumer's activity for <paramref name="record"/>, a child of the producer's context when the record
    /// carries one (and linked to it, as messaging spans are), or null when no listener samples this source. The caller
    /// checks <see cref="ActivitySource.HasListeners"/> first, so the headers are read only when someone listens.
    /// </summary>
    public static Activity? StartProcess(ConsumeResult<byte[]?, byte[]?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var parent = ProducerContext(record.Message.Headers);
        var activity = parent is { } context
            ? Source.StartActivity(ProcessActivity, ActivityKind.Consumer, context, links: [new ActivityLink(context)])
            : Source.StartActivity(ProcessActivity, ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", record.Topic);
            activity.SetTag("messaging.destination.partition.id", record.Partition.Value);
            activity.SetTag("messaging.kafka.offset", record.Offset.Value);
        }

        return activity;
    }

    /// <summary>The producer's trace context from a record's headers, or null when it has none (or an unreadable one).</summary>
    public static ActivityContext? ProducerContext(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var traceParent))
        {
            return null;
        }

        string? traceState = headers.TryGetLastBytes(TraceStateHeader, out var state) ? Encoding.ASCII.GetString(state) : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(traceParent), traceState, isRemote: true, out var context)
            ? context
            : null;
    }
}
