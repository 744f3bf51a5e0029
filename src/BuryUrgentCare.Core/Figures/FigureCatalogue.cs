using BuryUrgentCare.Contract;
using static BuryUrgentCare.Figures.StorageNames;

namespace BuryUrgentCare.Figures;

/// <summary>
/// The figures of one service. Their order is the order of the stored fields and of the daily rollup's fields: a
/// measurement's point sits where its first figure is, and a map's points where the map is.
/// </summary>
public sealed class ServiceFigureCatalogue
{
    private readonly Dictionary<string, FigureSpec> _byName;

    internal ServiceFigureCatalogue(ServiceKind service, string name, string label, Type figuresType, IReadOnlyList<FigureSpec> figures)
    {
        Service = service;
        Name = name;
        Label = label;
        FiguresType = figuresType;
        Figures = figures;
        _byName = figures.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public ServiceKind Service { get; }

    /// <summary>The service's name in the API (<c>UnitSnapshot.Service</c>): <c>ae</c>, <c>utc</c>, <c>greencar</c>, <c>ivch</c>.</summary>
    public string Name { get; }

    /// <summary>How the service is named on screen.</summary>
    public string Label { get; }

    /// <summary>The <see cref="ServiceFigures"/> type the service's snapshots carry.</summary>
    public Type FiguresType { get; }

    public IReadOnlyList<FigureSpec> Figures { get; }

    public bool TryGet(string name, out FigureSpec spec) => _byName.TryGetValue(name, out spec!);
}

/// <summary>
/// Every live figure, named once: for each service, the specs of its figures (<see cref="FigureSpec"/>), and the
/// system's own figures. The history schema, the daily rollup, the OPEL and alert readers, <c>GET /api/figures</c>
/// (and through it the pages) are driven from this table; the Grafana dashboards and docs are checked against it.
/// Adding a figure = the state change that computes it, its property on the service's figures, its entry here.
/// </summary>
public static class FigureCatalogue
{
    private const string HandoverStandard = "NHS ambulance handover: 15 min expected, 30 and 60 min reporting thresholds";
    private const string FourHourStandard = "NHS 4-hour standard: 95 % constitutional, 78 % 2025/26 plan";
    private const string TwelveHourStandard = "NHS: no patient 12 hours or more in department";
    private const string AssessmentStandard = "NHS initial assessment within 15 minutes";
    private const string OccupancyDefault = "Local default: department full at 100 % of declared cubicles";
    private const string AbandonedStandard = "NHS 111 historic standard: under 5 % abandoned";
    private const string ReleaseToRespondStandard = "NHS release to respond (2025/26): no ambulance waits more than 45 minutes to hand over";
    private const string DataQualityStandard = "Data quality: every record reconciled with the source";
    private const string AdmissionStandard = "NHS: decision to admit to departure within 4 hours, 12-hour trolley waits reported";

    /// <summary>The system's own figures (unit <see cref="SystemUnit"/>): deflection today and its two parts.</summary>
    public static IReadOnlyList<FigureSpec> System { get; } =
    [
        SystemCount("deflectionToday", "A&E attendances avoided today",
            "Green Car edAvoidedToday + IVCH outcomes today other than ed/ambulance.", TotalField),
        SystemCount("deflectionToday." + GreenCarEdAvoidedField, "Green Car",
            "Green Car outcomes today that provably did not go to an A&E: see-and-treat, see-and-refer, conveyed-utc.", GreenCarEdAvoidedField),
        SystemCount("deflectionToday." + IvchEdAvoidedField, "IVCH",
            "IVCH outcomes today with a disposition other than ed or ambulance.", IvchEdAvoidedField),
    ];

    /// <summary>Every service's figures, in <see cref="ServiceKind"/> order.</summary>
    public static IReadOnlyList<ServiceFigureCatalogue> Services => ByService;

    public static ServiceFigureCatalogue For(ServiceKind service) => ByService[(int)service];

    /// <summary>The service's name in the API: <c>ae</c>, <c>utc</c>, <c>greencar</c>, <c>ivch</c>.</summary>
    public static string ServiceName(ServiceKind service) => For(service).Name;

    private static ServiceFigureCatalogue[] Build()
    {
        var ae = new Specs<EmergencyDepartmentFigures>();
        AddDepartment(ae, extra: t =>
        {
            t.Count(Department, "streamedToUtcToday", f => f.StreamedToUtcToday, "patients", "Streamed to UTC today",
                "A&E departures today streamed to the UTC: the attendance continues there on one clock from arrival here, so it is in neither 4-hour performance nor 12-hour stays here.",
                FigureRollup.NotRolledUp("not yet in the daily rollup"));
            t.Count(Department, "referredToSpecialty", f => f.ReferredToSpecialty, "patients", "Referred to a specialty",
                "In department now with a referral to a specialty (ae.referred).", FigureRollup.Now);
            t.Percent(Department, "referredToSpecialtyPercent", f => f.ReferredToSpecialtyPercent, "Referred to a specialty",
                "In department now with a referral to a specialty ÷ in department now (an OPEL acute parameter).", FigureRollup.Now);
        });
        AddHandover(ae);
        AddChecks(ae, Department, "patients", "arrival", 24);

        var utc = new Specs<UrgentTreatmentCentreFigures>();
        AddDepartment(utc, extra: t => t.Count(Department, "referredToEdToday", f => f.ReferredToEdToday, "patients", "Referred to A&E today",
            "UTC departures today with disposition referred-ed.", FigureRollup.LastOfDay(DailyDepartment, "referredToEd")));
        AddChecks(utc, Department, "patients", "arrival", 24);

        var car = new Specs<GreenCarFigures>();
        car.Count(GreenCar, "activeIncidents", f => f.ActiveIncidents, "incidents", "Active incidents", "Incidents dispatched and not yet clear.", FigureRollup.Now);
        car.Count(GreenCar, "incidentsToday", f => f.IncidentsToday, "incidents", "Incidents today", "Incidents dispatched today.",
            FigureRollup.LastOfDay(DailyGreenCar, "incidents"));
        car.Map(new FigureStorage(StorageNames.GreenCarOutcome, IncidentsField, OutcomeTag), "outcomesToday", f => Sorted(f.OutcomesToday), "incidents",
            "Outcomes today", "Incidents today by final outcome: the latest recorded, or its correction.", KeysOf(Vocabulary.GreenCarOutcomes.Names, OutcomeLabels),
            FigureRollup.LastOfDayPerKey(DailyGreenCar));
        car.Percent(GreenCar, "nonConveyanceRateToday", f => f.NonConveyanceRateToday, "Non-conveyance",
            "(see-and-treat + see-and-refer) ÷ all outcomes today.", FigureRollup.LastOfDay(DailyGreenCar, "nonConveyanceRate"));
        car.Count(GreenCar, "edAvoidedToday", f => f.EdAvoidedToday, "incidents", "A&E avoided today",
            "Outcomes today that provably did not go to an A&E: see-and-treat, see-and-refer, conveyed-utc. Conveyed elsewhere (possibly another A&E) is not counted.",
            FigureRollup.LastOfDay(DailyGreenCar, EdAvoidedField, zeroWhenAbsent: true));
        car.Count(GreenCar, "nonEdDispositionsToday", f => f.NonEdDispositionsToday, "incidents", "Non-ED dispositions today",
            "Outcomes today other than conveyed-ed, conveyed elsewhere included: it may hold conveyances to another A&E, so it is not \"A&E avoided\".",
            FigureRollup.NotRolledUp("not yet in the daily rollup"));
        car.Minutes(GreenCar, "medianResponseMinutesToday", f => f.MedianResponseMinutesToday, "Median response",
            "Dispatched → on scene, arrivals on scene today.", FigureRollup.NotRolledUp("a median of the day; the daily rollup keeps counts and rates"));
        car.Minutes(GreenCar, "medianJobCycleMinutesToday", f => f.MedianJobCycleMinutesToday, "Median job cycle",
            "Dispatched → clear, incidents cleared today.", FigureRollup.NotRolledUp("a median of the day; the daily rollup keeps counts and rates"));

        AddChecks(car, GreenCar, "incidents", "dispatch", 12);

        var ivch = new Specs<IvchFigures>();
        ivch.Count(Ivch, "queue", f => f.Queue, "callers", "Callers queuing", "Received, not yet assessed, no outcome, not abandoned.", FigureRollup.Now);
        ivch.Minutes(Ivch, "longestQueueWaitMinutes", f => f.LongestQueueWaitMinutes, "Longest queue wait", "Longest wait among the queue now.",
            FigureRollup.Now);
        ivch.Count(Ivch, "callsToday", f => f.CallsToday, "calls", "Calls today", "Calls received today.", FigureRollup.LastOfDay(DailyIvch, "calls"));
        ivch.Map(new FigureStorage(StorageNames.IvchDisposition, CallsField, DispositionTag), "dispositionsToday", f => Sorted(f.DispositionsToday), "calls",
            "Dispositions today", "Calls answered today by final disposition: the latest recorded, or its correction.", KeysOf(Vocabulary.IvchDispositions.Names, DispositionLabels),
            FigureRollup.LastOfDayPerKey(DailyIvch));
        ivch.Count(Ivch, "callsLastHour", f => f.CallsLastHour, "calls", "Calls last hour", "Calls received in the last 60 minutes.", FigureRollup.Now);
        ivch.Minutes(Ivch, "medianMinutesToAssessmentToday", f => f.MedianMinutesToAssessmentToday, "Median to assessment",
            "Received → assessed, calls assessed today.", FigureRollup.NotRolledUp("a median of the day; the daily rollup keeps counts and rates"));
        ivch.Percent(Ivch, "abandonedRateToday", f => f.AbandonedRateToday, "Abandoned",
            "Calls ending abandoned today ÷ calls ending today; each call counts once, in its final state (its latest outcome or abandonment).",
            FigureRollup.NotRolledUp("not yet in the daily rollup"), FigureThresholds.Above(null, 5, AbandonedStandard));
        ivch.Percent(Ivch, "edAvoidanceRateToday", f => f.EdAvoidanceRateToday, "A&E avoidance",
            "Outcomes today with a disposition other than ed or ambulance ÷ outcomes today.", FigureRollup.LastOfDay(DailyIvch, "edAvoidanceRate"));
        ivch.Count(Ivch, "gpBookedToday", f => f.GpBookedToday, "appointments", "GP appointments booked",
            "Outcomes today with disposition gp-extended-hours or gp-out-of-hours.", FigureRollup.LastOfDay(DailyIvch, "gpBooked"));
        AddChecks(ivch, Ivch, "calls", "call received", 24);

        return
        [
            new(ServiceKind.Ae, "ae", "A&E", typeof(EmergencyDepartmentFigures), ae.List),
            new(ServiceKind.Utc, "utc", "UTC", typeof(UrgentTreatmentCentreFigures), utc.List),
            new(ServiceKind.GreenCar, "greencar", "Green Car", typeof(GreenCarFigures), car.List),
            new(ServiceKind.Ivch, "ivch", "IVCH", typeof(IvchFigures), ivch.List),
        ];
    }

    /// <summary>The figures A&amp;E and the UTC share, in storage order (<paramref name="extra"/>: the service's own <c>department</c> fields).</summary>
    private static void AddDepartment<T>(Specs<T> t, Action<Specs<T>>? extra = null)
        where T : DepartmentFigures
    {
        var isAe = typeof(T) == typeof(EmergencyDepartmentFigures);
        t.Count(Department, "inDepartment", f => f.InDepartment, "patients", "In department", "Episodes in department now.", FigureRollup.Now);
        t.Count(Department, "arrivalsLastHour", f => f.ArrivalsLastHour, "patients", "Arrivals last hour", "Arrivals in the last 60 minutes.",
            FigureRollup.Now);
        t.Count(Department, "arrivalsToday", f => f.ArrivalsToday, "patients", "Arrivals today", "Arrivals today.",
            FigureRollup.LastOfDay(DailyDepartment, "attendances"));
        t.Count(Department, "departuresToday", f => f.DeparturesToday, "patients", "Departures today", "Departures today.",
            FigureRollup.LastOfDay(DailyDepartment, "departures"));
        t.Minutes(Department, "longestWaitMinutes", f => f.LongestWaitMinutes, "Longest wait", "Longest time in department now, from arrival.",
            FigureRollup.Now, FigureThresholds.Above(180, 240, FourHourStandard));
        t.Count(Department, "over4Hours", f => f.Over4Hours, "patients", "Over 4 hours now", "In department now for more than 240 minutes.",
            FigureRollup.Now, FigureThresholds.Above(1, null, FourHourStandard));
        t.Count(Department, "over12Hours", f => f.Over12Hours, "patients", "Over 12 hours now", "In department now for 720 minutes or more.",
            FigureRollup.Now, FigureThresholds.Above(null, 1, TwelveHourStandard));
        t.Percent(Department, "fourHourPerformanceToday", f => f.FourHourPerformanceToday, "4-hour performance",
            "Of departures today with a departure at or after arrival, the share within 240 minutes of arrival.",
            FigureRollup.LastOfDay(DailyDepartment, "fourHourPerformance"),
            FigureThresholds.Below(95, 78, FourHourStandard));
        t.Percent(Department, "fourHourPerformanceLast24Hours", f => f.FourHourPerformanceLast24Hours, "4-hour performance, last 24 h",
            "Of departures in the last 24 hours with a departure at or after arrival, the share within 240 minutes of arrival: what OPEL scores while too few have departed since midnight.",
            FigureRollup.Now, FigureThresholds.Below(95, 78, FourHourStandard));
        t.Count(Department, "twelveHourStaysToday", f => f.TwelveHourStaysToday, "patients", "12-hour stays today",
            "Departures today 720 minutes or more after arrival.", FigureRollup.LastOfDay(DailyDepartment, "twelveHourStays"),
            FigureThresholds.Above(null, 1, TwelveHourStandard));
        t.Count(Department, "timeOrderErrorsToday", f => f.TimeOrderErrorsToday, "patients", "Departure before arrival today",
            "Departures today stamped before their arrival: a data-quality error; the stay is unverified and left out of 4-hour performance and 12-hour stays.",
            FigureRollup.NotRolledUp("not yet in the daily rollup"));
        t.Minutes(Department, "medianMinutesToAssessmentToday", f => f.MedianMinutesToAssessmentToday, "Median to assessment",
            "Arrival → initial assessment, episodes assessed today and, with their wait so far, patients arrived today still waiting.",
            FigureRollup.NotRolledUp("a median of the day; the daily rollup keeps counts and rates"),
            FigureThresholds.Above(15, null, AssessmentStandard));
        t.Minutes(Department, "p95MinutesToAssessmentToday", f => f.P95MinutesToAssessmentToday, "95th centile to assessment",
            "Arrival → initial assessment, 95th centile, episodes assessed today and, with their wait so far, patients arrived today still waiting.",
            FigureRollup.NotRolledUp("a centile of the day"));
        t.Percent(Department, "assessedWithin15MinutesToday", f => f.AssessedWithin15MinutesToday, isAe ? "Assessed ≤ 15 min (ambulance)" : "Assessed ≤ 15 min",
            (isAe ? "Ambulance arrivals" : "Patients") + " assessed today, and those arrived today still waiting more than 15 minutes: "
            + "the share assessed within 15 minutes of arrival.", FigureRollup.NotRolledUp("not yet in the daily rollup"));
        t.Minutes(Department, "medianMinutesToSeenToday", f => f.MedianMinutesToSeenToday, "Median to clinician",
            "Arrival → seen by a clinician, episodes seen today.", FigureRollup.NotRolledUp("a median of the day; the daily rollup keeps counts and rates"));
        t.Percent(Department, "leftBeforeTreatmentToday", f => f.LeftBeforeTreatmentToday, "Left before treatment",
            "Share of departures today that left before treatment.", FigureRollup.NotRolledUp("not yet in the daily rollup"));
        t.Percent(Department, "occupancyPercent", f => f.OccupancyPercent, "Occupancy", "In department ÷ declared cubicles.", FigureRollup.Now,
            FigureThresholds.Above(90, 100, OccupancyDefault));
        extra?.Invoke(t);

        t.Map(new FigureStorage(DepartmentAcuity, PatientsField, AcuityTag), "byAcuity", f => AcuityEntries(f.ByAcuity), "patients", "By acuity",
            "In department now by latest ECDS acuity.", AcuityKeys, FigureRollup.Now);
        t.Map(new FigureStorage(DepartmentStage, PatientsField, StageTag), "byStage", f => StageEntries(f.ByStage), "patients", "By stage",
            "In department now by stage of the journey.", StageKeys, FigureRollup.Now);
    }

    /// <summary>
    /// The checks every service shows in words on its wall (hazards H16, H23): unverified episodes, the census's
    /// strangers, events held without their episode's start. <paramref name="hours"/>: the shipped silence limit.
    /// </summary>
    private static void AddChecks<T>(Specs<T> t, string measurement, string what, string start, int hours)
        where T : ServiceFigures
    {
        t.Count(measurement, "unverifiedNoRecentEvent", f => f.UnverifiedNoRecentEvent, what, $"Unverified: no event for {hours} h",
            $"Open {what} with no event for more than {hours} hours (configurable): perhaps gone with their end never recorded. Out of every live count and OPEL until an event comes.",
            FigureRollup.Now, FigureThresholds.Above(1, null, DataQualityStandard));
        t.Count(measurement, "unverifiedNotInCensus", f => f.UnverifiedNotInCensus, what, "Unverified: not in census",
            $"Open {what} the source's latest census does not list (and with no event since it): out of every live count and OPEL until an event comes.",
            FigureRollup.Now, FigureThresholds.Above(1, null, DataQualityStandard));
        t.Count(measurement, "inCensusNoArrival", f => f.InCensusNoArrival, what, $"In census, no {start}",
            $"Listed by the source's latest census, but no {start} received: not in the live counts.", FigureRollup.Now,
            FigureThresholds.Above(1, null, DataQualityStandard));
        t.Count(measurement, "heldNoArrival", f => f.HeldNoArrival, what, $"Held, no {start}",
            $"Events received for {what} whose {start} was never received (rejected, or not sent): held, in no other figure.", FigureRollup.Now,
            FigureThresholds.Above(1, null, DataQualityStandard));
    }

    private static void AddHandover(Specs<EmergencyDepartmentFigures> t)
    {
        t.Count(Handover, "ambulancesAwaitingHandover", f => f.AmbulancesAwaitingHandover, "ambulances", "Ambulances waiting",
            "Ambulance arrivals in department not yet handed over.", FigureRollup.Now);
        t.Minutes(Handover, "longestHandoverWaitMinutes", f => f.LongestHandoverWaitMinutes, "Longest handover wait",
            "Longest wait from arrival among ambulances not yet handed over.", FigureRollup.Now, FigureThresholds.Above(30, 60, HandoverStandard));
        t.Count(Handover, "ambulancesWaitingOver45Minutes", f => f.AmbulancesWaitingOver45Minutes, "ambulances", "Ambulances waiting over 45 min",
            "Ambulances in department not yet handed over, more than 45 minutes after arrival now.", FigureRollup.Now,
            FigureThresholds.Above(null, 1, ReleaseToRespondStandard));
        t.Count(Handover, "handoversToday", f => f.HandoversToday, "handovers", "Handovers today",
            "Ambulance arrivals handed over today (handovers stamped before arrival left out).",
            FigureRollup.LastOfDay(DailyHandover, "handovers"));
        t.Minutes(Handover, "meanHandoverMinutesToday", f => f.MeanHandoverMinutesToday, "Mean handover today",
            "Mean arrival → handover of ambulances handed over today.", FigureRollup.LastOfDay(DailyHandover, "meanHandoverMinutes"),
            FigureThresholds.Above(15, 30, HandoverStandard));
        t.Percent(Handover, "handedOverWithin15MinutesToday", f => f.HandedOverWithin15MinutesToday, "Handed over ≤ 15 min",
            "Of handovers today, the share within 15 minutes of arrival.", FigureRollup.NotRolledUp("not yet in the daily rollup"));
        t.Count(Handover, "handoversOver30Today", f => f.HandoversOver30Today, "handovers", "Over 30 min",
            "Handovers today more than 30 minutes after arrival.", FigureRollup.LastOfDay(DailyHandover, "over30"),
            FigureThresholds.Above(1, null, HandoverStandard));
        t.Count(Handover, "handoversOver45Today", f => f.HandoversOver45Today, "handovers", "Over 45 min",
            "Handovers today more than 45 minutes after arrival (the maximum since 2025/26).", FigureRollup.LastOfDay(DailyHandover, "over45"),
            FigureThresholds.Above(null, 1, HandoverStandard));
        t.Count(Handover, "handoversOver60Today", f => f.HandoversOver60Today, "handovers", "Over 60 min",
            "Handovers today more than 60 minutes after arrival.", FigureRollup.LastOfDay(DailyHandover, "over60"),
            FigureThresholds.Above(null, 1, HandoverStandard));
        t.Minutes(Handover, "handoverMinutesLostToday", f => f.HandoverMinutesLostToday, "Handover time lost today",
            "Minutes beyond 15 of each handover today, summed: Σ max(0, handover − arrival − 15 min).",
            FigureRollup.NotRolledUp("not yet in the daily rollup"));
        t.Count(Handover, "handoverTimeErrorsToday", f => f.HandoverTimeErrorsToday, "handovers", "Handover before arrival today",
            "Handovers today stamped before the ambulance's arrival: a data-quality error, left out of every handover figure.",
            FigureRollup.NotRolledUp("not yet in the daily rollup"));
        t.Count(Handover, "awaitingBed", f => f.AwaitingBed, "patients", "Awaiting a bed", "Decided to admit, not yet departed.", FigureRollup.Now);
        t.Minutes(Handover, "longestWaitSinceDecisionMinutes", f => f.LongestWaitSinceDecisionMinutes, "Longest since decision to admit",
            "Longest wait since the decision to admit, among those awaiting a bed.", FigureRollup.Now,
            FigureThresholds.Above(240, 720, AdmissionStandard));
        t.Count(Handover, "over12HoursSinceDecision", f => f.Over12HoursSinceDecision, "patients", "12 hours since decision now",
            "Awaiting a bed now, 720 minutes or more since the decision to admit: each a reportable incident.", FigureRollup.Now,
            FigureThresholds.Above(null, 1, AdmissionStandard));
        t.Count(Handover, "trolleyWaitsOver12HoursToday", f => f.TrolleyWaitsOver12HoursToday, "patients", "12-hour trolley waits today",
            "Departures today 720 minutes or more after the decision to admit.", FigureRollup.NotRolledUp("not yet in the daily rollup"),
            FigureThresholds.Above(null, 1, AdmissionStandard));
    }

    private static readonly FigureKey[] AcuityKeys =
    [
        new("1", "1 Immediate"), new("2", "2 Very urgent"), new("3", "3 Urgent"), new("4", "4 Standard"), new("5", "5 Non-urgent"),
        new("unknown", "Not yet triaged"),
    ];

    private static readonly FigureKey[] StageKeys =
    [
        new("awaitingAssessment", "Awaiting assessment"), new("awaitingClinician", "Awaiting clinician"),
        new("underTreatment", "Under treatment"), new("awaitingBed", "Awaiting bed"),
    ];

    private static readonly Dictionary<string, string> OutcomeLabels = new(StringComparer.Ordinal)
    {
        ["see-and-treat"] = "See and treat",
        ["see-and-refer"] = "See and refer",
        ["conveyed-ed"] = "Conveyed to A&E",
        ["conveyed-utc"] = "Conveyed to UTC",
        ["conveyed-other"] = "Conveyed elsewhere",
    };

    private static readonly Dictionary<string, string> DispositionLabels = new(StringComparer.Ordinal)
    {
        ["self-care"] = "Self-care",
        ["pharmacy"] = "Pharmacy",
        ["gp-in-hours"] = "GP in hours",
        ["gp-extended-hours"] = "GP extended hours",
        ["gp-out-of-hours"] = "GP out of hours",
        ["utc"] = "UTC",
        ["ed"] = "A&E",
        ["ambulance"] = "Ambulance",
    };

    private static FigureKey[] KeysOf(IReadOnlyList<string> names, Dictionary<string, string> labels) =>
        [.. names.Select(n => new FigureKey(n, labels.TryGetValue(n, out var label)
            ? label
            : throw new InvalidOperationException($"The figure catalogue has no label for '{n}': add it beside the vocabulary.")))];

    private static KeyValuePair<string, int>[] AcuityEntries(AcuityCounts a) =>
    [
        new("1", a.Acuity1), new("2", a.Acuity2), new("3", a.Acuity3), new("4", a.Acuity4), new("5", a.Acuity5), new("unknown", a.Unknown),
    ];

    private static KeyValuePair<string, int>[] StageEntries(StageCounts s) =>
    [
        new("awaitingAssessment", s.AwaitingAssessment), new("awaitingClinician", s.AwaitingClinician),
        new("underTreatment", s.UnderTreatment), new("awaitingBed", s.AwaitingBed),
    ];

    /// <summary>Sorted by key, so that what is stored is the same whatever order the dictionary enumerates in.</summary>
    private static KeyValuePair<string, int>[] Sorted(IReadOnlyDictionary<string, int> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal)];

    private static FigureSpec SystemCount(string name, string label, string description, string field) =>
        new(name, FigureKind.Count, FigureNumber.Integer, "attendances", label, description, new FigureStorage(StorageNames.Deflection, field),
            FigureRollup.LastOfDay(DailyDeflection, field), thresholds: null, keys: null, scalar: null, map: null);

    // Built after the key and label tables above it: static fields initialise in the order they are written.
    private static readonly ServiceFigureCatalogue[] ByService = Build();

    /// <summary>Collects one service's specs, reading figures of type <typeparamref name="T"/>.</summary>
    private sealed class Specs<T>
        where T : ServiceFigures
    {
        public List<FigureSpec> List { get; } = [];

        public void Count(string measurement, string name, Func<T, int> read, string unitOfMeasure, string label, string description,
            FigureRollup rollup, FigureThresholds? thresholds = null) =>
            Add(name, FigureKind.Count, FigureNumber.Integer, unitOfMeasure, label, description, measurement, rollup, thresholds, f => read((T)f));

        public void Minutes(string measurement, string name, Func<T, int?> read, string label, string description,
            FigureRollup rollup, FigureThresholds? thresholds = null) =>
            Add(name, FigureKind.Minutes, FigureNumber.Integer, "minutes", label, description, measurement, rollup, thresholds, f => read((T)f));

        public void Minutes(string measurement, string name, Func<T, double?> read, string label, string description,
            FigureRollup rollup, FigureThresholds? thresholds = null) =>
            Add(name, FigureKind.Minutes, FigureNumber.Decimal, "minutes", label, description, measurement, rollup, thresholds, f => read((T)f));

        public void Percent(string measurement, string name, Func<T, double?> read, string label, string description,
            FigureRollup rollup, FigureThresholds? thresholds = null) =>
            Add(name, FigureKind.Percent, FigureNumber.Decimal, "%", label, description, measurement, rollup, thresholds, f => read((T)f));

        public void Map(FigureStorage storage, string name, Func<T, IReadOnlyList<KeyValuePair<string, int>>> read, string unitOfMeasure,
            string label, string description, IReadOnlyList<FigureKey> keys, FigureRollup rollup) =>
            List.Add(new FigureSpec(name, FigureKind.Map, FigureNumber.Integer, unitOfMeasure, label, description, storage, rollup,
                thresholds: null, keys, scalar: null, map: f => read((T)f)));

        private void Add(string name, FigureKind kind, FigureNumber number, string unitOfMeasure, string label, string description,
            string measurement, FigureRollup rollup, FigureThresholds? thresholds, Func<ServiceFigures, double?> read) =>
            List.Add(new FigureSpec(name, kind, number, unitOfMeasure, label, description, new FigureStorage(measurement, name), rollup,
                thresholds, keys: null, scalar: read, map: null));
    }
}
