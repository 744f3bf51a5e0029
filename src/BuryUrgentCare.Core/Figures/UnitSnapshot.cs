using System.Text.Json.Serialization;
using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Figures;

/// <summary>
/// A unit's live figures at one instant: what the API returns and SignalR pushes. Immutable.
/// <see cref="Figures"/> is the figures of the unit's service; JSON carries the concrete figure names of METRICS.md
/// without a type discriminator (<see cref="Service"/> says which they are). <see cref="Capacity"/> is the
/// declared capacity in force (<c>capacity.declared</c>), by resource name.
/// </summary>
public sealed record UnitSnapshot(string Unit, string Name, string Service, DateTimeOffset AsOf, ServiceFigures Figures)
{
    public IReadOnlyDictionary<string, long> Capacity { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Whether these figures are live (the host sets it; the pure core, which cannot know, leaves it null). Anything
    /// but <see cref="UnitLiveness.Live"/> means the figures are not the department now: shown in words, greyed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UnitLiveness? Liveness { get; init; }

    /// <summary>
    /// Whether the unit's own feed is sending as expected for the hour (<see cref="Processing.FeedExpectation"/>): the
    /// figures can be live and still old news when the source has stopped. Null when no expectation is configured.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FeedStatus? Feed { get; init; }
}

/// <summary>
/// A unit's feed: <c>live</c> (sending as expected), <c>quiet</c> (a gap that happens by chance less than one time in
/// twenty) or <c>silent</c> (less than one in a thousand: treat the figures as out of date and ask the source).
/// </summary>
/// <param name="Status"><c>live</c>, <c>quiet</c> or <c>silent</c>.</param>
/// <param name="LastEventAt">When the last event of the unit's own feed was received (capacity declarations are another
/// source and do not count); null when none was within the replay horizon.</param>
/// <param name="ExpectedSince">How many events the feed was expected to send since then (one decimal).</param>
public sealed record FeedStatus(string Status, DateTimeOffset? LastEventAt, double ExpectedSince)
{
    public const string Live = "live";
    public const string Quiet = "quiet";
    public const string Silent = "silent";

    [JsonIgnore]
    public bool IsSilent => Status == Silent;
}

/// <summary>
/// Whether a unit's figures can be trusted as the department now. <c>live</c> only while the unit's partition is held
/// by a consumer that is consuming and has replayed it to where it stood at assignment; otherwise <c>replaying</c>
/// (with <see cref="Progress"/>), <c>unassigned</c> (no worker holds it here) or <c>stale</c> (the worker lost its
/// broker), each with <see cref="Since"/> and <see cref="Reason"/>.
/// </summary>
/// <param name="State"><c>live</c>, <c>replaying</c>, <c>unassigned</c> or <c>stale</c>.</param>
/// <param name="Since">When the unit entered this state.</param>
/// <param name="Reason">Why it is not live, in words for the wall; null when live.</param>
/// <param name="Progress">Replay progress 0–1 (replaying only).</param>
public sealed record UnitLiveness(string State, DateTimeOffset Since, string? Reason = null, double? Progress = null)
{
    public const string Live = "live";
    public const string Replaying = "replaying";
    public const string Unassigned = "unassigned";
    public const string Stale = "stale";

    [JsonIgnore]
    public bool IsLive => State == Live;
}

/// <summary>Counts by ECDS acuity (1 immediate … 5 non-urgent) and not yet known.</summary>
public sealed record AcuityCounts(
    [property: JsonPropertyName("1")] int Acuity1,
    [property: JsonPropertyName("2")] int Acuity2,
    [property: JsonPropertyName("3")] int Acuity3,
    [property: JsonPropertyName("4")] int Acuity4,
    [property: JsonPropertyName("5")] int Acuity5,
    [property: JsonPropertyName("unknown")] int Unknown);

/// <summary>Patients in department by stage of their journey.</summary>
public sealed record StageCounts(int AwaitingAssessment, int AwaitingClinician, int UnderTreatment, int AwaitingBed);

/// <summary>
/// The figures of one service's unit: one sealed type per service, so that code which must handle every service
/// (<see cref="Match{T}"/>) fails to compile when a service is added and not handled. Serialised polymorphically by
/// the runtime type, without a discriminator: the JSON is exactly the service's figures. What each figure means, how
/// it is shown and stored is in <see cref="FigureCatalogue"/>.
/// </summary>
[JsonDerivedType(typeof(EmergencyDepartmentFigures))]
[JsonDerivedType(typeof(UrgentTreatmentCentreFigures))]
[JsonDerivedType(typeof(GreenCarFigures))]
[JsonDerivedType(typeof(IvchFigures))]
public abstract record ServiceFigures
{
    private protected ServiceFigures()
    {
    }

    /// <summary>The service these figures are of.</summary>
    [JsonIgnore]
    public abstract ServiceKind Service { get; }

    /// <summary>
    /// Open episodes with no event for longer than the unit's limit (24 h A&amp;E, UTC and IVCH, 12 h Green Car): shown as
    /// unverified, out of every live count and so of OPEL (hazard H16).
    /// </summary>
    public int UnverifiedNoRecentEvent { get; init; }

    /// <summary>Open episodes whose last event is before the latest census and which it does not list: unverified, out of every live count.</summary>
    public int UnverifiedNotInCensus { get; init; }

    /// <summary>Subjects the latest census lists of which no episode with a known start is held ("in census, no arrival").</summary>
    public int InCensusNoArrival { get; init; }

    /// <summary>Episodes with events but no start (arrival, dispatch, call received): held, in no other figure (hazard H23).</summary>
    public int HeldNoArrival { get; init; }

    /// <summary>Calls the function for this service's figures: every service must be handled.</summary>
    public abstract T Match<T>(
        Func<EmergencyDepartmentFigures, T> ae,
        Func<UrgentTreatmentCentreFigures, T> utc,
        Func<GreenCarFigures, T> greenCar,
        Func<IvchFigures, T> ivch);
}

/// <summary>Figures shared by A&amp;E (type 1) and the UTC (type 3). See METRICS.md.</summary>
public abstract record DepartmentFigures : ServiceFigures
{
    public int InDepartment { get; init; }
    public AcuityCounts ByAcuity { get; init; } = new(0, 0, 0, 0, 0, 0);
    public StageCounts ByStage { get; init; } = new(0, 0, 0, 0);
    public int ArrivalsLastHour { get; init; }
    public int ArrivalsToday { get; init; }
    public int DeparturesToday { get; init; }
    public int? LongestWaitMinutes { get; init; }
    public int Over4Hours { get; init; }
    public int Over12Hours { get; init; }
    public double? FourHourPerformanceToday { get; init; }

    /// <summary>4-hour performance of the verified stays that ended in the last 24 hours, (now − 24 h, now].</summary>
    public double? FourHourPerformanceLast24Hours { get; init; }
    public int TwelveHourStaysToday { get; init; }

    /// <summary>Departures today stamped before their arrival: unverified stays, out of the 4- and 12-hour figures.</summary>
    public int TimeOrderErrorsToday { get; init; }
    public double? MedianMinutesToAssessmentToday { get; init; }
    public double? P95MinutesToAssessmentToday { get; init; }
    public double? AssessedWithin15MinutesToday { get; init; }
    public double? MedianMinutesToSeenToday { get; init; }
    public double? LeftBeforeTreatmentToday { get; init; }
    public double? OccupancyPercent { get; init; }
}

/// <summary>A&amp;E figures: the department figures plus ambulance handover and awaiting-bed figures.</summary>
public sealed record EmergencyDepartmentFigures : DepartmentFigures
{
    public EmergencyDepartmentFigures()
    {
    }

    /// <summary>A&amp;E figures with the department figures of <paramref name="common"/> (and no A&amp;E-only ones yet).</summary>
    public EmergencyDepartmentFigures(DepartmentFigures common)
        : base(common)
    {
    }

    [JsonIgnore]
    public override ServiceKind Service => ServiceKind.Ae;

    public override T Match<T>(Func<EmergencyDepartmentFigures, T> ae, Func<UrgentTreatmentCentreFigures, T> utc,
        Func<GreenCarFigures, T> greenCar, Func<IvchFigures, T> ivch) => ae(this);

    public int AmbulancesAwaitingHandover { get; init; }
    public int? LongestHandoverWaitMinutes { get; init; }
    public int AmbulancesWaitingOver45Minutes { get; init; }
    public int HandoversToday { get; init; }
    public double? MeanHandoverMinutesToday { get; init; }
    public double? HandedOverWithin15MinutesToday { get; init; }
    public int HandoverMinutesLostToday { get; init; }

    /// <summary>Handovers today stamped before their arrival: out of every handover figure.</summary>
    public int HandoverTimeErrorsToday { get; init; }
    public int HandoversOver30Today { get; init; }
    public int HandoversOver45Today { get; init; }
    public int HandoversOver60Today { get; init; }
    public int AwaitingBed { get; init; }
    public int? LongestWaitSinceDecisionMinutes { get; init; }
    public int Over12HoursSinceDecision { get; init; }
    public int TrolleyWaitsOver12HoursToday { get; init; }

    /// <summary>Departures today streamed to the UTC: the attendance continues there on one clock, so not an A&amp;E 4-hour stay (hazard H21).</summary>
    public int StreamedToUtcToday { get; init; }

    /// <summary>In department now and referred to a specialty (v1.1 <c>ae.referred</c>); unverified patients are not counted (H16).</summary>
    public int ReferredToSpecialty { get; init; }

    /// <summary><see cref="ReferredToSpecialty"/> ÷ in department × 100; absent when no one is in department.</summary>
    public double? ReferredToSpecialtyPercent { get; init; }
}

/// <summary>UTC figures: the department figures plus referrals to A&amp;E.</summary>
public sealed record UrgentTreatmentCentreFigures : DepartmentFigures
{
    public UrgentTreatmentCentreFigures()
    {
    }

    /// <summary>UTC figures with the department figures of <paramref name="common"/> (and no UTC-only ones yet).</summary>
    public UrgentTreatmentCentreFigures(DepartmentFigures common)
        : base(common)
    {
    }

    [JsonIgnore]
    public override ServiceKind Service => ServiceKind.Utc;

    public override T Match<T>(Func<EmergencyDepartmentFigures, T> ae, Func<UrgentTreatmentCentreFigures, T> utc,
        Func<GreenCarFigures, T> greenCar, Func<IvchFigures, T> ivch) => utc(this);

    public int ReferredToEdToday { get; init; }
}

/// <summary>Green Car figures. See METRICS.md.</summary>
public sealed record GreenCarFigures : ServiceFigures
{
    [JsonIgnore]
    public override ServiceKind Service => ServiceKind.GreenCar;

    public override T Match<T>(Func<EmergencyDepartmentFigures, T> ae, Func<UrgentTreatmentCentreFigures, T> utc,
        Func<GreenCarFigures, T> greenCar, Func<IvchFigures, T> ivch) => greenCar(this);

    public required int ActiveIncidents { get; init; }
    public required int IncidentsToday { get; init; }
    public required IReadOnlyDictionary<string, int> OutcomesToday { get; init; }
    public required double? NonConveyanceRateToday { get; init; }
    /// <summary>Outcomes today that provably did not go to an A&amp;E: see-and-treat, see-and-refer, conveyed-utc (hazard H22).</summary>
    public required int EdAvoidedToday { get; init; }

    /// <summary>Outcomes today other than conveyed-ed: conveyed-other may be another A&amp;E, so this is not "A&amp;E avoided".</summary>
    public required int NonEdDispositionsToday { get; init; }
    public required double? MedianResponseMinutesToday { get; init; }
    public required double? MedianJobCycleMinutesToday { get; init; }
}

/// <summary>IVCH figures. See METRICS.md.</summary>
public sealed record IvchFigures : ServiceFigures
{
    [JsonIgnore]
    public override ServiceKind Service => ServiceKind.Ivch;

    public override T Match<T>(Func<EmergencyDepartmentFigures, T> ae, Func<UrgentTreatmentCentreFigures, T> utc,
        Func<GreenCarFigures, T> greenCar, Func<IvchFigures, T> ivch) => ivch(this);

    public required int Queue { get; init; }
    public required int? LongestQueueWaitMinutes { get; init; }
    public required int CallsToday { get; init; }
    public required int CallsLastHour { get; init; }
    public required double? MedianMinutesToAssessmentToday { get; init; }
    public required double? AbandonedRateToday { get; init; }
    public required IReadOnlyDictionary<string, int> DispositionsToday { get; init; }
    public required double? EdAvoidanceRateToday { get; init; }
    public required int GpBookedToday { get; init; }
}
