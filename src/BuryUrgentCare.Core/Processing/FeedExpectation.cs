using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Simulation;

namespace BuryUrgentCare.Processing;

/// <summary>
/// How many events each service's feed is expected to send in each local hour of the week, and from that whether a
/// feed's silence is still luck or a fault. A wallboard's <c>asOf</c> advances on every tick whether or not anything
/// arrives, so a department whose EPR interface stopped at 14:00 would otherwise look live and calm all afternoon.
/// </summary>
/// <remarks>
/// <para>The judgement is a Poisson one: if a feed is expected to send <c>m</c> events over the gap since its last one,
/// a gap that long happens by chance with probability e<sup>−m</sup>. <c>quiet</c> once that is under 5 % (m ≥ 3),
/// <c>silent</c> once it is under 0.1 % (m ≥ 7). So a busy department's feed is silent after about 40 minutes of nothing at
/// midday and after some hours at 4 am; a UTC that is closed overnight is never silent for being closed; a unit that has
/// sent nothing within the whole replay horizon is judged from the start of the horizon.</para>
/// <para>Rates are of episodes started (arrivals, dispatches, calls), not of all events: each episode sends several, so
/// the judgement errs toward patience, never toward a false alarm. The default, <see cref="FromProfile"/>, is Bury's
/// calibrated demand (<see cref="SimulatorProfile"/>, from public NHS figures); a trust with other volumes scales it.</para>
/// </remarks>
public sealed class FeedExpectation
{
    /// <summary>Expected events over a gap at which it stops being ordinary: chance of so long a gap under 5 %.</summary>
    public const double QuietAt = 3.0;

    /// <summary>Expected events over a gap at which the feed is taken as silent: chance under 0.1 %.</summary>
    public const double SilentAt = 7.0;

    private readonly double[][] _perHourOfWeek; // [service][dayOfWeek * 24 + hour], events per hour
    private readonly TimeZoneInfo _zone;

    /// <param name="perHourOfWeek">Per <see cref="ServiceKind"/> (by its value), 168 expected events per hour: Sunday 00:00 first.</param>
    /// <param name="zone">The zone whose hours these are (Europe/London).</param>
    public FeedExpectation(IReadOnlyList<IReadOnlyList<double>> perHourOfWeek, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(perHourOfWeek);
        _zone = zone ?? throw new ArgumentNullException(nameof(zone));
        if (perHourOfWeek.Count != Enum.GetValues<ServiceKind>().Length || perHourOfWeek.Any(p => p.Count != 168 || p.Any(r => r < 0 || !double.IsFinite(r))))
        {
            throw new ArgumentException("One list of 168 non-negative hourly rates per service is required.", nameof(perHourOfWeek));
        }

        _perHourOfWeek = [.. perHourOfWeek.Select(p => p.ToArray())];
    }

    /// <summary>
    /// Bury's demand as the simulator is calibrated (A&amp;E and UTC arrivals, Green Car jobs in its shift, IVCH calls),
    /// times <paramref name="scale"/> for a system of another size.
    /// </summary>
    public static FeedExpectation FromProfile(SimulatorProfile profile, double scale = 1.0, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        var ae = Weekly(profile.AeArrivalsPerDay, profile.AeHourlyProfile, profile.AeDayOfWeekFactors);
        var utc = Weekly(profile.UtcArrivalsPerDay, profile.UtcHourlyProfile, profile.UtcDayOfWeekFactors);
        var ivch = Weekly(profile.IvchCallsPerDay, profile.IvchHourlyProfile, profile.IvchDayOfWeekFactors);

        // One job at a time: response, on scene, clearing and the gap before the next, within the shift.
        var jobMinutes = (profile.GreenCarMedianResponse + profile.GreenCarMedianOnScene + profile.GreenCarMedianClearAfterNonConveyance
            + profile.GreenCarMeanGapBetweenJobs).TotalMinutes;
        var greenCar = new double[168];
        for (var hour = 0; hour < 168; hour++)
        {
            var hourOfDay = hour % 24;
            greenCar[hour] = hourOfDay >= profile.GreenCarShiftStartHour && hourOfDay < profile.GreenCarShiftEndHour ? 60 / jobMinutes : 0;
        }

        var byService = new double[Enum.GetValues<ServiceKind>().Length][];
        foreach (var rates in new[] { ae, utc, greenCar, ivch })
        {
            for (var hour = 0; hour < rates.Length; hour++)
            {
                rates[hour] *= scale;
            }
        }

        byService[(int)ServiceKind.Ae] = ae;
        byService[(int)ServiceKind.Utc] = utc;
        byService[(int)ServiceKind.GreenCar] = greenCar;
        byService[(int)ServiceKind.Ivch] = ivch;
        return new FeedExpectation(byService, zone ?? ServiceCalendar.London);
    }

    /// <summary>Events the service's feed is expected to send between two instants.</summary>
    public double ExpectedBetween(ServiceKind service, DateTimeOffset from, DateTimeOffset to)
    {
        var rates = _perHourOfWeek[(int)service];
        var expected = 0.0;
        var at = from;
        while (at < to)
        {
            var local = TimeZoneInfo.ConvertTime(at, _zone);
            var hourStart = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);
            var next = hourStart.AddHours(1) < to ? hourStart.AddHours(1) : to;
            expected += rates[((int)local.DayOfWeek * 24) + local.Hour] * (next - at).TotalHours;
            at = next;
        }

        return expected;
    }

    /// <summary>
    /// The feed's state at <paramref name="now"/>, given when its last event was received (null: none within the
    /// horizon, judged from <paramref name="observedSince"/>).
    /// </summary>
    public FeedStatus Judge(ServiceKind service, DateTimeOffset? lastEventAt, DateTimeOffset observedSince, DateTimeOffset now)
    {
        var expected = ExpectedBetween(service, lastEventAt ?? observedSince, now);
        var status = expected >= SilentAt ? FeedStatus.Silent : expected >= QuietAt ? FeedStatus.Quiet : FeedStatus.Live;
        return new FeedStatus(status, lastEventAt, Math.Round(expected, 1));
    }

    private static double[] Weekly(double perDay, IReadOnlyList<double> hourly, IReadOnlyList<double> dayFactors)
    {
        var hourTotal = hourly.Sum();
        var rates = new double[168];
        for (var day = 0; day < 7; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                rates[(day * 24) + hour] = hourTotal > 0 ? perDay * dayFactors[day] * hourly[hour] / hourTotal : 0;
            }
        }

        return rates;
    }
}
