namespace BuryUrgentCare.Simulation;

/// <summary>
/// Urgent Treatment Centre attendances at Fairfield (FGH-UTC, type 3): arrived → assessed → [seen]
/// → departed. Arrivals only while open; patients who arrived before closing are still seen.
/// </summary>
internal sealed class UtcStream : TrafficStream
{
    // Arrival mode: almost all walk in; a few are brought (other) or conveyed by the Green Car /
    // an ambulance crew. Source: ECDS type 3 arrival mode (national).
    private static readonly Categorical Mode = new([2, 92, 6]);

    // Age mix (0-17, 18-64, 65-84, 85+). Source: ECDS type 3 attendances by age (minor injuries, children).
    private static readonly Categorical Age = new([30, 55, 12, 3]);

    // Acuity at the UTC: mostly standard and non-urgent. Source: ECDS acuity, type 3 (national).
    private static readonly Categorical Acuity = new([0, 2, 15, 55, 28]);

    private readonly SimulatorProfile _profile;
    private readonly HourlyArrivalProcess _arrivals;
    private long _next;

    public UtcStream(SimulatorProfile profile, SimulationRandom random, long fromUnixSeconds)
        : base(rank: 2, random, "utc-")
    {
        _profile = profile;
        _arrivals = new HourlyArrivalProcess(
            random, profile.UtcArrivalsPerDay, profile.UtcHourlyProfile, profile.UtcDayOfWeekFactors, fromUnixSeconds,
            isOpenHour: h => h >= profile.UtcOpeningHour && h < profile.UtcClosingHour);
        _next = _arrivals.Next();
    }

    public override long NextStart => _next;

    public override SimulatedEpisode GenerateNext(List<EpisodeEvent> events)
    {
        var p = _profile;
        var r = Random;
        var t0 = _next;
        var episode = NewEpisode(SimUnit.Utc);
        episode.ArrivalMode = Mode.Sample(r) switch
        {
            0 => ContractNames.Ambulance,
            1 => ContractNames.WalkIn,
            _ => ContractNames.OtherArrival,
        };
        episode.AgeBand = r.Chance(0.95) ? ContractNames.AgeBands[Age.Sample(r)] : null;
        episode.Acuity = Acuity.Sample(r) + 1;

        var u = r.NextDouble();
        var disposition =
            u < p.UtcReferredEdShare ? ContractNames.ReferredEd
            : (u -= p.UtcReferredEdShare) < p.UtcReferredGpShare ? ContractNames.ReferredGp
            : (u -= p.UtcReferredGpShare) < p.UtcLeftBeforeTreatmentShare ? ContractNames.LeftBeforeTreatment
            : (u -= p.UtcLeftBeforeTreatmentShare) < p.UtcTransferredShare ? ContractNames.Transferred
            : ContractNames.Discharged;
        episode.Disposition = disposition;

        events.Clear();
        events.Add(new EpisodeEvent(t0, SimEventKind.UtcArrived));
        long departed;
        if (disposition.Equals(ContractNames.LeftBeforeTreatment))
        {
            // A fifth of those who leave do so before triage.
            var assessed = r.Chance(0.2) ? t0 : t0 + r.LogNormalSeconds(p.UtcMedianToAssessment, 0.6);
            if (assessed > t0)
            {
                events.Add(new EpisodeEvent(assessed, SimEventKind.UtcAssessed));
            }

            departed = Math.Max(assessed + 300, t0 + r.LogNormalSeconds(TimeSpan.FromMinutes(80), 0.5, 900));
        }
        else
        {
            var assessed = t0 + r.LogNormalSeconds(p.UtcMedianToAssessment, 0.6);
            var seen = assessed + r.LogNormalSeconds(p.UtcMedianAssessedToSeen, 0.7);
            events.Add(new EpisodeEvent(assessed, SimEventKind.UtcAssessed));
            events.Add(new EpisodeEvent(seen, SimEventKind.UtcSeen));
            // A referral to the ED next door is decided quickly; treatment takes longer.
            departed = seen + (disposition.Equals(ContractNames.ReferredEd)
                ? r.LogNormalSeconds(TimeSpan.FromMinutes(20), 0.5)
                : r.LogNormalSeconds(p.UtcMedianTreatment, 0.6, 300));
        }

        events.Add(new EpisodeEvent(departed, SimEventKind.UtcDeparted));
        Compress(events, 12 * LondonTime.SecondsPerHour);
        _next = _arrivals.Next();
        return episode;
    }
}
