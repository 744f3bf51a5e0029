namespace BuryUrgentCare.Simulation;

/// <summary>
/// Local-time arithmetic for Europe/London on whole-second Unix times. London's offset is always
/// a whole number of hours, so every UTC hour is exactly one local hour: the arrival processes
/// step through UTC hours and look up each one's local hour and day of week once.
/// </summary>
internal static class LondonTime
{
    public const long SecondsPerHour = 3_600;

    public static TimeZoneInfo Zone => Processing.ServiceCalendar.London;

    public static DateTime ToLocal(long unixSeconds) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddSeconds(unixSeconds), Zone);

    /// <summary>The Unix time of <paramref name="hour"/>:00 local on the given local date.</summary>
    public static long AtLocalHour(DateOnly localDate, int hour)
    {
        var local = localDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddHours(hour);
        // London's clocks change at 01:00 UTC: local 01:00–02:00 is skipped in March (step over
        // it) and repeated in October (the standard-time instant is taken). Every other whole
        // hour is one instant.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return (long)(TimeZoneInfo.ConvertTimeToUtc(local, Zone) - DateTime.UnixEpoch).TotalSeconds;
    }

    /// <summary>The first local <c>hh:00</c> among <paramref name="hours"/> strictly after <paramref name="unixSeconds"/>.</summary>
    public static long NextLocalHour(long unixSeconds, IReadOnlyList<int> hours)
    {
        var date = DateOnly.FromDateTime(ToLocal(unixSeconds));
        var best = long.MaxValue;
        for (var day = 0; day <= 2; day++)
        {
            foreach (var hour in hours)
            {
                var candidate = AtLocalHour(date.AddDays(day), hour);
                if (candidate > unixSeconds && candidate < best)
                {
                    best = candidate;
                }
            }
        }

        return best;
    }

    /// <summary>The first whole second at or after <paramref name="time"/>.</summary>
    public static long CeilingUnixSeconds(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds) < time ? seconds + 1 : seconds;
    }
}
