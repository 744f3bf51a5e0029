using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>What became of one message.</summary>
public enum ProcessOutcome : byte
{
    /// <summary>Valid and new: applied to its episode.</summary>
    Applied,
    /// <summary>Valid, but its <c>id</c> was applied before: ignored (contract: counted once).</summary>
    Duplicate,
    /// <summary>Invalid: not applied; see <see cref="ProcessResult.Rejection"/>.</summary>
    Rejected,
    /// <summary>
    /// Valid, but older than the replay horizon and for an episode no longer (or never) held: outside live
    /// state, so not applied. Re-opening a long-closed episode from a re-sent old event would show a
    /// patient in the department for ever; a restart's replay could not reproduce it either.
    /// </summary>
    Expired,
}

/// <summary>The result of processing one message.</summary>
/// <param name="Outcome">Applied, duplicate or rejected.</param>
/// <param name="Rejection">Why it was rejected (default unless rejected).</param>
/// <param name="Unit">Catalog index of the event's unit, or -1 when the unit is unknown or unreadable.</param>
/// <param name="Late">Applied, but its time is before the start of the unit's current day.</param>
public readonly record struct ProcessResult(ProcessOutcome Outcome, int Unit, Rejection Rejection, bool Late);

/// <summary>Tuning of the processing core, with the defaults DESIGN.md gives.</summary>
public sealed record ProcessorSettings
{
    /// <summary>How far back live state reaches (and ids are remembered for deduplication). Default 48 h.</summary>
    public TimeSpan ReplayHorizon { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Most ids remembered per unit, whatever their age (bounds memory). Default 2,000,000.</summary>
    public int MaxRememberedIdsPerUnit { get; init; } = 2_000_000;

    /// <summary>The zone whose midnight starts "today". Default Europe/London.</summary>
    public TimeZoneInfo Zone { get; init; } = ServiceCalendar.London;

    /// <summary>
    /// How long an open A&amp;E or UTC attendance may go without an event before it is shown as unverified and left out
    /// of the live counts (hazard H16: a ghost patient whose departure was never recorded). Default 24 h.
    /// </summary>
    public TimeSpan DepartmentUnverifiedAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Likewise for an active Green Car incident. Default 12 h (a job cycle is about an hour).</summary>
    public TimeSpan GreenCarUnverifiedAfter { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Likewise for an open IVCH call. Default 24 h.</summary>
    public TimeSpan IvchUnverifiedAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The limit for a unit of <paramref name="service"/>.</summary>
    public TimeSpan UnverifiedAfter(ServiceKind service) => service switch
    {
        ServiceKind.GreenCar => GreenCarUnverifiedAfter,
        ServiceKind.Ivch => IvchUnverifiedAfter,
        _ => DepartmentUnverifiedAfter,
    };

    /// <summary>What each service's feed is expected to send, to tell silence from a quiet hour; null leaves
    /// <see cref="UnitSnapshot.Feed"/> out. The host uses <see cref="FeedExpectation.FromProfile"/> by default.</summary>
    public FeedExpectation? Feeds { get; init; }
}

/// <summary>
/// The processing core: parse → validate → deduplicate → episode state → figures, for every
/// configured unit. Pure (no I/O) and single-threaded by design — one consumer loop owns it;
/// other threads read the immutable <see cref="UnitSnapshot"/>s it produces.
/// </summary>
public sealed partial class StreamProcessor
{
    private readonly UnitCatalog _units;
    private readonly TimeProvider _clock;
    private readonly ProcessorSettings _settings;
    private readonly EventParser _parser;
    private readonly ServiceCalendar _calendar;
    private readonly UnitState[] _states;
    private readonly DeduplicationWindow[] _seen;
    private readonly IngestCounters _counters;
    private readonly long[] _lastFeedEventTicks; // per unit: when the last event of its own feed was received (0: none)
    private long _firstRecordTicks; // when the first message of the log was received (0: none yet): how long we have watched

    public StreamProcessor(UnitCatalog units, TimeProvider clock, ProcessorSettings? settings = null)
    {
        _units = units ?? throw new ArgumentNullException(nameof(units));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _settings = settings ?? new ProcessorSettings();
        _parser = new EventParser(units);
        _calendar = new ServiceCalendar(_settings.Zone);
        _states = units.Units.Select(u => UnitState.Create(u, _calendar, _settings.UnverifiedAfter(u.Service))).ToArray();
        _seen = units.Units.Select(_ => new DeduplicationWindow(_settings.MaxRememberedIdsPerUnit)).ToArray();
        _counters = new IngestCounters(units);
        _lastFeedEventTicks = new long[units.Count];
    }

    public UnitCatalog Units => _units;

    public IngestCounters Counters => _counters;

    public TimeProvider Clock => _clock;

    /// <summary>Processes one message at the clock's current time.</summary>
    public ProcessResult Process(ReadOnlySpan<byte> message) => Process(message, _clock.GetUtcNow().UtcTicks);

    /// <summary>Processes one message; <paramref name="nowTicks"/> is the receiver's clock (UTC ticks).</summary>
    public ProcessResult Process(ReadOnlySpan<byte> message, long nowTicks)
    {
        if (_firstRecordTicks == 0 || nowTicks < _firstRecordTicks)
        {
            _firstRecordTicks = nowTicks;
        }

        if (!_parser.TryParse(message, nowTicks, out var evt, out var rejection))
        {
            _counters.Rejected(evt.Unit, rejection.Reason);
            return new ProcessResult(ProcessOutcome.Rejected, evt.Unit, rejection, Late: false);
        }

        return Apply(evt, nowTicks);
    }

    /// <summary>Applies an already-validated event.</summary>
    public ProcessResult Apply(in UecEvent evt, long nowTicks)
    {
        var unit = evt.Unit;
        if (evt.Type != EventType.CapacityDeclared && nowTicks > _lastFeedEventTicks[unit])
        {
            // A valid event (applied, duplicate or expired) proves the feed is sending; capacity comes from elsewhere.
            _lastFeedEventTicks[unit] = nowTicks;
        }

        if (evt.TimeTicks < nowTicks - _settings.ReplayHorizon.Ticks
            && evt.Type.HasSubject()
            && !_states[unit].Holds(evt.Subject))
        {
            _counters.Expired(unit);
            return new ProcessResult(ProcessOutcome.Expired, unit, default, Late: true);
        }

        if (!_seen[unit].TryAdd(evt.Id, evt.TimeTicks))
        {
            _counters.Duplicate(unit);
            return new ProcessResult(ProcessOutcome.Duplicate, unit, default, Late: false);
        }

        if (evt.Type == EventType.CapacityDeclared)
        {
            _states[unit].Capacity.Declare(evt.TimeTicks, evt.Resources!);
        }
        else if (evt.Type == EventType.CensusDeclared)
        {
            _states[unit].ApplyCensus(evt);
        }
        else
        {
            _states[unit].Apply(evt);
        }

        // "Late": older than the start of the unit's current day; applied all the same (contract).
        var late = evt.TimeTicks < _calendar.DayStartUtcTicks(_calendar.DayOf(nowTicks));
        _counters.Applied(unit, late);
        return new ProcessResult(ProcessOutcome.Applied, unit, default, late);
    }

    /// <summary>Parses without applying (the HTTP gateway validates with the same code).</summary>
    public bool Validate(ReadOnlySpan<byte> message, out UecEvent evt, out Rejection rejection) =>
        _parser.TryParse(message, _clock.GetUtcNow().UtcTicks, out evt, out rejection);

    /// <summary>The unit's figures now.</summary>
    public UnitSnapshot Snapshot(int unit) => Snapshot(unit, _clock.GetUtcNow());

    /// <summary>The unit's figures at <paramref name="now"/>.</summary>
    public UnitSnapshot Snapshot(int unit, DateTimeOffset now)
    {
        var definition = _units[unit];
        return new UnitSnapshot(
            definition.Id,
            definition.Name,
            ServiceName(definition.Service),
            now,
            _states[unit].Figures(now.UtcTicks))
        {
            Capacity = _states[unit].Capacity.At(now.UtcTicks),
            Feed = _settings.Feeds?.Judge(
                definition.Service,
                _lastFeedEventTicks[unit] > now.UtcTicks - _settings.ReplayHorizon.Ticks ? new DateTimeOffset(_lastFeedEventTicks[unit], TimeSpan.Zero) : null,
                ObservedSince(now),
                now),
        };
    }

    /// <summary>
    /// Since when a unit with no event could have sent one that we would know of: the first message of the log we
    /// received, or the start of the replay horizon if that is later. A freshly started system has not watched any feed
    /// for 48 hours, and must not call a feed silent for hours it never saw.
    /// </summary>
    private DateTimeOffset ObservedSince(DateTimeOffset now)
    {
        var horizonStart = now.UtcTicks - _settings.ReplayHorizon.Ticks;
        var watched = _firstRecordTicks == 0 ? now.UtcTicks : Math.Min(_firstRecordTicks, now.UtcTicks);
        return new DateTimeOffset(Math.Max(horizonStart, watched), TimeSpan.Zero);
    }

    /// <summary>The department's patients at risk of a long wait at <paramref name="now"/>; null for a unit that is not a department.</summary>
    public BreachRiskList? BreachRisk(int unit, DateTimeOffset now) => _states[unit].BreachRisk(now.UtcTicks);

    /// <summary>Declared capacity of the unit in force at <paramref name="now"/>.</summary>
    public IReadOnlyDictionary<string, long> Capacity(int unit, DateTimeOffset now) => _states[unit].Capacity.At(now.UtcTicks);

    /// <summary>The unit's live state (for the core's own tests).</summary>
    internal UnitState State(int unit) => _states[unit];

    /// <summary>Episodes held for the unit (open, recent, or waiting for their first event).</summary>
    public int EpisodeCount(int unit) => _states[unit].EpisodeCount;

    /// <summary>Housekeeping on the tick: forgets what fell behind the replay horizon.</summary>
    public void Prune(DateTimeOffset now)
    {
        var cutoff = now.UtcTicks - _settings.ReplayHorizon.Ticks;
        for (var unit = 0; unit < _states.Length; unit++)
        {
            _states[unit].Prune(cutoff);
            _states[unit].Capacity.Prune(cutoff);
            _seen[unit].Expire(cutoff);
        }
    }

    /// <summary>Drops all state of a unit (its partition was revoked; the new owner rebuilds it from the log).</summary>
    public void Reset(int unit)
    {
        _states[unit] = UnitState.Create(_units[unit], _calendar, _settings.UnverifiedAfter(_units[unit].Service));
        _seen[unit].Clear();
        _lastFeedEventTicks[unit] = 0;
    }

    /// <summary>The service's name in the API (<see cref="FigureCatalogue.ServiceName"/>).</summary>
    public static string ServiceName(ServiceKind service) => FigureCatalogue.ServiceName(service);
}
