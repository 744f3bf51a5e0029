namespace BuryUrgentCare.Simulation;

/// <summary>
/// Green Car incidents (BURY-GREENCAR): dispatched → on-scene → outcome → clear. There is one car,
/// on shift 08:00–20:00 local, and more suitable 999 calls than it can take, so its jobs are not a
/// Poisson process but back to back: the next dispatch follows the last clear after a short gap,
/// and no new job is given just before the end of the shift.
/// </summary>
internal sealed class GreenCarStream : TrafficStream
{
    private readonly SimulatorProfile _profile;
    private readonly Categorical _category;
    private readonly Categorical _outcome;
    private readonly double _meanGapSeconds;
    private long _next;

    // fromUnixSeconds: the car is free from here on; should be off shift (e.g. local midnight).
    public GreenCarStream(SimulatorProfile profile, SimulationRandom random, long fromUnixSeconds)
        : base(rank: 3, random, "gc-")
    {
        _profile = profile;
        _category = new Categorical(profile.GreenCarCategoryMix);
        _outcome = new Categorical(profile.GreenCarOutcomeMix);
        _meanGapSeconds = profile.GreenCarMeanGapBetweenJobs.TotalSeconds;
        _next = NextDispatch(fromUnixSeconds);
    }

    public override long NextStart => _next;

    public override SimulatedEpisode GenerateNext(List<EpisodeEvent> events)
    {
        var p = _profile;
        var r = Random;
        var t0 = _next;
        var category = _category.Sample(r);
        var outcome = _outcome.Sample(r);
        var episode = NewEpisode(SimUnit.GreenCar);
        episode.Category = ContractNames.Categories[category];
        episode.Outcome = ContractNames.GreenCarOutcomes[outcome];

        // C1/C2 calls are driven to faster (C2 mean 18 min standard).
        var response = r.LogNormalSeconds(p.GreenCarMedianResponse * (category <= 1 ? 0.75 : 1.0), 0.3, 300);
        var onScene = r.LogNormalSeconds(p.GreenCarMedianOnScene, 0.35, 600);
        var conveyed = outcome >= 2;
        var clear = conveyed
            ? r.LogNormalSeconds(p.GreenCarMedianClearAfterConveyance, 0.35, 600)
            : r.LogNormalSeconds(p.GreenCarMedianClearAfterNonConveyance, 0.5, 60);

        events.Clear();
        events.Add(new EpisodeEvent(t0, SimEventKind.GreenCarDispatched));
        events.Add(new EpisodeEvent(t0 + response, SimEventKind.GreenCarOnScene));
        events.Add(new EpisodeEvent(t0 + response + onScene, SimEventKind.GreenCarOutcome));
        events.Add(new EpisodeEvent(t0 + response + onScene + clear, SimEventKind.GreenCarClear));
        _next = NextDispatch(t0 + response + onScene + clear);
        return episode;
    }

    /// <summary>The next dispatch once the car is free at <paramref name="freeAt"/>: a short gap, within the shift.</summary>
    private long NextDispatch(long freeAt)
    {
        var p = _profile;
        var lastDispatchBeforeEnd = (long)p.GreenCarLastDispatchBeforeEnd.TotalSeconds;
        var t = freeAt + Gap();
        while (true)
        {
            var date = DateOnly.FromDateTime(LondonTime.ToLocal(t));
            var shiftStart = LondonTime.AtLocalHour(date, p.GreenCarShiftStartHour);
            var lastDispatch = LondonTime.AtLocalHour(date, p.GreenCarShiftEndHour) - lastDispatchBeforeEnd;
            if (t < shiftStart)
            {
                t = shiftStart + Gap();
            }
            else if (t < lastDispatch)
            {
                return t;
            }
            else
            {
                t = LondonTime.AtLocalHour(date.AddDays(1), p.GreenCarShiftStartHour) + Gap();
            }
        }
    }

    private long Gap() => (long)(Random.Exponential() * _meanGapSeconds);
}
