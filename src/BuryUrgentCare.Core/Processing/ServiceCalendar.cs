namespace BuryUrgentCare.Processing;

/// <summary>
/// "Today" for the figures: local days in Europe/London, so a day is 23 hours on the spring BST
/// change and 25 hours in autumn. Not thread-safe: one per processor.
/// </summary>
/// <remarks>
/// Every event asks for several days (its arrival's, its departure's, "now"'s …), and they are not one
/// day: episodes cross midnight and a replay spans the 48-hour horizon. So the calendar keeps the starts
/// of a contiguous run of days, grown as lookups reach new days, and answers from them without touching
/// <see cref="TimeZoneInfo"/> (a conversion costs about 0.3 µs, and events asked for several each). It
/// answers so only for days it has checked are plain: 24 hours at one UTC offset throughout, whose first
/// and last instants convert to that day. Then every instant from the day's start to the next day's
/// start converts to that day, so the answer is the conversion's. Any other day (a clock change, or a
/// zone's odd history such as Samoa skipping 30 December 2011) is converted every time, as before.
/// </remarks>
public sealed class ServiceCalendar
{
    /// <summary>Most days held (a run of days, 9 bytes each); a lookup further away starts a new run.</summary>
    private const int MaxHeldDays = 4096;

    private readonly TimeZoneInfo _zone;
    private int _firstDay;
    private int _dayCount;                 // days held: _firstDay … _firstDay + _dayCount − 1
    private long[] _starts = new long[16]; // _starts[i] = start of day _firstDay + i, for i = 0 … _dayCount (the last is the end)
    private bool[] _plain = new bool[16];  // _plain[i]: day _firstDay + i may be answered from _starts

    public ServiceCalendar(TimeZoneInfo zone) => _zone = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>Europe/London, from the operating system's time-zone database: the one zone of every "today", looked up once.</summary>
    public static TimeZoneInfo London { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public TimeZoneInfo Zone => _zone;

    /// <summary>The local day (<see cref="DateOnly.DayNumber"/>) that contains the UTC instant.</summary>
    public int DayOf(long utcTicks)
    {
        var starts = _starts;
        if (_dayCount > 0 && utcTicks >= starts[0] && utcTicks < starts[_dayCount])
        {
            // Days are about 24 hours long, so the estimate is off by at most the zone's largest offset change.
            var i = (int)Math.Min((utcTicks - starts[0]) / TimeSpan.TicksPerDay, _dayCount - 1);
            while (utcTicks < starts[i]) i--;
            while (utcTicks >= starts[i + 1]) i++;
            if (_plain[i])
            {
                return _firstDay + i;
            }

            return Convert(utcTicks);
        }

        var day = Convert(utcTicks);
        Hold(day);
        return day;
    }

    private int Convert(long utcTicks) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), _zone)).DayNumber;

    /// <summary>Extends the run of held days to include <paramref name="day"/>, or starts a new run there.</summary>
    private void Hold(int day)
    {
        if (_dayCount == 0 || Math.Max(day + 1, _firstDay + _dayCount) - Math.Min(day, _firstDay) > MaxHeldDays)
        {
            _firstDay = day;
            _dayCount = 0;
            _starts[0] = ComputeDayStart(day);
        }

        var first = Math.Min(day, _firstDay);
        var end = Math.Max(day + 1, _firstDay + _dayCount); // exclusive
        var count = end - first;
        var shift = _firstDay - first;
        if (count + 1 > _starts.Length || shift > 0)
        {
            // Growing, or a day before the run: move the held days up by the days to prepend (rare).
            var length = count + 1 > _starts.Length ? Math.Max(count + 1, 2 * _starts.Length) : _starts.Length;
            var starts = new long[length];
            var plain = new bool[length];
            Array.Copy(_starts, 0, starts, shift, _dayCount + 1);
            Array.Copy(_plain, 0, plain, shift, _dayCount);
            _starts = starts;
            _plain = plain;
        }

        for (var i = shift - 1; i >= 0; i--)
        {
            _starts[i] = ComputeDayStart(first + i);
        }

        for (var i = shift + _dayCount + 1; i <= count; i++)
        {
            _starts[i] = ComputeDayStart(first + i);
        }

        for (var i = 0; i < count; i++)
        {
            if (i < shift || i >= shift + _dayCount)
            {
                _plain[i] = IsPlain(first + i, _starts[i], _starts[i + 1]);
            }
        }

        _firstDay = first;
        _dayCount = count;
    }

    /// <summary>
    /// True when the day is 24 hours at one UTC offset (checked at its start and every hour after) and its
    /// first and last instants convert to it: then so does every instant between.
    /// </summary>
    private bool IsPlain(int day, long start, long end)
    {
        if (end - start != TimeSpan.TicksPerDay || Convert(start) != day || Convert(end - 1) != day)
        {
            return false;
        }

        var offset = _zone.GetUtcOffset(new DateTime(start, DateTimeKind.Utc));
        for (var t = start + TimeSpan.TicksPerHour; t < end; t += TimeSpan.TicksPerHour)
        {
            if (_zone.GetUtcOffset(new DateTime(t, DateTimeKind.Utc)) != offset)
            {
                return false;
            }
        }

        return _zone.GetUtcOffset(new DateTime(end - 1, DateTimeKind.Utc)) == offset;
    }

    /// <summary>
    /// UTC ticks of local midnight starting the day. Midnight is never skipped or repeated in London, but the
    /// zone is configurable and some zones change their clocks at midnight: where midnight is skipped
    /// (America/Santiago) the day starts at its first local time that exists; where it is repeated
    /// (America/Havana) at the first of the two midnights, so every instant of the day is at or after its start.
    /// </summary>
    public long DayStartUtcTicks(int dayNumber)
    {
        // Held starts were computed by ComputeDayStart: the same answer, plain day or not.
        var i = dayNumber - _firstDay;
        return (uint)i <= (uint)_dayCount && _dayCount > 0 ? _starts[i] : ComputeDayStart(dayNumber);
    }

    private long ComputeDayStart(int dayNumber)
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
