using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Issue 12: a worker that survives Kafka trouble. Errors are injected into librdkafka's in-process cluster
/// (<c>rd_kafka_mock_push_request_errors_array</c>): the broker answers the next requests of one API with an error,
/// as a cluster on an older librdkafka answered offset lookups with "Unknown broker error". The errors are the
/// cluster's, not one client's, so this class has an in-process cluster of its own (a class fixture, not the shared
/// collection's): on the shared one they reached other tests' clients.
/// </summary>
public sealed class KafkaTroubleTests(KafkaTestCluster kafka, ITestOutputHelper output) : IClassFixture<KafkaTestCluster>
{
    private const short ListOffsets = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the broker is unreachable in the outage test (issue 12: "unreachable for 60 s").</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

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
        ed.GetProperty("figures").GetProperty("inDepartment").GetInt32().ShouldBe(5, "the failed lookup replays all the partition holds, not nothing");
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
        var inDepartment = -1;
        await Eventually.Until(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var ed = (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!.Single(u => u.GetProperty("unit").GetString() == "FGH-ED");
            inDepartment = ed.GetProperty("figures").GetProperty("inDepartment").GetInt32(); // patients, not today's: see EdFigures
            return ed.GetProperty("liveness").GetProperty("state").GetString() == "live" && (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
        }, Timeout, "a new consumer, assigned and replayed");
        inDepartment.ShouldBe(3, "replayed once: nothing lost, nothing counted twice");
    }

    [Fact]
    public async Task BrokerUnreachableForAMinute_TheHostKeepsServingTheLastFiguresNotLive_SaysWhy_AndRecoversByItself()
    {
        var now = DateTimeOffset.UtcNow;
        var topic = kafka.NewTopic();
        await Produce(topic, Enumerable.Range(0, 5).Select(i => TestEvents.AeArrived("outage-" + TestEvents.NewId(), now.AddSeconds(-60 + i))));

        // The real host as a process of its own, with every Kafka client it has (consumer, figures and device-token tables,
        // checkpoints, dead letters): the outage is the whole cluster's, so each of them meets it.
        var folder = Directory.CreateTempSubdirectory("bury-outage-");
        var settings = BuryHost.Settings(kafka, topic, folder.FullName);
        // Stale after 3 s without a broker; the group drops the silent member some 7–10 s in (10 s after its last heartbeat):
        // both ways a unit stops being live happen within the outage.
        settings["Processing:StaleAfter"] = "00:00:03";
        settings["Kafka:Client:session.timeout.ms"] = "10000";
        try
        {
            await using var host = new HostProcess(settings);
            using var http = host.CreateHttpClient();
            await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode && await Ed(http) is { Live: true, InDepartment: 5 },
                Timeout, "the host ready, FGH-ED live with its five arrivals\n" + host.Output);

            // A minute with no broker: every sample must find the process up and the last figures served; by the end the
            // unit is shown not live and readiness says why.
            kafka.SetReachable(false);
            var outage = Stopwatch.StartNew();
            var problems = new List<string>();
            var shown = new List<string>();     // FGH-ED's liveness, each change once
            var readiness = new List<string>(); // the consumer's readiness line, each change once
            (bool Ready, string Body, EdFigures Ed) last = (true, "", default);
            try
            {
                await Eventually.Until(async () =>
                {
                    var at = $"{outage.Elapsed.TotalSeconds:F1} s into the outage";
                    try
                    {
                        using var ready = await http.GetAsync("/health/ready");
                        last = (ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync(), await Ed(http));
                        Changed(shown, $"{last.Ed.State}: {last.Ed.Reason}");
                        Changed(readiness, last.Body.Split('\n').Single(l => l.StartsWith("kafka-consumer:", StringComparison.Ordinal)));
                        if (last.Ed.InDepartment != 5)
                        {
                            problems.Add($"{at}: FGH-ED shows {last.Ed.InDepartment} in the department, not the last figures' 5");
                        }

                        if (last.Ready && outage.Elapsed > TimeSpan.FromSeconds(20))
                        {
                            problems.Add($"{at}: ready without a broker");
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        problems.Add($"{at}: the host did not answer ({ex.Message}); exited: {host.Process.HasExited}");
                    }

                    return outage.Elapsed >= Outage;
                }, Outage + Timeout, "a minute without a broker", TimeSpan.FromMilliseconds(250));
            }
            finally
            {
                kafka.SetReachable(true);
            }

            output.WriteLine($"during the outage FGH-ED was: {string.Join(" → ", shown)}\nreadiness: {string.Join(" → ", readiness)}");
            problems.ShouldBeEmpty("the host kept answering with the last figures\n" + host.Output);
            host.Process.HasExited.ShouldBeFalse("the host outlives the outage");
            last.Ready.ShouldBeFalse("not ready a minute into the outage");
            shown.ShouldContain(s => s.StartsWith("stale: no connection to Kafka", StringComparison.Ordinal), "FGH-ED's last figures marked stale, saying why");
            readiness.ShouldContain(r => r.StartsWith("kafka-consumer: Unhealthy — no connection to Kafka since", StringComparison.Ordinal), "readiness says why");
            readiness[^1].ShouldContain("broker unreachable", customMessage: "a minute in, the group has dropped the worker, and readiness says so");
            last.Ed.Live.ShouldBeFalse("FGH-ED is not shown live a minute into the outage");
            last.Ed.Reason.ShouldNotBeNullOrEmpty("a unit not live says why");

            // The broker is back: the same process reconnects, rejoins, replays and applies what arrives now.
            var restored = Stopwatch.StartNew();
            await Produce(topic, Enumerable.Range(0, 2).Select(i => TestEvents.AeArrived("after-" + TestEvents.NewId(), DateTimeOffset.UtcNow.AddSeconds(-10 + i))));
            await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode && await Ed(http) is { Live: true, InDepartment: 7 }
                && (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!.All(u => u.GetProperty("liveness").GetProperty("state").GetString() == "live"),
                Timeout, "ready again, every unit live and FGH-ED with the two new arrivals, without a restart\n" + host.Output);
            output.WriteLine($"recovered {restored.Elapsed.TotalSeconds:F1} s after the broker came back");
            host.Process.HasExited.ShouldBeFalse();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Changed(List<string> seen, string now)
    {
        if (seen.Count == 0 || seen[^1] != now)
        {
            seen.Add(now);
        }
    }

    /// <summary>
    /// FGH-ED's liveness and its patients in the department: these tests count patients, not today's arrivals, which a
    /// test run just after midnight (or whose clock is moved past it) reads as 0 for events of an hour ago.
    /// </summary>
    private readonly record struct EdFigures(bool Live, string State, string? Reason, int InDepartment);

    private static async Task<EdFigures> Ed(HttpClient http)
    {
        var ed = (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!.Single(u => u.GetProperty("unit").GetString() == "FGH-ED");
        var liveness = ed.GetProperty("liveness");
        var state = liveness.GetProperty("state").GetString()!;
        return new EdFigures(state == "live", state, liveness.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
            ed.GetProperty("figures").GetProperty("inDepartment").GetInt32());
    }

    private async Task Produce(string topic, IEnumerable<byte[]> events)
    {
        using var producer = kafka.CreateProducer();
        await Task.WhenAll(events.Select(e => producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "FGH-ED", Value = e })));
    }
}
