using System.Text.Json;

namespace BuryUrgentCare.Simulation;

/// <summary>
/// A&amp;E attendances at Fairfield (FGH-ED, type 1): arrived → [handover] → assessed → [seen] → [referred] →
/// [admit-decision] → departed. Arrivals are a non-homogeneous Poisson process over local hours.
/// </summary>
internal sealed class AeStream : TrafficStream
{
    // Age mix by arrival mode (0-17, 18-64, 65-84, 85+). Source: ECDS / HES A&E attendances by age —
    // ambulance arrivals are mostly over 65, walk-ins mostly working age and children.
    private static readonly Categorical AgeAmbulance = new([5, 35, 35, 25]);
    private static readonly Categorical AgeSelfPresenting = new([25, 58, 13, 4]);

    // Admitting specialty. Source: HES admitted patient care, emergency admissions via A&E by main
    // specialty (acute/general medicine dominates; surgery, T&O next).
    private static readonly JsonEncodedText[] Specialties =
    [
        ContractNames.Encode("acute-medicine"), ContractNames.Encode("general-surgery"),
        ContractNames.Encode("trauma-orthopaedics"), ContractNames.Encode("cardiology"),
        ContractNames.Encode("respiratory"), ContractNames.Encode("gynaecology"),
        ContractNames.Encode("elderly-care"), ContractNames.Encode("paediatrics"),
    ];

    private static readonly Categorical SpecialtyAdult = new([42, 16, 11, 9, 9, 4, 9, 0]);
    private static readonly Categorical SpecialtyOldest = new([35, 8, 12, 5, 5, 0, 35, 0]);

    // Admission odds rise with age (HES: emergency admission rate from A&E ≈ 10 % under 18, > 50 % over 85).
    private static readonly double[] AdmissionAgeFactor = [0.5, 1.0, 1.3, 1.6];

    private readonly SimulatorProfile _profile;
    private readonly HourlyArrivalProcess _arrivals;
    private readonly Categorical _acuityAmbulance;
    private readonly Categorical _acuitySelfPresenting;
    private readonly long _maxStay;
    private readonly SimulationRandom _streaming; // the UTC part of streamed attendances: its own draws, so the A&E's stay as they were
    private readonly SimulationRandom _referrals; // likewise for referrals to a specialty (v1.1)
    private readonly SystemPressure _pressure;
    private long _next;

    public AeStream(SimulatorProfile profile, SimulationRandom random, long fromUnixSeconds, SystemPressure pressure)
        : base(rank: 1, random, "ed-")
    {
        _profile = profile;
        _pressure = pressure;
        _acuityAmbulance = new Categorical(profile.AeAcuityMixAmbulance);
        _acuitySelfPresenting = new Categorical(profile.AeAcuityMixSelfPresenting);
        _maxStay = (long)profile.AeMaxStay.TotalSeconds;
        _arrivals = new HourlyArrivalProcess(
            random, profile.AeArrivalsPerDay, profile.AeHourlyProfile, profile.AeDayOfWeekFactors, fromUnixSeconds);
        _next = _arrivals.Next();
        _streaming = new SimulationRandom(SecondarySeed);
        _referrals = new SimulationRandom(~SecondarySeed);
    }

    public override long NextStart => _next;

    public override SimulatedEpisode GenerateNext(List<EpisodeEvent> events)
    {
        var p = _profile;
        var r = Random;
        var t0 = _next;

        var u = r.NextDouble();
        var ambulance = u < p.AeAmbulanceShare;
        var walkIn = !ambulance && u >= p.AeAmbulanceShare + p.AeOtherArrivalShare;
        var age = (ambulance ? AgeAmbulance : AgeSelfPresenting).Sample(r);
        var acuity = (ambulance ? _acuityAmbulance : _acuitySelfPresenting).Sample(r) + 1;
        var episode = NewEpisode(SimUnit.Ed);
        episode.ArrivalMode = ambulance ? ContractNames.Ambulance : walkIn ? ContractNames.WalkIn : ContractNames.OtherArrival;
        episode.Acuity = acuity;
        episode.AcuityOnArrival = r.Chance(ambulance ? p.AeArrivalAcuityShare : p.AeArrivalAcuityShare / 5);
        // ageBand is optional in the contract; a few EPR feeds leave it out.
        episode.AgeBand = r.Chance(0.95) ? ContractNames.AgeBands[age] : null;

        var pressure = _pressure.At(t0);
        var localHour = LondonTime.ToLocal(t0).Hour;
        // Streamed only while the UTC will be open for the whole visit: every hour when it never closes.
        var utcOpen = (p.UtcOpeningHour == 0 && p.UtcClosingHour == 24) || (localHour >= p.UtcOpeningHour && localHour < p.UtcClosingHour - 1);
        var disposition = ChooseDisposition(ambulance, walkIn, acuity, age, utcOpen);
        episode.Disposition = disposition;

        // Times are Unix seconds; each step is a log-normal delay after the step it follows.
        events.Clear();
        events.Add(new EpisodeEvent(t0, SimEventKind.AeArrived));
        var last = t0;
        // Handover is not ordered against triage or treatment: crews are often triaged, and very
        // sick patients treated, on the ambulance trolley before handover completes.
        if (ambulance)
        {
            // A crowded department (a pressed day) hands over more slowly.
            var handoverMedian = p.AeMedianHandover * SystemPressure.Between(p.PressureHandoverFactors[0], p.PressureHandoverFactors[1], pressure);
            var handover = t0 + r.LogNormalSeconds(handoverMedian, p.AeHandoverSpread, minimumSeconds: 180);
            events.Add(new EpisodeEvent(handover, SimEventKind.AeHandover));
            last = handover;
        }

        // Acuity 1 is assessed at the door; ambulance arrivals are triaged at handover a little
        // sooner than walk-ins (rapid assessment and treatment).
        var assessedAfter = acuity == 1
            ? r.Between(30, 180)
            : r.LogNormalSeconds(p.AeMedianToAssessment * (ambulance ? 0.85 : 1.1), 0.6);
        var leftBeforeTreatment = disposition.Equals(ContractNames.LeftBeforeTreatment);
        // One in ten of those who leave before treatment leaves before triage, too.
        var assessed = leftBeforeTreatment && r.Chance(0.1) ? (long?)null : t0 + assessedAfter;
        if (assessed is { } a)
        {
            events.Add(new EpisodeEvent(a, SimEventKind.AeAssessed));
            last = Math.Max(last, a);
        }

        var afterAssessment = assessed ?? t0;
        long departed;
        if (leftBeforeTreatment)
        {
            departed = Math.Max(afterAssessment + 300, t0 + r.LogNormalSeconds(TimeSpan.FromMinutes(150), 0.5, 1_200));
        }
        else if (disposition.Equals(ContractNames.StreamedUtc))
        {
            departed = afterAssessment + r.LogNormalSeconds(TimeSpan.FromMinutes(10), 0.5);
        }
        else
        {
            var seen = Math.Max(
                afterAssessment + 60,
                t0 + r.LogNormalSeconds(p.AeMedianToSeenByAcuity[acuity - 1], p.AeSeenSpread, 120));
            events.Add(new EpisodeEvent(seen, SimEventKind.AeSeen));
            last = Math.Max(last, seen);
            if (disposition.Equals(ContractNames.Admitted))
            {
                var decision = seen + r.LogNormalSeconds(p.AeMedianSeenToDecision, 0.6, 600);
                episode.Specialty = r.Chance(0.9) ? ChooseSpecialty(age) : null;
                Refer(episode, age, seen, decision, p.AeReferredShareOfAdmitted, events);
                events.Add(new EpisodeEvent(decision, SimEventKind.AeAdmitDecision));
                last = Math.Max(last, decision);
                // Exit block: the wait for a bed follows the day's pressure.
                var bedWaitFactor = SystemPressure.Between(p.PressureBedWaitFactors[0], p.PressureBedWaitFactors[1], pressure);
                departed = decision + (r.Chance(p.AeQuickBedShare)
                    ? r.LogNormalSeconds(p.AeMedianQuickBedWait, 0.5, 300)
                    : r.LogNormalSeconds(p.AeMedianBedWait * bedWaitFactor, p.AeBedWaitSpread, 300));
            }
            else if (disposition.Equals(ContractNames.Transferred))
            {
                // Transfers (mental health beds, tertiary centres) wait long for the receiving service.
                departed = seen + r.LogNormalSeconds(TimeSpan.FromHours(4), 0.8, 1_800);
            }
            else if (disposition.Equals(ContractNames.Died))
            {
                departed = seen + r.LogNormalSeconds(TimeSpan.FromMinutes(90), 0.8, 600);
            }
            else
            {
                departed = seen + r.LogNormalSeconds(p.AeMedianTreatmentToDischarge, 0.6, 300);
                if (disposition.Equals(ContractNames.Discharged))
                {
                    Refer(episode, age, seen, departed, p.AeReferredShareOfDischarged, events); // seen by the specialty, sent home
                }
            }
        }

        events.Add(new EpisodeEvent(Math.Max(departed, last + 60), SimEventKind.AeDeparted));
        Compress(events, _maxStay);
        if (disposition.Equals(ContractNames.StreamedUtc))
        {
            ContinueAtUtc(episode, t0, events);
        }

        _next = _arrivals.Next();
        return episode;
    }

    /// <summary>
    /// The UTC episode of a patient streamed from the front door (contract v1.1): it arrives a few minutes after leaving
    /// A&amp;E, with <c>streamedFrom</c> naming the A&amp;E attendance and its arrival, and is seen and discharged there.
    /// </summary>
    private void ContinueAtUtc(SimulatedEpisode ae, long aeArrived, List<EpisodeEvent> events)
    {
        var p = _profile;
        var r = _streaming;
        var utc = new SimulatedEpisode
        {
            Unit = SimUnit.Utc,
            Subject = Subject(ae.Serial, "utcs-"),
            Serial = ae.Serial,
            ArrivalMode = ContractNames.WalkIn,
            Acuity = ae.Acuity,
            AgeBand = ae.AgeBand,
            Disposition = ContractNames.Discharged,
            StreamedFrom = (ae.Subject!, aeArrived),
        };
        var arrived = events[^1].Time + r.Between(60, 420);
        var assessed = arrived + r.LogNormalSeconds(p.UtcMedianToAssessment, 0.6);
        var seen = assessed + r.LogNormalSeconds(p.UtcMedianAssessedToSeen, 0.7);
        events.Add(new EpisodeEvent(arrived, SimEventKind.UtcArrived, utc));
        events.Add(new EpisodeEvent(assessed, SimEventKind.UtcAssessed, utc));
        events.Add(new EpisodeEvent(seen, SimEventKind.UtcSeen, utc));
        events.Add(new EpisodeEvent(seen + r.LogNormalSeconds(p.UtcMedianTreatment, 0.6, 300), SimEventKind.UtcDeparted, utc));
    }

    /// <summary>
    /// With probability <paramref name="share"/>, an <c>ae.referred</c> (v1.1) 20–60 % of the way from being seen to
    /// <paramref name="until"/> (the decision to admit, or discharge): to the admitting specialty, or one drawn for the age.
    /// Drawn from its own stream, so the rest of the attendance is as it was without referrals.
    /// </summary>
    private void Refer(SimulatedEpisode episode, int age, long seen, long until, double share, List<EpisodeEvent> events)
    {
        var r = _referrals;
        if (!r.Chance(share))
        {
            return;
        }

        var at = seen + ((until - seen) * r.Between(20, 60) / 100);
        episode.ReferredTo = episode.Specialty ?? ChooseSpecialty(age, r);
        events.Add(new EpisodeEvent(at, SimEventKind.AeReferred));
    }

    private JsonEncodedText ChooseDisposition(bool ambulance, bool walkIn, int acuity, int age, bool utcOpen)
    {
        var p = _profile;
        var r = Random;
        if ((acuity == 1 && r.Chance(p.AeDiedProbabilityAcuity1)) || (acuity == 2 && r.Chance(0.002)))
        {
            return ContractNames.Died;
        }

        if (!ambulance && acuity >= 3 && r.Chance(p.AeLeftBeforeTreatmentProbability))
        {
            return ContractNames.LeftBeforeTreatment;
        }

        if (r.Chance(Math.Min(0.95, p.AeAdmissionByAcuity[acuity - 1] * AdmissionAgeFactor[age])))
        {
            return ContractNames.Admitted;
        }

        if (r.Chance(p.AeTransferredShare))
        {
            return ContractNames.Transferred;
        }

        return walkIn && acuity >= 4 && utcOpen && r.Chance(p.AeStreamToUtcProbability)
            ? ContractNames.StreamedUtc
            : ContractNames.Discharged;
    }

    private JsonEncodedText ChooseSpecialty(int age) => ChooseSpecialty(age, Random);

    private static JsonEncodedText ChooseSpecialty(int age, SimulationRandom random) => age switch
    {
        0 => Specialties[7],
        3 => Specialties[SpecialtyOldest.Sample(random)],
        _ => Specialties[SpecialtyAdult.Sample(random)],
    };
}
