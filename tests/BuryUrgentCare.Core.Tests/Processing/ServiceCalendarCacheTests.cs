namespace BuryUrgentCare.Processing;

/// <summary>
/// The calendar answers from a held run of day starts instead of converting every instant. It must give
/// exactly what a direct conversion gives, in any order of lookups, in zones that skip or repeat midnight too.
/// </summary>
public sealed class ServiceCalendarCacheTests
{
    public static TheoryData<string> Zones => new() { "Europe/London", "America/Santiago", "America/Havana", "Pacific/Apia", "Australia/Lord_Howe", "UTC" };

    private static int DirectDayOf(TimeZoneInfo zone, long utcTicks) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), zone)).DayNumber;

    [Theory]
    [MemberData(nameof(Zones))]
    public void DayOf_RandomInstantsInRandomOrder_SameAsDirectConversion(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var calendar = new ServiceCalendar(zone);
        var random = new Random(zoneId.Length);
        // Apia skipped 30 Dec 2011 entirely; the others change clocks at or near midnight every year.
        var from = new DateTime(2011, 6, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var to = new DateTime(2013, 6, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        for (var i = 0; i < 20_000; i++)
        {
            // mostly near the previous instant (as events are), sometimes anywhere, sometimes on a minute boundary
            var instant = random.Next(10) == 0 ? random.NextInt64(from, to) : from + random.NextInt64(to - from);
            if (random.Next(3) == 0)
            {
                instant -= instant % TimeSpan.TicksPerMinute;
            }

            calendar.DayOf(instant).ShouldBe(DirectDayOf(zone, instant), $"{new DateTime(instant, DateTimeKind.Utc):O} in {zoneId}");
        }
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void DayOf_EveryMinuteAroundEveryDayStart_SameAsDirectConversion(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var calendar = new ServiceCalendar(zone);
        var reference = new ServiceCalendar(zone);
        var first = new DateOnly(2011, 12, 20).DayNumber;
        for (var day = first; day < first + 400; day++)
        {
            var start = new ServiceCalendar(zone).DayStartUtcTicks(day); // computed, never cached
            calendar.DayStartUtcTicks(day).ShouldBe(start);
            for (var minute = -2; minute <= 2; minute++)
            {
                var instant = start + (minute * TimeSpan.TicksPerMinute) - (minute < 0 ? 0 : 1);
                calendar.DayOf(instant).ShouldBe(DirectDayOf(zone, instant));
                calendar.DayOf(start - 1).ShouldBe(DirectDayOf(zone, start - 1));
            }

            reference.DayOf(start).ShouldBe(DirectDayOf(zone, start));
        }
    }

    [Fact]
    public void DayOf_InstantsYearsApart_StartsNewRunAndStaysRight()
    {
        var calendar = new ServiceCalendar(ServiceCalendar.London);
        var zone = ServiceCalendar.London;
        foreach (var year in new[] { 2026, 2001, 2040, 2026, 1999, 2026 })
        {
            var instant = new DateTime(year, 3, 29, 0, 30, 0, DateTimeKind.Utc).Ticks;
            calendar.DayOf(instant).ShouldBe(DirectDayOf(zone, instant));
            calendar.DayStartUtcTicks(calendar.DayOf(instant)).ShouldBe(new ServiceCalendar(zone).DayStartUtcTicks(DirectDayOf(zone, instant)));
        }
    }
}
