using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.History;

/// <summary>
/// The trends API's handlers against a real store, the same cases for both: seeded points give exact buckets, every
/// bad request a 400 problem. The HTTP surface (routing, JSON) is covered by <see cref="TrendsApiHttpTests"/>.
/// </summary>
public abstract class TrendsApiTests : IAsyncLifetime
{
    /// <summary>Monday 2 November 2026, 08:00 UTC (GMT).</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(T0.AddMinutes(30).AddSeconds(10));

    protected abstract ITimeSeriesStore Store { get; }

    public abstract Task DisposeAsync();

    public async Task InitializeAsync()
    {
        var points = new List<FigurePoint>();
        for (var minute = 0; minute < 30; minute++)
        {
            var at = T0.AddMinutes(minute);
            points.Add(TestPoints.Unit("FGH-ED", at, "inDepartment", minute, "department"));
            points.Add(TestPoints.Unit("FGH-UTC", at, "inDepartment", 100 + minute, "department"));
            points.Add(TestPoints.Point("department_acuity", at, [("unit", "FGH-ED"), ("acuity", "3")], ("patients", (FieldValue)(minute % 4))));
            points.Add(TestPoints.Point("department_acuity", at, [("unit", "FGH-ED"), ("acuity", "4")], ("patients", (FieldValue)50)));
            points.Add(TestPoints.Unit("BURY", at, "total", 2 * minute, "deflection"));
        }

        // daily_deflection at each local midnight from Monday 19 October to Sunday 8 November 2026; BST ends on the 25th.
        var calendar = new ServiceCalendar(ServiceCalendar.London);
        for (var i = 0; i < 21; i++)
        {
            var day = new DateOnly(2026, 10, 19).AddDays(i);
            var midnight = new DateTimeOffset(calendar.DayStartUtcTicks(day.DayNumber), TimeSpan.Zero);
            points.Add(TestPoints.Point("daily_deflection", midnight, [("unit", "BURY")],
                ("greenCarEdAvoided", (FieldValue)(i + 1)), ("ivchEdAvoided", (FieldValue)(100 + i)), ("total", (FieldValue)(101 + 2 * i))));
        }

        await Store.WriteAsync(points, CancellationToken.None);
    }

    private async Task<FigureHistory> HistoryAsync(string unit, string? figure, string? from = null, string? to = null, string? step = null,
        string? aggregate = null)
    {
        var result = await TrendsApi.GetHistory(unit, figure, from, to, step, aggregate, Store, UnitCatalog.Bury, _clock, NullLoggerFactory.Instance, CancellationToken.None);
        return result.Result.ShouldBeOfType<Ok<FigureHistory>>().Value!;
    }

    private async Task<ProblemHttpResult> HistoryProblemAsync(string unit, string? figure, string? from = null, string? to = null,
        string? step = null, string? aggregate = null)
    {
        var result = await TrendsApi.GetHistory(unit, figure, from, to, step, aggregate, Store, UnitCatalog.Bury, _clock, NullLoggerFactory.Instance, CancellationToken.None);
        var problem = result.Result.ShouldBeOfType<ProblemHttpResult>();
        problem.StatusCode.ShouldBe(400);
        return problem;
    }

    private async Task<DeflectionTrend> DeflectionAsync(string? from, string? to, string? step)
    {
        var result = await TrendsApi.GetDeflection(new DeflectionTrendRequest(from, to, step), Store, _clock, NullLoggerFactory.Instance, CancellationToken.None);
        return result.Result.ShouldBeOfType<Ok<DeflectionTrend>>().Value!;
    }

    private static HistoryBucket B(int minutes, double value) => new(T0.AddMinutes(minutes), value);

    [Theory]
    [InlineData("mean", 4.5, 14.5, 24.5)]
    [InlineData("max", 9, 19, 29)]
    [InlineData("min", 0, 10, 20)]
    [InlineData("last", 9, 19, 29)]
    [InlineData("sum", 45, 145, 245)]
    public async Task History_SeededMinutes_ExactBucketsOfTheUnitOnly(string aggregate, double first, double second, double third)
    {
        var history = await HistoryAsync("FGH-ED", "inDepartment", "2026-11-02T08:00:00Z", "2026-11-02T08:30:00Z", "10m", aggregate);

        history.Buckets.ShouldBe([B(0, first), B(10, second), B(20, third)]);
        (history.Measurement, history.Field, history.Aggregate, history.Step).ShouldBe(("department", "inDepartment", aggregate, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task History_Breakdown_ReadsItsOwnSeries()
    {
        var history = await HistoryAsync("FGH-ED", "byAcuity.3", "2026-11-02T08:00:00Z", "2026-11-02T08:08:00Z", "00:04:00", "max");

        history.Buckets.ShouldBe([B(0, 3), B(4, 3)]);
        (history.Measurement, history.Field).ShouldBe(("department_acuity", "patients"));
    }

    [Fact]
    public async Task History_System_DeflectionToday()
    {
        var history = await HistoryAsync("BURY", "deflectionToday", "2026-11-02T08:00:00Z", "2026-11-02T08:30:00Z", "30m", "last");

        history.Buckets.ShouldBe([B(0, 58)]);
    }

    [Fact]
    public async Task History_Defaults_Last24HoursToTheNextWholeStepIn5MinuteMeans()
    {
        var history = await HistoryAsync("FGH-ED", "inDepartment");

        history.To.ShouldBe(T0.AddMinutes(35));
        history.From.ShouldBe(T0.AddMinutes(35).AddHours(-24));
        history.Buckets.ShouldBe([B(0, 2), B(5, 7), B(10, 12), B(15, 17), B(20, 22), B(25, 27)]);
    }

    [Fact]
    public async Task History_RangeWithoutPoints_NoBuckets() =>
        (await HistoryAsync("FGH-ED", "inDepartment", "2026-11-01T08:00:00Z", "2026-11-01T09:00:00Z")).Buckets.ShouldBeEmpty();

    [Theory]
    [InlineData("NOPE", "inDepartment", null, null, null, null, "Unknown unit")]
    [InlineData("FGH-ED", null, null, null, null, null, "Missing figure")]
    [InlineData("FGH-ED", "queue", null, null, null, null, "Unknown figure")]
    [InlineData("FGH-UTC", "handoversToday", null, null, null, null, "Unknown figure")]
    [InlineData("FGH-ED", "inDepartment", "2026-11-02T09:00:00Z", "2026-11-02T09:00:00Z", null, null, "Bad range")]
    [InlineData("FGH-ED", "inDepartment", "2026-11-02T10:00:00Z", "2026-11-02T09:00:00Z", null, null, "Bad range")]
    [InlineData("FGH-ED", "inDepartment", "yesterday", null, null, null, "Bad from")]
    [InlineData("FGH-ED", "inDepartment", null, "soon", null, null, "Bad to")]
    [InlineData("FGH-ED", "inDepartment", null, null, "5x", null, "Bad step")]
    [InlineData("FGH-ED", "inDepartment", null, null, "0s", null, "Bad step")]
    [InlineData("FGH-ED", "inDepartment", null, null, "-1m", null, "Bad step")]
    [InlineData("FGH-ED", "inDepartment", null, null, "00:00:00.500", null, "Bad step")]
    [InlineData("FGH-ED", "inDepartment", null, null, "1s", null, "Too many buckets")]
    [InlineData("FGH-ED", "inDepartment", "2026-01-01T00:00:00Z", "2026-12-01T00:00:00Z", "1m", null, "Too many buckets")]
    [InlineData("FGH-ED", "inDepartment", null, null, null, "median", "Bad aggregate")]
    [InlineData("FGH-ED", "inDepartment", null, "0001-01-01", null, null, "Bad to")]        // was 500: the default start underflowed
    [InlineData("FGH-ED", "inDepartment", "9999-12-31", null, null, null, "Bad from")]
    [InlineData("FGH-ED", "inDepartment", "1500-01-01", null, null, null, "Bad from")]      // was 503 with the store's error text
    [InlineData("FGH-ED", "inDepartment", null, null, "10000000.00:00:00", null, "Bad step")] // was 500: the window end overflowed
    public async Task History_BadRequest_400ProblemSayingWhy(string unit, string? figure, string? from, string? to, string? step, string? aggregate,
        string title)
    {
        var problem = await HistoryProblemAsync(unit, figure, from, to, step, aggregate);

        problem.ProblemDetails.Title.ShouldBe(title);
        problem.ProblemDetails.Detail.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Deflection_ByDay_OneBucketPerLocalDayAcrossTheClockChange()
    {
        var trend = await DeflectionAsync("2026-10-24T00:00:00+01:00", "2026-10-27T00:00:00Z", "day");

        trend.Buckets.ShouldBe(
        [
            new DeflectionBucket(Local(2026, 10, 24, 1), Local(2026, 10, 25, 1), 1, 6, 105, 111),
            new DeflectionBucket(Local(2026, 10, 25, 1), Local(2026, 10, 26, 0), 1, 7, 106, 113),
            new DeflectionBucket(Local(2026, 10, 26, 0), Local(2026, 10, 27, 0), 1, 8, 107, 115),
        ]);
    }

    [Fact]
    public async Task Deflection_ByWeek_MondayToSundaySums()
    {
        // Any instant in a week selects the whole week.
        var trend = await DeflectionAsync("2026-10-21T12:00:00Z", "2026-11-08T12:00:00Z", "week");

        // Week 1: i = 0..6 → 1+…+7 = 28, 100·7 + 21 = 721; week 2: i = 7..13 → 77, 770; week 3: i = 14..20 → 126, 819.
        trend.Buckets.ShouldBe(
        [
            new DeflectionBucket(Local(2026, 10, 19, 1), Local(2026, 10, 26, 0), 7, 28, 721, 749),
            new DeflectionBucket(Local(2026, 10, 26, 0), Local(2026, 11, 2, 0), 7, 77, 770, 847),
            new DeflectionBucket(Local(2026, 11, 2, 0), Local(2026, 11, 9, 0), 7, 126, 819, 945),
        ]);
        trend.From.ShouldBe(Local(2026, 10, 19, 1));
        trend.To.ShouldBe(Local(2026, 11, 9, 0));
    }

    [Fact]
    public async Task Deflection_ByMonth_CalendarMonthsEmptyOnesIncluded()
    {
        var trend = await DeflectionAsync("2026-09-15T00:00:00Z", "2026-11-30T00:00:00Z", "month");

        // October: i = 0..12 (19th–31st) → 91, 1,378; November: i = 13..20 (1st–8th) → 140, 932.
        trend.Buckets.ShouldBe(
        [
            new DeflectionBucket(Local(2026, 9, 1, 1), Local(2026, 10, 1, 1), 0, null, null, null),
            new DeflectionBucket(Local(2026, 10, 1, 1), Local(2026, 11, 1, 0), 13, 91, 1378, 1469),
            new DeflectionBucket(Local(2026, 11, 1, 0), Local(2026, 12, 1, 0), 8, 140, 932, 1072),
        ]);
    }

    [Fact]
    public async Task Deflection_Defaults_Last30DaysByDay()
    {
        var trend = await DeflectionAsync(null, null, null);

        trend.Step.ShouldBe("day");
        trend.Buckets.Count.ShouldBe(30);
        trend.Buckets[^1].Start.ShouldBe(Local(2026, 11, 2, 0));
        trend.Buckets.Sum(b => b.Days).ShouldBe(15); // 19 October to 2 November
    }

    [Theory]
    [InlineData("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "year", "Bad step")]
    [InlineData("2026-11-01T00:00:00Z", "2026-10-01T00:00:00Z", "day", "Bad range")]
    [InlineData("1990-01-01T00:00:00Z", "2026-10-01T00:00:00Z", "month", "Too many buckets")]
    [InlineData("last week", null, "week", "Bad from")]
    [InlineData(null, "0001-01-01", "month", "Bad to")]
    [InlineData("9999-12-31", null, "day", "Bad from")]
    public async Task Deflection_BadRequest_400(string? from, string? to, string step, string title)
    {
        var result = await TrendsApi.GetDeflection(new DeflectionTrendRequest(from, to, step), Store, _clock, NullLoggerFactory.Instance, CancellationToken.None);

        var problem = result.Result.ShouldBeOfType<ProblemHttpResult>();
        problem.StatusCode.ShouldBe(400);
        problem.ProblemDetails.Title.ShouldBe(title);
    }

    private static DateTimeOffset Local(int year, int month, int day, int offsetHours) => new(year, month, day, 0, 0, 0, TimeSpan.FromHours(offsetHours));
}

public sealed class EmbeddedTrendsApiTests : TrendsApiTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trends-").FullName;
    private readonly SqliteStore _store;

    public EmbeddedTrendsApiTests() => _store = new SqliteStore(Path.Combine(_folder, "history.db"));

    protected override ITimeSeriesStore Store => _store;

    public override Task DisposeAsync()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

[Collection(InfluxDbCollection.Name)]
public sealed class InfluxDbTrendsApiTests(InfluxDbFixture influx) : TrendsApiTests
{
    private readonly InfluxDbStore _store = influx.CreateStore(InfluxDbFixture.NewDatabaseName("trends"));

    protected override ITimeSeriesStore Store => _store;

    public override Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }
}
