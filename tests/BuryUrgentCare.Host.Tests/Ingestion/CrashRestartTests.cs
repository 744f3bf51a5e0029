using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Simulation;
using BuryUrgentCare.Support;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Issue 15: a host killed with SIGKILL mid-stream (no shutdown, no offset commit, no leaving the group) and started again
/// shows the figures and holds the dead letters of a host that never stopped. The host that never stopped is the pure core
/// fed the log as the broker holds it, each record judged against its own timestamp — which is what makes the answer
/// deterministic, so it is also the reference. The stream includes an event just over five minutes ahead of its record's
/// time: judged against the clock at replay, seconds later, it would pass the future-time rule and be counted.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class CrashRestartTests(KafkaTestCluster kafka)
{
    private const int Seed = 1515;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task KilledMidStreamAndRestarted_ShowsTheFiguresAndDeadLettersOfAHostThatNeverStopped()
    {
        var now = DateTimeOffset.UtcNow;
        var events = new BuryTrafficSimulator(SimulatorProfile.Default, now.AddHours(-6), Seed).Advance(now);
        var half = events.Count / 2;
        var topic = kafka.NewTopic();
        var folder = Directory.CreateTempSubdirectory("bury-crash-");
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Topic"] = topic,
            ["Kafka:DeadLetterTopic"] = topic + ".deadletter",
            ["Kafka:FiguresTopic"] = topic + ".figures",
            ["Kafka:GroupId"] = "bury-crash-" + Guid.NewGuid().ToString("N"),
            ["Kafka:SupportsTimestampLookup"] = "false",
            // A killed member holds its partitions until the session times out; keep that short.
            ["Kafka:Client:session.timeout.ms"] = "6000",
            ["Simulator:Enabled"] = "false",
            ["History:EmbeddedPath"] = Path.Combine(folder.FullName, "history.db"),
            ["History:SpillPath"] = Path.Combine(folder.FullName, "history-spill.db"),
            ["Escalation:StatePath"] = Path.Combine(folder.FullName, "escalation-state.json"),
            ["Auth:DevelopmentSignIn"] = "true", // a real (test) cluster and no identity provider: see BuryHost
            ["Auth:ReadRequestsPerMinute"] = "0", // polled every few ms: see BuryHost
            ["Auth:DeviceTokens:StorePath"] = Path.Combine(folder.FullName, "access.db"),
        };

        try
        {
            await using (var first = new HostProcess(settings))
            {
                using var http = first.CreateHttpClient();
                await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "host A ready\n" + first.Output);
                await Produce(topic, events.Take(half).Select(e => (e.Unit, e.Json)));
                await Produce(topic, Rejects(DateTimeOffset.UtcNow).Select(r => ("FGH-ED", r)));
                await Eventually.Until(async () => await Stats(http) is var s && Applied(s) == half && s.DeadLettered == 3, Timeout,
                    $"host A applied the first {half} events and dead-lettered the three rejects");
                await first.Kill();
            }

            await Produce(topic, events.Skip(half).Select(e => (e.Unit, e.Json)));
            await using var second = new HostProcess(settings);
            using var client = second.CreateHttpClient();
            await Eventually.Until(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "host B replayed\n" + second.Output);
            await Eventually.Until(async () => Applied(await Stats(client)) >= events.Count, Timeout, $"host B applied all {events.Count} events");
            Applied(await Stats(client)).ShouldBe(events.Count, "host B applied the valid events, and none of the rejects");

            var log = kafka.ReadAll(topic);
            var reference = new StreamProcessor(UnitCatalog.Bury, TimeProvider.System, new ProcessingOptions().ToProcessorSettings());
            var rejected = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in log)
            {
                if (reference.Process(record.Message.Value!, record.Message.Timestamp.UtcDateTime.Ticks).Outcome == ProcessOutcome.Rejected)
                {
                    rejected.Add(Convert.ToBase64String(record.Message.Value!));
                }
            }

            rejected.Count.ShouldBe(3, "the reference rejects exactly the three rejects, the one just ahead of its time included");
            var deadLetters = kafka.ReadAll(topic + ".deadletter").Select(r => Convert.ToBase64String(r.Message.Value!)).ToHashSet(StringComparer.Ordinal);
            deadLetters.ShouldBe(rejected, ignoreOrder: true, "the dead-letter set (a killed host may write one twice: at least once, never lost)");

            var units = (await client.GetFromJsonAsync<JsonElement[]>("/api/units"))!;
            reference.Prune(units.Max(u => u.GetProperty("asOf").GetDateTimeOffset()));
            for (var unit = 0; unit < reference.Units.Count; unit++)
            {
                var actual = JsonNode.Parse(units[unit].GetRawText())!.AsObject();
                actual["liveness"]!["state"]!.GetValue<string>().ShouldBe("live", $"{reference.Units[unit].Id} after the restart");
                actual.Remove("liveness");
                var asOf = units[unit].GetProperty("asOf").GetDateTimeOffset();
                var expected = JsonSerializer.SerializeToNode(reference.Snapshot(unit, asOf), JsonSerializerOptions.Web)!;
                actual.ToJsonString().ShouldBe(expected.ToJsonString(), $"figures of {reference.Units[unit].Id} after the kill and restart");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Malformed JSON, a bad value, and an arrival 5 min 2 s ahead of the time it is produced.</summary>
    private static byte[][] Rejects(DateTimeOffset producedAt) =>
    [
        Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":"),
        TestEvents.Event("ae.arrived", "FGH-ED", "crash-bad-value", producedAt.AddMinutes(-30), new { arrivalMode = "helicopter" }),
        TestEvents.AeArrived("crash-just-ahead", producedAt.AddMinutes(5).AddSeconds(2)),
    ];

    private async Task Produce(string topic, IEnumerable<(string Key, byte[] Value)> messages)
    {
        using var producer = kafka.CreateProducer();
        foreach (var (key, value) in messages)
        {
            // One after another: the log holds each unit's events in the order they were made.
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value });
        }
    }

    private static async Task<IngestStatsResponse> Stats(HttpClient http) =>
        (await http.GetFromJsonAsync<IngestStatsResponse>("/api/ingest/stats"))!;

    private static long Applied(IngestStatsResponse stats) => stats.Units.Sum(u => u.Applied);
}
