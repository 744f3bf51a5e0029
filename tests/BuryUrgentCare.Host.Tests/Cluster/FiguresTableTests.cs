using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
using Xunit.Abstractions;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// Issue 12: every node serves every unit. Two hosts in one consumer group split the units' partitions between them;
/// through the figures table each serves all four units, with the same figures, and a wallboard connected to one node
/// follows units the other node owns. A node killed takes nothing with it: the other takes its units over and gives
/// them back when it returns, with the figures a single core fed the whole log shows.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class FiguresTableTests(KafkaTestCluster kafka, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The group's session timeout in the failover test: how long a killed member holds its partitions.</summary>
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long a unit may be not live on the surviving node while partitions move: a rebalance, a restore from the last
    /// checkpoint or a replay of the partition, and the new owner's first table record, on a loaded two-core machine.
    /// </summary>
    private static readonly TimeSpan RebalanceBound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Record_RoundTripsEverySnapshot_AndRefusesWhatItCannotUse()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var processor = Simulated(now, TimeSpan.FromHours(6));

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
    public void BreachRiskRecord_RoundTripsTheList_AndRefusesWhatItCannotUse()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var processor = Simulated(now, TimeSpan.FromHours(30));

        var list = processor.BreachRisk(0, now).ShouldNotBeNull();
        list.Patients.ShouldNotBeEmpty("a day and more of A&E traffic leaves someone at risk");
        var record = FiguresTable.Record(list, "node-a");
        record.Key.ShouldBe("FGH-ED/breach-risk");
        FiguresTable.IsBreachRisk(record.Headers).ShouldBeTrue();
        FiguresTable.Read(UnitCatalog.Bury, record.Key, record.Value, record.Headers).ShouldBeNull("not a snapshot");
        var read = FiguresTable.ReadBreachRisk(UnitCatalog.Bury, record.Key, record.Value, record.Headers).ShouldNotBeNull();
        (read.Unit, read.Owner).ShouldBe((0, "node-a"));
        JsonSerializer.Serialize(read.List, JsonSerializerOptions.Web).ShouldBe(JsonSerializer.Serialize(list, JsonSerializerOptions.Web));

        FiguresTable.ReadBreachRisk(UnitCatalog.Bury, "FGH-UTC/breach-risk", record.Value, record.Headers).ShouldBeNull("a key that is not the list's unit");
        var snapshot = FiguresTable.Record(processor.Snapshot(0, now), "node-a");
        FiguresTable.ReadBreachRisk(UnitCatalog.Bury, record.Key, record.Value, snapshot.Headers).ShouldBeNull("a snapshot's headers");
        FiguresTable.ReadBreachRisk(UnitCatalog.Bury, record.Key, Encoding.UTF8.GetBytes("{\"unit\":"), record.Headers).ShouldBeNull("not JSON");
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
        var runId = TestEvents.NewId();
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:GroupId"] = "bury-two-nodes-" + Guid.NewGuid().ToString("N"),
            ["Kafka:Client:session.timeout.ms"] = "6000",
        };
        await Produce(topic, events.Select(e => (e.Unit, e.Json)));
        // On the ED's breach-risk list whoever owns it: one patient 13 hours in (a per-patient 12-hour alert), one who
        // breaches 4 hours within the hour. Each assessed a minute ago, after the simulator's last census (which does not
        // list them, and would otherwise have them unverified: hazard H16).
        await Produce(topic, new[] { ("long", now.AddHours(-13)), ("near", now.AddMinutes(-200)) }.SelectMany(p => new[]
        {
            ("FGH-ED", TestEvents.Event("ae.arrived", "FGH-ED", $"risk-{p.Item1}-{runId}", p.Item2, new { arrivalMode = "walk-in" })),
            ("FGH-ED", TestEvents.Event("ae.assessed", "FGH-ED", $"risk-{p.Item1}-{runId}", now.AddMinutes(-1), new { acuity = 3 })),
        }));

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

        // The departments' breach-risk lists and the per-patient alerts from them: the same on both nodes, whichever
        // node owns the department (its list comes to the other through the table).
        foreach (var department in new[] { "FGH-ED", "FGH-UTC" })
        {
            await Eventually.Until(async () =>
            {
                var (a, b) = (await BreachRisk(httpA, department), await BreachRisk(httpB, department));
                return a.Length > 0 && a == b;
            }, Timeout, $"both nodes serve {department}'s breach-risk list, the same");
        }

        var ed = JsonDocument.Parse(await BreachRisk(httpA, "FGH-ED")).RootElement;
        ed.GetProperty("over12Hours").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        ed.GetProperty("breachesWithinHour").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        string[] patientAlertsA = [], patientAlertsB = [];
        await Eventually.Until(async () =>
        {
            (patientAlertsA, patientAlertsB) = (await PatientAlerts(httpA), await PatientAlerts(httpB));
            return patientAlertsA.Length > 0 && patientAlertsA.SequenceEqual(patientAlertsB);
        }, Timeout, "both nodes raise the same per-patient 12-hour alerts");
        patientAlertsA.ShouldContain(id => id.StartsWith("patient-over12Hours-FGH-ED-", StringComparison.Ordinal));

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

    [Fact]
    public async Task ANodeKilledAndStartedAgain_TheOtherTakesItsUnitsOverAndHandsThemBack_NeverCountingTwiceNorDarkLongerThanARebalance()
    {
        var now = DateTimeOffset.UtcNow;
        var events = new BuryTrafficSimulator(SimulatorProfile.Default, now.AddHours(-4), 1212).Advance(now);
        var beforeKill = events.Count * 2 / 3;
        var topic = kafka.NewTopic();
        var group = new Dictionary<string, string?>
        {
            ["Kafka:GroupId"] = "bury-failover-" + Guid.NewGuid().ToString("N"),
            ["Kafka:Client:session.timeout.ms"] = ((int)SessionTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await Produce(topic, events.Take(beforeKill).Select(e => (e.Unit, e.Json)));

        // Node B is a process of its own, so it can be killed as kill -9 kills: on the same topics and in the same group.
        var folderB = Directory.CreateTempSubdirectory("bury-node-b-");
        var settingsB = BuryHost.Settings(kafka, topic, folderB.FullName);
        foreach (var (key, value) in group)
        {
            settingsB[key] = value;
        }

        try
        {
            await using var a = new BuryHost(kafka, topic, settings: group);
            using var httpA = a.CreateHttpClient();
            var watch = new SurvivorWatch(httpA, Reference(topic));
            await Eventually.Until(async () => (await httpA.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "node A ready");

            await using (var b = new HostProcess(settingsB))
            {
                await BothServeTheReference(watch, b, "node B joined");
                await b.Kill();
            }

            // B is gone without a word. What follows in the log only A can apply: a new event for every unit, so a figure
            // equal to the reference cannot be B's last record.
            var killed = Stopwatch.StartNew();
            await Produce(topic, events.Skip(beforeKill).Select(e => (e.Unit, e.Json))
                .Concat(UnitCatalog.Bury.Units.Select(u => (u.Id, NewArrival(u.Id, DateTimeOffset.UtcNow.AddSeconds(-5))))));
            watch.Reference = Reference(topic);
            await Until(async () => ServesTheReference(await watch.Sample(), watch.Reference),
                SessionTimeout + RebalanceBound, "node A took node B's units over and serves all four with the reference's figures", watch, null);
            output.WriteLine($"takeover: all four units live on A with the reference's figures {killed.Elapsed.TotalSeconds:F1} s after the kill; longest dark stretch {watch.LongestDark.TotalSeconds:F1} s");
            watch.LongestDark.ShouldBeLessThanOrEqualTo(SessionTimeout + RebalanceBound, "a unit of the killed node is dark until its session times out and A has it live");
            (await httpA.GetAsync("/health/ready")).IsSuccessStatusCode.ShouldBeTrue("node A holds every partition, replayed");

            // B again, as a new process with the same settings: the group rebalances and each node owns some units again.
            watch.ResetLongestDark();
            var restarted = Stopwatch.StartNew();
            await using (var b = new HostProcess(settingsB))
            {
                await BothServeTheReference(watch, b, "node B started again");
            }

            output.WriteLine($"rejoin: both nodes serve the reference {restarted.Elapsed.TotalSeconds:F1} s after B's start; longest dark stretch on A {watch.LongestDark.TotalSeconds:F1} s");
            watch.LongestDark.ShouldBeLessThanOrEqualTo(RebalanceBound, "a unit on A is dark only while its partition moves");
            watch.OverCounts.ShouldBeEmpty("node A never showed a unit with more episodes than the log holds");
        }
        finally
        {
            folderB.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Waits until <paramref name="b"/> is ready and owns some of the units, and both nodes serve all four live with the
    /// same figures, equal to the reference's.
    /// </summary>
    private static async Task BothServeTheReference(SurvivorWatch watch, HostProcess b, string what)
    {
        using var httpB = b.CreateHttpClient();
        await Until(async () =>
        {
            var stats = (await httpB.GetFromJsonAsync<IngestStatsResponse>("/api/ingest/stats"))!;
            var ownedByB = stats.Units.Count(u => u.Applied > 0);
            return ownedByB is > 0 and < 4 && (await httpB.GetAsync("/health/ready")).IsSuccessStatusCode && (await watch.Http.GetAsync("/health/ready")).IsSuccessStatusCode;
        }, Timeout, $"{what}: node B ready and owning some units, node A ready", watch, b);

        await Until(async () =>
        {
            var unitsA = await watch.Sample();
            var unitsB = (await httpB.GetFromJsonAsync<JsonElement[]>("/api/units"))!;
            return ServesTheReference(unitsA, watch.Reference) && ServesTheReference(unitsB, watch.Reference)
                && unitsA.All(u => unitsB.Single(o => Id(o) == Id(u)).GetProperty("figures").GetRawText() == u.GetProperty("figures").GetRawText());
        }, Timeout, $"{what}: both nodes serve all four units live with the same figures, the reference's", watch, b);
    }

    /// <summary><see cref="Eventually.Until(Func{Task{bool}}, TimeSpan, string?, TimeSpan?)"/>, failing with what each node last showed.</summary>
    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string because, SurvivorWatch watch, HostProcess? b)
    {
        try
        {
            await Eventually.Until(condition, timeout, because);
        }
        catch (TimeoutException ex)
        {
            var seen = $"{ex.Message} Last seen — A: {await LivenessOrError(watch.Http)}";
            if (b is not null)
            {
                using var httpB = b.CreateHttpClient();
                seen += $"; B: {await LivenessOrError(httpB)}\nThe end of B's output:\n{b.Output[^Math.Min(b.Output.Length, 4000)..]}";
            }

            throw new TimeoutException(seen, ex);
        }
    }

    /// <summary>The pure core fed <paramref name="topic"/> as the broker holds it, each record judged at its own time.</summary>
    private StreamProcessor Reference(string topic)
    {
        var reference = new StreamProcessor(UnitCatalog.Bury, TimeProvider.System, new ProcessingOptions().ToProcessorSettings());
        foreach (var record in kafka.ReadAll(topic))
        {
            reference.Process(record.Message.Value!, record.Message.Timestamp.UtcDateTime.Ticks);
        }

        return reference;
    }

    private static string Id(JsonElement unit) => unit.GetProperty("unit").GetString()!;

    private static bool IsLive(JsonElement unit) => unit.GetProperty("liveness").GetProperty("state").GetString() == "live";

    /// <summary>The reference's snapshot of the unit at the same time, as JSON.</summary>
    private static JsonElement Expected(JsonElement unit, StreamProcessor reference) =>
        JsonSerializer.SerializeToElement(
            reference.Snapshot(reference.Units.TryGetIndex(Id(unit), out var index) ? index : -1, unit.GetProperty("asOf").GetDateTimeOffset()),
            JsonSerializerOptions.Web);

    /// <summary>All four units live, each with the reference's figures.</summary>
    private static bool ServesTheReference(JsonElement[] units, StreamProcessor reference) =>
        units.Length == UnitCatalog.Bury.Count && units.All(u => IsLive(u) && MatchesReference(u, reference));

    /// <summary>Every figure of the unit (liveness aside) is the reference's at the same time.</summary>
    private static bool MatchesReference(JsonElement unit, StreamProcessor reference)
    {
        var actual = JsonNode.Parse(unit.GetRawText())!.AsObject();
        actual.Remove("liveness");
        return actual.ToJsonString() == JsonNode.Parse(Expected(unit, reference).GetRawText())!.ToJsonString();
    }

    /// <summary>
    /// The surviving node's units, sampled while the test waits: any count of new episodes above the reference's (an
    /// event counted twice), and the longest stretch a unit was not live.
    /// </summary>
    private sealed class SurvivorWatch(HttpClient http, StreamProcessor reference)
    {
        private readonly Dictionary<string, Stopwatch> _dark = new(StringComparer.Ordinal);
        private TimeSpan _longest;

        public HttpClient Http => http;

        /// <summary>The core fed the log as it stands; replaced when the test adds to the log.</summary>
        public StreamProcessor Reference { get; set; } = reference;

        public List<string> OverCounts { get; } = [];

        /// <summary>The longest stretch any unit was seen not live, a stretch still running included.</summary>
        public TimeSpan LongestDark => _dark.Values.Select(d => d.Elapsed).Append(_longest).Max();

        /// <summary>Starts measuring anew (stretches still running go on).</summary>
        public void ResetLongestDark() => _longest = TimeSpan.Zero;

        public async Task<JsonElement[]> Sample()
        {
            var units = (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!;
            foreach (var unit in units)
            {
                var id = Id(unit);
                var shown = Counter(unit.GetProperty("figures"), id);
                var expected = Counter(Expected(unit, Reference).GetProperty("figures"), id);
                if (shown > expected)
                {
                    OverCounts.Add($"{id} as of {unit.GetProperty("asOf")}: {shown} new episodes, the log holds {expected}");
                }

                if (IsLive(unit))
                {
                    if (_dark.Remove(id, out var dark) && dark.Elapsed > _longest)
                    {
                        _longest = dark.Elapsed;
                    }
                }
                else
                {
                    _dark.TryAdd(id, Stopwatch.StartNew());
                }
            }

            return units;
        }
    }

    private static async Task<string> LivenessOrError(HttpClient http)
    {
        try
        {
            return await Liveness(http);
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The core fed <paramref name="history"/> of simulated Bury traffic up to <paramref name="now"/>.</summary>
    private static StreamProcessor Simulated(DateTimeOffset now, TimeSpan history)
    {
        var processor = new StreamProcessor(UnitCatalog.Bury, new FakeTimeProvider(now), new ProcessingOptions().ToProcessorSettings());
        foreach (var e in new BuryTrafficSimulator(SimulatorProfile.Default, now - history, 7).Advance(now))
        {
            processor.Process(e.Json);
        }

        return processor;
    }

    /// <summary>The department's breach-risk list as served, or "" while it answers anything but 200.</summary>
    private static async Task<string> BreachRisk(HttpClient http, string unit)
    {
        using var response = await http.GetAsync($"/api/units/{unit}/breach-risk");
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
    }

    /// <summary>The ids of the active per-patient alerts, sorted.</summary>
    private static async Task<string[]> PatientAlerts(HttpClient http) =>
        [.. (await http.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("active").EnumerateArray()
            .Where(a => a.TryGetProperty("patient", out var p) && p.ValueKind == JsonValueKind.String)
            .Select(a => a.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

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
