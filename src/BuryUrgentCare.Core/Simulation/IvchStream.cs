namespace BuryUrgentCare.Simulation;

/// <summary>
/// Integrated Virtual Clinical Hub calls (BURY-IVCH): call-received → abandoned, or call-received →
/// assessed → outcome. Calls arrive all day; the queue is longer when the phones are busiest.
/// </summary>
internal sealed class IvchStream : TrafficStream
{
    private readonly SimulatorProfile _profile;
    private readonly HourlyArrivalProcess _arrivals;
    private readonly Categorical _route;
    private readonly Categorical _inHours;
    private readonly Categorical _outOfHours;
    private readonly double[] _queueFactorByHour = new double[24];
    private long _next;

    public IvchStream(SimulatorProfile profile, SimulationRandom random, long fromUnixSeconds)
        : base(rank: 4, random, "ivch-")
    {
        _profile = profile;
        _route = new Categorical(profile.IvchRouteMix);
        _inHours = new Categorical(profile.IvchDispositionMixInHours);
        _outOfHours = new Categorical(profile.IvchDispositionMixOutOfHours);
        // Queue waits grow with demand: the median wait at hour h is scaled by the square root of
        // that hour's call rate relative to the average hour (×≈1.3 at the evening peak, ×≈0.5 at 04:00).
        var mean = profile.IvchHourlyProfile.Average();
        for (var h = 0; h < 24; h++)
        {
            _queueFactorByHour[h] = Math.Sqrt(Math.Max(profile.IvchHourlyProfile[h], 0.05 * mean) / mean);
        }

        _arrivals = new HourlyArrivalProcess(
            random, profile.IvchCallsPerDay, profile.IvchHourlyProfile, profile.IvchDayOfWeekFactors, fromUnixSeconds);
        _next = _arrivals.Next();
    }

    public override long NextStart => _next;

    public override SimulatedEpisode GenerateNext(List<EpisodeEvent> events)
    {
        var p = _profile;
        var r = Random;
        var t0 = _next;
        var episode = NewEpisode(SimUnit.Ivch);
        episode.Route = ContractNames.Routes[_route.Sample(r)];

        events.Clear();
        events.Add(new EpisodeEvent(t0, SimEventKind.IvchCallReceived));
        if (r.Chance(p.IvchAbandonedShare))
        {
            events.Add(new EpisodeEvent(t0 + r.LogNormalSeconds(TimeSpan.FromMinutes(6), 0.6, 30), SimEventKind.IvchAbandoned));
        }
        else
        {
            var local = LondonTime.ToLocal(t0);
            var assessed = t0 + r.LogNormalSeconds(p.IvchMedianQueueWait * _queueFactorByHour[local.Hour], 0.8, 15);
            var outcome = assessed + r.LogNormalSeconds(p.IvchMedianAssessment, 0.5, 120);
            var disposition = (InGpHours(local) ? _inHours : _outOfHours).Sample(r);
            episode.Disposition = ContractNames.IvchDispositions[disposition];
            // booked is optional: sent for the GP appointments the hub books directly.
            episode.Booked = disposition is 3 or 4 ? r.Chance(p.IvchGpBookedShare) : null;
            events.Add(new EpisodeEvent(assessed, SimEventKind.IvchAssessed));
            events.Add(new EpisodeEvent(outcome, SimEventKind.IvchOutcome));
        }

        _next = _arrivals.Next();
        return episode;
    }

    /// <summary>GP practices are open 08:00–18:30 on weekdays (GMS contract core hours).</summary>
    private static bool InGpHours(DateTime local) =>
        local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && local.TimeOfDay >= TimeSpan.FromHours(8)
        && local.TimeOfDay < new TimeSpan(18, 30, 0);
}
