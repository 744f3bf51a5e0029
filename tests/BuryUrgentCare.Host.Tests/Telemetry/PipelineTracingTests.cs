using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using BuryUrgentCare.Gateway;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Telemetry;

/// <summary>W3C trace context from a gateway POST, through the Kafka record's headers, to the consumer's activity.</summary>
[Collection(KafkaCollection.Name)]
public sealed class PipelineTracingTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GatewayPost_WhileSampled_RecordCarriesTraceparent_ConsumerActivityIsItsChild()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = GatewayTestSupport.Host(kafka);
        using var http = host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "readiness");

        using var response = await GatewayTestSupport.Post(http, TestEvents.AeArrived("ed-" + TestEvents.NewId(), DateTimeOffset.UtcNow));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);

        var publish = stopped.Single(a => a.OperationName == PipelineTracing.PublishActivity && (string?)a.GetTagItem("messaging.destination.name") == host.Topic);
        publish.Kind.ShouldBe(ActivityKind.Producer);
        var record = GatewayTestSupport.Read(kafka, host.Topic, 1, Timeout).Single();
        record.Message.Headers.TryGetLastBytes(PipelineTracing.TraceParentHeader, out var traceParent).ShouldBeTrue();
        Encoding.ASCII.GetString(traceParent).ShouldBe(publish.Id);

        Activity? consumed = null;
        await Eventually.Until(() => (consumed = stopped.FirstOrDefault(a =>
            a.OperationName == PipelineTracing.ProcessActivity && (string?)a.GetTagItem("messaging.destination.name") == host.Topic)) is not null,
            Timeout, "the consumer's activity for the record");
        consumed!.Kind.ShouldBe(ActivityKind.Consumer);
        consumed.TraceId.ShouldBe(publish.TraceId);
        consumed.ParentSpanId.ShouldBe(publish.SpanId);
        consumed.HasRemoteParent.ShouldBeTrue();
        consumed.Links.ShouldContain(l => l.Context.SpanId == publish.SpanId);
        consumed.GetTagItem("bury.outcome").ShouldBe("Applied");
    }

    [Fact]
    public void ProducerContext_NoOrMalformedHeader_None()
    {
        PipelineTracing.ProducerContext(null).ShouldBeNull();
        PipelineTracing.ProducerContext([]).ShouldBeNull();
        PipelineTracing.ProducerContext([new Confluent.Kafka.Header(PipelineTracing.TraceParentHeader, "not-a-traceparent"u8.ToArray())]).ShouldBeNull();
    }

    [Fact]
    public void ProducerContext_W3CHeader_ParsedAsRemote()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var context = PipelineTracing.ProducerContext([new Confluent.Kafka.Header(PipelineTracing.TraceParentHeader, Encoding.ASCII.GetBytes(traceParent))]);

        context.ShouldNotBeNull();
        context.Value.TraceId.ToHexString().ShouldBe("0af7651916cd43dd8448eb211c80319c");
        context.Value.SpanId.ToHexString().ShouldBe("b7ad6b7169203331");
        context.Value.IsRemote.ShouldBeTrue();
    }
}
