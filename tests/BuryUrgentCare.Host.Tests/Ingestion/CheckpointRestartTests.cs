using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Hazard H19 (issue 10) and issue 12: a patient in the department longer than the replay horizon survives a restart,
/// because the worker restores its partitions' checkpoints and reads only the log after them — the second host reads
/// one message, the arrival after the checkpoint, and shows the figures of a host that never stopped. (That a replay of
/// the last 48 h alone loses the patient is shown in the core's <c>CheckpointTests</c>: the in-process cluster can
/// neither look offsets up by time nor delete records, so here a replay reads all it holds.) One fake clock drives
/// both hosts and the reference processor; nothing sleeps.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class CheckpointRestartTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Restart_PatientInFor60Hours_StillInTheDepartment_AndEveryFigureAsAHostThatNeverStopped()
    {
        var run = await RunFirstHostFor60Hours();

        await using var second = new BuryHost(kafka, run.Topic, run.Clock, run.Settings);
        var units = await FiguresAfterATick(second, run.Clock);

        using var http = second.CreateHttpClient();
        (await Stats(http)).Consumed.ShouldBe(1, "restored from the checkpoint, host B reads only the message after it");
        ShouldEqual(units, Reference(run.Records, run.Clock.GetUtcNow()), run.Clock.GetUtcNow());
        var ed = units[0].GetProperty("figures");
        ed.GetProperty("longestWaitMinutes").GetInt32().ShouldBe(60 * 60, "the patient arrived 60 h ago and has not left");
        ed.GetProperty("inDepartment").GetInt32().ShouldBe(3, "the long stay, the last to come and go, and the patient who arrived after the checkpoint");
    }

    [Fact]
    public async Task Restart_CheckpointOfAnUnknownFormat_IsIgnored_AndThePartitionReplaysWhatTheLogHolds()
    {
        var run = await RunFirstHostFor60Hours();
        using (var producer = kafka.CreateProducer())
        {
            // A checkpoint written by a later version of the host, newest for every partition: this host must not guess at it.
            for (var partition = 0; partition < kafka.PartitionCount(run.Topic); partition++)
            {
                await producer.ProduceAsync(run.Topic + ".checkpoints", new Message<string, byte[]>
                {
                    Key = $"{run.Topic}/{partition}/0",
                    Value = [1, 2, 3],
                    Headers = new Headers { { "format-version", "99"u8.ToArray() }, { "partition", Encoding.UTF8.GetBytes($"{partition}") },
                        { "offset", "0"u8.ToArray() }, { "taken-at", "0"u8.ToArray() }, { "chunk", "0/1"u8.ToArray() } },
                });
            }
        }

        await using var second = new BuryHost(kafka, run.Topic, run.Clock, run.Settings);
        var units = await FiguresAfterATick(second, run.Clock);

        // As before checkpoints: the state is rebuilt from all the log holds (here, on a cluster that cannot look up the
        // horizon by time, everything), and the figures are still those of a host that never stopped.
        using var http = second.CreateHttpClient();
        (await Stats(http)).Consumed.ShouldBe(run.Records.Count, "no checkpoint used: the whole log is replayed");
        ShouldEqual(units, Reference(run.Records, run.Clock.GetUtcNow()), run.Clock.GetUtcNow());
    }

    /// <summary>
    /// Host A takes 60 h of A&amp;E and UTC traffic (a patient who arrives at the start and is still in at the end, with an
    /// event every 18 h so never unverified; others who come and go every 6 h), then stops gracefully, which writes its
    /// checkpoints. One more patient arrives while no host runs.
    /// </summary>
    private async Task<FirstRun> RunFirstHostFor60Hours()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-60).ToUnixTimeSeconds());
        var clock = new FakeTimeProvider(start);
        var topic = kafka.NewTopic();
        var settings = BuryHost.RestartSettings("Processing:CheckpointInterval", "00:01:00");
        List<SentRecord> records = [];
        using var producer = kafka.CreateProducer();

        await using (var first = new BuryHost(kafka, topic, clock, settings))
        {
            using var http = first.CreateHttpClient();
            await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "host A's assignment");
            for (var hour = 0; hour <= 60; hour += 6)
            {
                var now = clock.GetUtcNow();
                var step = new List<(string Unit, byte[] Json)>
                {
                    ("FGH-ED", TestEvents.AeArrived($"come-and-go-{hour}", now)),
                    ("FGH-UTC", TestEvents.Event("utc.arrived", "FGH-UTC", $"utc-{hour}", now, new { arrivalMode = "walk-in" })),
                };
                if (hour > 0)
                {
                    step.Add(("FGH-ED", TestEvents.Event("ae.departed", "FGH-ED", $"come-and-go-{hour - 6}", now, new { disposition = "discharged" })));
                    step.Add(("FGH-UTC", TestEvents.Event("utc.departed", "FGH-UTC", $"utc-{hour - 6}", now, new { disposition = "discharged" })));
                }

                if (hour % 18 == 0)
                {
                    step.Add(("FGH-ED", (hour / 18) switch
                    {
                        0 => TestEvents.AeArrived("long-stay", now, "ambulance"),
                        1 => TestEvents.Event("ae.assessed", "FGH-ED", "long-stay", now, new { acuity = 2 }),
                        2 => TestEvents.Event("ae.seen", "FGH-ED", "long-stay", now),
                        _ => TestEvents.Event("ae.admit-decision", "FGH-ED", "long-stay", now, new { specialty = "general-medicine" }),
                    }));
                }

                await Send(producer, topic, now, step, records);
                await Eventually.Until(async () => Applied(await Stats(http)) == records.Count, Timeout, $"host A applied hour {hour}");
                if (hour < 60)
                {
                    clock.Advance(TimeSpan.FromHours(6));
                }
            }
        } // a graceful stop: the checkpoints are written

        await Send(producer, topic, clock.GetUtcNow(), [("FGH-ED", TestEvents.AeArrived("after-the-checkpoint", clock.GetUtcNow()))], records);
        return new FirstRun(topic, clock, settings, records);
    }

    private static async Task Send(IProducer<string, byte[]> producer, string topic, DateTimeOffset now,
        IEnumerable<(string Unit, byte[] Json)> events, List<SentRecord> records)
    {
        foreach (var (unit, json) in events)
        {
            var sent = await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = unit, Value = json, Timestamp = new Timestamp(now) });
            records.Add(new SentRecord(now, json));
        }
    }

    /// <summary>After readiness (the checkpoint restored, or the log replayed, and the tail read), every unit after a tick.</summary>
    private static async Task<JsonElement[]> FiguresAfterATick(BuryHost host, FakeTimeProvider clock)
    {
        using var http = host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "host B ready");
        return await RestartChecks.UnitsAfterATick(http, clock, Timeout);
    }

    /// <summary>A processor that was given every record as it was received, and never stopped.</summary>
    private static StreamProcessor Reference(IEnumerable<SentRecord> records, DateTimeOffset now)
    {
        var reference = new StreamProcessor(UnitCatalog.Bury, new FakeTimeProvider(now), new ProcessingOptions().ToProcessorSettings());
        foreach (var record in records)
        {
            reference.Process(record.Json, record.Timestamp.UtcTicks).Outcome.ShouldBe(ProcessOutcome.Applied);
        }

        reference.Prune(now);
        return reference;
    }

    private static void ShouldEqual(JsonElement[] units, StreamProcessor reference, DateTimeOffset asOf) =>
        RestartChecks.ShouldShowTheFiguresOf(units, reference, asOf);

    private static Task<IngestStatsResponse> Stats(HttpClient http) => RestartChecks.Stats(http);

    private static long Applied(IngestStatsResponse stats) => RestartChecks.Applied(stats);

    private sealed record SentRecord(DateTimeOffset Timestamp, byte[] Json);

    private sealed record FirstRun(string Topic, FakeTimeProvider Clock, Dictionary<string, string?> Settings, List<SentRecord> Records);
}
