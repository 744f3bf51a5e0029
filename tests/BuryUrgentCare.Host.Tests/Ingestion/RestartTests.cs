using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Simulation;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// DESIGN.md decision 2: state is derived from the log, so a worker that restarts mid-stream rebuilds
/// exactly the figures of the whole stream — nothing counted twice, nothing missing — and the
/// rejections it replays are not dead-lettered a second time. Both hosts and the reference processor
/// share one fake clock, so "now" (and with it "today", waits and the future-time rule) is identical.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class RestartTests(KafkaTestCluster kafka)
{
    private const int Seed = 4242;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Restart_SameGroupMidStream_RebuildsTheFiguresOfTheWholeStream_AndDeadLettersOnce()
    {
        // Whole seconds, like event times, so the snapshots' asOf values compare exactly.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = new FakeTimeProvider(now);
        var events = new BuryTrafficSimulator(SimulatorProfile.Default, now.AddHours(-6), Seed).Advance(now);
        var half = events.Count / 2;
        var rejects = new[]
        {
            Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":"),
            TestEvents.Event("ae.arrived", "FGH-ED", "restart-bad-1", now.AddMinutes(-30), new { arrivalMode = "helicopter" }),
            TestEvents.Event("ae.arrived", "FGH-ED", "restart-bad-2", now.AddMinutes(20), new { arrivalMode = "walk-in" }),
        };
        var topic = kafka.NewTopic();
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:GroupId"] = "bury-restart-" + Guid.NewGuid().ToString("N"),
            // The in-process cluster's coordinator, unlike a real broker, keeps a group that its last member
            // left "joining" for session.timeout.ms − 1 s before it takes a new member: 44 s by default.
            ["Kafka:Client:session.timeout.ms"] = "6000",
            // The replay from the log, which every partition without a usable checkpoint still takes (CheckpointRestartTests
            // restore one): with checkpoints on, host B would restore host A's state and count only its own rejections.
            ["Processing:CheckpointInterval"] = "00:00:00",
        };

        await using (var first = new BuryHost(kafka, topic, clock, settings))
        {
            using var http = first.CreateHttpClient();
            await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "host A's assignment");
            // The rejects go first on FGH-ED's partition: once its later events are applied, they were dealt with.
            await Produce(topic, rejects.Select(r => ("FGH-ED", r)));
            await Produce(topic, events.Take(half).Select(e => (e.Unit, e.Json)));

            await Eventually.Until(async () => Applied(await Stats(http)) == half, Timeout, $"host A applied the first {half} events");
            var stats = await Stats(http);
            (stats.DeadLettered, stats.Rejected.Values.Sum()).ShouldBe((3L, 3L));
        } // host A stops mid-stream: it leaves the group and commits its offsets
        await Produce(topic, events.Skip(half).Select(e => (e.Unit, e.Json)));
        await using var second = new BuryHost(kafka, topic, clock, settings);
        using var client = second.CreateHttpClient();
        await Eventually.Until(async () => Applied(await Stats(client)) == events.Count, Timeout, $"host B applied all {events.Count} events");
        var restarted = await Stats(client);
        restarted.Units.Sum(u => u.Duplicates).ShouldBe(0);
        restarted.Rejected.Values.Sum().ShouldBe(3, "host B replays and re-checks the rejects");
        restarted.DeadLettered.ShouldBe(0, "host A dead-lettered them already; the committed offsets say so");
        DeadLettersHeld(second.DeadLetterTopic).ShouldBe(3);

        // One tick on the shared clock makes host B recompute and publish every unit at the same instant
        // the reference is asked about.
        var processedAt = clock.GetUtcNow(); // every record was received at this instant of the shared clock
        var units = await RestartChecks.UnitsAfterATick(client, clock, Timeout);
        var asOf = clock.GetUtcNow();

        var reference = new StreamProcessor(UnitCatalog.Bury, clock, new ProcessingOptions().ToProcessorSettings());
        foreach (var e in events)
        {
            reference.Process(e.Json, processedAt.UtcTicks).Outcome.ShouldBe(ProcessOutcome.Applied);
        }

        reference.Prune(asOf); // as the host's tick does; figures of today do not depend on it
        ((Figures.DepartmentFigures)reference.Snapshot(0, asOf).Figures).InDepartment.ShouldBeGreaterThan(0, "a busy picture, not two empty ones");
        RestartChecks.ShouldShowTheFiguresOf(units, reference, asOf);
    }

    private async Task Produce(string topic, IEnumerable<(string Key, byte[] Value)> messages)
    {
        using var producer = kafka.CreateProducer();
        await Task.WhenAll(messages.Select(m => producer.ProduceAsync(topic, new Message<string, byte[]> { Key = m.Key, Value = m.Value })));
    }

    private static Task<IngestStatsResponse> Stats(HttpClient http) => RestartChecks.Stats(http);

    private static long Applied(IngestStatsResponse stats) => RestartChecks.Applied(stats);

    private long DeadLettersHeld(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        using var reader = kafka.CreateConsumer(topic);
        var partitions = admin.GetMetadata(topic, Timeout).Topics.Single().Partitions;
        return partitions.Sum(p =>
        {
            var watermarks = reader.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), Timeout);
            return watermarks.High.Value - watermarks.Low.Value;
        });
    }
}
