using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Figures;
using BuryUrgentCare.History;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Jobs;

public sealed class SnapshotJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly TempHistory _history = new();
    private readonly FakeTimeProvider _clock = new(T0.AddSeconds(-30));
    private readonly SnapshotStore _snapshots = new(UnitCatalog.Bury);
    private readonly EscalationMonitor _escalation = new(
        OpelProfile.Parse(
            """
            { "name": "t", "version": "1",
              "parameters": [ { "name": "in dept", "unit": "FGH-ED", "figure": "inDepartment", "thresholds": [5, 8, 10] } ],
              "scoreBands": [ { "level": 1, "maxScore": 25 }, { "level": 2, "maxScore": 50 }, { "level": 3, "maxScore": 75 }, { "level": 4, "maxScore": 100 } ] }
            """,
            UnitCatalog.Bury),
        Options.Create(new EscalationOptions()),
        NullLogger<EscalationMonitor>.Instance);

    private readonly LiveFigures _live;

    public SnapshotJobTests()
    {
        // This worker holds every partition, nothing to replay: its units are live.
        var ownership = new UnitOwnership(UnitCatalog.Bury, _clock, TimeSpan.FromSeconds(15));
        ownership.Assigned(4, [(0, -1, -1), (1, -1, -1), (2, -1, -1), (3, -1, -1)]);
        _live = new LiveFigures(UnitCatalog.Bury, _snapshots, _escalation, ownership, _clock, Options.Create(new ProcessingOptions()));
    }

    public Task InitializeAsync() => _history.StartWriterAsync();

    public async Task DisposeAsync() => await _history.DisposeAsync();

    private SnapshotJob CreateSut(TimeSpan? interval = null) =>
        new(_snapshots, _live, _escalation, _history.Writer, Options.Create(new JobsOptions { SnapshotInterval = interval ?? TimeSpan.FromMinutes(1) }));

    private void PublishEd(int inDepartment) =>
        _snapshots.Publish(0, new UnitSnapshot("FGH-ED", "A&E", "ae", _clock.GetUtcNow(),
            new EmergencyDepartmentFigures { InDepartment = inDepartment, HandoversToday = inDepartment * 2 }));

    [Fact]
    public async Task Execute_TwoFireTimes_PointsAtExactlyThoseTimes()
    {
        var sut = CreateSut();
        PublishEd(7);
        await JobRunner.RunAsync(sut, T0);
        PublishEd(9);
        await JobRunner.RunAsync(sut, T0.AddMinutes(1));
        await _history.DrainedAsync();

        var buckets = await _history.ReadAsync("department", "inDepartment", "FGH-ED", T0.AddMinutes(-5), T0.AddMinutes(5), TimeSpan.FromMilliseconds(1));

        buckets.ShouldBe([new HistoryBucket(T0, 7), new HistoryBucket(T0.AddMinutes(1), 9)]);
        (await _history.ValueAtAsync("handover", "handoversToday", "FGH-ED", T0.AddMinutes(1))).ShouldBe(18);
    }

    [Fact]
    public async Task Execute_SameSlotAgainLate_OverwritesInsteadOfAddingAPoint()
    {
        var sut = CreateSut();
        PublishEd(7);
        await JobRunner.RunAsync(sut, T0);
        PublishEd(8);
        await JobRunner.RunAsync(sut, T0, firedAt: T0.AddSeconds(7));
        await _history.DrainedAsync();

        // Summed over the minute: one point (8), not two (15).
        var buckets = await _history.ReadAsync("department", "inDepartment", "FGH-ED", T0, T0.AddMinutes(1), TimeSpan.FromMinutes(1), HistoryAggregate.Sum);

        buckets.ShouldBe([new HistoryBucket(T0, 8)]);
    }

    [Fact]
    public async Task Execute_FireTimeOffTheGrid_StampsTheSlotItFallsIn()
    {
        PublishEd(4);

        await JobRunner.RunAsync(CreateSut(TimeSpan.FromMinutes(5)), T0.AddMinutes(3).AddSeconds(12));
        await _history.DrainedAsync();

        (await _history.ValueAtAsync("department", "inDepartment", "FGH-ED", T0)).ShouldBe(4);
    }

    [Fact]
    public async Task Execute_WritesEveryUnitDeflectionIngestAndWriterCounters()
    {
        _live.Process(TestEvents.AeArrived("ed-1", _clock.GetUtcNow()));
        _live.Process(TestEvents.AeArrived("ed-2", _clock.GetUtcNow(), mode: "by-balloon"));
        _live.Process(TestEvents.Event("ae.arrived", "NOWHERE", "x-1", _clock.GetUtcNow(), new { arrivalMode = "walk-in" }));
        _live.PublishDue();

        var context = await JobRunner.RunAsync(CreateSut(), T0);
        await _history.DrainedAsync();

        (await _history.ValueAtAsync("department", "inDepartment", "FGH-ED", T0)).ShouldBe(1);
        (await _history.ValueAtAsync("department", "inDepartment", "FGH-UTC", T0)).ShouldBe(0);
        (await _history.ValueAtAsync("greencar", "incidentsToday", "BURY-GREENCAR", T0)).ShouldBe(0);
        (await _history.ValueAtAsync("ivch_disposition", "calls", "BURY-IVCH", T0, ("disposition", "ed"))).ShouldBe(0);
        (await _history.ValueAtAsync("deflection", "total", FigureSchema.SystemUnit, T0)).ShouldBe(0);
        var counters = _live.Processor.Counters.Read().Units.ToDictionary(u => u.Unit);
        counters["FGH-ED"].Rejected.ShouldBe(new Dictionary<string, long> { ["bad-value"] = 1 });
        counters["(unknown)"].Rejected.ShouldBe(new Dictionary<string, long> { ["unknown-unit"] = 1 });
        // The counters are this node's, tagged with its name: two nodes never overwrite each other's series.
        var node = ("node", Environment.MachineName);
        (await _history.ValueAtAsync("ingest", "applied", "FGH-ED", T0, node)).ShouldBe(1);
        (await _history.ValueAtAsync("ingest", "applied", "FGH-ED", T0, ("node", "another-node"))).ShouldBeNull();
        (await _history.ValueAtAsync("ingest", "rejected", "FGH-ED", T0)).ShouldBe(counters["FGH-ED"].Rejected.Values.Sum());
        (await _history.ValueAtAsync("ingest", "rejected", "(unknown)", T0)).ShouldBe(1);
        foreach (var (reason, count) in counters["FGH-ED"].Rejected)
        {
            (await _history.ValueAtAsync("ingest_rejected", "count", "FGH-ED", T0, ("reason", reason), node)).ShouldBe(count);
        }

        var writerWritten = await _history.Store.QueryAsync(
            new HistoryQuery("history_writer", "enqueued", [KeyValuePair.Create("node", Environment.MachineName)], T0, T0.AddMilliseconds(1), TimeSpan.FromMilliseconds(1), HistoryAggregate.Last), default);
        writerWritten.ShouldHaveSingleItem().Value.ShouldBe(0);
        context.Result!.ToString()!.ShouldStartWith($"{_history.Writer.GetStats().Written} points at 2026-11-02T10:00:00");
    }

    [Fact]
    public async Task Execute_WithOpelAssessed_WritesLevelAndScore()
    {
        var sut = CreateSut();
        PublishEd(9); // 9 in department: band 3 of 4 → contribution 2 of 3 → score 66.7 → level 3
        _escalation.Evaluate(_snapshots.All(), T0);

        await JobRunner.RunAsync(sut, T0);
        await _history.DrainedAsync();

        var level = await _history.Store.QueryAsync(
            new HistoryQuery("opel", "level", [], T0, T0.AddMilliseconds(1), TimeSpan.FromMilliseconds(1), HistoryAggregate.Last), default);
        var score = await _history.Store.QueryAsync(
            new HistoryQuery("opel", "score", [], T0, T0.AddMilliseconds(1), TimeSpan.FromMilliseconds(1), HistoryAggregate.Last), default);
        level.Single().Value.ShouldBe(3);
        score.Single().Value.ShouldBe(200.0 / 3, 1e-9);
    }

    [Fact]
    public async Task Execute_BufferFull_FailsSayingHowManyWereDropped()
    {
        await using var history = new TempHistory(new HistoryOptions { BufferCapacity = 5, BatchSize = 5 });
        var sut = new SnapshotJob(_snapshots, _live, _escalation, history.Writer, Options.Create(new JobsOptions()));

        // The writer is not started, so the buffer fills after 5 points.
        var ex = await Should.ThrowAsync<Quartz.JobExecutionException>(() => JobRunner.RunAsync(sut, T0));

        ex.Message.ShouldContain("were dropped: the history buffer is full");
    }

    [Theory]
    [InlineData("2026-11-02T10:00:00Z", 60, "2026-11-02T10:00:00Z")]
    [InlineData("2026-11-02T10:00:59.999Z", 60, "2026-11-02T10:00:00Z")]
    [InlineData("2026-11-02T10:07:30Z", 300, "2026-11-02T10:05:00Z")]
    [InlineData("2026-11-02T10:00:45Z", 30, "2026-11-02T10:00:30Z")]
    public void SlotOf_TruncatesToWholeMultiplesOfTheInterval(string fire, int seconds, string slot) =>
        SnapshotJob.SlotOf(DateTimeOffset.Parse(fire, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(seconds))
            .ShouldBe(DateTimeOffset.Parse(slot, System.Globalization.CultureInfo.InvariantCulture));
}
