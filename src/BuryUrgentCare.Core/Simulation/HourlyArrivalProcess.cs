namespace BuryUrgentCare.Simulation;

/// <summary>
/// A non-homogeneous Poisson process whose rate is constant within each local hour:
/// rate = arrivals per day × day-of-week factor × the hour's share of the hourly profile.
/// Sampled exactly by time rescaling — one unit exponential per arrival, spent across hours at
/// each hour's rate — so the cost is one draw per arrival and one zone lookup per hour, and the
/// sequence of arrivals does not depend on where a caller stops and resumes.
/// </summary>
internal sealed class HourlyArrivalProcess
{
    private readonly SimulationRandom _random;
    private readonly double[] _perHourShare;
    private readonly IReadOnlyList<double> _dayOfWeekFactors;
    private readonly double _perDay;

    private double _position;         // seconds since the Unix epoch
    private double _budget;           // unspent unit-exponential mass before the next arrival
    private long _cachedHour = long.MinValue;
    private double _cachedRatePerSecond;

    public HourlyArrivalProcess(
        SimulationRandom random,
        double perDay,
        IReadOnlyList<double> hourlyProfile,
        IReadOnlyList<double> dayOfWeekFactors,
        long fromUnixSeconds,
        Func<int, bool>? isOpenHour = null)
    {
        _random = random;
        _perDay = perDay;
        _dayOfWeekFactors = dayOfWeekFactors;
        _perHourShare = new double[24];
        var total = 0.0;
        for (var h = 0; h < 24; h++)
        {
            total += isOpenHour is null || isOpenHour(h) ? hourlyProfile[h] : 0;
        }

        for (var h = 0; h < 24; h++)
        {
            _perHourShare[h] = isOpenHour is null || isOpenHour(h) ? hourlyProfile[h] / total : 0;
        }

        _position = fromUnixSeconds;
        _budget = _random.Exponential();
    }

    /// <summary>The next arrival, in whole Unix seconds (truncated, so never before the previous one).</summary>
    public long Next()
    {
        while (true)
        {
            var hourStart = Math.Floor(_position / LondonTime.SecondsPerHour) * LondonTime.SecondsPerHour;
            var hourEnd = hourStart + LondonTime.SecondsPerHour;
            var rate = RatePerSecond((long)hourStart);
            if (rate > 0)
            {
                var needed = _budget / rate;
                if (_position + needed < hourEnd)
                {
                    _position += needed;
                    _budget = _random.Exponential();
                    return (long)Math.Floor(_position);
                }

                _budget -= rate * (hourEnd - _position);
            }

            _position = hourEnd;
        }
    }

    private double RatePerSecond(long hourStart)
    {
        if (hourStart != _cachedHour)
        {
            var local = LondonTime.ToLocal(hourStart);
            _cachedHour = hourStart;
            _cachedRatePerSecond = _perDay * _dayOfWeekFactors[(int)local.DayOfWeek] * _perHourShare[local.Hour]
                                   / LondonTime.SecondsPerHour;
        }

        return _cachedRatePerSecond;
    }
}
