using System.Text.Json;

namespace BuryUrgentCare.Simulation;

/// <summary>
/// The A&amp;E's longest stays: patients in a mental-health crisis who wait in the department for a mental-health bed
/// elsewhere, often for days (RCEM's and NHS England's reports of 12-hour and longer waits are dominated by them).
/// Arrived → [handover] → assessed → seen → referred to mental health → a long wait with nothing recorded → departed,
/// transferred. Rare (<see cref="SimulatorProfile.AeLongWaitsPerWeek"/>), and about half stay longer than 48 hours:
/// the patients the replay horizon, the checkpoints (hazard H19) and the census (hazard H16) exist for.
/// </summary>
/// <remarks>
/// A stream of its own, with its own random draws, begun at start (a wait begun before it would send events older than
/// a replay horizon): every other attendance is exactly as without it.
/// Subjects <c>edw-…</c>, never the same as an <c>ed-…</c> subject.
/// </remarks>
internal sealed class AeLongWaitStream : TrafficStream
{
    private static readonly JsonEncodedText MentalHealth = ContractNames.Encode("mental-health");
    private static readonly JsonEncodedText Working = ContractNames.AgeBands[1];

    private readonly SimulatorProfile _profile;
    private readonly double _meanGapSeconds;
    private readonly long _maxStay;
    private long _next;

    public AeLongWaitStream(SimulatorProfile profile, SimulationRandom random, long fromUnixSeconds)
        : base(rank: 5, random, "edw-")
    {
        _profile = profile;
        _maxStay = (long)profile.AeLongWaitMaxStay.TotalSeconds;
        _meanGapSeconds = profile.AeLongWaitsPerWeek > 0 ? TimeSpan.FromDays(7).TotalSeconds / profile.AeLongWaitsPerWeek : double.PositiveInfinity;
        _next = double.IsPositiveInfinity(_meanGapSeconds) ? long.MaxValue : fromUnixSeconds + Gap();
    }

    public override long NextStart => _next;

    public override SimulatedEpisode GenerateNext(List<EpisodeEvent> events)
    {
        var p = _profile;
        var r = Random;
        var t0 = _next;
        var ambulance = r.Chance(0.5); // brought by the police or an ambulance as often as self-presenting
        var episode = NewEpisode(SimUnit.Ed);
        episode.ArrivalMode = ambulance ? ContractNames.Ambulance : ContractNames.WalkIn;
        episode.Acuity = r.Chance(0.4) ? 2 : 3;
        episode.AgeBand = Working;
        episode.Disposition = ContractNames.Transferred;
        episode.ReferredTo = MentalHealth;

        events.Clear();
        events.Add(new EpisodeEvent(t0, SimEventKind.AeArrived));
        var last = t0;
        if (ambulance)
        {
            last = t0 + r.LogNormalSeconds(p.AeMedianHandover, p.AeHandoverSpread, minimumSeconds: 180);
            events.Add(new EpisodeEvent(last, SimEventKind.AeHandover));
        }

        var assessed = t0 + r.LogNormalSeconds(p.AeMedianToAssessment, 0.6);
        var seen = Math.Max(assessed + 60, t0 + r.LogNormalSeconds(TimeSpan.FromMinutes(90), 0.6, 120));
        var referred = seen + r.LogNormalSeconds(TimeSpan.FromHours(2), 0.5, 600);
        events.Add(new EpisodeEvent(assessed, SimEventKind.AeAssessed));
        events.Add(new EpisodeEvent(seen, SimEventKind.AeSeen));
        events.Add(new EpisodeEvent(referred, SimEventKind.AeReferred));
        last = Math.Max(last, referred);
        // The wait for a bed: nothing is recorded until the transfer.
        var departed = referred + r.LogNormalSeconds(p.AeMedianLongWait, 0.2, minimumSeconds: 12 * 3600);
        events.Add(new EpisodeEvent(Math.Max(departed, last + 60), SimEventKind.AeDeparted));
        Compress(events, _maxStay);

        _next = t0 + Gap();
        return episode;
    }

    /// <summary>A Poisson process: exponential gaps of mean a week over <see cref="SimulatorProfile.AeLongWaitsPerWeek"/>.</summary>
    private long Gap() => 1 + (long)(Random.Exponential() * _meanGapSeconds);
}
