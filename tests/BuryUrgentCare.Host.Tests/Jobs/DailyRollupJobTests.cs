using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.History;
using BuryUrgentCare.Processing;

namespace BuryUrgentCare.Jobs;

public sealed class DailyRollupJobTests : IAsyncLifetime
{
    /// <summary>Monday 2 November 2026, in GMT: local midnight is 00:00 UTC.</summary>
    private static readonly DateOnly Day = new(2026, 11, 2);
    private static readonly DateTimeOffset Midnight = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TempHistory _history = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _history.DisposeAsync();

    private DailyRollupJob CreateSut() => new(_history.Store, UnitCatalog.Bury);

    /// <summary>Raw points of every unit at <paramref name="at"/>; <paramref name="scale"/> 1 is the day's final figures.</summary>
    private Task SeedAsync(DateTimeOffset at, int scale = 1) =>
        _history.Store.WriteAsync(FigureSchema.ToPoints(Snapshots(scale), at), CancellationToken.None);

    /// <summary>The day's earlier points, the day's last (23:59) and the neighbouring days' points that must be ignored.</summary>
    private async Task SeedDayAsync(DateTimeOffset midnight, DateTimeOffset nextMidnight)
    {
        await SeedAsync(midnight.AddMinutes(-1), scale: 9);      // the day before's last point
        await SeedAsync(midnight, scale: 0);                     // the day's first point: today's counts start at 0
        await SeedAsync(midnight.AddHours(8), scale: 0);
        await SeedAsync(nextMidnight.AddMinutes(-1), scale: 1);  // 23:59: the day's last point
        await SeedAsync(nextMidnight, scale: 0);                 // the next day's first point
    }

    [Fact]
    public async Task ComputeAsync_LastPointOfTheDay_OnePointPerUnitAndDeflection()
    {
        await SeedDayAsync(Midnight, Midnight.AddDays(1));
        var rollup = new DailyRollup(_history.Store, UnitCatalog.Bury, ServiceCalendar.London);

        var lines = (await rollup.ComputeAsync(Day, CancellationToken.None)).Select(p => LineProtocol.Format(p)).ToArray();

        var ms = Midnight.ToUnixTimeMilliseconds();
        lines.ShouldBe(
        [
            $"daily_department,unit=FGH-ED attendances=180i,departures=170i,fourHourPerformance=74.5,twelveHourStays=3i {ms}",
            $"daily_handover,unit=FGH-ED handovers=40i,meanHandoverMinutes=22.5,over30=6i,over45=2i,over60=1i {ms}",
            $"daily_department,unit=FGH-UTC attendances=90i,departures=88i,twelveHourStays=0i,referredToEd=7i {ms}",
            "daily_greencar,unit=BURY-GREENCAR incidents=12i,seeAndTreat=5i,seeAndRefer=4i,conveyedEd=2i,conveyedUtc=1i,conveyedOther=0i," +
            $"nonConveyanceRate=75,edAvoided=10i {ms}",
            "daily_ivch,unit=BURY-IVCH calls=300i,selfCare=50i,pharmacy=30i,gpInHours=20i,gpExtendedHours=40i,gpOutOfHours=60i,utc=25i," +
            $"ed=30i,ambulance=15i,edAvoidanceRate=83.25,gpBooked=100i,edAvoided=225i {ms}",
            $"daily_deflection,unit=BURY greenCarEdAvoided=10i,ivchEdAvoided=225i,total=235i {ms}",
        ]);
    }

    [Fact]
    public async Task Execute_FiveMinutesPastMidnight_WritesThePreviousDayAtItsLocalMidnight()
    {
        await SeedDayAsync(Midnight, Midnight.AddDays(1));

        var context = await JobRunner.RunAsync(CreateSut(), Midnight.AddDays(1).AddMinutes(5));

        context.Result.ShouldBe("2026-11-02: 6 points");
        (await _history.ValueAtAsync("daily_department", "attendances", "FGH-ED", Midnight)).ShouldBe(180);
        (await _history.ValueAtAsync("daily_greencar", "edAvoided", "BURY-GREENCAR", Midnight)).ShouldBe(10);
        (await _history.ValueAtAsync("daily_deflection", "total", "BURY", Midnight)).ShouldBe(235);
    }

    [Fact]
    public async Task Execute_BritishSummerTimeDay_CutsTheDayAtLocalMidnight()
    {
        // Monday 15 June 2026 runs from 23:00 UTC on the 14th to 23:00 UTC on the 15th.
        var midnight = new DateTimeOffset(2026, 6, 14, 23, 0, 0, TimeSpan.Zero);
        await SeedDayAsync(midnight, midnight.AddDays(1));

        var context = await JobRunner.RunAsync(CreateSut(), new DateTimeOffset(2026, 6, 15, 23, 5, 0, TimeSpan.Zero));

        context.Result.ShouldBe("2026-06-15: 6 points");
        (await _history.ValueAtAsync("daily_department", "attendances", "FGH-ED", midnight)).ShouldBe(180);
        (await _history.ValueAtAsync("daily_ivch", "edAvoided", "BURY-IVCH", midnight)).ShouldBe(225);
    }

    [Fact]
    public async Task Execute_RunTwice_SamePointsNotDoubled()
    {
        await SeedDayAsync(Midnight, Midnight.AddDays(1));

        await JobRunner.RunAsync(CreateSut(), Midnight.AddDays(1).AddMinutes(5));
        await JobRunner.RunAsync(CreateSut(), Midnight.AddDays(1).AddMinutes(5));

        var total = await _history.ReadAsync("daily_deflection", "total", "BURY", Midnight.AddDays(-7), Midnight.AddDays(7), TimeSpan.FromDays(14),
            HistoryAggregate.Sum);
        total.ShouldBe([new HistoryBucket(Midnight.AddDays(-7), 235)]);
    }

    [Fact]
    public async Task Execute_DayInJobData_RollsUpThatDayInstead()
    {
        await SeedDayAsync(Midnight, Midnight.AddDays(1));

        var context = await JobRunner.RunAsync(CreateSut(), Midnight.AddDays(10), data: new Dictionary<string, object?> { ["day"] = "2026-11-02" });

        context.Result.ShouldBe("2026-11-02: 6 points");
        (await _history.ValueAtAsync("daily_handover", "over60", "FGH-ED", Midnight)).ShouldBe(1);
    }

    [Fact]
    public async Task Execute_DayWithoutHistory_WritesNothing()
    {
        var context = await JobRunner.RunAsync(CreateSut(), Midnight.AddMinutes(5));

        context.Result.ShouldBe("2026-11-01: 0 points");
    }

    private static UnitSnapshot[] Snapshots(int scale)
    {
        var at = DateTimeOffset.UnixEpoch;
        DepartmentFigures common = new EmergencyDepartmentFigures
        {
            ArrivalsToday = 180 * scale,
            DeparturesToday = 170 * scale,
            FourHourPerformanceToday = scale == 0 ? null : 74.5 * scale,
            TwelveHourStaysToday = 3 * scale,
        };
        var ed = new EmergencyDepartmentFigures(common)
        {
            HandoversToday = 40 * scale,
            MeanHandoverMinutesToday = scale == 0 ? null : 22.5 * scale,
            HandoversOver30Today = 6 * scale,
            HandoversOver45Today = 2 * scale,
            HandoversOver60Today = 1 * scale,
        };
        var utc = new UrgentTreatmentCentreFigures(common with
        {
            ArrivalsToday = 90 * scale,
            DeparturesToday = 88 * scale,
            FourHourPerformanceToday = null,
            TwelveHourStaysToday = 0,
        })
        {
            ReferredToEdToday = 7 * scale,
        };
        var car = new GreenCarFigures
        {
            ActiveIncidents = 1,
            IncidentsToday = 12 * scale,
            OutcomesToday = new Dictionary<string, int>
            {
                ["see-and-treat"] = 5 * scale, ["see-and-refer"] = 4 * scale, ["conveyed-ed"] = 2 * scale,
                ["conveyed-utc"] = 1 * scale, ["conveyed-other"] = 0,
            },
            NonConveyanceRateToday = scale == 0 ? null : 75.0 * scale,
            EdAvoidedToday = 10 * scale,
            NonEdDispositionsToday = 10 * scale,
            MedianResponseMinutesToday = null,
            MedianJobCycleMinutesToday = null,
        };
        var ivch = new IvchFigures
        {
            Queue = 2,
            LongestQueueWaitMinutes = null,
            CallsToday = 300 * scale,
            CallsLastHour = 10,
            MedianMinutesToAssessmentToday = null,
            AbandonedRateToday = null,
            DispositionsToday = new Dictionary<string, int>
            {
                ["self-care"] = 50 * scale, ["pharmacy"] = 30 * scale, ["gp-in-hours"] = 20 * scale, ["gp-extended-hours"] = 40 * scale,
                ["gp-out-of-hours"] = 60 * scale, ["utc"] = 25 * scale, ["ed"] = 30 * scale, ["ambulance"] = 15 * scale,
            },
            EdAvoidanceRateToday = scale == 0 ? null : 83.25 * scale,
            GpBookedToday = 100 * scale,
        };
        return
        [
            new UnitSnapshot("FGH-ED", "A&E", "ae", at, ed),
            new UnitSnapshot("FGH-UTC", "UTC", "utc", at, utc),
            new UnitSnapshot("BURY-GREENCAR", "Green Car", "greencar", at, car),
            new UnitSnapshot("BURY-IVCH", "IVCH", "ivch", at, ivch),
        ];
    }
}
