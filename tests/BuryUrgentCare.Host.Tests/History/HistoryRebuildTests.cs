using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Jobs;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Simulation;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.History;

/// <summary>
/// The history rebuild against the real in-process Kafka cluster: a simulated stream is produced with record timestamps
/// (event time plus a delivery delay), rebuilt into a real store, and the points at several minutes must be what
/// <see cref="FigureSchema"/> makes of a reference processor fed the same records up to that minute. A 6-hour replay
/// horizon keeps the stream short: the log must hold the horizon before the first minute rebuilt.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class HistoryRebuildTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(6);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_PastHour_WritesAtEveryMinuteThePointsOfTheReferenceSnapshots()
    {
        var log = await SimulatedLog.ProduceAsync(kafka, seed: 7001);
        await using var history = new TempHistory();
        var sut = CreateSut(log, history.Store);
        var from = log.Start.AddHours(7);
        var to = from.AddHours(1);

        var result = await sut.RunAsync(from, to, CancellationToken.None);

        result.Slots.ShouldBe(60);
        result.Records.ShouldBe(log.Records.Count);
        result.From.ShouldBe(from);
        var profile = LoadProfile();
        foreach (var slot in new[] { from, from.AddMinutes(17), to.AddMinutes(-1) })
        {
            var expected = log.ReferencePoints(slot, profile);
            expected.Count.ShouldBeGreaterThan(20);
            foreach (var point in expected)
            {
                var tags = point.Tags.Where(t => t.Key != FigureSchema.UnitTag).Select(t => (t.Key, t.Value)).ToArray();
                var unit = point.Tags.Single(t => t.Key == FigureSchema.UnitTag).Value;
                // The last 24 hours need 24 hours of log; this test replays a 6-hour horizon, so the rebuild sees less than
                // the reference (which saw the whole log). With the default 48-hour horizon they agree.
                foreach (var (field, value) in point.Fields.Where(f => f.Key != "fourHourPerformanceLast24Hours"))
                {
                    var stored = await history.ValueAtAsync(point.Measurement, field, unit, slot, tags);
                    stored.ShouldBe(value.Kind == FieldValueKind.Integer ? value.AsInteger() : value.AsFloat(),
                        $"{point.Measurement} {string.Join(",", point.Tags)} {field} at {slot:O}");
                }
            }
        }

        // Guards against comparing empty pictures.
        (await history.ValueAtAsync(FigureSchema.Department, "inDepartment", "FGH-ED", to.AddMinutes(-1))).ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RunAsync_PeriodBeforeTheLogHoldsItsHorizon_ThrowsAndWritesNothing()
    {
        var log = await SimulatedLog.ProduceAsync(kafka, seed: 7002);
        await using var history = new TempHistory();
        var sut = CreateSut(log, history.Store);

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => sut.RunAsync(log.Start.AddHours(1), log.Start.AddHours(2), CancellationToken.None));

        ex.Message.ShouldContain("earliest minute it can rebuild");
        (await history.ValueAtAsync(FigureSchema.Department, "inDepartment", "FGH-ED", log.Start.AddHours(1))).ShouldBeNull();
    }

    [Fact]
    public async Task PostRebuild_PastPeriod_Accepted_RunsAsAJob_AndTheFiguresAreInHistory()
    {
        var log = await SimulatedLog.ProduceAsync(kafka, seed: 7003);
        await using var host = CreateHost(log);
        using var http = host.CreateHttpClient();
        var from = log.Start.AddHours(7);
        var to = from.AddMinutes(10);

        using var response = await http.PostAsync(RebuildUri(from, to), null);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe("/api/history/rebuild");
        JsonElement status = default;
        await Eventually.Until(async () => (status = await http.GetFromJsonAsync<JsonElement>("/api/history/rebuild")).GetProperty("state").GetString() != "running",
            Timeout, "the rebuild to end");
        status.GetProperty("state").GetString().ShouldBe("succeeded", status.ToString());
        status.GetProperty("slotsDone").GetInt32().ShouldBe(10);
        var job = (await http.GetFromJsonAsync<JsonElement[]>("/api/jobs"))!.Single(j => j.GetProperty("name").GetString() == "history-rebuild");
        job.GetProperty("lastOutcome").GetString().ShouldBe("succeeded");
        job.GetProperty("lastResult").GetString()!.ShouldStartWith("10 minutes ");

        var slot = from.AddMinutes(4);
        var expected = (DepartmentFigures)log.ReferenceSnapshots(slot)[0].Figures;
        var stored = await http.GetFromJsonAsync<JsonElement>(
            $"/api/units/FGH-ED/history?figure=inDepartment&from={Iso(slot)}&to={Iso(slot.AddMinutes(1))}&step=1m&aggregate=last");
        stored.GetProperty("buckets").EnumerateArray().Single().GetProperty("value").GetDouble().ShouldBe(expected.InDepartment);
    }

    [Theory]
    [InlineData(7, 7, "must be before")]
    [InlineData(8, 7, "must be before")]
    [InlineData(7, 24 * 40, "in the future")]
    [InlineData(-24 * 40, 7, "at most 31 days")]
    [InlineData(1, 2, "earliest minute it can rebuild")]
    public async Task PostRebuild_BadPeriod_400WithTheReason(int fromHours, int toHours, string reason)
    {
        var log = await SimulatedLog.ProduceAsync(kafka, seed: 7004);
        await using var host = CreateHost(log);
        using var http = host.CreateHttpClient();

        using var response = await http.PostAsync(RebuildUri(log.Start.AddHours(fromHours), log.Start.AddHours(toHours)), null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldContain(reason);
        (await http.GetAsync("/api/history/rebuild")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "nothing was started");
    }

    [Theory]
    [InlineData("?to=2026-11-16T10:00:00Z", "required")]
    [InlineData("?from=yesterday&to=2026-11-16T10:00:00Z", "ISO 8601")]
    public async Task PostRebuild_MissingOrUnreadableTime_400(string query, string reason)
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        using var response = await http.PostAsync("/api/history/rebuild" + query, null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain(reason);
    }

    [Fact]
    public async Task PostRebuild_WhileOneRuns_409_AndAcceptedAgainOnceItEnded()
    {
        var log = await SimulatedLog.ProduceAsync(kafka, seed: 7005);
        var store = new FakeTimeSeriesStore(TimeProvider.System);
        store.Block(); // the first rebuild's first write waits here, so it is certainly running
        await using var host = CreateHost(log, services => services.Replace(ServiceDescriptor.Singleton<ITimeSeriesStore>(store)));
        using var http = host.CreateHttpClient();
        var from = log.Start.AddHours(7);

        using var first = await http.PostAsync(RebuildUri(from, from.AddMinutes(5)), null);
        using var second = await http.PostAsync(RebuildUri(from, from.AddMinutes(5)), null);

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("is running");
        store.Release();
        await Eventually.Until(async () => (await http.GetFromJsonAsync<JsonElement>("/api/history/rebuild")).GetProperty("state").GetString() != "running",
            Timeout, "the first rebuild to end");
        using var third = await http.PostAsync(RebuildUri(from, from.AddMinutes(5)), null);
        third.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Command_PastPeriod_RebuildsWithTheHostsServicesAndExitsZero()
    {
        var log = await SimulatedLog.ProduceAsync(kafka, seed: 7006);
        await using var host = CreateHost(log);
        using var output = new StringWriter();
        var from = log.Start.AddHours(7);

        var exit = await HistoryRebuildCommand.RunAsync(host.Services,
            [HistoryRebuildCommand.Name, "--from", from.ToString("O", CultureInfo.InvariantCulture), $"--to={from.AddMinutes(3):O}"], output,
            CancellationToken.None);

        exit.ShouldBe(0, output.ToString());
        output.ToString().ShouldStartWith("Rebuilt 3 minutes ");
        var slot = from.AddMinutes(2);
        var stored = await host.Services.GetRequiredService<ITimeSeriesStore>().QueryAsync(new HistoryQuery(FigureSchema.Department, "inDepartment",
            [KeyValuePair.Create(FigureSchema.UnitTag, "FGH-ED")], slot, slot.AddMinutes(1), TimeSpan.FromMinutes(1), HistoryAggregate.Last), default);
        stored.Single().Value.ShouldBe(((DepartmentFigures)log.ReferenceSnapshots(slot)[0].Figures).InDepartment);
    }

    [Theory]
    [InlineData("rebuild-history --from 2026-11-16T08:00:00Z", "required")]
    [InlineData("rebuild-history --from soon --to 2026-11-16T08:00:00Z", "ISO 8601")]
    [InlineData("rebuild-history --to=2026-11-16T08:00:00Z --from", "ISO 8601")]
    public async Task Command_BadArguments_ExitsTwoWithUsage(string commandLine, string reason)
    {
        using var output = new StringWriter();

        var exit = await HistoryRebuildCommand.RunAsync(new ServiceCollection().BuildServiceProvider(), commandLine.Split(' '), output, CancellationToken.None);

        exit.ShouldBe(2);
        output.ToString().ShouldContain(reason);
        output.ToString().ShouldContain("Usage:");
    }

    private HistoryRebuild CreateSut(SimulatedLog log, ITimeSeriesStore store) =>
        new(new KafkaConnection(Options.Create(new KafkaOptions { BootstrapServers = kafka.BootstrapServers, Topic = log.Topic }),
                NullLogger<KafkaConnection>.Instance),
            store,
            UnitCatalog.Bury,
            LoadProfile(),
            Options.Create(new ProcessingOptions { ReplayHorizon = Horizon }),
            Options.Create(new JobsOptions()),
            Options.Create(new HistoryOptions { BatchSize = 500 }),
            new FakeTimeProvider(log.Now),
            NullLogger<HistoryRebuild>.Instance);

    private BuryHost CreateHost(SimulatedLog log, Action<IServiceCollection>? services = null) =>
        new(kafka, log.Topic, settings: new Dictionary<string, string?> { ["Processing:ReplayHorizon"] = "06:00:00" }, services: services);

    /// <summary>
    /// The shipped profile without its minimum samples: in the small hours the 4-hour parameter falls back to the last
    /// 24 hours, which this class's 6-hour replay horizon cannot hold (the reference and the rebuild then see different
    /// parts of the day). With the default 48-hour horizon both see all of it.
    /// </summary>
    private static OpelProfile LoadProfile()
    {
        var shipped = OpelProfile.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Escalation", "opel-profile.json")), UnitCatalog.Bury);
        return shipped with { Parameters = [.. shipped.Parameters.Select(p => p with { MinimumSample = null })] };
    }

    private static string RebuildUri(DateTimeOffset from, DateTimeOffset to) => $"/api/history/rebuild?from={Iso(from)}&to={Iso(to)}";

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>
    /// Nine hours of simulated Bury traffic from <see cref="Start"/> (ten hours before now, on a whole minute), with the
    /// episodes open at the start, produced to a fresh topic, each record stamped 0–30 s after its event.
    /// </summary>
    private sealed class SimulatedLog
    {
        private SimulatedLog(string topic, DateTimeOffset start, DateTimeOffset now, List<(string Unit, LogRecord Record)> records)
        {
            Topic = topic;
            Start = start;
            Now = now;
            Records = records;
        }

        public string Topic { get; }

        public DateTimeOffset Start { get; }

        public DateTimeOffset Now { get; }

        public List<(string Unit, LogRecord Record)> Records { get; }

        public static async Task<SimulatedLog> ProduceAsync(KafkaTestCluster kafka, int seed)
        {
            var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var start = SnapshotJob.SlotOf(now.AddHours(-10), TimeSpan.FromMinutes(1));
            var random = new Random(seed);
            var records = new BuryTrafficSimulator(SimulatorProfile.Default, start, seed).Advance(start.AddHours(9))
                .Select(e => (e.Unit, Record: new LogRecord(e.Time.AddSeconds(random.Next(0, 31)), e.Json)))
                .OrderBy(r => r.Record.Timestamp)
                .ToList();
            var topic = kafka.NewTopic();
            using var producer = kafka.CreateProducer();
            await Task.WhenAll(records.Select(r => producer.ProduceAsync(topic, new Message<string, byte[]>
            {
                Key = r.Unit,
                Value = r.Record.Message.ToArray(),
                Timestamp = new Timestamp(r.Record.Timestamp.UtcDateTime),
            })));
            return new SimulatedLog(topic, start, now, records);
        }

        /// <summary>A live processor's snapshots at <paramref name="slot"/>: every record stamped by then, at its stamp.</summary>
        public IReadOnlyList<UnitSnapshot> ReferenceSnapshots(DateTimeOffset slot)
        {
            var processor = new StreamProcessor(UnitCatalog.Bury, new FakeTimeProvider(slot), new ProcessorSettings { ReplayHorizon = Horizon });
            foreach (var (_, record) in Records.Where(r => r.Record.Timestamp <= slot))
            {
                processor.Process(record.Message.Span, record.Timestamp.UtcTicks);
            }

            return [.. Enumerable.Range(0, UnitCatalog.Bury.Count).Select(unit => processor.Snapshot(unit, slot))];
        }

        /// <summary>What the snapshot job would have written at <paramref name="slot"/> (bar the live process' own counters).</summary>
        public List<FigurePoint> ReferencePoints(DateTimeOffset slot, OpelProfile profile)
        {
            var snapshots = ReferenceSnapshots(slot);
            var points = FigureSchema.ToPoints([.. snapshots], slot);
            var opel = new OpelEvaluator(profile).Evaluate(snapshots.ToDictionary(s => s.Unit));
            if (FigureSchema.OpelPoint(new OpelStatus(opel.Level, null, opel.Score, opel.Profile, opel.ProfileVersion, opel.Parameters), slot) is { } point)
            {
                points.Add(point);
            }

            return points;
        }
    }
}
