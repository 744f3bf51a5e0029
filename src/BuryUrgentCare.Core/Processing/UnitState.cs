using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The live state of one unit: its open and recent episodes and the aggregates derived from them.
///
/// Every aggregate is maintained incrementally by the same rule: before an event changes an episode,
/// the episode's contribution is withdrawn (<c>Contribute(episode, -1)</c>); after the change it is
/// added back (<c>+1</c>). A contribution depends only on the episode's state, and that state only
/// on the set of its events (each instant keeps the earliest value seen, except an outcome, an outcome
/// correction and an IVCH call's abandonment, which keep the latest so the episode ends in its final
/// state; an entered-in-error event removes the episode for good: see
/// <see cref="Latest(ref long, ref byte, long, byte, ReadOnlySpan{byte})"/>), so the figures are the
/// same whatever order the events arrive in, and no figure ever needs a rescan of all episodes.
/// </summary>
internal abstract class UnitState(UnitDefinition unit, ServiceCalendar calendar)
{
    /// <summary>Marks an instant not (yet) known.</summary>
    protected const long None = long.MinValue;

    protected static readonly long Minute = TimeSpan.TicksPerMinute;

    public UnitDefinition Unit { get; } = unit;

    protected ServiceCalendar Calendar { get; } = calendar;

    public CapacityLedger Capacity { get; private set; } = new();

    /// <summary>Episodes held in memory (open, recently closed, or waiting for their first event).</summary>
    public abstract int EpisodeCount { get; }

    /// <summary>Applies an event of this unit's service (not <c>capacity.declared</c>).</summary>
    public abstract void Apply(in UecEvent evt);

    /// <summary>True if the episode is held in memory.</summary>
    public abstract bool Holds(UInt128 subject);

    /// <summary>The unit's figures at <paramref name="nowTicks"/>.</summary>
    public abstract ServiceFigures Figures(long nowTicks);

    /// <summary>Forgets episodes closed before <paramref name="cutoffTicks"/> and days before it.</summary>
    public abstract void Prune(long cutoffTicks);

    /// <summary>The patients at risk of a long wait (<see cref="BreachRiskList"/>), ranked; null for a unit that is not a department.</summary>
    public virtual BreachRiskList? BreachRisk(long nowTicks) => null;

    /// <summary>
    /// A new state holding the same episodes, its aggregates built from scratch by adding each episode
    /// once. Between prunes (which trim some aggregates, such as the sliding hour's instants, apart from
    /// the episodes), the incrementally kept aggregates must equal these: the model the tests check.
    /// </summary>
    internal UnitState Rebuilt()
    {
        var fresh = RebuiltEpisodes();
        fresh.Capacity = Capacity;
        return fresh;
    }

    /// <summary>A new state of this kind with the same episodes, each added once.</summary>
    private protected abstract UnitState RebuiltEpisodes();

    /// <summary>Whole minutes from <paramref name="from"/> to <paramref name="to"/>, rounded down.</summary>
    protected static int Minutes(long from, long to) => (int)Math.Floor((to - from) / (double)Minute);

    /// <summary>Keeps the earliest instant: repeated events of one kind resolve the same in any order.</summary>
    protected static void Earliest(ref long field, long ticks)
    {
        if (field == None || ticks < field)
        {
            field = ticks;
        }
    }

    /// <summary>Keeps the earliest (instant, code) pair, equal instants resolving to the smaller code.</summary>
    protected static void Earliest(ref long field, ref byte code, long ticks, byte newCode)
    {
        if (field == None || ticks < field || (ticks == field && newCode < code))
        {
            field = ticks;
            code = newCode;
        }
    }

    /// <summary>
    /// Keeps the latest (instant, code) pair; at equal instants the code of higher
    /// <paramref name="rank"/> wins. For outcomes: a clinician's later outcome replaces an earlier one
    /// (a see-and-treat later conveyed to ED is a conveyance), and of two at the same instant the more
    /// cautious (more ED-bound) one counts, so ED avoidance is never overstated. The pair is the
    /// maximum over the episode's events in a total order, so any order of arrival and any repeat
    /// resolve the same.
    /// </summary>
    /// <param name="rank">Caution rank by code, higher = more ED-bound; distinct values.</param>
    protected static void Latest(ref long field, ref byte code, long ticks, byte newCode, ReadOnlySpan<byte> rank)
    {
        if (field == None || ticks > field || (ticks == field && rank[newCode] > rank[code]))
        {
            field = ticks;
            code = newCode;
        }
    }

    /// <summary>Keeps the latest instant: repeated events of one kind resolve the same in any order.</summary>
    protected static void Latest(ref long field, long ticks)
    {
        if (field == None || ticks > field)
        {
            field = ticks;
        }
    }

    /// <summary>A percentage, absent when there is no denominator (METRICS.md).</summary>
    protected static double? Percent(int part, int whole) => whole == 0 ? null : part * 100.0 / whole;

    /// <summary>Minutes since the earliest instant in the set, absent for an empty set.</summary>
    protected static int? LongestSince(SortedTicks set, long nowTicks) =>
        set.Count == 0 ? null : Math.Max(0, Minutes(set.Min, nowTicks));

    protected static Dictionary<string, int> Counts<T>(WireNames<T> names, int[] counts) where T : struct, Enum
    {
        var result = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            result[names.Names[i]] = counts[i];
        }

        return result;
    }

    public static UnitState Create(UnitDefinition unit, ServiceCalendar calendar) => unit.Service switch
    {
        ServiceKind.Ae or ServiceKind.Utc => new DepartmentState(unit, calendar),
        ServiceKind.GreenCar => new GreenCarState(unit, calendar),
        ServiceKind.Ivch => new IvchState(unit, calendar),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit.Service, "unknown service"),
    };
}

/// <summary>
/// A unit whose state is a set of episodes keyed by subject. Owns the one rule every aggregate
/// follows: withdraw the episode's contribution, record the event, add the contribution back.
/// </summary>
/// <remarks>
/// An episode is a small struct of instants and codes, held in a class so the index's slots stay
/// small and the episode never moves. Recording an event changes one or two of its fields, so only
/// the parts of the contribution whose inputs changed are withdrawn and re-added
/// (<see cref="MoveChangedParts"/>); skipping a part whose inputs are equal before and after is
/// exactly the full rule, because each part is a function of its inputs alone.
/// </remarks>
internal abstract class EpisodeState<TEpisode>(UnitDefinition unit, ServiceCalendar calendar) : UnitState(unit, calendar)
    where TEpisode : struct
{
    private readonly EpisodeIndex<Held> _episodes = new();

    public sealed override int EpisodeCount => _episodes.Count;

    public sealed override bool Holds(UInt128 subject) => _episodes.Find(subject) is not null;

    /// <summary>An episode before any of its events: every instant <see cref="UnitState.None"/>.</summary>
    protected abstract TEpisode Unknown { get; }

    public sealed override void Apply(in UecEvent evt)
    {
        var held = _episodes.GetOrAddPlace(evt.Subject) ??= new Held(Unknown);
        ref var episode = ref held.Episode;
        var before = episode;
        Record(ref episode, evt);
        Change(before, episode);
    }

    /// <summary>Records the event on its episode (each instant keeps its earliest value).</summary>
    protected abstract void Record(ref TEpisode episode, in UecEvent evt);

    /// <summary>
    /// Adds (+1) or withdraws (−1) everything the episode contributes to the aggregates: every part.
    /// Called only once the episode's <see cref="Start"/> is known; until then it contributes nothing.
    /// </summary>
    protected abstract void Contribute(in TEpisode episode, int sign);

    /// <summary>
    /// The instant the episode counts from (arrival, dispatch, receipt) and the code recorded with it;
    /// <see cref="UnitState.None"/> until known, and for ever once the episode is entered in error (it
    /// then counts nowhere, whatever else arrives). Every part of a contribution reads it.
    /// </summary>
    protected abstract (long Ticks, byte Code) Start(in TEpisode episode);

    /// <summary>
    /// With the start known and unchanged, withdraws (with <paramref name="was"/>) and re-adds (with
    /// <paramref name="now"/>) each part of the contribution whose other inputs differ.
    /// </summary>
    protected abstract void MoveChangedParts(in TEpisode was, in TEpisode now);

    /// <summary>Moves the aggregates from the episode as it was to the episode as it is.</summary>
    private void Change(in TEpisode before, in TEpisode after)
    {
        var (wasStart, start) = (Start(before), Start(after));
        if (wasStart == start)
        {
            if (start.Ticks != None)
            {
                MoveChangedParts(before, after);
            }

            return; // else: still waiting for its start, it contributed nothing and still does not
        }

        // The rule itself: a new start moves every part (a start gone, entered in error, withdraws them all).
        if (wasStart.Ticks != None)
        {
            Contribute(before, -1);
        }

        if (start.Ticks != None)
        {
            Contribute(after, +1);
        }
    }

    private protected sealed override UnitState RebuiltEpisodes()
    {
        var fresh = (EpisodeState<TEpisode>)Create(Unit, Calendar);
        foreach (var (subject, held) in _episodes.All())
        {
            fresh._episodes.GetOrAddPlace(subject) = new Held(held.Episode);
            if (Start(held.Episode).Ticks != None)
            {
                fresh.Contribute(held.Episode, +1);
            }
        }

        return fresh;
    }

    /// <summary>Every episode held, open or closed (read-only: the aggregates are not moved).</summary>
    protected IEnumerable<(UInt128 Subject, TEpisode Episode)> Episodes()
    {
        foreach (var (subject, held) in _episodes.All())
        {
            yield return (subject, held.Episode);
        }
    }

    /// <summary>Tests whether an episode ended before a cutoff.</summary>
    protected delegate bool EndedBefore(in TEpisode episode);

    /// <summary>Forgets episodes that ended before the cutoff (closed episodes are kept for the horizon so late or repeated events still find them).</summary>
    protected void ForgetEpisodes(EndedBefore endedBeforeCutoff) => _episodes.RemoveWhere(held => endedBeforeCutoff(held.Episode));

    /// <summary>One episode, in place: the index holds a reference, so its slots stay small and a resize copies no episode.</summary>
    private sealed class Held(TEpisode episode)
    {
        public TEpisode Episode = episode;
    }
}
