using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The Green Car: one episode per incident, from <c>dispatched</c> to <c>clear</c>. An incident counts
/// once its dispatch is known. Figures are defined in METRICS.md.
/// </summary>
internal sealed class GreenCarState(UnitDefinition unit, ServiceCalendar calendar) : EpisodeState<GreenCarState.Incident>(unit, calendar)
{
    private readonly DailyTotals<Day> _days = new();
    private int _active;

    protected override void Record(Incident e, in UecEvent evt)
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
                Earliest(ref e.OutcomeAt, ref e.Outcome, t, (byte)evt.Outcome);
                break;
            case EventType.GreenCarClear:
                Earliest(ref e.Cleared, t);
                break;
        }
    }

    protected override void Contribute(Incident e, int sign)
    {
        if (e.Dispatched == None)
        {
            return; // held until the dispatch is known
        }

        _days.For(Calendar.DayOf(e.Dispatched)).Incidents += sign;
        if (e.Cleared == None) _active += sign;
        if (e.OutcomeAt != None)
        {
            var day = _days.For(Calendar.DayOf(e.OutcomeAt));
            day.Outcomes[e.Outcome] += sign;
        }

        if (e.OnScene != None) _days.For(Calendar.DayOf(e.OnScene)).Response.Update(Minutes(e.Dispatched, e.OnScene), sign);
        if (e.Cleared != None) _days.For(Calendar.DayOf(e.Cleared)).JobCycle.Update(Minutes(e.Dispatched, e.Cleared), sign);
    }

    public override object Figures(long now)
    {
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
            EdAvoidedToday = all - o[(int)GreenCarOutcome.ConveyedEd],
            MedianResponseMinutesToday = today.Response.Median(),
            MedianJobCycleMinutesToday = today.JobCycle.Median(),
        };
    }

    public override void Prune(long cutoffTicks)
    {
        _days.PruneBefore(Calendar.DayOf(cutoffTicks));
        ForgetEpisodes(e => e.Cleared != None && e.Cleared < cutoffTicks);
    }

    internal sealed class Incident
    {
        public long Dispatched = None, OnScene = None, OutcomeAt = None, Cleared = None;
        public byte Category, Outcome;
    }

    private sealed class Day
    {
        public int Incidents;
        public readonly int[] Outcomes = new int[Vocabulary.GreenCarOutcomes.Count];
        public readonly MinuteHistogram Response = new(), JobCycle = new();
    }
}
