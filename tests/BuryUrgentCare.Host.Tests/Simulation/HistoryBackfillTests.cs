using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.History;
using BuryUrgentCare.Jobs;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Simulation;

/// <summary>History from day one: simulated days written into a real embedded store, marked, rolled up, and not twice.</summary>
public sealed class HistoryBackfillTests : IDisposable
{
    // Wednesday 2 December 2026, 10:30 UTC (GMT): yesterday and the days before are backfilled, today is not.
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 30, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("bury-backfill-").FullName;
    private readonly SqliteStore _store;

    public HistoryBackfillTests() => _store = new SqliteStore(Path.Combine(_folder, "history.db"));

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RunAsync_ThreeDays_WritesEachDaysRollupAndRawPoints_AllMarkedSimulated()
    {
        var days = await CreateSut(days: 3).RunAsync(CancellationToken.None);

        days.ShouldBe([new DateOnly(2026, 11, 29), new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 1)]);
        var totals = await Daily(DailyRollup.DailyDeflection, FigureSchema.SystemUnit, FigureSchema.TotalField);
        totals.Count.ShouldBe(3);
        totals.ShouldAllBe(b => b.Value > 0);
        (await Daily(DailyRollup.DailyDeflection, FigureSchema.SystemUnit, FigureSchema.SimulatedField)).Select(b => b.Value).ShouldBe([1.0, 1, 1]);
        var attendances = await Daily(DailyRollup.DailyDepartment, "FGH-ED", "attendances");
        attendances.Count.ShouldBe(3);
        attendances.ShouldAllBe(b => b.Value > 100); // a day of Bury's A&E, not a stub

        // Raw points every 5 minutes on the backfilled days, each marked; none today.
        var raw = await _store.QueryAsync(new HistoryQuery(FigureSchema.Department, "inDepartment", [KeyValuePair.Create(FigureSchema.UnitTag, "FGH-ED")],
            new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), Now, TimeSpan.FromMinutes(5), HistoryAggregate.Last), CancellationToken.None);
        raw.Count.ShouldBe(288);
        var marks = await _store.QueryAsync(new HistoryQuery(FigureSchema.Department, FigureSchema.SimulatedField,
            [KeyValuePair.Create(FigureSchema.UnitTag, "FGH-ED")], new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), Now,
            TimeSpan.FromMinutes(5), HistoryAggregate.Last), CancellationToken.None);
        marks.Count.ShouldBe(288);
    }

    [Fact]
    public async Task RunAsync_AgainOnTheSameStore_WritesNothing()
    {
        await CreateSut(days: 2).RunAsync(CancellationToken.None);

        var again = await CreateSut(days: 2).RunAsync(CancellationToken.None);

        again.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_MoreDaysThanBefore_WritesOnlyTheDaysAfterTheLastOneStored()
    {
        await CreateSut(days: 1).RunAsync(CancellationToken.None);

        var more = await CreateSut(days: 3).RunAsync(CancellationToken.None);

        more.ShouldBeEmpty(); // yesterday is stored: the days before it are never written between real ones
    }

    [Fact]
    public void Plan_DaysBeyondRawRetention_GetOnlyTheirLastMinute()
    {
        var rollup = new DailyRollup(_store, UnitCatalog.Bury, ServiceCalendar.London);

        var plan = BackfillPlan.Create(rollup, new DateOnly(2026, 12, 2), 3, new HashSet<DateOnly>(), TimeSpan.FromHours(6), TimeSpan.FromMinutes(1),
            detailedDays: 1);

        plan.Days.Count.ShouldBe(3);
        plan.Slots.Select(s => s.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(
            ["11-29 23:59", "11-30 23:59", "12-01 00:00", "12-01 06:00", "12-01 12:00", "12-01 18:00", "12-01 23:59"]);
        plan.SimulateFrom.ShouldBe(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
        plan.Until.ShouldBe(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Bar_ShowsTheShareDone() => HistoryBackfill.Bar(45, 90).ShouldBe("[##########----------]");

    private HistoryBackfill CreateSut(int days) => new(
        _store,
        UnitCatalog.Bury,
        OpelProfile.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "src/BuryUrgentCare.Host/Escalation/opel-profile.json")), UnitCatalog.Bury),
        Options.Create(new SimulatorOptions { BackfillDays = days, BackfillStep = TimeSpan.FromMinutes(5) }),
        Options.Create(new ProcessingOptions()),
        Options.Create(new HistoryOptions()),
        Options.Create(new JobsOptions()),
        new FakeTimeProvider(Now),
        NullLogger<HistoryBackfill>.Instance);

    private async Task<IReadOnlyList<HistoryBucket>> Daily(string measurement, string unit, string field) =>
        await _store.QueryAsync(new HistoryQuery(measurement, field, [KeyValuePair.Create(FigureSchema.UnitTag, unit)],
            new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), Now, TimeSpan.FromDays(1), HistoryAggregate.Last), CancellationToken.None);
}
