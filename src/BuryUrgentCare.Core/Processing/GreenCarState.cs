using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The Green Car: one episode per incident, from <c>dispatched</c> to <c>clear</c>. An incident counts
/// once its dispatch is known; its outcome is the latest one recorded (docs/metrics.md). Figures are
/// defined in METRICS.md.
/// </summary>
internal sealed class GreenCarState(UnitDefinition unit, ServiceCalendar calendar) : EpisodeState<GreenCarState.Incident>(unit, calendar)
{
    private DailyTotals<Day> _days; // in place: see DailyTotals
    private int _active;

    protected override Incident Unknown => Incident.Unknown;

    /// <summary>
    /// Caution rank of each outcome (by <see cref="GreenCarOutcome"/> code), breaking a tie between two
    /// outcomes at the same instant: conveyed-ed 4 &gt; conveyed-utc 3 &gt; conveyed-other 2 &gt;
    /// see-and-refer 1 &gt; see-and-treat 0. The more ED-bound one wins, so ED avoidance and
    /// non-conveyance are never overstated.
    /// </summary>
    private static ReadOnlySpan<byte> OutcomeCaution => [0, 1, 4, 3, 2];

    protected override void Record(ref Incident e, in UecEvent evt)
    {
        var t = evt.TimeTicks;
        switch (evt.Type)
        {
            case EventType.GreenCarDispatched:
                Earliest(ref e.Dispatched, ref e.Category, t, (byte)evt.Category);
                break;
            case EventType.GreenCarOnScene:
                Earliest(ref e.OnScene, t);
                break;
            case EventType.GreenCarOutcome:
                // The final outcome counts: a see-and-treat later conveyed to ED was a conveyance.
                Latest(ref e.OutcomeAt, ref e.Outcome, t, (byte)evt.Outcome, OutcomeCaution);
                break;
            case EventType.GreenCarClear:
                Earliest(ref e.Cleared, t);
                break;
            case EventType.GreenCarOutcomeCorrected:
                // v1.1: replaces the outcome's code, whatever the outcome events say; the latest correction counts.
                Latest(ref e.CorrectedAt, ref e.Corrected, t, (byte)evt.Outcome, OutcomeCaution);
                break;
            case EventType.GreenCarEnteredInError:
                e.EnteredInError = true;
                break;
        }
    }

    protected override void Contribute(in Incident e, int sign)
    {
        Dispatch(e, sign);
        Activity(e, sign);
        Outcome(e, sign);
        Response(e, sign);
        JobCycle(e, sign);
    }

    protected override (long Ticks, byte Code) Start(in Incident e) => e.EnteredInError ? (None, (byte)0) : (e.Dispatched, e.Category);

    /// <summary>
    /// The outcome that counts: the latest outcome event's instant (the correction's own when there is
    /// none) with the latest correction's code when there is one (docs/metrics.md, "Corrections").
    /// </summary>
    private static (long At, byte Code) FinalOutcome(in Incident e) =>
        (e.OutcomeAt != None ? e.OutcomeAt : e.CorrectedAt, e.CorrectedAt != None ? e.Corrected : e.Outcome);

    protected override void MoveChangedParts(in Incident was, in Incident now)
    {
        if (was.Cleared != now.Cleared || was.Check != now.Check)
        {
            Activity(was, -1);
            Activity(now, +1);
        }

        if (was.Cleared != now.Cleared)
        {
            JobCycle(was, -1);
            JobCycle(now, +1);
        }

        if (FinalOutcome(was) != FinalOutcome(now))
        {
            Outcome(was, -1);
            Outcome(now, +1);
        }

        if (was.OnScene != now.OnScene)
        {
            Response(was, -1);
            Response(now, +1);
        }
    }

    // The parts of an incident's contribution. Each runs only for a known dispatch.

    /// <summary>Inputs: dispatch.</summary>
    private void Dispatch(in Incident e, int sign) => _days.For(Calendar.DayOf(e.Dispatched)).Incidents += sign;

    /// <summary>Inputs: dispatch, clear, check (an unverified incident is not active: hazard H16).</summary>
    private void Activity(in Incident e, int sign)
    {
        if (e.Cleared == None && e.Check == Verification.Verified) _active += sign;
    }

    /// <summary>Inputs: dispatch, final outcome and its time.</summary>
    private void Outcome(in Incident e, int sign)
    {
        var (at, code) = FinalOutcome(e);
        if (at != None) _days.For(Calendar.DayOf(at)).Outcomes[code] += sign;
    }

    /// <summary>Inputs: dispatch, on scene.</summary>
    private void Response(in Incident e, int sign)
    {
        if (e.OnScene != None) _days.For(Calendar.DayOf(e.OnScene)).Response.Update(Minutes(e.Dispatched, e.OnScene), sign);
    }

    /// <summary>Inputs: dispatch, clear.</summary>
    private void JobCycle(in Incident e, int sign)
    {
        if (e.Cleared != None) _days.For(Calendar.DayOf(e.Cleared)).JobCycle.Update(Minutes(e.Dispatched, e.Cleared), sign);
    }

    public override ServiceFigures Figures(long now)
    {
        CheckSilence(now);
        var today = _days.Peek(Calendar.DayOf(now));
        var o = today.Outcomes;
        var all = o.Sum();
        var notConveyed = o[(int)GreenCarOutcome.SeeAndTreat] + o[(int)GreenCarOutcome.SeeAndRefer];
        return new GreenCarFigures
        {
            ActiveIncidents = _active,
            IncidentsToday = today.Incidents,
            OutcomesToday = Counts(Vocabulary.GreenCarOutcomes, o),
            NonConveyanceRateToday = Percent(notConveyed, all),
            // Conveyed elsewhere can be another A&E: only what provably avoided one counts as avoided (hazard H22).
            EdAvoidedToday = notConveyed + o[(int)GreenCarOutcome.ConveyedUtc],
            NonEdDispositionsToday = all - o[(int)GreenCarOutcome.ConveyedEd],
            MedianResponseMinutesToday = today.Response.Median(),
            MedianJobCycleMinutesToday = today.JobCycle.Median(),
            UnverifiedNoRecentEvent = Checks.NoRecentEvent,
            UnverifiedNotInCensus = Checks.NotInCensus,
            InCensusNoArrival = InCensusUnknown(),
            HeldNoArrival = Checks.Held,
        };
    }

    public override void Prune(long cutoffTicks)
    {
        ForgetCensusBefore(cutoffTicks);
        _days.PruneBefore(Calendar.DayOf(cutoffTicks));
        ForgetEpisodes(cutoffTicks);
    }

    protected override void WriteEpisode(BinaryWriter writer, in Incident e)
    {
        CheckpointFormat.WriteInstants(writer, e.LastEvent, e.Dispatched, e.OnScene, e.OutcomeAt, e.Cleared, e.CorrectedAt);
        CheckpointFormat.WriteCodes(writer, e.Category, e.Outcome, e.Corrected, e.EnteredInError ? (byte)1 : (byte)0);
    }

    protected override Incident ReadEpisode(BinaryReader reader, long lastEvent, byte version)
    {
        var e = new Incident
        {
            Dispatched = CheckpointFormat.ReadInstant(reader, lastEvent), OnScene = CheckpointFormat.ReadInstant(reader, lastEvent),
            OutcomeAt = CheckpointFormat.ReadInstant(reader, lastEvent), Cleared = CheckpointFormat.ReadInstant(reader, lastEvent),
            CorrectedAt = CheckpointFormat.ReadInstant(reader, lastEvent),
        };
        e.Category = CheckpointFormat.ReadCode(reader, Vocabulary.Categories.Count);
        e.Outcome = CheckpointFormat.ReadCode(reader, Vocabulary.GreenCarOutcomes.Count);
        e.Corrected = CheckpointFormat.ReadCode(reader, Vocabulary.GreenCarOutcomes.Count);
        e.EnteredInError = CheckpointFormat.ReadCode(reader, 2) == 1;
        return e;
    }

    internal struct Incident : ICheckedEpisode
    {
        public static readonly Incident Unknown = new()
        {
            Dispatched = None, OnScene = None, OutcomeAt = None, Cleared = None, CorrectedAt = None, LastEvent = None,
        };

        public long Dispatched, OnScene, OutcomeAt, Cleared, CorrectedAt;
        public byte Category, Outcome, Corrected;
        public bool EnteredInError;

        /// <summary>Declared here, with the codes, so that it fits their padding: 56 bytes, not 64 (a field is laid out where it is declared).</summary>
        public Verification Check { readonly get; set; }

        public long LastEvent { readonly get; set; }

        public readonly bool IsOpen => Dispatched != None && Cleared == None && !EnteredInError;

        public readonly bool IsHeld => Dispatched == None && !EnteredInError;

        /// <summary>
        /// Held until it clears. Entered in error, until its dispatch: a resent event of it is then expired, and any other
        /// starts nothing. Until its dispatch is known it is held, like any incident.
        /// </summary>
        public readonly long KeptUntil => Math.Min(
            Cleared != None ? Cleared : long.MaxValue,
            EnteredInError && Dispatched != None ? Dispatched : long.MaxValue);
    }

    private sealed class Day
    {
        public int Incidents;
        public readonly int[] Outcomes = new int[Vocabulary.GreenCarOutcomes.Count];
        public MinuteHistogram Response, JobCycle; // in place: see MinuteHistogram
    }
}
