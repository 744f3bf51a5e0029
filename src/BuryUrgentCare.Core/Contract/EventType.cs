namespace BuryUrgentCare.Contract;

/// <summary>The service a unit belongs to; it decides which event types the unit accepts.</summary>
public enum ServiceKind : byte
{
    /// <summary>Type 1 Emergency Department (<c>ae.*</c>).</summary>
    Ae,
    /// <summary>Type 3 Urgent Treatment Centre (<c>utc.*</c>).</summary>
    Utc,
    /// <summary>NWAS community paramedic response (<c>greencar.*</c>).</summary>
    GreenCar,
    /// <summary>Integrated Virtual Clinical Hub (<c>ivch.*</c>).</summary>
    Ivch,
}

/// <summary>Every event type of contract v1.1: those of v1, then the corrections, the census and the referral v1.1 added (docs/integrators.md).</summary>
public enum EventType : byte
{
    AeArrived, AeHandover, AeAssessed, AeSeen, AeAdmitDecision, AeDeparted,
    UtcArrived, UtcAssessed, UtcSeen, UtcDeparted,
    GreenCarDispatched, GreenCarOnScene, GreenCarOutcome, GreenCarClear,
    IvchCallReceived, IvchAssessed, IvchOutcome, IvchAbandoned,
    CapacityDeclared,
    AeEnteredInError, UtcEnteredInError,
    GreenCarOutcomeCorrected, GreenCarEnteredInError,
    IvchOutcomeCorrected, IvchEnteredInError,
    CensusDeclared,
    AeReferred,
}

/// <summary>Wire names of <see cref="EventType"/> and the service each belongs to.</summary>
public static class EventTypes
{
    private static readonly (string Name, EventType Type, ServiceKind? Service)[] All =
    [
        ("ae.arrived", EventType.AeArrived, ServiceKind.Ae),
        ("ae.handover", EventType.AeHandover, ServiceKind.Ae),
        ("ae.assessed", EventType.AeAssessed, ServiceKind.Ae),
        ("ae.seen", EventType.AeSeen, ServiceKind.Ae),
        ("ae.admit-decision", EventType.AeAdmitDecision, ServiceKind.Ae),
        ("ae.departed", EventType.AeDeparted, ServiceKind.Ae),
        ("utc.arrived", EventType.UtcArrived, ServiceKind.Utc),
        ("utc.assessed", EventType.UtcAssessed, ServiceKind.Utc),
        ("utc.seen", EventType.UtcSeen, ServiceKind.Utc),
        ("utc.departed", EventType.UtcDeparted, ServiceKind.Utc),
        ("greencar.dispatched", EventType.GreenCarDispatched, ServiceKind.GreenCar),
        ("greencar.on-scene", EventType.GreenCarOnScene, ServiceKind.GreenCar),
        ("greencar.outcome", EventType.GreenCarOutcome, ServiceKind.GreenCar),
        ("greencar.clear", EventType.GreenCarClear, ServiceKind.GreenCar),
        ("ivch.call-received", EventType.IvchCallReceived, ServiceKind.Ivch),
        ("ivch.assessed", EventType.IvchAssessed, ServiceKind.Ivch),
        ("ivch.outcome", EventType.IvchOutcome, ServiceKind.Ivch),
        ("ivch.abandoned", EventType.IvchAbandoned, ServiceKind.Ivch),
        ("capacity.declared", EventType.CapacityDeclared, null),
        // v1.1: an episode's outcome corrected, or the whole episode entered in error.
        ("ae.entered-in-error", EventType.AeEnteredInError, ServiceKind.Ae),
        ("utc.entered-in-error", EventType.UtcEnteredInError, ServiceKind.Utc),
        ("greencar.outcome-corrected", EventType.GreenCarOutcomeCorrected, ServiceKind.GreenCar),
        ("greencar.entered-in-error", EventType.GreenCarEnteredInError, ServiceKind.GreenCar),
        ("ivch.outcome-corrected", EventType.IvchOutcomeCorrected, ServiceKind.Ivch),
        ("ivch.entered-in-error", EventType.IvchEnteredInError, ServiceKind.Ivch),
        // v1.1: the source's list of who is present now, to reconcile the open episodes (hazard H16).
        ("census.declared", EventType.CensusDeclared, null),
        // v1.1: an A&E patient referred to a specialty (OPEL's "% of patients in ED referred to a specialty").
        ("ae.referred", EventType.AeReferred, ServiceKind.Ae),
    ];

    private static readonly WireNames<EventType> Names = new(All.Select(a => (a.Name, a.Type)));

    /// <summary>The contract name, e.g. <c>ae.arrived</c>.</summary>
    public static string WireName(this EventType type) => All[(int)type].Name;

    /// <summary>The service whose units accept this type; <c>null</c> for types any unit accepts.</summary>
    public static ServiceKind? Service(this EventType type) => All[(int)type].Service;

    /// <summary>True for the types that concern one episode (a <c>subject</c>): all but <c>capacity.declared</c> and <c>census.declared</c>.</summary>
    public static bool HasSubject(this EventType type) => type is not (EventType.CapacityDeclared or EventType.CensusDeclared);

    /// <summary>Looks a UTF-8 wire name up without allocating.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out EventType type) => Names.TryParse(utf8, out type);

    /// <summary>Looks a wire name up.</summary>
    public static bool TryParse(string name, out EventType type) => Names.TryParse(System.Text.Encoding.UTF8.GetBytes(name), out type);

    /// <summary>Every wire name, in contract order.</summary>
    public static IEnumerable<string> WireNames => All.Select(a => a.Name);
}
