namespace BuryUrgentCare.Processing;

/// <summary>"Today" is the Europe/London date: 23-hour and 25-hour days on the clock changes.</summary>
public sealed class ServiceCalendarTests
{
    private static readonly ServiceCalendar Calendar = new(ServiceCalendar.London);

    private static int DayOf(string instant) =>
        new ServiceCalendar(ServiceCalendar.London).DayOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture).UtcTicks);

    private static int Day(int year, int month, int day) => new DateOnly(year, month, day).DayNumber;

    private static DateTimeOffset Start(int year, int month, int day) =>
        new(Calendar.DayStartUtcTicks(Day(year, month, day)), TimeSpan.Zero);

    [Theory]
    // Spring forward, Sun 29 Mar 2026: 01:00 GMT → 02:00 BST
    [InlineData("2026-03-28T23:30:00Z", 2026, 3, 28)] // Sat 23:30 GMT
    [InlineData("2026-03-28T23:59:59.9999999Z", 2026, 3, 28)]
    [InlineData("2026-03-29T00:00:00Z", 2026, 3, 29)] // Sun 00:00 GMT
    [InlineData("2026-03-29T00:30:00Z", 2026, 3, 29)] // Sun 00:30 GMT
    [InlineData("2026-03-29T00:59:59Z", 2026, 3, 29)] // Sun 00:59:59 GMT
    [InlineData("2026-03-29T01:00:00Z", 2026, 3, 29)] // Sun 02:00 BST
    [InlineData("2026-03-29T22:30:00Z", 2026, 3, 29)] // Sun 23:30 BST
    [InlineData("2026-03-29T22:59:59.9999999Z", 2026, 3, 29)]
    [InlineData("2026-03-29T23:00:00Z", 2026, 3, 30)] // Mon 00:00 BST
    [InlineData("2026-03-29T23:30:00Z", 2026, 3, 30)] // Mon 00:30 BST
    // Fall back, Sun 25 Oct 2026: 02:00 BST → 01:00 GMT
    [InlineData("2026-10-24T22:30:00Z", 2026, 10, 24)] // Sat 23:30 BST
    [InlineData("2026-10-24T22:59:59.9999999Z", 2026, 10, 24)]
    [InlineData("2026-10-24T23:00:00Z", 2026, 10, 25)] // Sun 00:00 BST
    [InlineData("2026-10-24T23:30:00Z", 2026, 10, 25)] // Sun 00:30 BST
    [InlineData("2026-10-25T00:30:00Z", 2026, 10, 25)] // Sun 01:30 BST (first)
    [InlineData("2026-10-25T01:30:00Z", 2026, 10, 25)] // Sun 01:30 GMT (second)
    [InlineData("2026-10-25T23:30:00Z", 2026, 10, 25)] // Sun 23:30 GMT
    [InlineData("2026-10-25T23:59:59.9999999Z", 2026, 10, 25)]
    [InlineData("2026-10-26T00:00:00Z", 2026, 10, 26)] // Mon 00:00 GMT
    [InlineData("2026-10-26T00:30:00Z", 2026, 10, 26)] // Mon 00:30 GMT
    // Summer and winter days with offsets in the instant itself
    [InlineData("2026-07-01T00:30:00+01:00", 2026, 7, 1)] // 30 Jun 23:30Z
    [InlineData("2026-06-30T23:30:00+01:00", 2026, 6, 30)]
    [InlineData("2026-12-31T23:59:59Z", 2026, 12, 31)]
    [InlineData("2027-01-01T00:00:00Z", 2027, 1, 1)]
    public void DayOf_InstantsAroundMidnightsAndClockChanges_LondonDate(string instant, int year, int month, int day)
    {
        DayOf(instant).ShouldBe(Day(year, month, day));
    }

    [Fact]
    public void DayStartUtcTicks_ClockChangeDays_LondonMidnightInUtc()
    {
        Start(2026, 3, 29).ShouldBe(DateTimeOffset.Parse("2026-03-29T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Start(2026, 3, 30).ShouldBe(DateTimeOffset.Parse("2026-03-29T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Start(2026, 10, 25).ShouldBe(DateTimeOffset.Parse("2026-10-24T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Start(2026, 10, 26).ShouldBe(DateTimeOffset.Parse("2026-10-26T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DayLength_SpringAndAutumnChange_23And25Hours()
    {
        (Start(2026, 3, 30) - Start(2026, 3, 29)).ShouldBe(TimeSpan.FromHours(23));
        (Start(2026, 10, 26) - Start(2026, 10, 25)).ShouldBe(TimeSpan.FromHours(25));
        (Start(2026, 11, 19) - Start(2026, 11, 18)).ShouldBe(TimeSpan.FromHours(24));
        (Start(2026, 7, 2) - Start(2026, 7, 1)).ShouldBe(TimeSpan.FromHours(24));
    }

    [Fact]
    public void DayOf_AlternatingAcrossDays_CacheNeverAnswersForTheWrongDay()
    {
        var calendar = new ServiceCalendar(ServiceCalendar.London);
        var sunday = Day(2026, 10, 25);
        var saturday = Day(2026, 10, 24);
        var monday = Day(2026, 10, 26);
        long Ticks(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture).UtcTicks;

        calendar.DayOf(Ticks("2026-10-25T12:00:00Z")).ShouldBe(sunday);
        calendar.DayOf(Ticks("2026-10-24T22:59:59Z")).ShouldBe(saturday);
        calendar.DayOf(Ticks("2026-10-24T23:00:00Z")).ShouldBe(sunday);
        calendar.DayOf(Ticks("2026-10-26T00:00:00Z")).ShouldBe(monday);
        calendar.DayOf(Ticks("2026-10-25T23:59:59Z")).ShouldBe(sunday);
        calendar.DayOf(Ticks("2026-10-24T23:00:00Z")).ShouldBe(sunday);
    }

    [Fact]
    public void DayOf_OtherZone_FollowsThatZone()
    {
        var calendar = new ServiceCalendar(TimeZoneInfo.Utc);
        var instant = DateTimeOffset.Parse("2026-06-30T23:30:00Z", System.Globalization.CultureInfo.InvariantCulture).UtcTicks;

        // in London this is 1 July 00:30 BST; in UTC still 30 June
        calendar.DayOf(instant).ShouldBe(Day(2026, 6, 30));
        Calendar.DayOf(instant).ShouldBe(Day(2026, 7, 1));
    }

    // ProcessorSettings.Zone is configurable. London never skips or repeats midnight, but other zones do:
    // the calendar must neither throw nor put an instant on the wrong day there.

    [Fact]
    public void DayStartUtcTicks_ZoneSkippingMidnight_DayStartsAtFirstExistingInstant()
    {
        // America/Santiago, Sun 6 Sep 2026: 00:00 −04 jumps to 01:00 −03, so local midnight does not exist.
        var calendar = new ServiceCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/Santiago"));
        var sunday = Day(2026, 9, 6);
        long Ticks(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture).UtcTicks;

        // the day starts at 01:00 −03 = 04:00Z, the instant the clocks jumped
        new DateTimeOffset(calendar.DayStartUtcTicks(sunday), TimeSpan.Zero)
            .ShouldBe(DateTimeOffset.Parse("2026-09-06T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        calendar.DayOf(Ticks("2026-09-06T03:59:59Z")).ShouldBe(Day(2026, 9, 5)); // Sat 23:59:59 −04
        calendar.DayOf(Ticks("2026-09-06T04:00:00Z")).ShouldBe(sunday);          // Sun 01:00 −03
        // Saturday ended at the same instant: a 24-hour Saturday (from 04:00Z) and a 23-hour Sunday
        (calendar.DayStartUtcTicks(sunday) - calendar.DayStartUtcTicks(sunday - 1)).ShouldBe(TimeSpan.FromHours(24).Ticks);
        (calendar.DayStartUtcTicks(sunday + 1) - calendar.DayStartUtcTicks(sunday)).ShouldBe(TimeSpan.FromHours(23).Ticks);
    }

    [Fact]
    public void DayOf_ZoneRepeatingMidnight_FirstMidnightStartsTheDay()
    {
        // America/Havana, Sun 1 Nov 2026: 01:00 −04 falls back to 00:00 −05, so 00:00–00:59 happens twice.
        var calendar = new ServiceCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/Havana"));
        var sunday = Day(2026, 11, 1);
        long Ticks(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture).UtcTicks;

        // prime the cache with Saturday, then ask for the first 00:30 (−04) of Sunday
        calendar.DayOf(Ticks("2026-10-31T16:00:00Z")).ShouldBe(Day(2026, 10, 31));
        calendar.DayOf(Ticks("2026-11-01T04:30:00Z")).ShouldBe(sunday);
        calendar.DayOf(Ticks("2026-11-01T03:59:59Z")).ShouldBe(Day(2026, 10, 31));
        calendar.DayOf(Ticks("2026-11-01T05:30:00Z")).ShouldBe(sunday); // the second 00:30 (−05)
        new DateTimeOffset(calendar.DayStartUtcTicks(sunday), TimeSpan.Zero)
            .ShouldBe(DateTimeOffset.Parse("2026-11-01T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        // Sunday lasts 25 hours
        (calendar.DayStartUtcTicks(sunday + 1) - calendar.DayStartUtcTicks(sunday)).ShouldBe(TimeSpan.FromHours(25).Ticks);
    }

    [Fact]
    public void Process_ZoneSkippingMidnight_DoesNotThrowAndFlagsLateByTheRealDayStart()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(
            DateTimeOffset.Parse("2026-09-06T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var processor = new StreamProcessor(
            BuryUrgentCare.Contract.UnitCatalog.Bury,
            clock,
            new ProcessorSettings { Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago") });

        processor.Process(Ae.Arrived("before", "2026-09-06T03:59:00Z").Utf8).Late.ShouldBeTrue();
        processor.Process(Ae.Arrived("after", "2026-09-06T04:00:00Z").Utf8).Late.ShouldBeFalse();
        ((BuryUrgentCare.Figures.EmergencyDepartmentFigures)processor.Snapshot(ScenarioEvents.AeUnit).Figures).ArrivalsToday.ShouldBe(1);
    }
}
