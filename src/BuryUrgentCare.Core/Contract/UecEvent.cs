namespace BuryUrgentCare.Contract;

/// <summary>
/// A validated contract v1 event, reduced to what processing needs. A value type, filled by
/// <see cref="EventParser"/> without allocating: the <c>id</c> and <c>subject</c> are kept as
/// 128-bit hashes (XxHash128 of their UTF-8 text), which is all deduplication and episode lookup need.
/// Only the data fields of the event's own type are meaningful.
/// </summary>
public struct UecEvent
{
    public EventType Type;

    /// <summary>Index of the unit in the <see cref="UnitCatalog"/>.</summary>
    public int Unit;

    /// <summary>Event time, UTC ticks.</summary>
    public long TimeTicks;

    /// <summary>Hash of <c>id</c>: the idempotency key.</summary>
    public UInt128 Id;

    /// <summary>Hash of <c>subject</c> (the pseudonymised episode id); zero for <c>capacity.declared</c> and <c>census.declared</c>.</summary>
    public UInt128 Subject;

    /// <summary>ECDS acuity 1–5; 0 when absent.</summary>
    public byte Acuity;

    public ArrivalMode ArrivalMode;
    public AgeBand? AgeBand;
    public AeDisposition AeDisposition;
    public UtcDisposition UtcDisposition;
    public ResponseCategory Category;
    public GreenCarOutcome Outcome;
    public CallRoute Route;
    public IvchDisposition IvchDisposition;
    public bool? Booked;

    /// <summary>v1.1, <c>ae.referred</c> (where it is required): the specialty referred to. Meaningless for other types.</summary>
    public Specialty Specialty;

    /// <summary>
    /// v1.1, <c>utc.arrived</c> only: the A&amp;E arrival (UTC ticks) of the attendance this UTC episode continues
    /// (<c>data.streamedFrom.arrived</c>), where its one clock starts; 0 when absent.
    /// </summary>
    public long StreamedFromArrivedTicks;

    /// <summary>
    /// The subjects (hashed) a <c>census.declared</c> lists; empty otherwise. A view of the parser's per-thread buffer,
    /// valid until the next event parsed on the same thread: whoever keeps a census copies it.
    /// </summary>
    public ArraySegment<UInt128> CensusSubjects;

    /// <summary>The declared resources of a <c>capacity.declared</c> event; null otherwise.</summary>
    public KeyValuePair<string, long>[]? Resources;

    public readonly DateTimeOffset Time => new(TimeTicks, TimeSpan.Zero);
}
