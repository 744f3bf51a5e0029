using System.Text.Encodings.Web;
using System.Text.Json;

namespace BuryUrgentCare.Simulation;

/// <summary>The event types the simulator emits (contract v1), one per <see cref="ContractNames.Types"/> entry.</summary>
internal enum SimEventKind : byte
{
    AeArrived,
    AeHandover,
    AeAssessed,
    AeSeen,
    AeAdmitDecision,
    AeDeparted,
    UtcArrived,
    UtcAssessed,
    UtcSeen,
    UtcDeparted,
    GreenCarDispatched,
    GreenCarOnScene,
    GreenCarOutcome,
    GreenCarClear,
    IvchCallReceived,
    IvchAssessed,
    IvchOutcome,
    IvchAbandoned,
    CapacityDeclared,
    CensusDeclared,
    AeReferred,
}

/// <summary>The simulated units; the value is also the tie-break rank between units at equal times.</summary>
internal enum SimUnit : byte
{
    Ed,
    Utc,
    GreenCar,
    Ivch,
}

/// <summary>
/// One event of an episode as generated: its time and kind (the payload lives on the episode). <paramref name="Other"/>:
/// the episode it belongs to when it is not the one generated (a UTC episode continuing a streamed A&amp;E attendance).
/// </summary>
internal readonly record struct EpisodeEvent(long Time, SimEventKind Kind, SimulatedEpisode? Other = null);

/// <summary>
/// One generated episode (an attendance, incident, call, or one unit's capacity declaration) with
/// everything its events' <c>data</c> needs. Values are pre-encoded JSON strings from <see cref="ContractNames"/>.
/// </summary>
internal sealed class SimulatedEpisode
{
    public required SimUnit Unit { get; init; }

    /// <summary>The pseudonymised episode id; null for capacity declarations.</summary>
    public required string? Subject { get; init; }

    /// <summary>Tie-break between episodes of one stream starting at the same second.</summary>
    public required long Serial { get; init; }

    public JsonEncodedText? ArrivalMode { get; set; }

    public int Acuity { get; set; }

    public bool AcuityOnArrival { get; set; }

    public JsonEncodedText? AgeBand { get; set; }

    public JsonEncodedText? Disposition { get; set; }

    public JsonEncodedText? Specialty { get; set; }

    /// <summary>v1.1: the specialty of the attendance's <c>ae.referred</c>; null when it sends none.</summary>
    public JsonEncodedText? ReferredTo { get; set; }

    public JsonEncodedText? Category { get; set; }

    public JsonEncodedText? Outcome { get; set; }

    public JsonEncodedText? Route { get; set; }

    public bool? Booked { get; set; }

    public (JsonEncodedText Name, int Value)[]? Resources { get; set; }

    /// <summary>v1.1: the A&amp;E attendance a UTC episode continues (subject, arrival in Unix seconds); null otherwise.</summary>
    public (string Subject, long Arrived)? StreamedFrom { get; set; }

    /// <summary>v1.1: the subjects a census lists, filled when it is written; null otherwise.</summary>
    public List<string>? CensusSubjects { get; set; }
}

/// <summary>The contract's names and value sets, encoded once.</summary>
internal static class ContractNames
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static JsonEncodedText Encode(string value) => JsonEncodedText.Encode(value, Encoder);

    /// <summary>Contract type names, indexed by <see cref="SimEventKind"/>.</summary>
    public static readonly string[] Types =
    [
        "ae.arrived", "ae.handover", "ae.assessed", "ae.seen", "ae.admit-decision", "ae.departed",
        "utc.arrived", "utc.assessed", "utc.seen", "utc.departed",
        "greencar.dispatched", "greencar.on-scene", "greencar.outcome", "greencar.clear",
        "ivch.call-received", "ivch.assessed", "ivch.outcome", "ivch.abandoned",
        "capacity.declared", "census.declared", "ae.referred",
    ];

    /// <summary>Unit ids, indexed by <see cref="SimUnit"/>.</summary>
    public static readonly string[] Units = ["FGH-ED", "FGH-UTC", "BURY-GREENCAR", "BURY-IVCH"];

    /// <summary>Producing systems, indexed by <see cref="SimUnit"/>.</summary>
    public static readonly string[] Sources =
    [
        "urn:bury:fgh:ed-epr", "urn:bury:fgh:utc-epr", "urn:nwas:cad:greencar", "urn:bury:ivch:telephony",
    ];

    public static readonly JsonEncodedText[] EncodedTypes = Types.Select(Encode).ToArray();
    public static readonly JsonEncodedText[] EncodedUnits = Units.Select(Encode).ToArray();
    public static readonly JsonEncodedText[] EncodedSources = Sources.Select(Encode).ToArray();

    public static readonly JsonEncodedText Ambulance = Encode("ambulance");
    public static readonly JsonEncodedText WalkIn = Encode("walk-in");
    public static readonly JsonEncodedText OtherArrival = Encode("other");

    /// <summary>Age bands 0-17, 18-64, 65-84, 85+.</summary>
    public static readonly JsonEncodedText[] AgeBands = [Encode("0-17"), Encode("18-64"), Encode("65-84"), Encode("85+")];

    public static readonly JsonEncodedText Admitted = Encode("admitted");
    public static readonly JsonEncodedText Discharged = Encode("discharged");
    public static readonly JsonEncodedText Transferred = Encode("transferred");
    public static readonly JsonEncodedText StreamedUtc = Encode("streamed-utc");
    public static readonly JsonEncodedText LeftBeforeTreatment = Encode("left-before-treatment");
    public static readonly JsonEncodedText Died = Encode("died");
    public static readonly JsonEncodedText ReferredEd = Encode("referred-ed");
    public static readonly JsonEncodedText ReferredGp = Encode("referred-gp");

    /// <summary>Categories C1–C5.</summary>
    public static readonly JsonEncodedText[] Categories = [Encode("C1"), Encode("C2"), Encode("C3"), Encode("C4"), Encode("C5")];

    /// <summary>Green Car outcomes, in <see cref="SimulatorProfile.GreenCarOutcomeMix"/> order; the first two are non-conveyance.</summary>
    public static readonly JsonEncodedText[] GreenCarOutcomes =
        [Encode("see-and-treat"), Encode("see-and-refer"), Encode("conveyed-ed"), Encode("conveyed-utc"), Encode("conveyed-other")];

    /// <summary>IVCH routes, in <see cref="SimulatorProfile.IvchRouteMix"/> order.</summary>
    public static readonly JsonEncodedText[] Routes = [Encode("111"), Encode("gp"), Encode("999-transfer"), Encode("other")];

    /// <summary>IVCH dispositions, in <see cref="SimulatorProfile.IvchDispositionMixInHours"/> order.</summary>
    public static readonly JsonEncodedText[] IvchDispositions =
    [
        Encode("self-care"), Encode("pharmacy"), Encode("gp-in-hours"), Encode("gp-extended-hours"),
        Encode("gp-out-of-hours"), Encode("utc"), Encode("ed"), Encode("ambulance"),
    ];

    public static readonly JsonEncodedText Cubicles = Encode("cubicles");
    public static readonly JsonEncodedText Clinicians = Encode("clinicians");
    public static readonly JsonEncodedText GaBeds = Encode("gaBeds");
    public static readonly JsonEncodedText GaBedsOccupied = Encode("gaBedsOccupied");
    public static readonly JsonEncodedText NoCriteriaToReside = Encode("noCriteriaToReside");
    public static readonly JsonEncodedText Cars = Encode("cars");
}
