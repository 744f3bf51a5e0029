namespace BuryUrgentCare.Processing;

/// <summary>
/// "Today" for the figures: local days in Europe/London, so a day is 23 hours on the spring BST
/// change and 25 hours in autumn. Caches the current day's UTC bounds because almost every lookup
/// falls inside it. Not thread-safe: one per processor.
/// </summary>
public sealed class ServiceCalendar
{
    private readonly TimeZoneInfo _zone;
    private int _cachedDay = int.MinValue;
    private long _cachedStart;
    private long _cachedEnd;

    public ServiceCalendar(TimeZoneInfo zone) => _zone = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>Europe/London, from the operating system's time-zone database.</summary>
    public static TimeZoneInfo London => TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public TimeZoneInfo Zone => _zone;

    /// <summary>The local day (<see cref="DateOnly.DayNumber"/>) that contains the UTC instant.</summary>
    public int DayOf(long utcTicks)
    {
        if (utcTicks >= _cachedStart && utcTicks < _cachedEnd)
        {
            return _cachedDay;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), _zone);
        var day = DateOnly.FromDateTime(local).DayNumber;
        _cachedDay = day;
        _cachedStart = DayStartUtcTicks(day);
        _cachedEnd = DayStartUtcTicks(day + 1);
        return day;
    }

    /// <summary>
    /// UTC ticks of local midnight starting the day. Midnight is never skipped or repeated in London, but the
    /// zone is configurable and some zones change their clocks at midnight: where midnight is skipped
    /// (America/Santiago) the day starts at its first local time that exists; where it is repeated
    /// (America/Havana) at the first of the two midnights, so every instant of the day is at or after its start.
    /// </summary>
    public long DayStartUtcTicks(int dayNumber)
    {
        var start = DateOnly.FromDayNumber(dayNumber).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (_zone.IsInvalidTime(start))
        {
            start = start.AddMinutes(1); // clock gaps are whole minutes
        }

        if (_zone.IsAmbiguousTime(start))
        {
            // local − offset; the larger offset (daylight time) gives the earlier instant
            return start.Ticks - _zone.GetAmbiguousTimeOffsets(start).Max().Ticks;
        }

        return TimeZoneInfo.ConvertTimeToUtc(start, _zone).Ticks;
    }
}
