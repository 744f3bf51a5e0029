using System.Numerics;
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

    /// <summary>Applies an event of this unit's service (not <c>capacity.declared</c> or <c>census.declared</c>).</summary>
    public abstract void Apply(in UecEvent evt);

    /// <summary>Applies a <c>census.declared</c>: who the source says is present at its time (the latest census counts).</summary>
    public abstract void ApplyCensus(in UecEvent evt);

    /// <summary>
    /// How long an open episode may go without an event before it is shown as unverified (hazard H16: a ghost patient
    /// whose departure never came). <see cref="TimeSpan.MaxValue"/>: never.
    /// </summary>
    public TimeSpan UnverifiedAfter { get; init; } = TimeSpan.MaxValue;

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

    /// <summary>A new, empty state of the same kind and settings.</summary>
    private protected UnitState Empty() => Create(Unit, Calendar, UnverifiedAfter);

    /// <summary>A new state of this kind with the same episodes, each added once.</summary>
    private protected abstract UnitState RebuiltEpisodes();

    /// <summary>
    /// Writes what the state cannot rebuild: declared capacity, the episodes held (sorted by subject, so equal states
    /// write equal bytes) and what judges them (the census, the silence cutoff). The aggregates are not written: they
    /// are a function of the episodes (<see cref="Rebuilt"/>), so <see cref="Read"/> rebuilds them.
    /// </summary>
    internal void Write(BinaryWriter writer)
    {
        Capacity.Write(writer);
        WriteEpisodes(writer);
    }

    /// <summary>A state like this one (kind, unit, settings) holding what <see cref="Write"/> wrote, its aggregates rebuilt.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state of this kind.</exception>
    /// <param name="version">The checkpoint's format version (<see cref="StreamProcessor.OldestReadableCheckpointFormatVersion"/> or later).</param>
    internal UnitState Read(BinaryReader reader, byte version)
    {
        var capacity = CapacityLedger.Read(reader);
        var state = ReadEpisodes(reader, version);
        state.Capacity = capacity;
        return state;
    }

    private protected abstract void WriteEpisodes(BinaryWriter writer);

    private protected abstract UnitState ReadEpisodes(BinaryReader reader, byte version);

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
    protected static int? LongestSince(in SortedTicks set, long nowTicks) =>
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

    public static UnitState Create(UnitDefinition unit, ServiceCalendar calendar, TimeSpan? unverifiedAfter = null) => unit.Service switch
    {
        ServiceKind.Ae or ServiceKind.Utc => new DepartmentState(unit, calendar) { UnverifiedAfter = unverifiedAfter ?? TimeSpan.MaxValue },
        ServiceKind.GreenCar => new GreenCarState(unit, calendar) { UnverifiedAfter = unverifiedAfter ?? TimeSpan.MaxValue },
        ServiceKind.Ivch => new IvchState(unit, calendar) { UnverifiedAfter = unverifiedAfter ?? TimeSpan.MaxValue },
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit.Service, "unknown service"),
    };
}

/// <summary>
/// Whether an open episode is still believed (hazard H16). An open episode that has had no event for longer than the
/// unit's limit, or that the latest census (taken after its last event) does not list, is <b>unverified</b>: out of
/// every live count (and so of OPEL), counted on its own, never a departure — it may be a ghost whose departure was
/// never recorded, or a record the source must correct. Any later event of the episode makes it verified again.
/// </summary>
internal enum Verification : byte
{
    /// <summary>Not open, or open and believed.</summary>
    Verified,
    /// <summary>Open, with no event for longer than the unit's limit.</summary>
    NoRecentEvent,
    /// <summary>Open, and absent from the latest census taken after its last event.</summary>
    NotInCensus,
}

/// <summary>What every episode carries for the checks its state makes on it (<see cref="EpisodeState{TEpisode}"/>).</summary>
internal interface ICheckedEpisode
{
    /// <summary>The latest time of any of its events (<see cref="UnitState"/>'s <c>None</c> before the first).</summary>
    long LastEvent { get; set; }

    Verification Check { get; set; }

    /// <summary>Started (arrival, dispatch, receipt known), not ended, not entered in error: it counts as here now.</summary>
    bool IsOpen { get; }

    /// <summary>Has events, but not its start (and is not entered in error): held, counted nowhere but as held.</summary>
    bool IsHeld { get; }

    /// <summary>
    /// The episode is held while the replay horizon's cutoff is at or before this instant, and forgotten once the cutoff
    /// passes it: its end (or its start, if later), so late or repeated events of a closed episode still find it for the
    /// horizon; for an episode entered in error, its start. <see cref="long.MaxValue"/> while it must be held (not ended).
    /// </summary>
    long KeptUntil { get; }
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
    where TEpisode : struct, ICheckedEpisode
{
    private EpisodeIndex<Held> _episodes = new(); // in place: see EpisodeIndex

    // The checks of hazards H16 and H23, kept like every other aggregate: an episode's part in them is withdrawn before
    // its change and added back after (Account).
    private int _noRecentEvent, _notInCensus, _held;
    private long _silenceCutoff = long.MinValue; // open episodes last known there before it have been silent too long
    // At most the time every open episode not judged silent was last known there (its last event, or a later census
    // listing it): while the cutoff rises no higher, nobody new falls silent, so a new cutoff needs no scan
    // (CheckSilence). Lowered per event, made exact by each scan.
    private long _quietBound = long.MaxValue;
    // At most the earliest KeptUntil of any episode held: while the horizon's cutoff is no later, nothing is due to be
    // forgotten, so a prune needs no scan (ForgetEpisodes) — most ticks, since episodes end minutes apart and the host
    // prunes every second. Lowered per event, made exact by each scan.
    private long _keptUntilBound = long.MaxValue;
    private Census? _census;
    private long _censusTime = long.MinValue; // the census's time (MinValue: none), beside it so judging an event reads no census
    // "In census, no arrival": counted from the census when read after the census changed (-1: not counted since), then
    // kept as episodes' starts become known or unknown and as episodes are forgotten.
    private int _inCensusUnknown = -1;
    // The open episodes, one entry each, in no order: a census or a new silence cutoff judges only these, from the entry
    // (a contiguous scan), touching an episode only when the entry cannot settle its check alone. An entry is written when
    // its episode opens or its check changes, not per event: its last event is a lower bound of the episode's. An episode
    // that closes leaves a free entry (not open) for the next to open, rather than moving the last entry into its place:
    // moving it meant finding that entry's episode in the index to tell it, two cache misses on every close.
    private OpenEntry[] _openEntries = new OpenEntry[16];
    private int _openEnd;   // entries in use or free lie below this
    private int[] _freeEntries = new int[16];
    private int _freeCount; // of the entries below _openEnd, those free, in _freeEntries

    public sealed override int EpisodeCount => _episodes.Count;

    public sealed override bool Holds(UInt128 subject) => _episodes.Find(subject) is not null;

    /// <summary>An episode before any of its events: every instant <see cref="UnitState.None"/>.</summary>
    protected abstract TEpisode Unknown { get; }

    public sealed override void Apply(in UecEvent evt)
    {
        ref var place = ref _episodes.GetOrAddPlace(evt.Subject);
        var created = place is null;
        var held = place ??= new Held(Unknown);
        ref var episode = ref held.Episode;
        var before = episode;
        Record(ref episode, evt);
        if (evt.TimeTicks > episode.LastEvent)
        {
            episode.LastEvent = evt.TimeTicks;
        }

        if (episode.KeptUntil < _keptUntilBound)
        {
            _keptUntilBound = episode.KeptUntil;
        }

        episode.Check = Judge(ref episode, evt.Subject);
        if (!created)
        {
            Account(ref before, -1);
        }

        Account(ref episode, +1);
        Track(held, evt.Subject, checkChanged: before.Check != episode.Check);
        if (_inCensusUnknown >= 0 && _census is { } census)
        {
            var (wasUnknown, isUnknown) = (Start(before).Ticks == None, Start(episode).Ticks == None);
            if (wasUnknown != isUnknown && census.Contains(evt.Subject))
            {
                _inCensusUnknown += isUnknown ? 1 : -1; // a subject of the census became known (or, entered in error, unknown)
            }
        }

        Change(before, episode);
    }

    public sealed override void ApplyCensus(in UecEvent evt)
    {
        if (_census is { } census && evt.TimeTicks < census.Time)
        {
            return; // an older census says nothing about now
        }

        var subjects = evt.CensusSubjects.AsSpan();
        if (_census is { } same && evt.TimeTicks == same.Time)
        {
            same.Merge(subjects); // two at one instant: either's patients are there
        }
        else
        {
            (_census ??= new Census()).Replace(evt.TimeTicks, subjects);
            _censusTime = evt.TimeTicks;
        }

        _inCensusUnknown = -1;
        Reverify();
    }

    /// <summary>Open episodes unverified for want of an event; those absent from the latest census; those held without their start.</summary>
    protected (int NoRecentEvent, int NotInCensus, int Held) Checks => (_noRecentEvent, _notInCensus, _held);

    /// <summary>Subjects of the latest census of which no episode with a known start is held ("in census, no arrival").</summary>
    protected int InCensusUnknown()
    {
        if (_inCensusUnknown >= 0)
        {
            return _inCensusUnknown;
        }

        var count = 0;
        foreach (var subject in _census is { } census ? census.Subjects : [])
        {
            if (_episodes.Find(subject) is not { } held || Start(held.Episode).Ticks == None)
            {
                count++;
            }
        }

        return _inCensusUnknown = count;
    }

    /// <summary>
    /// Brings the silence check to <paramref name="nowTicks"/>: an open episode whose last event is more than the limit
    /// before now is unverified. Called before figures are read (not per event), so they depend on the events and now
    /// alone. A cutoff that moves forward but not past any episode still judged quiet changes no judgement and costs
    /// nothing; otherwise the open episodes' entries are scanned.
    /// </summary>
    protected void CheckSilence(long nowTicks)
    {
        var cutoff = UnverifiedAfter == TimeSpan.MaxValue ? long.MinValue : nowTicks - UnverifiedAfter.Ticks;
        if (cutoff == _silenceCutoff)
        {
            return;
        }

        // Forward, and no quiet episode's last event before it: the silent stay silent (their last events are before the
        // old cutoff, so before this one) and the quiet stay quiet. Backward (a clock set back) may wake the silent: scan.
        var nobodyCrosses = cutoff > _silenceCutoff && cutoff <= _quietBound;
        _silenceCutoff = cutoff;
        if (!nobodyCrosses)
        {
            Reverify();
        }
    }

    private Verification Judge(ref TEpisode e, UInt128 subject) => e.IsOpen ? Judge(e.LastEvent, subject, out _) : Verification.Verified;

    /// <summary>
    /// The check of an open episode whose last event is at <paramref name="lastEvent"/>, and <paramref name="seen"/>: when
    /// the patient was last known to be there — the last event, or a later census that lists them. A patient listed by a
    /// census within the limit is there, however long since their last event (a long wait for a mental-health bed, with
    /// nothing recorded for a day): the census is the record's own word, so they stay counted (hazard H16).
    /// </summary>
    private Verification Judge(long lastEvent, UInt128 subject, out long seen)
    {
        seen = lastEvent;
        var notInCensus = false;
        if (lastEvent < _censusTime)
        {
            if (_census!.Contains(subject))
            {
                seen = _censusTime;
            }
            else
            {
                notInCensus = true;
            }
        }

        return seen < _silenceCutoff ? Verification.NoRecentEvent
            : notInCensus ? Verification.NotInCensus
            : Verification.Verified;
    }

    /// <summary>
    /// Judges every open episode again (the census or the silence cutoff changed), moving the aggregates of those whose
    /// check changes. A closed episode is always verified, so only the open ones are visited.
    /// </summary>
    private void Reverify()
    {
        var entries = _openEntries.AsSpan(0, _openEnd);
        var quietBound = long.MaxValue;
        for (var i = 0; i < entries.Length; i++)
        {
            ref var entry = ref entries[i];
            if (!entry.Open)
            {
                continue;
            }

            var check = Judge(entry.LastEvent, entry.Subject, out var seen);
            if (check != Verification.Verified && HeldOf(entry).Episode.LastEvent is var lastEvent && lastEvent != entry.LastEvent)
            {
                // Judged on a stale last event: a later one can only make the episode more believed (the judgement
                // is monotone in it), so only a check other than verified needs the episode's own.
                entry.LastEvent = lastEvent;
                check = Judge(lastEvent, entry.Subject, out seen);
            }

            // When the patient was last known to be there (a census listing them counts): until the cutoff passes it,
            // nobody's judgement changes.
            if (check != Verification.NoRecentEvent && seen < quietBound)
            {
                quietBound = seen;
            }

            if (check != entry.Check)
            {
                entry.Check = check;
                var held = HeldOf(entry);
                var before = held.Episode;
                held.Episode.Check = check;
                Account(ref before, -1);
                Account(ref held.Episode, +1);
                Change(before, held.Episode);
            }
        }

        _quietBound = quietBound;
    }

    /// <summary>
    /// Keeps an entry for <paramref name="held"/> exactly while it is open, holding its check and a lower bound of its last
    /// event: written when it opens or <paramref name="checkChanged"/>, else left alone (writing it on every event touched a
    /// second cache line per event).
    /// </summary>
    private void Track(Held held, UInt128 subject, bool checkChanged = false)
    {
        if (!held.Episode.IsOpen)
        {
            Untrack(held);
            return;
        }

        if (held.OpenSlot < 0)
        {
            if (_freeCount > 0)
            {
                held.OpenSlot = _freeEntries[--_freeCount];
            }
            else
            {
                if (_openEnd == _openEntries.Length)
                {
                    Array.Resize(ref _openEntries, _openEntries.Length * 2);
                }

                held.OpenSlot = _openEnd++;
            }

            _openEntries[held.OpenSlot] = new OpenEntry(subject, held.Episode.LastEvent, held.Episode.Check, Open: true);
        }
        else if (checkChanged)
        {
            ref var entry = ref _openEntries[held.OpenSlot];
            entry.LastEvent = held.Episode.LastEvent;
            entry.Check = held.Episode.Check;
        }

        if (held.Episode.Check != Verification.NoRecentEvent && held.Episode.LastEvent < _quietBound)
        {
            _quietBound = held.Episode.LastEvent;
        }
    }

    private void Untrack(Held held)
    {
        if (held.OpenSlot < 0)
        {
            return;
        }

        _openEntries[held.OpenSlot] = default; // not open
        if (_freeCount == _freeEntries.Length)
        {
            Array.Resize(ref _freeEntries, _freeEntries.Length * 2);
        }

        _freeEntries[_freeCount++] = held.OpenSlot;
        held.OpenSlot = -1;
        if (_freeCount == _openEnd)
        {
            (_openEnd, _freeCount) = (0, 0); // nobody open: start again from the first entry
        }
    }

    /// <summary>The episode's part in the checks (H16, H23). By reference: a generic struct's members would copy an <c>in</c> one.</summary>
    private void Account(ref TEpisode e, int sign)
    {
        if (e.IsHeld)
        {
            _held += sign;
        }
        else if (e.IsOpen)
        {
            if (e.Check == Verification.NoRecentEvent) _noRecentEvent += sign;
            else if (e.Check == Verification.NotInCensus) _notInCensus += sign;
        }
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

    private protected sealed override UnitState RebuiltEpisodes() => Filled(_silenceCutoff, _census?.Copy(), Episodes());

    /// <summary>A new, empty state of this kind given the episodes, each added once, judged as they were.</summary>
    private EpisodeState<TEpisode> Filled(long silenceCutoff, Census? census, IEnumerable<(UInt128 Subject, TEpisode Episode)> episodes)
    {
        var fresh = (EpisodeState<TEpisode>)Empty();
        fresh._silenceCutoff = silenceCutoff;
        fresh._census = census;
        fresh._censusTime = census?.Time ?? long.MinValue;
        foreach (var (subject, episode) in episodes)
        {
            var copy = fresh._episodes.GetOrAddPlace(subject) = new Held(episode);
            fresh._keptUntilBound = Math.Min(fresh._keptUntilBound, episode.KeptUntil);
            fresh.Account(ref copy.Episode, +1);
            fresh.Track(copy, subject);
            if (Start(episode).Ticks != None)
            {
                fresh.Contribute(episode, +1);
            }
        }

        return fresh;
    }

    private protected sealed override void WriteEpisodes(BinaryWriter writer)
    {
        writer.Write(_silenceCutoff);
        writer.Write(_census is not null);
        if (_census is { } census)
        {
            writer.Write(census.Time);
            var subjects = census.Subjects.ToArray();
            Array.Sort(subjects); // kept in the order listed; sorted here so that equal states write equal bytes
            CheckpointFormat.WriteSubjects(writer, subjects);
        }

        var episodes = Episodes().ToArray();
        Array.Sort(episodes, static (a, b) => a.Subject.CompareTo(b.Subject));
        writer.Write(episodes.Length);
        foreach (var (subject, episode) in episodes)
        {
            CheckpointFormat.WriteSubject(writer, subject);
            writer.Write(episode.LastEvent);
            writer.Write((byte)episode.Check);
            WriteEpisode(writer, episode);
        }
    }

    private protected sealed override UnitState ReadEpisodes(BinaryReader reader, byte version)
    {
        var silenceCutoff = reader.ReadInt64();
        Census? census = null;
        if (reader.ReadBoolean())
        {
            census = new Census();
            var time = reader.ReadInt64();
            census.Replace(time, CheckpointFormat.ReadSubjects(reader));
        }

        var count = CheckpointFormat.ReadCount(reader, minimumBytesEach: 26);
        var episodes = new (UInt128 Subject, TEpisode Episode)[count];
        for (var i = 0; i < count; i++)
        {
            var subject = CheckpointFormat.ReadSubject(reader);
            if (i > 0 && subject <= episodes[i - 1].Subject)
            {
                throw new InvalidDataException("episodes out of order or repeated");
            }

            var lastEvent = reader.ReadInt64();
            var check = reader.ReadByte();
            if (check > (byte)Verification.NotInCensus)
            {
                throw new InvalidDataException($"unknown check {check}");
            }

            var episode = ReadEpisode(reader, lastEvent, version);
            episode.LastEvent = lastEvent;
            episode.Check = (Verification)check;
            episodes[i] = (subject, episode);
        }

        // Added in the order they started, so each sorted set of instants is appended to, not inserted into: restoring a
        // million episodes is then linear (in subject order, each insert moved half of an array).
        var starts = new long[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = Start(episodes[i].Episode).Ticks;
        }

        Array.Sort(starts, episodes);
        return Filled(silenceCutoff, census, episodes);
    }

    /// <summary>Writes the episode's own fields (its last event and check are written by the caller), instants relative to its last event.</summary>
    protected abstract void WriteEpisode(BinaryWriter writer, in TEpisode episode);

    /// <summary>
    /// Reads what <see cref="WriteEpisode"/> wrote, checking every code against its vocabulary; in format
    /// <paramref name="version"/>, which may be older than the one written now.
    /// </summary>
    /// <exception cref="InvalidDataException">A code outside its vocabulary.</exception>
    protected abstract TEpisode ReadEpisode(BinaryReader reader, long lastEvent, byte version);

    /// <summary>Forgets a census older than the cutoff: it no longer says anything about the episodes still held.</summary>
    protected void ForgetCensusBefore(long cutoffTicks)
    {
        if (_census is { } census && census.Time < cutoffTicks)
        {
            _census = null;
            _censusTime = long.MinValue;
            _inCensusUnknown = -1;
            Reverify();
        }
    }

    /// <summary>Every episode held, open or closed (read-only: the aggregates are not moved).</summary>
    protected IEnumerable<(UInt128 Subject, TEpisode Episode)> Episodes()
    {
        foreach (var (subject, held) in _episodes.All())
        {
            yield return (subject, held.Episode);
        }
    }

    /// <summary>
    /// Forgets the episodes whose <see cref="ICheckedEpisode.KeptUntil"/> is before the cutoff (closed episodes are kept
    /// for the horizon so late or repeated events still find them). Scans the episodes only when one may be due.
    /// </summary>
    protected void ForgetEpisodes(long cutoffTicks)
    {
        if (cutoffTicks <= _keptUntilBound)
        {
            return; // every episode held is kept until the cutoff or later
        }

        var bound = long.MaxValue;
        _episodes.RemoveWhere((subject, held) =>
        {
            var keptUntil = held.Episode.KeptUntil;
            if (keptUntil >= cutoffTicks)
            {
                bound = Math.Min(bound, keptUntil);
                return false;
            }

            Account(ref held.Episode, -1); // a forgotten episode held without its start is no longer held
            Untrack(held);
            if (_inCensusUnknown >= 0 && _census is { } census && Start(held.Episode).Ticks != None && census.Contains(subject))
            {
                _inCensusUnknown++; // listed, and no longer held with its arrival
            }

            return true;
        });
        _keptUntilBound = bound;
    }

    /// <summary>
    /// The latest census: its time and the subjects it lists, in the order listed, and the same subjects in a small open-addressing
    /// table for <see cref="Contains"/> (a census judges every open episode, so its lookups are the cost of a census:
    /// a probe or two of one array, where a binary search takes log₂ n unpredictable branches). Owned by one state and
    /// overwritten in place by the next census, so a census costs no allocation once the arrays have grown to the
    /// department's size.
    /// </summary>
    private sealed class Census
    {
        private UInt128[] _subjects = [];
        private int _count;

        // Subjects are 128-bit hashes, so their low bits index the table directly; 0 marks an empty slot (and a subject
        // hashing to 0, were there one, is kept aside). At most half full.
        private UInt128[] _table = [];
        private bool _holdsZero;

        public long Time { get; private set; }

        public ReadOnlySpan<UInt128> Subjects => _subjects.AsSpan(0, _count);

        public bool Contains(UInt128 subject)
        {
            if (subject == UInt128.Zero)
            {
                return _holdsZero;
            }

            var table = _table;
            if (table.Length == 0)
            {
                return false;
            }

            var mask = table.Length - 1;
            for (var i = (int)(ulong)subject & mask; ; i = (i + 1) & mask)
            {
                var held = table[i];
                if (held == subject)
                {
                    return true;
                }

                if (held == UInt128.Zero)
                {
                    return false;
                }
            }
        }

        public void Replace(long time, ReadOnlySpan<UInt128> subjects)
        {
            Time = time;
            _count = 0;
            _holdsZero = false;
            Array.Clear(_table);
            Merge(subjects);
        }

        /// <summary>Adds <paramref name="subjects"/> (a repeat is kept once), in the order given: the table finds repeats, so nothing is sorted.</summary>
        public void Merge(ReadOnlySpan<UInt128> subjects)
        {
            var most = _count + subjects.Length;
            if (most > _subjects.Length)
            {
                Array.Resize(ref _subjects, Math.Max(most, _subjects.Length * 2));
            }

            if (_table.Length < most * 2)
            {
                // Kept at its largest (a department's census size varies by the hour), a power of two at least twice the count.
                _table = new UInt128[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)most * 2))];
                foreach (var held in Subjects)
                {
                    Insert(held);
                }
            }

            foreach (var subject in subjects)
            {
                if (Insert(subject))
                {
                    _subjects[_count++] = subject;
                }
            }
        }

        /// <summary>Puts <paramref name="subject"/> in the table; false if it was there already.</summary>
        private bool Insert(UInt128 subject)
        {
            if (subject == UInt128.Zero)
            {
                var added = !_holdsZero;
                _holdsZero = true;
                return added;
            }

            var mask = _table.Length - 1;
            var i = (int)(ulong)subject & mask;
            for (; _table[i] != UInt128.Zero; i = (i + 1) & mask)
            {
                if (_table[i] == subject)
                {
                    return false;
                }
            }

            _table[i] = subject;
            return true;
        }

        public Census Copy()
        {
            var copy = new Census { Time = Time };
            copy.Merge(Subjects);
            return copy;
        }
    }

    /// <summary>One episode, in place: the index holds a reference, so its slots stay small and a resize copies no episode.</summary>
    private sealed class Held(TEpisode episode)
    {
        public TEpisode Episode = episode;

        /// <summary>Its entry in <c>_openEntries</c> while open, else −1.</summary>
        public int OpenSlot = -1;
    }

    /// <summary>An open episode as the checks see it: its subject and check, and a lower bound of its last event; a free entry (default) is not <see cref="Open"/>.</summary>
    /// <remarks>
    /// No reference to the episode's holder: the entries are then plain data to the collector (an old array taking a new
    /// holder's reference dirties a card the next collection scans, on every episode that opens), and 32 bytes, two to a
    /// cache line. The rare reader that needs the episode finds it by subject (<see cref="HeldOf"/>).
    /// </remarks>
    private record struct OpenEntry(UInt128 Subject, long LastEvent, Verification Check, bool Open);

    /// <summary>The episode an entry stands for: open, so held in the index.</summary>
    private Held HeldOf(in OpenEntry entry) => _episodes.Find(entry.Subject)!;
}
