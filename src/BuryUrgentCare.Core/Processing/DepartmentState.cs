using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// A&amp;E (type 1) or UTC (type 3): one episode per attendance, arrived → assessed → seen →
/// admit-decision → departed. Figures are defined in METRICS.md; an episode counts only once its
/// arrival is known (events before it are held on the episode, not dropped).
/// </summary>
internal sealed class DepartmentState(UnitDefinition unit, ServiceCalendar calendar) : EpisodeState<DepartmentState.Attendance>(unit, calendar)
{
    private static readonly long FourHours = TimeSpan.FromMinutes(240).Ticks;
    private static readonly long TwelveHours = TimeSpan.FromMinutes(720).Ticks;
    private static readonly long FifteenMinutes = TimeSpan.FromMinutes(15).Ticks;
    private static readonly long HalfHour = TimeSpan.FromMinutes(30).Ticks;
    private static readonly long ThreeQuarters = TimeSpan.FromMinutes(45).Ticks;
    private static readonly long Hour = TimeSpan.FromMinutes(60).Ticks;
    private static readonly long Day24Hours = TimeSpan.FromHours(24).Ticks;

    private readonly bool _isAe = unit.Service == ServiceKind.Ae;

    // Aggregates over episodes in department now.
    // In the state object itself, not arrays of their own: one event moves both, and an array is a cache line (and a
    // pointer to follow) more per event.
    private SixCounts _byAcuity; // index 0 = unknown
    private FourCounts _byStage;
    private SortedTicks _inDepartmentArrivals = new();
    private SortedTicks _awaitingHandoverArrivals = new();
    private SortedTicks _awaitingBedDecisions = new();
    private int _referredInDepartment;

    // Each attendance's latest ae.referred instant. A source that sends none (a v1 producer) must not read as
    // "0 % referred", OPEL band 1: the percentage is absent until a referral has come within 24 hours (hazard H27).
    private SortedTicks _referrals = new();

    // Arrivals of episodes in department awaiting assessment (all; and, for A&E, ambulance arrivals): waits to
    // assessment still growing, which the time-to-assessment figures count with their wait so far.
    private SortedTicks _awaitingAssessmentArrivals = new();
    private SortedTicks _ambulancesAwaitingAssessmentArrivals = new();

    // Reused by the figures for the waits so far, ascending: no allocation per snapshot once grown.
    private int[] _waitsSoFar = new int[16];

    // Every known arrival instant, for the sliding hour; older ones are pruned on the tick.
    private SortedTicks _arrivals = new();

    // The departure instants of verified stays, and of those over 4 hours, for the rolling 24-hour 4-hour performance
    // (the fallback of a since-midnight figure with too few departures yet): a departure is appended in time order, so
    // an update is O(1) amortised, and the window is two counts at read time. Those within 4 hours are the rest: most
    // stays, so keeping the minority over 4 hours is the smaller set to keep and the fewer updates.
    private SortedTicks _verifiedDepartures = new();
    private SortedTicks _departuresOverFourHours = new();
    private DailyTotals<Day> _days; // in place: see DailyTotals

    protected override Attendance Unknown => Attendance.Unknown;

    protected override void Record(ref Attendance e, in UecEvent evt)
    {
        var t = evt.TimeTicks;
        switch (evt.Type)
        {
            case EventType.AeArrived:
            case EventType.UtcArrived:
                // v1.1: a UTC episode streamed from A&E continues that attendance: one clock, from the front door.
                var start = evt.StreamedFromArrivedTicks != 0 ? Math.Min(t, evt.StreamedFromArrivedTicks) : t;
                Earliest(ref e.Arrived, ref e.Mode, start, (byte)evt.ArrivalMode);
                if (evt.Acuity != 0) e.SetAcuity(t, rank: 0, evt.Acuity);
                break;
            case EventType.AeHandover:
                Earliest(ref e.Handover, t);
                break;
            case EventType.AeAssessed:
            case EventType.UtcAssessed:
                Earliest(ref e.Assessed, t);
                e.SetAcuity(t, rank: 1, evt.Acuity);
                break;
            case EventType.AeSeen:
            case EventType.UtcSeen:
                Earliest(ref e.Seen, t);
                break;
            case EventType.AeAdmitDecision:
                Earliest(ref e.Decision, t);
                break;
            case EventType.AeReferred:
                // The latest referral and its specialty: any order and any repeat give one answer (at one instant, the
                // specialty later in the list).
                if (t > e.Referred || (t == e.Referred && (byte)evt.Specialty > e.ReferredTo))
                {
                    e.Referred = t;
                    e.ReferredTo = (byte)evt.Specialty;
                }

                break;
            case EventType.AeDeparted:
                Earliest(ref e.Departed, ref e.Disposition, t, (byte)evt.AeDisposition);
                break;
            case EventType.UtcDeparted:
                Earliest(ref e.Departed, ref e.Disposition, t, (byte)evt.UtcDisposition);
                break;
            case EventType.AeEnteredInError:
            case EventType.UtcEnteredInError:
                e.EnteredInError = true;
                break;
        }
    }

    protected override void Contribute(in Attendance e, int sign)
    {
        Arrival(e, sign);
        InDepartment(e, sign);
        WaitingByAcuity(e, sign);
        WaitingByStage(e, sign);
        WaitingReferred(e, sign);
        AwaitingHandover(e, sign);
        AwaitingBed(e, sign);
        Departure(e, sign);
        Assessment(e, sign);
        SeenByClinician(e, sign);
        Handover(e, sign);
        Referral(e, sign);
    }

    protected override (long Ticks, byte Code) Start(in Attendance e) => e.EnteredInError ? (None, (byte)0) : (e.Arrived, e.Mode);

    /// <summary>The arrival (and with it the mode) unchanged: each part's other inputs are named on it.</summary>
    /// <remarks>
    /// The waiting patients' counts are five parts, not one: most events change one input of one of them (an assessment
    /// the stage and acuity, a handover the ambulance queue), and a part left alone is a count and a set not touched.
    /// </remarks>
    protected override void MoveChangedParts(in Attendance was, in Attendance now)
    {
        var waitingChanged = was.Departed != now.Departed || was.Check != now.Check;
        if (waitingChanged)
        {
            InDepartment(was, -1);
            InDepartment(now, +1);
        }

        if (waitingChanged || was.Acuity != now.Acuity)
        {
            WaitingByAcuity(was, -1);
            WaitingByAcuity(now, +1);
        }

        if (waitingChanged || was.Stage != now.Stage)
        {
            WaitingByStage(was, -1);
            WaitingByStage(now, +1);
        }

        if (waitingChanged || was.Referred != now.Referred)
        {
            WaitingReferred(was, -1);
            WaitingReferred(now, +1);
        }

        if (waitingChanged || was.Handover != now.Handover)
        {
            AwaitingHandover(was, -1);
            AwaitingHandover(now, +1);
        }

        if (waitingChanged || was.Decision != now.Decision)
        {
            AwaitingBed(was, -1);
            AwaitingBed(now, +1);
        }

        if (was.Departed != now.Departed || was.Disposition != now.Disposition || was.Decision != now.Decision)
        {
            Departure(was, -1);
            Departure(now, +1);
        }

        if (was.Assessed != now.Assessed)
        {
            Assessment(was, -1);
            Assessment(now, +1);
        }

        if (was.Seen != now.Seen)
        {
            SeenByClinician(was, -1);
            SeenByClinician(now, +1);
        }

        if (was.Handover != now.Handover)
        {
            Handover(was, -1);
            Handover(now, +1);
        }

        if (was.Referred != now.Referred)
        {
            Referral(was, -1);
            Referral(now, +1);
        }
    }

    // The parts of an attendance's contribution. Each runs only for a known arrival.

    /// <summary>Inputs: arrival.</summary>
    private void Arrival(in Attendance e, int sign)
    {
        _arrivals.Update(e.Arrived, sign);
        _days.For(Calendar.DayOf(e.Arrived)).Arrivals += sign;
    }

    /// <summary>Inputs: arrival, departure, check (an unverified patient is in no live count: hazard H16).</summary>
    private void InDepartment(in Attendance e, int sign)
    {
        if (InLiveCounts(e)) _inDepartmentArrivals.Update(e.Arrived, sign);
    }

    /// <summary>In the department and verified: in the live counts (inputs: departure, check).</summary>
    private static bool InLiveCounts(in Attendance e) => e.Departed == None && e.Check == Verification.Verified;

    /// <summary>Inputs: departure, check, acuity.</summary>
    private void WaitingByAcuity(in Attendance e, int sign)
    {
        if (InLiveCounts(e)) _byAcuity[e.Acuity] += sign;
    }

    /// <summary>Inputs: arrival, mode, departure, check, stage (assessed, seen, decision: whether each is known).</summary>
    private void WaitingByStage(in Attendance e, int sign)
    {
        if (!InLiveCounts(e))
        {
            return;
        }

        _byStage[(int)e.Stage] += sign;
        if (e.Stage == StageKind.AwaitingAssessment) // not assessed, nor seen or decided on without an assessment
        {
            _awaitingAssessmentArrivals.Update(e.Arrived, sign);
            if (_isAe && e.Mode == (byte)ArrivalMode.Ambulance) _ambulancesAwaitingAssessmentArrivals.Update(e.Arrived, sign);
        }
    }

    /// <summary>Inputs: departure, check, referred.</summary>
    private void WaitingReferred(in Attendance e, int sign)
    {
        if (InLiveCounts(e) && e.Referred != None) _referredInDepartment += sign;
    }

    /// <summary>Inputs: arrival, mode, departure, check, handover (A&amp;E ambulances only).</summary>
    private void AwaitingHandover(in Attendance e, int sign)
    {
        if (_isAe && e.Mode == (byte)ArrivalMode.Ambulance && e.Handover == None && InLiveCounts(e)) _awaitingHandoverArrivals.Update(e.Arrived, sign);
    }

    /// <summary>Inputs: departure, check, decision.</summary>
    private void AwaitingBed(in Attendance e, int sign)
    {
        if (e.Decision != None && InLiveCounts(e)) _awaitingBedDecisions.Update(e.Decision, sign);
    }

    /// <summary>Inputs: arrival, departure, disposition, decision.</summary>
    private void Departure(in Attendance e, int sign)
    {
        if (e.Departed == None)
        {
            return;
        }

        var day = _days.For(Calendar.DayOf(e.Departed));
        var stay = e.Departed - e.Arrived;
        day.Departures += sign;
        if (_isAe && e.Disposition == (byte)AeDisposition.StreamedUtc)
        {
            // Streamed to the UTC: the attendance goes on there, on the same clock (hazard H21). Not an A&E stay within
            // (or over) 4 hours: out of the 4- and 12-hour figures here, counted on its own.
            day.StreamedToUtc += sign;
        }
        else if (stay < 0)
        {
            // Departure stamped before arrival: the stay is unknown, so it must not count as within 4 hours
            // (nor as a 12-hour stay). Held as unverified: a data-quality error, out of both figures.
            day.TimeOrderErrors += sign;
        }
        else
        {
            day.VerifiedDepartures += sign;
            _verifiedDepartures.Update(e.Departed, sign);
            if (stay <= FourHours)
            {
                day.WithinFourHours += sign;
            }
            else
            {
                _departuresOverFourHours.Update(e.Departed, sign);
            }

            if (stay >= TwelveHours) day.TwelveHourStays += sign;
        }

        if (IsLeftBeforeTreatment(e.Disposition)) day.LeftBeforeTreatment += sign;
        if (!_isAe && e.Disposition == (byte)UtcDisposition.ReferredEd) day.ReferredToEd += sign;
        if (e.Decision != None && e.Departed - e.Decision >= TwelveHours) day.TrolleyWaitsOver12Hours += sign;
    }

    /// <summary>Inputs: arrival, mode, assessed.</summary>
    private void Assessment(in Attendance e, int sign)
    {
        if (e.Assessed == None)
        {
            return;
        }

        var day = _days.For(Calendar.DayOf(e.Assessed));
        day.ToAssessment.Update(Minutes(e.Arrived, e.Assessed), sign);
        if (CountsForFifteenMinuteAssessment(e.Mode))
        {
            day.AssessedForFifteen += sign;
            if (e.Assessed - e.Arrived <= FifteenMinutes) day.AssessedWithin15 += sign;
        }
    }

    /// <summary>Inputs: arrival, seen.</summary>
    private void SeenByClinician(in Attendance e, int sign)
    {
        if (e.Seen != None) _days.For(Calendar.DayOf(e.Seen)).ToSeen.Update(Minutes(e.Arrived, e.Seen), sign);
    }

    /// <summary>Inputs: arrival, mode, handover (A&amp;E ambulances only).</summary>
    private void Handover(in Attendance e, int sign)
    {
        if (!_isAe || e.Mode != (byte)ArrivalMode.Ambulance || e.Handover == None)
        {
            return;
        }

        var day = _days.For(Calendar.DayOf(e.Handover));
        var delay = e.Handover - e.Arrived;
        if (delay < 0)
        {
            // Handover stamped before arrival: a negative time would pull the mean down and pass every
            // threshold. Not a handover time at all: a data-quality error, out of the handover figures.
            day.HandoverTimeErrors += sign;
            return;
        }

        day.Handovers += sign;
        day.HandoverMinutes += sign * Minutes(e.Arrived, e.Handover);
        if (delay <= FifteenMinutes) day.HandoversWithin15 += sign;
        else day.HandoverTicksLost += sign * (delay - FifteenMinutes);
        if (delay > HalfHour) day.HandoversOver30 += sign;
        if (delay > ThreeQuarters) day.HandoversOver45 += sign;
        if (delay > Hour) day.HandoversOver60 += sign;
    }

    /// <summary>Inputs: referred (A&amp;E only).</summary>
    private void Referral(in Attendance e, int sign)
    {
        if (e.Referred != None) _referrals.Update(e.Referred, sign);
    }

    /// <summary>The 15-minute assessment measure: ambulance arrivals at A&amp;E (the NHS indicator), every patient at the UTC.</summary>
    private bool CountsForFifteenMinuteAssessment(byte mode) => !_isAe || mode == (byte)ArrivalMode.Ambulance;

    private bool IsLeftBeforeTreatment(byte disposition) => _isAe
        ? disposition == (byte)AeDisposition.LeftBeforeTreatment
        : disposition == (byte)UtcDisposition.LeftBeforeTreatment;

    public override ServiceFigures Figures(long now)
    {
        CheckSilence(now);
        var todayNumber = Calendar.DayOf(now);
        var today = _days.Peek(todayNumber);
        var (todayStart, todayEnd) = (Calendar.DayStartUtcTicks(todayNumber), Calendar.DayStartUtcTicks(todayNumber + 1));
        var waitsSoFar = WaitsSoFar(todayStart, todayEnd, now);
        var inDepartment = _inDepartmentArrivals.Count;
        var cubicles = Capacity.ValueAt("cubicles", now);

        // The service's own figures first, then the department figures both share (`with` keeps the runtime type).
        DepartmentFigures figures;
        if (_isAe)
        {
            figures = new EmergencyDepartmentFigures
            {
                AmbulancesAwaitingHandover = _awaitingHandoverArrivals.Count,
                LongestHandoverWaitMinutes = LongestSince(_awaitingHandoverArrivals, now),
                AmbulancesWaitingOver45Minutes = _awaitingHandoverArrivals.CountBefore(now - ThreeQuarters), // now − arrival > 45 min
                HandoversToday = today.Handovers,
                MeanHandoverMinutesToday = today.Handovers == 0 ? null : (double)today.HandoverMinutes / today.Handovers,
                HandedOverWithin15MinutesToday = Percent(today.HandoversWithin15, today.Handovers),
                HandoverMinutesLostToday = (int)(today.HandoverTicksLost / Minute),
                HandoverTimeErrorsToday = today.HandoverTimeErrors,
                HandoversOver30Today = today.HandoversOver30,
                HandoversOver45Today = today.HandoversOver45,
                HandoversOver60Today = today.HandoversOver60,
                AwaitingBed = _awaitingBedDecisions.Count,
                LongestWaitSinceDecisionMinutes = LongestSince(_awaitingBedDecisions, now),
                Over12HoursSinceDecision = _awaitingBedDecisions.CountAtOrBefore(now - TwelveHours), // now − decision ≥ 720 min
                TrolleyWaitsOver12HoursToday = today.TrolleyWaitsOver12Hours,
                StreamedToUtcToday = today.StreamedToUtc,
                ReferredToSpecialty = _referredInDepartment,
                ReferredToSpecialtyPercent = _referrals.Count > _referrals.CountAtOrBefore(now - Day24Hours) ? Percent(_referredInDepartment, inDepartment) : null,
            };
        }
        else
        {
            figures = new UrgentTreatmentCentreFigures { ReferredToEdToday = today.ReferredToEd };
        }

        return figures with
        {
            InDepartment = inDepartment,
            ByAcuity = new AcuityCounts(_byAcuity[1], _byAcuity[2], _byAcuity[3], _byAcuity[4], _byAcuity[5], _byAcuity[0]),
            ByStage = new StageCounts(_byStage[0], _byStage[1], _byStage[2], _byStage[3]),
            ArrivalsLastHour = _arrivals.CountAtOrBefore(now) - _arrivals.CountAtOrBefore(now - Hour),
            ArrivalsToday = today.Arrivals,
            DeparturesToday = today.Departures,
            LongestWaitMinutes = LongestSince(_inDepartmentArrivals, now),
            Over4Hours = _inDepartmentArrivals.CountBefore(now - FourHours),       // now − arrival > 240 min
            Over12Hours = _inDepartmentArrivals.CountAtOrBefore(now - TwelveHours), // now − arrival ≥ 720 min
            FourHourPerformanceToday = Percent(today.WithinFourHours, today.VerifiedDepartures),
            FourHourPerformanceLast24Hours = FourHourPerformanceLast24Hours(now),
            TwelveHourStaysToday = today.TwelveHourStays,
            TimeOrderErrorsToday = today.TimeOrderErrors,
            MedianMinutesToAssessmentToday = today.ToAssessment.Median(waitsSoFar),
            P95MinutesToAssessmentToday = today.ToAssessment.Percentile(95, waitsSoFar),
            AssessedWithin15MinutesToday = Percent(
                today.AssessedWithin15, today.AssessedForFifteen + WaitingOver15Minutes(todayStart, todayEnd, now)),
            MedianMinutesToSeenToday = today.ToSeen.Median(),
            LeftBeforeTreatmentToday = Percent(today.LeftBeforeTreatment, today.Departures),
            OccupancyPercent = cubicles is > 0 ? inDepartment * 100.0 / cubicles.Value : null,
            UnverifiedNoRecentEvent = Checks.NoRecentEvent,
            UnverifiedNotInCensus = Checks.NotInCensus,
            InCensusNoArrival = InCensusUnknown(),
            HeldNoArrival = Checks.Held,
        };
    }

    /// <summary>Verified stays that ended in (now − 24 h, now] within 4 hours, as a percentage of all of them.</summary>
    private double? FourHourPerformanceLast24Hours(long now)
    {
        var verified = InLast24Hours(_verifiedDepartures, now);
        return Percent(verified - InLast24Hours(_departuresOverFourHours, now), verified);
    }

    /// <summary>Instants in (now − 24 h, now].</summary>
    private static int InLast24Hours(in SortedTicks instants, long now) => instants.CountAtOrBefore(now) - instants.CountAtOrBefore(now - Day24Hours);

    /// <summary>
    /// The waits so far (now − arrival, whole minutes, at least 0), ascending, of patients arrived today and still
    /// in department awaiting assessment (stage <c>awaitingAssessment</c>). Waits grow with the clock, so they are read
    /// here at snapshot time, from the waiting patients' arrivals alone: no rescan of the episodes.
    /// </summary>
    private ReadOnlySpan<int> WaitsSoFar(long todayStart, long todayEnd, long now)
    {
        ref var set = ref _awaitingAssessmentArrivals; // by reference: the positional read below may merge in place
        var (from, to) = (set.CountBefore(todayStart), set.CountBefore(todayEnd));
        if (to - from > _waitsSoFar.Length)
        {
            _waitsSoFar = new int[System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(to - from))];
        }

        // Latest arrival first: the shortest wait first.
        var n = 0;
        for (var i = to - 1; i >= from; i--)
        {
            _waitsSoFar[n++] = Math.Max(0, Minutes(set[i], now));
        }

        return _waitsSoFar.AsSpan(0, n);
    }

    /// <summary>
    /// Patients of the 15-minute measure arrived today and still awaiting assessment more than 15 minutes after
    /// arrival: already not assessed within 15 minutes. (Those waiting 15 minutes or less are not yet decided.)
    /// </summary>
    private int WaitingOver15Minutes(long todayStart, long todayEnd, long now)
    {
        ref readonly var set = ref _isAe ? ref _ambulancesAwaitingAssessmentArrivals : ref _awaitingAssessmentArrivals;
        var breached = set.CountBefore(Math.Min(now - FifteenMinutes, todayEnd)) - set.CountBefore(todayStart);
        return Math.Max(0, breached);
    }

    /// <summary>
    /// Patients in department now who pass 4 hours within the hour or have passed it, are 12 hours or more in, or wait
    /// for a specialty (referred, no decision yet) or a bed; the one with the least time to the breach (most negative: longest past it) first, ties by arrival —
    /// which is arrival order, earliest first. A scan of the held episodes (a day or two of attendances): called at
    /// publication, not per event. The list holds at most <see cref="BreachRiskList.MaxListed"/> patients (the longest
    /// waits), chosen with a bounded heap so a pathological state (tens of thousands of unclosed episodes) costs a scan,
    /// not a sort and a record per patient; the counts are over everyone at risk.
    /// </summary>
    public override BreachRiskList BreachRisk(long nowTicks)
    {
        CheckSilence(nowTicks);
        // A max-heap on (arrival, pseudonym code, subject): its top is the least urgent of the patients kept.
        var kept = new PriorityQueue<(UInt128 Subject, Attendance Episode), (long Arrived, UInt128 Subject)>(LatestFirst.Instance);
        int withinHour = 0, over4 = 0, over12 = 0, awaitingBed = 0, awaitingSpecialty = 0, atRisk = 0;
        foreach (var (subject, e) in Episodes())
        {
            if (e.EnteredInError || e.Arrived == None || e.Departed != None || e.Arrived > nowTicks || e.Check != Verification.Verified)
            {
                continue;
            }

            var inDepartment = nowTicks - e.Arrived;
            var bed = e.Decision != None;
            var specialty = e.AwaitsSpecialty;
            var soon = inDepartment <= FourHours && inDepartment > FourHours - Hour;
            if (!soon && inDepartment <= FourHours && !bed && !specialty)
            {
                continue;
            }

            atRisk++;
            withinHour += soon ? 1 : 0;
            over4 += inDepartment > FourHours ? 1 : 0;
            over12 += inDepartment >= TwelveHours ? 1 : 0;
            awaitingBed += bed ? 1 : 0;
            awaitingSpecialty += specialty ? 1 : 0;
            var key = (e.Arrived, subject);
            if (kept.Count < BreachRiskList.MaxListed)
            {
                kept.Enqueue((subject, e), key);
            }
            else if (kept.TryPeek(out _, out var leastUrgent) && LatestFirst.Instance.Compare(key, leastUrgent) > 0)
            {
                kept.DequeueEnqueue((subject, e), key);
            }
        }

        var patients = new BreachRiskPatient[kept.Count];
        for (var i = patients.Length - 1; i >= 0; i--)
        {
            var (subject, e) = kept.Dequeue(); // the least urgent first, so filled from the end
            var inDepartment = nowTicks - e.Arrived;
            var bed = e.Decision != None;
            var minutes = (int)(inDepartment / Minute);
            patients[i] = new BreachRiskPatient(
                BreachRiskPatient.Pseudonym(subject),
                e.Acuity is >= 1 and <= 5 ? e.Acuity : null,
                StageName(e.Stage),
                new DateTimeOffset(e.Arrived, TimeSpan.Zero),
                minutes,
                240 - minutes,
                inDepartment <= FourHours && inDepartment > FourHours - Hour,
                inDepartment > FourHours,
                inDepartment >= TwelveHours,
                bed ? new DateTimeOffset(e.Decision, TimeSpan.Zero) : null,
                bed ? (int)(Math.Max(0, nowTicks - e.Decision) / Minute) : null)
            {
                Specialty = e.AwaitsSpecialty ? Vocabulary.Specialties.NameOf((Specialty)e.ReferredTo) : null,
                AwaitingSpecialtySince = e.AwaitsSpecialty ? new DateTimeOffset(e.Referred, TimeSpan.Zero) : null,
                MinutesSinceReferral = e.AwaitsSpecialty ? (int)(Math.Max(0, nowTicks - e.Referred) / Minute) : null,
            };
        }

        return new BreachRiskList(Unit.Id, new DateTimeOffset(nowTicks, TimeSpan.Zero), _inDepartmentArrivals.Count, patients)
        {
            AtRisk = atRisk,
            BreachesWithinHour = withinHour,
            Over4Hours = over4,
            Over12Hours = over12,
            AwaitingBed = awaitingBed,
            AwaitingSpecialty = awaitingSpecialty,
        };
    }

    /// <summary>
    /// Breach-risk order reversed, for the bounded max-heap: the later arrival is "smaller" (dequeued first). Ties on
    /// arrival go by the pseudonym's code (the subject hash's top 32 bits, so the same order as the codes' text), then
    /// by the whole hash, so the list is the same whatever the order the episodes are held in.
    /// </summary>
    private sealed class LatestFirst : IComparer<(long Arrived, UInt128 Subject)>
    {
        public static readonly LatestFirst Instance = new();

        public int Compare((long Arrived, UInt128 Subject) a, (long Arrived, UInt128 Subject) b) =>
            a.Arrived != b.Arrived ? b.Arrived.CompareTo(a.Arrived) : b.Subject.CompareTo(a.Subject);
    }

    private static string StageName(StageKind stage) => stage switch
    {
        StageKind.AwaitingAssessment => "awaitingAssessment",
        StageKind.AwaitingClinician => "awaitingClinician",
        StageKind.UnderTreatment => "underTreatment",
        _ => "awaitingBed",
    };

    public override void Prune(long cutoffTicks)
    {
        ForgetCensusBefore(cutoffTicks);
        _arrivals.RemoveBefore(cutoffTicks);
        _verifiedDepartures.RemoveBefore(cutoffTicks);
        _departuresOverFourHours.RemoveBefore(cutoffTicks);
        _referrals.RemoveBefore(cutoffTicks);
        _days.PruneBefore(Calendar.DayOf(cutoffTicks));
        ForgetEpisodes(cutoffTicks);
    }

    protected override void WriteEpisode(BinaryWriter writer, in Attendance e)
    {
        CheckpointFormat.WriteInstants(writer, e.LastEvent, e.Arrived, e.Handover, e.Assessed, e.Seen, e.Decision, e.Departed, e.AcuityTime, e.Referred);
        CheckpointFormat.WriteCodes(writer, e.Mode, e.Disposition, e.Acuity, e.AcuityRank, e.EnteredInError ? (byte)1 : (byte)0, e.ReferredTo);
    }

    protected override Attendance ReadEpisode(BinaryReader reader, long lastEvent, byte version)
    {
        var e = new Attendance
        {
            Arrived = CheckpointFormat.ReadInstant(reader, lastEvent), Handover = CheckpointFormat.ReadInstant(reader, lastEvent),
            Assessed = CheckpointFormat.ReadInstant(reader, lastEvent), Seen = CheckpointFormat.ReadInstant(reader, lastEvent),
            Decision = CheckpointFormat.ReadInstant(reader, lastEvent), Departed = CheckpointFormat.ReadInstant(reader, lastEvent),
            AcuityTime = CheckpointFormat.ReadInstant(reader, lastEvent), Referred = CheckpointFormat.ReadInstant(reader, lastEvent),
        };
        e.Mode = CheckpointFormat.ReadCode(reader, Vocabulary.ArrivalModes.Count);
        e.Disposition = CheckpointFormat.ReadCode(reader, Math.Max(Vocabulary.AeDispositions.Count, Vocabulary.UtcDispositions.Count));
        e.Acuity = CheckpointFormat.ReadCode(reader, SixCounts.Length);
        e.AcuityRank = CheckpointFormat.ReadCode(reader, 2);
        e.EnteredInError = CheckpointFormat.ReadCode(reader, 2) == 1;
        // Format 2 kept the referral's instant but not its specialty: a referred patient's is then "other", not a guess.
        e.ReferredTo = version >= 3 ? CheckpointFormat.ReadCode(reader, Vocabulary.Specialties.Count)
            : e.Referred != None ? (byte)Specialty.Other : (byte)0;
        return e;
    }

    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct SixCounts
    {
        public const int Length = 6;
        private int _first;
    }

    [System.Runtime.CompilerServices.InlineArray(4)]
    private struct FourCounts
    {
        private int _first;
    }

    /// <summary>Stages of METRICS.md; an episode is in the furthest stage it has reached.</summary>
    internal enum StageKind : byte { AwaitingAssessment, AwaitingClinician, UnderTreatment, AwaitingBed }

    /// <summary>One attendance: 80 bytes (the referral instant added 8), in a holder of 96, plus its dictionary entry.</summary>
    internal struct Attendance : ICheckedEpisode
    {
        public static readonly Attendance Unknown = new()
        {
            Arrived = None, Handover = None, Assessed = None, Seen = None, Decision = None, Departed = None, AcuityTime = None,
            LastEvent = None, Referred = None,
        };

        public long Arrived, Handover, Assessed, Seen, Decision, Departed;
        public long AcuityTime;
        public byte Mode, Disposition, Acuity, AcuityRank;
        public bool EnteredInError;

        /// <summary>The <see cref="Specialty"/> of the latest referral (<see cref="Referred"/>); fits the padding after the codes.</summary>
        public byte ReferredTo;

        /// <summary>Declared here, with the codes, so that it fits their padding: 80 bytes, not 88 (a field is laid out where it is declared).</summary>
        public Verification Check { readonly get; set; }

        /// <summary>v1.1 <c>ae.referred</c>: the instant of the latest referral to a specialty, or None.</summary>
        public long Referred;

        public long LastEvent { readonly get; set; }

        public readonly bool IsOpen => Arrived != None && Departed == None && !EnteredInError;

        public readonly bool IsHeld => Arrived == None && !EnteredInError;

        /// <summary>Held until its departure (or its arrival, if later); entered in error, until its arrival (see <see cref="GreenCarState.Incident.KeptUntil"/>).</summary>
        public readonly long KeptUntil => Math.Min(
            Departed != None ? Math.Max(Departed, Arrived) : long.MaxValue,
            EnteredInError && Arrived != None ? Arrived : long.MaxValue);

        /// <summary>Referred to a specialty and waiting for its decision: no decision to admit yet.</summary>
        public readonly bool AwaitsSpecialty => Referred != None && Decision == None;

        public readonly StageKind Stage =>
            Decision != None ? StageKind.AwaitingBed
            : Seen != None ? StageKind.UnderTreatment
            : Assessed != None ? StageKind.AwaitingClinician
            : StageKind.AwaitingAssessment;

        /// <summary>
        /// "Latest acuity": the acuity of the latest event carrying one; at equal times an assessment
        /// outranks the arrival record, then the more urgent value wins — so any order gives one answer.
        /// </summary>
        public void SetAcuity(long ticks, byte rank, byte acuity)
        {
            if (AcuityTime == None || ticks > AcuityTime
                || (ticks == AcuityTime && (rank > AcuityRank || (rank == AcuityRank && acuity < Acuity))))
            {
                AcuityTime = ticks;
                AcuityRank = rank;
                Acuity = acuity;
            }
        }
    }

    private sealed class Day
    {
        public int Arrivals, Departures, VerifiedDepartures, WithinFourHours, TwelveHourStays, TimeOrderErrors;
        public int LeftBeforeTreatment, ReferredToEd, TrolleyWaitsOver12Hours, StreamedToUtc;
        public int AssessedForFifteen, AssessedWithin15;
        public int Handovers, HandoversWithin15, HandoversOver30, HandoversOver45, HandoversOver60, HandoverTimeErrors;
        public long HandoverMinutes, HandoverTicksLost; // the handovers' whole minutes summed, for their mean: no median is shown
        public MinuteHistogram ToAssessment, ToSeen; // in place: see MinuteHistogram
    }
}
