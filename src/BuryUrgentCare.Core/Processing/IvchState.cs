using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The IVCH: one episode per call, from <c>call-received</c> to <c>outcome</c> or <c>abandoned</c>.
/// A call counts once its receipt is known. Figures are defined in METRICS.md.
/// </summary>
internal sealed class IvchState(UnitDefinition unit, ServiceCalendar calendar) : EpisodeState<IvchState.Call>(unit, calendar)
{
    private static readonly long Hour = TimeSpan.FromMinutes(60).Ticks;

    private readonly DailyTotals<Day> _days = new();
    private readonly SortedTicks _queue = new();
    private readonly SortedTicks _received = new();

    protected override void Record(Call e, in UecEvent evt)
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
                Earliest(ref e.OutcomeAt, ref e.Disposition, t, (byte)evt.IvchDisposition);
                break;
            case EventType.IvchAbandoned:
                Earliest(ref e.Abandoned, t);
                break;
        }
    }

    protected override void Contribute(Call e, int sign)
    {
        if (e.Received == None)
        {
            return; // held until the call's receipt is known
        }

        _days.For(Calendar.DayOf(e.Received)).Calls += sign;
        _received.Update(e.Received, sign);
        if (e.Assessed == None && e.OutcomeAt == None && e.Abandoned == None)
        {
            _queue.Update(e.Received, sign);
        }

        if (e.Assessed != None) _days.For(Calendar.DayOf(e.Assessed)).ToAssessment.Update(Minutes(e.Received, e.Assessed), sign);
        if (e.Abandoned != None) _days.For(Calendar.DayOf(e.Abandoned)).Abandoned += sign;
        if (e.OutcomeAt != None)
        {
            var day = _days.For(Calendar.DayOf(e.OutcomeAt));
            day.Dispositions[e.Disposition] += sign;
            day.Outcomes += sign;
        }
    }

    public override object Figures(long now)
    {
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
            AbandonedRateToday = Percent(today.Abandoned, today.Outcomes + today.Abandoned),
            DispositionsToday = Counts(Vocabulary.IvchDispositions, d),
            EdAvoidanceRateToday = Percent(avoided, today.Outcomes),
            GpBookedToday = d[(int)IvchDisposition.GpExtendedHours] + d[(int)IvchDisposition.GpOutOfHours],
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
        _received.RemoveBefore(cutoffTicks);
        _days.PruneBefore(Calendar.DayOf(cutoffTicks));
        ForgetEpisodes(e => (e.OutcomeAt != None ? e.OutcomeAt : e.Abandoned) is var ended && ended != None && ended < cutoffTicks);
    }

    internal sealed class Call
    {
        public long Received = None, Assessed = None, OutcomeAt = None, Abandoned = None;
        public byte Route, Disposition;
    }

    private sealed class Day
    {
        public int Calls, Outcomes, Abandoned;
        public readonly int[] Dispositions = new int[Vocabulary.IvchDispositions.Count];
        public readonly MinuteHistogram ToAssessment = new();
    }
}
