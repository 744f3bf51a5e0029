using BuryUrgentCare.Processing;

namespace BuryUrgentCare.History;

/// <summary>The pure part of the deflection trend: periods in London's calendar, and sums of days into them.</summary>
public sealed class DeflectionTrendsTests
{
    private static DeflectionTrends CreateSut() => new(new ServiceCalendar(ServiceCalendar.London));

    [Theory]
    [InlineData(null, TrendPeriod.Day)]
    [InlineData("week", TrendPeriod.Week)]
    [InlineData("MONTH", TrendPeriod.Month)]
    public void TryParsePeriod_KnownSteps(string? step, TrendPeriod period)
    {
        DeflectionTrends.TryParsePeriod(step, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(period);
    }

    [Theory]
    [InlineData("fortnight")]
    [InlineData("1")]   // Enum.TryParse would take a number
    [InlineData("")]
    public void TryParsePeriod_OtherText_Refused(string step) => DeflectionTrends.TryParsePeriod(step, out _).ShouldBeFalse();

    [Fact]
    public void Periods_Weeks_WholeMondayToSundayWeeksOverlappingTheRange()
    {
        var sut = CreateSut();

        // Wednesday 4 November to Tuesday 17 November 2026 (GMT): the weeks of 2, 9 and 16 November.
        var periods = sut.Periods(TrendPeriod.Week, new DateTimeOffset(2026, 11, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.Zero));

        periods.Select(p => p.First).ShouldBe([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16)]);
        periods[^1].Next.ShouldBe(new DateOnly(2026, 11, 23));
    }

    [Fact]
    public void Summarise_SumsDaysIntoTheirPeriod_AbsentPartStaysNull()
    {
        var sut = CreateSut();
        var periods = sut.Periods(TrendPeriod.Month, new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        var total = new Dictionary<DateOnly, double> { [new(2026, 10, 30)] = 5, [new(2026, 10, 31)] = 7, [new(2026, 11, 1)] = 4 };
        var greenCar = new Dictionary<DateOnly, double> { [new(2026, 10, 30)] = 5, [new(2026, 10, 31)] = 7, [new(2026, 11, 1)] = 4 };

        var trend = sut.Summarise(TrendPeriod.Month, periods, total, greenCar, new Dictionary<DateOnly, double>());

        trend.Step.ShouldBe("month");
        trend.Buckets.Select(b => (b.Days, b.Total, b.GreenCarEdAvoided, b.IvchEdAvoided)).ShouldBe([(2, (long?)12, (long?)12, (long?)null), (1, 4, 4, null)]);
        trend.Buckets[0].Start.ShouldBe(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(1))); // 1 October is in BST
        trend.Buckets[1].Start.ShouldBe(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    }
    [Fact]
    public void Summarise_CountsTheSimulatedDaysOfEachPeriod()
    {
        var sut = CreateSut();
        var periods = sut.Periods(TrendPeriod.Week, new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero));
        var total = new Dictionary<DateOnly, double> { [new(2026, 11, 7)] = 5, [new(2026, 11, 8)] = 7, [new(2026, 11, 9)] = 4 };
        var simulated = new Dictionary<DateOnly, double> { [new(2026, 11, 7)] = 1, [new(2026, 11, 8)] = 1 };

        var trend = sut.Summarise(TrendPeriod.Week, periods, total, total, new Dictionary<DateOnly, double>(), simulated);

        trend.Buckets.Select(b => (b.Days, b.SimulatedDays)).ShouldBe([(2, 2), (1, 0)]);
    }

    [Fact]
    public void SummariseDepartment_FourHourPerformanceOfAPeriod_IsWeightedByEachDaysDepartures()
    {
        var sut = CreateSut();
        var periods = sut.Periods(TrendPeriod.Week, new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 9, 0, 0, 0, TimeSpan.Zero));
        var attendances = new Dictionary<DateOnly, double> { [new(2026, 11, 2)] = 100, [new(2026, 11, 3)] = 300, [new(2026, 11, 4)] = 10 };
        var departures = new Dictionary<DateOnly, double> { [new(2026, 11, 2)] = 100, [new(2026, 11, 3)] = 300, [new(2026, 11, 4)] = 0 };
        var performance = new Dictionary<DateOnly, double> { [new(2026, 11, 2)] = 90, [new(2026, 11, 3)] = 70 };

        var trend = sut.SummariseDepartment("FGH-ED", TrendPeriod.Week, periods, attendances, departures, performance);

        var week = trend.Buckets.ShouldHaveSingleItem();
        (week.Days, week.Attendances, week.Departures, week.SimulatedDays).ShouldBe((3, 410L, 400L, 0));
        week.FourHourPerformance.ShouldBe(75.0); // (90 × 100 + 70 × 300) / 400, not the mean of the days (80)
    }
}
