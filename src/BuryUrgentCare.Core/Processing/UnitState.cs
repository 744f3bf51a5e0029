using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The live state of one unit: its open and recent episodes and the aggregates derived from them.
///
/// Every aggregate is maintained incrementally by the same rule: before an event changes an episode,
/// the episode's contribution is withdrawn (<c>Contribute(episode, -1)</c>); after the change it is
/// added back (<c>+1</c>). A contribution depends only on the episode's state, and that state only
/// on the set of its events (each instant keeps the earliest value seen), so the figures are the
/// same whatever order the events arrive in, and no figure ever needs a rescan of all episodes.
/// </summary>
internal abstract class UnitState(UnitDefinition unit, ServiceCalendar calendar)
{
    /// <summary>Marks an instant not (yet) known.</summary>
    protected const long None = long.MinValue;

    protected static readonly long Minute = TimeSpan.TicksPerMinute;

    public UnitDefinition Unit { get; } = unit;

    protected ServiceCalendar Calendar { get; } = calendar;

    public CapacityLedger Capacity { get; } = new();

    /// <summary>Episodes held in memory (open, recently closed, or waiting for their first event).</summary>
    public abstract int EpisodeCount { get; }

    /// <summary>Applies an event of this unit's service (not <c>capacity.declared</c>).</summary>
    public abstract void Apply(in UecEvent evt);

    /// <summary>True if the episode is held in memory.</summary>
    public abstract bool Holds(UInt128 subject);

    /// <summary>The unit's figures at <paramref name="nowTicks"/>.</summary>
    public abstract object Figures(long nowTicks);

    /// <summary>Forgets episodes closed before <paramref name="cutoffTicks"/> and days before it.</summary>
    public abstract void Prune(long cutoffTicks);

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
internal abstract class EpisodeState<TEpisode>(UnitDefinition unit, ServiceCalendar calendar) : UnitState(unit, calendar)
    where TEpisode : class, new()
{
    private readonly Dictionary<UInt128, TEpisode> _episodes = [];

    public sealed override int EpisodeCount => _episodes.Count;

    public sealed override bool Holds(UInt128 subject) => _episodes.ContainsKey(subject);

    public sealed override void Apply(in UecEvent evt)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_episodes, evt.Subject, out _);
        var episode = slot ??= new TEpisode();
        Contribute(episode, -1);
        Record(episode, evt);
        Contribute(episode, +1);
    }

    /// <summary>Records the event on its episode (each instant keeps its earliest value).</summary>
    protected abstract void Record(TEpisode episode, in UecEvent evt);

    /// <summary>Adds (+1) or withdraws (−1) everything the episode contributes to the aggregates.</summary>
    protected abstract void Contribute(TEpisode episode, int sign);

    /// <summary>Forgets episodes that ended before the cutoff (closed episodes are kept for the horizon so late or repeated events still find them).</summary>
    protected void ForgetEpisodes(Func<TEpisode, bool> endedBeforeCutoff)
    {
        foreach (var (subject, episode) in _episodes)
        {
            if (endedBeforeCutoff(episode))
            {
                _episodes.Remove(subject);
            }
        }
    }
}
