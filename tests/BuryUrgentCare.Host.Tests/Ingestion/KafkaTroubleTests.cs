using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Issue 12: a worker that survives Kafka trouble. Errors are injected into librdkafka's in-process cluster
/// (<c>rd_kafka_mock_push_request_errors_array</c>): the broker answers the next requests of one API with an error,
/// as a cluster on an older librdkafka answered offset lookups with "Unknown broker error". The errors are the
/// cluster's, not one client's, so this class has an in-process cluster of its own (a class fixture, not the shared
/// collection's): on the shared one they reached other tests' clients.
/// </summary>
public sealed class KafkaTroubleTests(KafkaTestCluster kafka) : IClassFixture<KafkaTestCluster>
{
    private const short ListOffsets = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // The injected errors answer the next offset requests from any client: the readers of the figures table, the
    // device-token table and the checkpoints (each looks offsets up at start) would take some of them. These tests are
    // about the event consumer, so it is the only client that asks.
    private static readonly Dictionary<string, string?> EventConsumerOnly = new()
    {
        ["FiguresTable:Enabled"] = "false",
        ["Auth:DeviceTokens:Shared"] = "false",
        ["Processing:CheckpointInterval"] = "00:00:00",
    };

    [Fact]
    public async Task OffsetLookupByTimeFails_TheWorkerReplaysAllThePartitionHolds_AndSaysWhy()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var topic = kafka.NewTopic();
        await Produce(topic, Enumerable.Range(0, 5).Select(i => TestEvents.AeArrived("lookup-" + TestEvents.NewId(), now.AddMinutes(-50 + i))));

        // The cluster is told it can look offsets up by time; the lookup is the first offsets request the worker makes.
        kafka.PushRequestErrors(ListOffsets, ErrorCode.Unknown);
        await using var host = new BuryHost(kafka, topic, new FakeTimeProvider(now), new Dictionary<string, string?>
        {
            ["Kafka:SupportsTimestampLookup"] = "true",
        }.Concat(EventConsumerOnly).ToDictionary());
        using var http = host.CreateHttpClient();

        var ed = await Eventually.Value(async () =>
        {
            var units = await http.GetFromJsonAsync<JsonElement[]>("/api/units");
            var unit = units!.Single(u => u.GetProperty("unit").GetString() == "FGH-ED");
            return unit.GetProperty("liveness").GetProperty("state").GetString() == "live" ? (JsonElement?)unit : null;
        }, Timeout, "FGH-ED live after the failed lookup");
        ed.GetProperty("figures").GetProperty("arrivalsToday").GetInt32().ShouldBe(5, "the failed lookup replays all the partition holds, not nothing");
    }

    [Fact]
    public async Task AssignmentCallbackThrows_TheHostKeepsServing_ReadinessSaysWhy_AndANewConsumerTakesOverAfterTheBackoff()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = new FakeTimeProvider(now);
        var topic = kafka.NewTopic();
        await Produce(topic, Enumerable.Range(0, 3).Select(i => TestEvents.AeArrived("trouble-" + TestEvents.NewId(), now.AddMinutes(-30 + i))));

        // Every watermark query of the first assignment fails: the exception leaves the rebalance callback and Consume.
        kafka.PushRequestErrors(ListOffsets, [.. Enumerable.Repeat(ErrorCode.TopicAuthorizationFailed, 8)]);
        await using var host = new BuryHost(kafka, topic, clock, new Dictionary<string, string?>
        {
            ["Kafka:Client:session.timeout.ms"] = "6000",
        }.Concat(EventConsumerOnly).ToDictionary());
        using var http = host.CreateHttpClient();

        var problem = "";
        await Eventually.Until(async () =>
        {
            using var response = await http.GetAsync("/health/ready");
            problem = await response.Content.ReadAsStringAsync();
            return !response.IsSuccessStatusCode && problem.Contains("the Kafka consumer failed", StringComparison.Ordinal);
        }, Timeout, "readiness names the failed consumer");
        problem.ShouldContain("a new one starts at");
        (await http.GetAsync("/health/live")).IsSuccessStatusCode.ShouldBeTrue("the web side keeps serving");
        var units = (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!;
        units.ShouldAllBe(u => u.GetProperty("liveness").GetProperty("state").GetString() != "live");

        // The backoff runs on the injected clock: move it on, and a new consumer is made, assigned and replays. (Until the
        // group's session timeout a failed member may still hold some partitions: wait for FGH-ED's, not just "ready".)
        var arrivals = -1;
        await Eventually.Until(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var ed = (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!.Single(u => u.GetProperty("unit").GetString() == "FGH-ED");
            arrivals = ed.GetProperty("figures").GetProperty("arrivalsToday").GetInt32();
            return ed.GetProperty("liveness").GetProperty("state").GetString() == "live" && (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
        }, Timeout, "a new consumer, assigned and replayed");
        arrivals.ShouldBe(3, "replayed once: nothing lost, nothing counted twice");
    }

    private async Task Produce(string topic, IEnumerable<byte[]> events)
    {
        using var producer = kafka.CreateProducer();
        await Task.WhenAll(events.Select(e => producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "FGH-ED", Value = e })));
    }
}
