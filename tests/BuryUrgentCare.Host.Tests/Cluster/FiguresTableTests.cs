using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Realtime;
using BuryUrgentCare.Simulation;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// Issue 12: every node serves every unit. Two hosts in one consumer group split the units' partitions between them;
/// through the figures table each serves all four units, with the same figures, and a wallboard connected to one node
/// follows units the other node owns.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class FiguresTableTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public void Record_RoundTripsEverySnapshot_AndRefusesWhatItCannotUse()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var processor = new StreamProcessor(UnitCatalog.Bury, new FakeTimeProvider(now), new ProcessingOptions().ToProcessorSettings());
        foreach (var e in new BuryTrafficSimulator(SimulatorProfile.Default, now.AddHours(-6), 7).Advance(now))
        {
            processor.Process(e.Json);
        }

        for (var unit = 0; unit < UnitCatalog.Bury.Count; unit++)
        {
            var snapshot = processor.Snapshot(unit, now) with { Liveness = new Figures.UnitLiveness("live", now) };
            var record = FiguresTable.Record(snapshot, "node-a");
            var read = FiguresTable.Read(UnitCatalog.Bury, record.Key, record.Value, record.Headers).ShouldNotBeNull();
            read.Owner.ShouldBe("node-a");
            JsonSerializer.Serialize(read.Snapshot, JsonSerializerOptions.Web).ShouldBe(JsonSerializer.Serialize(snapshot, JsonSerializerOptions.Web));
        }

        var ed = FiguresTable.Record(processor.Snapshot(0, now), "node-a");
        var otherSchema = new Headers { { FiguresTable.SchemaHeader, "2"u8.ToArray() }, { FiguresTable.OwnerHeader, "node-a"u8.ToArray() } };
        FiguresTable.Read(UnitCatalog.Bury, ed.Key, ed.Value, otherSchema).ShouldBeNull("a record of another schema version is not guessed at");
        FiguresTable.Read(UnitCatalog.Bury, "FGH-XX", ed.Value, ed.Headers).ShouldBeNull("an unknown unit");
        FiguresTable.Read(UnitCatalog.Bury, "FGH-UTC", ed.Value, ed.Headers).ShouldBeNull("a key that is not the snapshot's unit");
        FiguresTable.Read(UnitCatalog.Bury, ed.Key, Encoding.UTF8.GetBytes("{\"unit\":"), ed.Headers).ShouldBeNull("not JSON");
    }

    [Fact]
    public async Task TwoNodesInOneGroup_EachServesAllFourUnitsWithTheSameFigures_AndAWallboardOnOneFollowsTheOthersUnits()
    {
        // Precondition of the test, not of the system: under the range assignor the two members get partitions {0, 1}
        // and {2, 3}; the four units must not all hash into one half, or one node would own nothing.
        var halves = UnitCatalog.Bury.Units.Select(u => KafkaPartitioner.Murmur2Partition(u.Id, 4) / 2).Distinct().Count();
        halves.ShouldBe(2, "the units hash into both halves of four partitions");

        var now = DateTimeOffset.UtcNow;
        var events = new BuryTrafficSimulator(SimulatorProfile.Default, now.AddHours(-4), 99).Advance(now);
        var topic = kafka.NewTopic();
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:GroupId"] = "bury-two-nodes-" + Guid.NewGuid().ToString("N"),
            ["Kafka:Client:session.timeout.ms"] = "6000",
        };
        await Produce(topic, events.Select(e => (e.Unit, e.Json)));

        await using var a = new BuryHost(kafka, topic, settings: settings);
        using var httpA = a.CreateHttpClient();
        await Eventually.Until(async () => (await httpA.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "node A ready");
        await using var b = new BuryHost(kafka, topic, settings: settings);
        using var httpB = b.CreateHttpClient();

        // B joins, the group rebalances, B replays its partitions: from then on each node owns some of the units.
        string[] ownedByB = [];
        await Eventually.Until(async () =>
        {
            var stats = (await httpB.GetFromJsonAsync<IngestStatsResponse>("/api/ingest/stats"))!;
            ownedByB = [.. stats.Units.Where(u => u.Applied > 0).Select(u => u.Unit)];
            return ownedByB.Length > 0 && (await httpB.GetAsync("/health/ready")).IsSuccessStatusCode && (await httpA.GetAsync("/health/ready")).IsSuccessStatusCode;
        }, Timeout, "node B owns some units and both nodes are ready");
        ownedByB.Length.ShouldBeLessThan(4, "node A keeps some units");

        // Both nodes serve all four units live, with the same figures (the owner's, whichever node asks).
        var figuresA = new Dictionary<string, string>();
        var figuresB = new Dictionary<string, string>();
        try
        {
            await Eventually.Until(async () =>
            {
                figuresA = await LiveFigures(httpA);
                figuresB = await LiveFigures(httpB);
                return figuresA.Count == 4 && figuresB.Count == 4 && figuresA.All(f => figuresB[f.Key] == f.Value);
            }, Timeout, "both nodes show the four units live with identical figures");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Last seen — A: {await Liveness(httpA)}; B: {await Liveness(httpB)}", ex);
        }
        JsonDocument.Parse(figuresA["FGH-ED"]).RootElement.GetProperty("arrivalsToday").GetInt32().ShouldBeGreaterThan(0);

        // A wallboard on node A follows a unit node B owns: a new event there reaches it through the table.
        var unitOfB = ownedByB[0];
        await using var hub = a.CreateHubConnection();
        var updates = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>(nameof(IWallboardClient.ReceiveUpdate), s => updates.Writer.TryWrite(s));
        hub.On<JsonElement>(nameof(IWallboardClient.ReceiveSnapshot), s => updates.Writer.TryWrite(s));
        await hub.StartAsync();
        await hub.InvokeAsync("JoinUnit", unitOfB);
        var before = Counter(JsonDocument.Parse(figuresA[unitOfB]).RootElement, unitOfB);
        await Produce(topic, [(unitOfB, NewArrival(unitOfB, DateTimeOffset.UtcNow.AddSeconds(-5)))]);

        using var cancel = new CancellationTokenSource(Timeout);
        var seen = before;
        while (seen <= before)
        {
            var update = await updates.Reader.ReadAsync(cancel.Token);
            if (update.GetProperty("unit").GetString() == unitOfB && update.TryGetProperty("figures", out var figures))
            {
                seen = Counter(figures, unitOfB);
            }
        }

        seen.ShouldBe(before + 1, $"node A's wallboard shows the new {unitOfB} event, which node B applied");
    }

    private static async Task<string> Liveness(HttpClient http) => string.Join(", ",
        (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!.Select(u => $"{u.GetProperty("unit")} {u.GetProperty("liveness")}"));

    private static async Task<Dictionary<string, string>> LiveFigures(HttpClient http)
    {
        var units = (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!;
        return units
            .Where(u => u.GetProperty("liveness").GetProperty("state").GetString() == "live")
            .ToDictionary(u => u.GetProperty("unit").GetString()!, u => u.GetProperty("figures").GetRawText());
    }

    /// <summary>The unit's count of new episodes today (what one new opening event moves by one).</summary>
    private static int Counter(JsonElement figures, string unit) => figures.GetProperty(unit switch
    {
        "FGH-ED" or "FGH-UTC" => "arrivalsToday",
        "BURY-GREENCAR" => "incidentsToday",
        _ => "callsToday",
    }).GetInt32();

    private static byte[] NewArrival(string unit, DateTimeOffset time)
    {
        var subject = "table-" + TestEvents.NewId();
        return unit switch
        {
            "FGH-ED" => TestEvents.Event("ae.arrived", unit, subject, time, new { arrivalMode = "walk-in" }),
            "FGH-UTC" => TestEvents.Event("utc.arrived", unit, subject, time, new { arrivalMode = "walk-in" }),
            "BURY-GREENCAR" => TestEvents.Event("greencar.dispatched", unit, subject, time, new { category = "C3" }),
            _ => TestEvents.Event("ivch.call-received", unit, subject, time, new { route = "111" }),
        };
    }

    private async Task Produce(string topic, IEnumerable<(string Key, byte[] Value)> messages)
    {
        using var producer = kafka.CreateProducer();
        await Task.WhenAll(messages.Select(m => producer.ProduceAsync(topic, new Message<string, byte[]> { Key = m.Key, Value = m.Value })));
    }
}
