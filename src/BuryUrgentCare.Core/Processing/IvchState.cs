using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The IVCH: one episode per call, from <c>call-received</c> to <c>outcome</c> or <c>abandoned</c>.
/// A call counts once its receipt is known. Figures are defined in METRICS.md.
/// </summary>
/// <remarks>
/// A call ends once, in its <b>final state</b>: the latest of its <c>outcome</c> and <c>abandoned</c>
/// events by event time, so a call abandoned and then called back and answered is one answered call,
/// and one answered and then recorded abandoned is one abandoned call. At equal instants the outcome
/// wins: a disposition is only recorded by a clinician who spoke to the caller, while the telephony
/// system marks a hang-up at the end of that same conversation. The call counts on the day of its
/// final state, as abandoned or with its (latest) disposition, never as both.
/// </remarks>
internal sealed class IvchState(UnitDefinition unit, ServiceCalendar calendar) : EpisodeState<IvchState.Call>(unit, calendar)
{
    private static readonly long Hour = TimeSpan.FromMinutes(60).Ticks;

    private DailyTotals<Day> _days; // in place: see DailyTotals
    private SortedTicks _queue = new();
    private SortedTicks _received = new();

    protected override Call Unknown => Call.Unknown;

    /// <summary>
    /// Caution rank of each disposition (by <see cref="IvchDisposition"/> code), breaking a tie between
    /// two outcomes at the same instant: the contract lists them from self-care to ambulance, least to
    /// most acute, so the more ED-bound one wins and ED avoidance is never overstated.
    /// </summary>
    private static ReadOnlySpan<byte> DispositionCaution => [0, 1, 2, 3, 4, 5, 6, 7];

    protected override void Record(ref Call e, in UecEvent evt)
    {
        var t = evt.TimeTicks;
        switch (evt.Type)
        {
            case EventType.IvchCallReceived:
                Earliest(ref e.Received, ref e.Route, t, (byte)evt.Route);
                break;
            case EventType.IvchAssessed:
                Earliest(ref e.Assessed, t);
                break;
            case EventType.IvchOutcome:
                // The final disposition counts: a self-care advice later escalated to ED was an ED disposition.
                Latest(ref e.OutcomeAt, ref e.Disposition, t, (byte)evt.IvchDisposition, DispositionCaution);
                break;
            case EventType.IvchAbandoned:
                Latest(ref e.Abandoned, t);
                break;
            case EventType.IvchOutcomeCorrected:
                // v1.1: replaces the disposition, whatever the outcome events say; the latest correction counts.
                Latest(ref e.CorrectedAt, ref e.Corrected, t, (byte)evt.IvchDisposition, DispositionCaution);
                break;
            case EventType.IvchEnteredInError:
                e.EnteredInError = true;
                break;
        }
    }

    protected override void Contribute(in Call e, int sign)
    {
        Receipt(e, sign);
        Queue(e, sign);
        Assessment(e, sign);
        Ending(e, sign);
    }

    protected override (long Ticks, byte Code) Start(in Call e) => e.EnteredInError ? (None, (byte)0) : (e.Received, e.Route);

    /// <summary>
    /// The outcome that counts: the latest outcome event's instant (the correction's own when there is
    /// none) with the latest correction's disposition when there is one (docs/metrics.md, "Corrections").
    /// </summary>
    private static (long At, byte Code) FinalOutcome(in Call e) =>
        (e.OutcomeAt != None ? e.OutcomeAt : e.CorrectedAt, e.CorrectedAt != None ? e.Corrected : e.Disposition);

    protected override void MoveChangedParts(in Call was, in Call now)
    {
        if (InQueue(was) != InQueue(now) || was.Check != now.Check)
        {
            Queue(was, -1);
            Queue(now, +1);
        }

        if (was.Assessed != now.Assessed)
        {
            Assessment(was, -1);
            Assessment(now, +1);
        }

        if (was.Abandoned != now.Abandoned || FinalOutcome(was) != FinalOutcome(now))
        {
            Ending(was, -1);
            Ending(now, +1);
        }
    }

    private static bool InQueue(in Call e) => e.Assessed == None && FinalOutcome(e).At == None && e.Abandoned == None;

    /// <summary>True if the call's final state is abandoned: abandoned after its latest outcome, or with none (ties go to the outcome).</summary>
    private static bool EndedAbandoned(in Call e) => e.Abandoned != None && e.Abandoned > FinalOutcome(e).At;

    /// <summary>The instant of the call's final state (<see cref="UnitState.None"/> while it has not ended).</summary>
    private static long EndedAt(in Call e) => Math.Max(FinalOutcome(e).At, e.Abandoned);

    // The parts of a call's contribution. Each runs only for a known receipt.

    /// <summary>Inputs: receipt.</summary>
    private void Receipt(in Call e, int sign)
    {
        _days.For(Calendar.DayOf(e.Received)).Calls += sign;
        _received.Update(e.Received, sign);
    }

    /// <summary>Inputs: receipt, whether assessed, answered or abandoned, check (an unverified call is not queuing: hazard H16).</summary>
    private void Queue(in Call e, int sign)
    {
        if (InQueue(e) && e.Check == Verification.Verified) _queue.Update(e.Received, sign);
    }

    /// <summary>Inputs: receipt, assessed.</summary>
    private void Assessment(in Call e, int sign)
    {
        if (e.Assessed != None) _days.For(Calendar.DayOf(e.Assessed)).ToAssessment.Update(Minutes(e.Received, e.Assessed), sign);
    }

    /// <summary>Inputs: receipt, abandoned, outcome and its time. The call counts once, in its final state, on its day.</summary>
    private void Ending(in Call e, int sign)
    {
        if (EndedAbandoned(e))
        {
            _days.For(Calendar.DayOf(e.Abandoned)).Abandoned += sign;
        }
        else if (FinalOutcome(e) is var (at, code) && at != None)
        {
            var day = _days.For(Calendar.DayOf(at));
            day.Dispositions[code] += sign;
            day.Outcomes += sign;
        }
    }

    public override ServiceFigures Figures(long now)
    {
        CheckSilence(now);
        var today = _days.Peek(Calendar.DayOf(now));
        var d = today.Dispositions;
        var avoided = today.Outcomes - d[(int)IvchDisposition.Ed] - d[(int)IvchDisposition.Ambulance];
        return new IvchFigures
        {
            Queue = _queue.Count,
            LongestQueueWaitMinutes = LongestSince(_queue, now),
            CallsToday = today.Calls,
            CallsLastHour = _received.CountAtOrBefore(now) - _received.CountAtOrBefore(now - Hour),
            MedianMinutesToAssessmentToday = today.ToAssessment.Median(),
            // Each call offered today counts once, in its final state: abandoned or answered (outcome).
            AbandonedRateToday = Percent(today.Abandoned, today.Outcomes + today.Abandoned),
            DispositionsToday = Counts(Vocabulary.IvchDispositions, d),
            EdAvoidanceRateToday = Percent(avoided, today.Outcomes),
            GpBookedToday = d[(int)IvchDisposition.GpExtendedHours] + d[(int)IvchDisposition.GpOutOfHours],
            UnverifiedNoRecentEvent = Checks.NoRecentEvent,
            UnverifiedNotInCensus = Checks.NotInCensus,
            InCensusNoArrival = InCensusUnknown(),
            HeldNoArrival = Checks.Held,
        };
    }

    /// <summary>IVCH outcomes today other than <c>ed</c> or <c>ambulance</c>: its part of system deflection.</summary>
    public int EdAvoidedOn(int day)
    {
        var totals = _days.Peek(day);
        return totals.Outcomes - totals.Dispositions[(int)IvchDisposition.Ed] - totals.Dispositions[(int)IvchDisposition.Ambulance];
    }

    public override void Prune(long cutoffTicks)
    {
        ForgetCensusBefore(cutoffTicks);
        _received.RemoveBefore(cutoffTicks);
        _days.PruneBefore(Calendar.DayOf(cutoffTicks));
        ForgetEpisodes(cutoffTicks);
    }

    protected override void WriteEpisode(BinaryWriter writer, in Call e)
    {
        CheckpointFormat.WriteInstants(writer, e.LastEvent, e.Received, e.Assessed, e.OutcomeAt, e.Abandoned, e.CorrectedAt);
        CheckpointFormat.WriteCodes(writer, e.Route, e.Disposition, e.Corrected, e.EnteredInError ? (byte)1 : (byte)0);
    }

    protected override Call ReadEpisode(BinaryReader reader, long lastEvent, byte version)
    {
        var e = new Call
        {
            Received = CheckpointFormat.ReadInstant(reader, lastEvent), Assessed = CheckpointFormat.ReadInstant(reader, lastEvent),
            OutcomeAt = CheckpointFormat.ReadInstant(reader, lastEvent), Abandoned = CheckpointFormat.ReadInstant(reader, lastEvent),
            CorrectedAt = CheckpointFormat.ReadInstant(reader, lastEvent),
        };
        e.Route = CheckpointFormat.ReadCode(reader, Vocabulary.Routes.Count);
        e.Disposition = CheckpointFormat.ReadCode(reader, Vocabulary.IvchDispositions.Count);
        e.Corrected = CheckpointFormat.ReadCode(reader, Vocabulary.IvchDispositions.Count);
        e.EnteredInError = CheckpointFormat.ReadCode(reader, 2) == 1;
        return e;
    }

    internal struct Call : ICheckedEpisode
    {
        public static readonly Call Unknown = new()
        {
            Received = None, Assessed = None, OutcomeAt = None, Abandoned = None, CorrectedAt = None, LastEvent = None,
        };

        public long Received, Assessed, OutcomeAt, Abandoned, CorrectedAt;
        public byte Route, Disposition, Corrected;
        public bool EnteredInError;

        /// <summary>Declared here, with the codes, so that it fits their padding: 56 bytes, not 64 (a field is laid out where it is declared).</summary>
        public Verification Check { readonly get; set; }

        public long LastEvent { readonly get; set; }

        /// <summary>Received and not yet ended (outcome or abandoned).</summary>
        public readonly bool IsOpen => Received != None && EndedAt(this) == None && !EnteredInError;

        public readonly bool IsHeld => Received == None && !EnteredInError;

        /// <summary>Held until it ends; entered in error, until its receipt (see <see cref="GreenCarState.Incident.KeptUntil"/>).</summary>
        public readonly long KeptUntil => Math.Min(
            EndedAt(this) is var ended && ended != None ? ended : long.MaxValue,
            EnteredInError && Received != None ? Received : long.MaxValue);
    }

    private sealed class Day
    {
        public int Calls, Outcomes, Abandoned;
        public readonly int[] Dispositions = new int[Vocabulary.IvchDispositions.Count];
        public MinuteHistogram ToAssessment; // in place: see MinuteHistogram
    }
}
