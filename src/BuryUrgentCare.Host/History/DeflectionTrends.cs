using BuryUrgentCare.Processing;

namespace BuryUrgentCare.History;

/// <summary>The calendar periods deflection is summed over, in Europe/London.</summary>
public enum TrendPeriod
{
    Day,

    /// <summary>Monday to Sunday.</summary>
    Week,

    /// <summary>A calendar month.</summary>
    Month,
}

/// <summary>The query of <c>GET /api/trends/deflection</c>, bound with <c>[AsParameters]</c>.</summary>
/// <param name="From">Start, ISO 8601; default 30 days, 12 weeks or 12 months before <paramref name="To"/>.</param>
/// <param name="To">End (exclusive), ISO 8601; default now.</param>
/// <param name="Step"><c>day</c> (default), <c>week</c> or <c>month</c>.</param>
public sealed record DeflectionTrendRequest(string? From = null, string? To = null, string? Step = null);

/// <summary>
/// The pure part of the deflection trend: which local periods a request covers, and how each day's rollup sums into
/// them. No I/O and no clock: the endpoint reads the days' values from the store and hands them over.
/// </summary>
public sealed class DeflectionTrends(ServiceCalendar calendar)
{
    private readonly ServiceCalendar _calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));

    /// <summary>One period, as local dates: <c>[First, Next)</c>.</summary>
    public readonly record struct Period(DateOnly First, DateOnly Next);

    /// <summary>Parses <c>day</c>, <c>week</c> or <c>month</c> (any case); null means day.</summary>
    public static bool TryParsePeriod(string? step, out TrendPeriod period)
    {
        period = TrendPeriod.Day;
        return step is null || (step.All(char.IsAsciiLetter) && Enum.TryParse(step, ignoreCase: true, out period) && Enum.IsDefined(period));
    }

    /// <summary>The start used when a request gives none: 30 days, 12 weeks or 12 months ending with the day before <paramref name="end"/>.</summary>
    public DateTimeOffset DefaultStart(TrendPeriod period, DateTimeOffset end)
    {
        var endDay = LocalDay(end.AddTicks(-1));
        return Instant(period switch
        {
            TrendPeriod.Day => endDay.AddDays(-29),
            TrendPeriod.Week => endDay.AddDays(-7 * 11),
            _ => endDay.AddMonths(-11),
        });
    }

    /// <summary>Local days from <paramref name="start"/> to the last one before <paramref name="end"/>, both counted.</summary>
    public int DaysCovered(DateTimeOffset start, DateTimeOffset end) => LocalDay(end.AddTicks(-1)).DayNumber - LocalDay(start).DayNumber + 1;

    /// <summary>The periods that overlap <c>[start, end)</c>, whole, in order.</summary>
    public IReadOnlyList<Period> Periods(TrendPeriod period, DateTimeOffset start, DateTimeOffset end)
    {
        var startDay = LocalDay(start);
        var endDay = LocalDay(end.AddTicks(-1));
        var periods = new List<Period>();
        for (var first = PeriodStart(startDay, period); first <= endDay; first = NextPeriod(first, period))
        {
            periods.Add(new Period(first, NextPeriod(first, period)));
        }

        return periods;
    }

    /// <summary>The instant a local day starts.</summary>
    public DateTimeOffset Instant(DateOnly day) => new(_calendar.DayStartUtcTicks(day.DayNumber), TimeSpan.Zero);

    /// <summary>The local day of an instant.</summary>
    public DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDayNumber(_calendar.DayOf(instant.UtcTicks));

    /// <summary>
    /// The trend: each period with the sums of its days' values. A part no day has is null (absent, not 0); <c>Days</c>
    /// counts the days with a total, so a gap in the history shows.
    /// </summary>
    /// <param name="simulated">Days whose rollup the simulator's backfill wrote (<c>simulated</c> field); none when null.</param>
    public DeflectionTrend Summarise(TrendPeriod period, IReadOnlyList<Period> periods, IReadOnlyDictionary<DateOnly, double> total,
        IReadOnlyDictionary<DateOnly, double> greenCar, IReadOnlyDictionary<DateOnly, double> ivch,
        IReadOnlyDictionary<DateOnly, double>? simulated = null)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var buckets = periods.Select(p => new DeflectionBucket(
                Local(p.First),
                Local(p.Next),
                total.Keys.Count(d => d >= p.First && d < p.Next),
                Sum(greenCar, p),
                Sum(ivch, p),
                Sum(total, p),
                CountIn(simulated, p)))
            .ToList();
        return new DeflectionTrend(period.ToString().ToLowerInvariant(), Local(periods[0].First), Local(periods[^1].Next), buckets);
    }

    /// <summary>
    /// A department's trend: per period, attendances and departures summed over its days, and the 4-hour performance
    /// of the period — of all departures in it, the share within 4 hours: the days' percentages weighted by their
    /// departures (a day without departures has no percentage and weighs nothing).
    /// </summary>
    public DepartmentTrend SummariseDepartment(string unit, TrendPeriod period, IReadOnlyList<Period> periods,
        IReadOnlyDictionary<DateOnly, double> attendances, IReadOnlyDictionary<DateOnly, double> departures,
        IReadOnlyDictionary<DateOnly, double> fourHourPerformance, IReadOnlyDictionary<DateOnly, double>? simulated = null)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(departures);
        ArgumentNullException.ThrowIfNull(fourHourPerformance);
        var buckets = periods.Select(p =>
            {
                double within = 0, weight = 0;
                foreach (var (day, percent) in fourHourPerformance)
                {
                    if (day >= p.First && day < p.Next && departures.TryGetValue(day, out var count) && count > 0)
                    {
                        within += percent * count;
                        weight += count;
                    }
                }

                return new DepartmentBucket(Local(p.First), Local(p.Next), attendances.Keys.Count(d => d >= p.First && d < p.Next),
                    CountIn(simulated, p), Sum(attendances, p), Sum(departures, p), weight > 0 ? within / weight : null);
            })
            .ToList();
        return new DepartmentTrend(unit, period.ToString().ToLowerInvariant(), Local(periods[0].First), Local(periods[^1].Next), buckets);
    }

    private static int CountIn(IReadOnlyDictionary<DateOnly, double>? days, Period period) =>
        days?.Count(d => d.Key >= period.First && d.Key < period.Next && d.Value > 0) ?? 0;

    private static long? Sum(IReadOnlyDictionary<DateOnly, double> values, Period period)
    {
        double? sum = null;
        foreach (var (day, value) in values)
        {
            if (day >= period.First && day < period.Next)
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum is { } s ? (long)Math.Round(s) : null;
    }

    private static DateOnly PeriodStart(DateOnly day, TrendPeriod period) => period switch
    {
        TrendPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), // Monday
        TrendPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    private static DateOnly NextPeriod(DateOnly first, TrendPeriod period) => period switch
    {
        TrendPeriod.Week => first.AddDays(7),
        TrendPeriod.Month => first.AddMonths(1),
        _ => first.AddDays(1),
    };

    /// <summary>Local midnight of the day, with London's offset that day (+01:00 in summer).</summary>
    private DateTimeOffset Local(DateOnly day) => TimeZoneInfo.ConvertTime(Instant(day), _calendar.Zone);
}
