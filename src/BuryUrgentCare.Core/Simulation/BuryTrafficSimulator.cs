namespace BuryUrgentCare.Simulation;

/// <summary>
/// A deterministic, calibrated model of the traffic of Bury's four urgent-care services — A&amp;E
/// and the UTC at Fairfield General Hospital, the Green Car, the IVCH — producing contract-v1
/// CloudEvents JSON as the services' own systems would send it.
/// </summary>
/// <remarks>
/// <para><b>Determinism.</b> The output is a pure function of (profile, start, seed): each service
/// draws from its own <see cref="Random"/> seeded from all three, nothing reads the clock, and
/// events at the same second are ordered by a fixed key (unit, episode, step). So
/// <c>Advance(t1); Advance(t2)</c> returns exactly the events of <c>Advance(t2)</c>, and a host
/// that restarts with the same start and seed re-sends the same events with the same ids, which
/// consumers count once. A different start (the next day) gives different ids.</para>
/// <para><b>Episodes are generated forward in time.</b> When an episode starts (a patient arrives,
/// the car is dispatched, a call comes in) all its later events are decided at once and held in a
/// pending queue until an <see cref="Advance"/> reaches them.</para>
/// <para><b>The picture at <c>start</c> is already populated.</b> An ED is never empty at midnight:
/// the simulator also runs the 48 hours (ED) / 24 hours (other units) before <c>start</c> and keeps
/// those episodes still open at <c>start</c> (last event at or after <c>start</c>). Their whole
/// history is returned by the first <see cref="Advance"/>, with its original, earlier times —
/// exactly as a consumer replaying its horizon would have seen it. Episodes that closed before
/// <c>start</c> are not emitted. Capacity is declared for every unit at <c>start</c> and at each
/// shift change after it.</para>
/// <para><b>Ids and subjects</b> contain no run of more than 8 digits (consumers reject strings
/// that look like an NHS number): event ids are <c>sim-</c> plus 16 digit-free letters, subjects a
/// unit prefix plus 8 hex digits (<c>ed-7f3a9c21</c>), both unique within a run.</para>
/// <para>Not thread-safe: one caller advances a simulator.</para>
/// </remarks>
public sealed class BuryTrafficSimulator
{
    /// <summary>How far before start the ED is simulated; bounds the longest stay open at start.</summary>
    internal static readonly TimeSpan AeLookBack = TimeSpan.FromHours(48);

    /// <summary>How far before start the UTC, Green Car and IVCH are simulated.</summary>
    internal static readonly TimeSpan OtherLookBack = TimeSpan.FromHours(24);

    /// <summary>
    /// How often the A&amp;E and UTC patient records send a <c>census.declared</c> (v1.1) of who is in the department:
    /// hourly, at ten past, from start.
    /// </summary>
    internal static readonly TimeSpan CensusEvery = TimeSpan.FromHours(1);

    private const long CensusOffsetSeconds = 600;
    private const int CensusRank = 6;

    // Letters only, no vowels: an id can never hold a digit run or spell a word.
    private const string IdAlphabet = "bcdfghjkmnpqrstv";

    private readonly TrafficStream[] _streams;
    private readonly PriorityQueue<PendingEvent, EventOrder> _pending = new(EventOrder.Comparer);
    private readonly List<EpisodeEvent> _scratch = new(8);
    private readonly CloudEventWriter _writer = new();
    private readonly long _start;
    private readonly ulong _idKey;
    private ulong _emitted;

    // The census: when the next one is due, and every A&E and UTC episode's span (first to last event) to list from.
    private long _nextCensus;
    private long _censusSerial;
    private readonly List<(SimUnit Unit, string Subject, long From, long To)> _spans = [];

    /// <summary>Creates a simulator whose day begins at <paramref name="start"/> (typically local midnight, Europe/London).</summary>
    /// <param name="profile">The calibration; validated here.</param>
    /// <param name="start">Where the simulated picture starts; episodes open at this instant are included.</param>
    /// <param name="seed">Any integer; the same (profile, start, seed) always gives the same events.</param>
    public BuryTrafficSimulator(SimulatorProfile profile, DateTimeOffset start, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        _start = LondonTime.CeilingUnixSeconds(start);
        var runKey = Mix64(unchecked(((ulong)(uint)seed << 32) ^ (ulong)_start ^ 0x5EED_B0A7_0000_0000UL));
        _idKey = Mix64(runKey + 1);
        SimulationRandom StreamRandom(int index) => new(unchecked((int)Mix64(runKey + 0x9E37_79B9_7F4A_7C15UL * (ulong)(index + 2))));

        var lookBack = (long)OtherLookBack.TotalSeconds;
        // The Green Car starts free at the local midnight of the day before: its back-to-back jobs
        // then run from that day's shift start exactly as on any other day.
        var greenCarFrom = LondonTime.AtLocalHour(DateOnly.FromDateTime(LondonTime.ToLocal(_start - lookBack)), 0);
        // Of the seed alone, not the start: a host restarted tomorrow has today's pressure where it had it yesterday.
        var pressure = new SystemPressure(profile, Mix64(unchecked((ulong)(uint)seed ^ 0x9D2E_55F1_0BAD_DA7EUL)));
        _streams =
        [
            new CapacityStream(profile, StreamRandom(0), _start, pressure),
            new AeStream(profile, StreamRandom(1), _start - (long)AeLookBack.TotalSeconds, pressure),
            new UtcStream(profile, StreamRandom(2), _start - lookBack),
            new GreenCarStream(profile, StreamRandom(3), greenCarFrom),
            new IvchStream(profile, StreamRandom(4), _start - lookBack),
            // From start, not before: one begun earlier would send events older than the replay horizon of a host that
            // starts with the simulator (expired there, and the patient half there: "held, no arrival").
            new AeLongWaitStream(profile, StreamRandom(5), _start),
        ];
        _nextCensus = _start + CensusOffsetSeconds;
        Generate(_start);
    }

    /// <summary>
    /// Returns, in non-decreasing time order, every event with time &lt; <paramref name="until"/>
    /// that has not been returned yet (an earlier <paramref name="until"/> than last time returns nothing).
    /// </summary>
    public IReadOnlyList<SimulatedEvent> Advance(DateTimeOffset until)
    {
        // Event times are whole seconds, so "time < until" is "time < until rounded up".
        var limit = LondonTime.CeilingUnixSeconds(until);
        Generate(limit);
        var result = new List<SimulatedEvent>();
        while (_pending.TryPeek(out var next, out var order) && order.Time < limit)
        {
            _pending.Dequeue();
            result.Add(Materialise(next, order.Time));
        }

        return result;
    }

    /// <summary>Generates every episode starting before <paramref name="limit"/> and queues its events.</summary>
    private void Generate(long limit)
    {
        foreach (var stream in _streams)
        {
            while (stream.NextStart < limit)
            {
                var episode = stream.GenerateNext(_scratch);
                var end = long.MinValue;
                foreach (var e in _scratch)
                {
                    end = Math.Max(end, e.Time);
                }

                if (end < _start)
                {
                    continue; // closed before start: not part of the picture
                }

                for (var i = 0; i < _scratch.Count; i++)
                {
                    var e = _scratch[i];
                    _pending.Enqueue(
                        new PendingEvent(e.Kind, e.Other ?? episode),
                        new EventOrder(e.Time, ((long)stream.Rank << 56) | (episode.Serial << 4) | (long)i));
                }

                RecordSpans(episode);
            }
        }

        // Every episode starting before the limit is known now, so a census due before it can list them all.
        while (_nextCensus < limit)
        {
            foreach (var unit in (ReadOnlySpan<SimUnit>)[SimUnit.Ed, SimUnit.Utc])
            {
                var census = new SimulatedEpisode { Unit = unit, Subject = null, Serial = _censusSerial };
                _pending.Enqueue(new PendingEvent(SimEventKind.CensusDeclared, census),
                    new EventOrder(_nextCensus, ((long)CensusRank << 56) | (_censusSerial << 4) | (long)unit));
            }

            _censusSerial++;
            _nextCensus += (long)CensusEvery.TotalSeconds;
        }
    }

    /// <summary>Keeps the span of each A&amp;E and UTC episode among the events just generated (a streamed one has two).</summary>
    private void RecordSpans(SimulatedEpisode generated)
    {
        if (generated.Unit is not (SimUnit.Ed or SimUnit.Utc))
        {
            return;
        }

        foreach (var owner in _scratch.Select(e => e.Other ?? generated).Distinct())
        {
            var times = _scratch.Where(e => (e.Other ?? generated) == owner).Select(e => e.Time).ToList();
            _spans.Add((owner.Unit, owner.Subject!, times.Min(), times.Max()));
        }
    }

    /// <summary>The subjects of the unit's episodes present at <paramref name="time"/>: arrived at or before it, departing after it.</summary>
    private List<string> PresentAt(SimUnit unit, long time)
    {
        _spans.RemoveAll(s => s.To < time - (long)CensusEvery.TotalSeconds);
        // Sorted: the spans are recorded in the order streams happen to be generated, which depends on how Advance is stepped.
        return [.. _spans.Where(s => s.Unit == unit && s.From <= time && s.To > time).Select(s => s.Subject).Order(StringComparer.Ordinal)];
    }

    private SimulatedEvent Materialise(PendingEvent pending, long time)
    {
        var id = NextId();
        if (pending.Kind == SimEventKind.CensusDeclared)
        {
            pending.Episode.CensusSubjects = PresentAt(pending.Episode.Unit, time);
        }

        var json = _writer.Write(id, time, pending.Kind, pending.Episode);
        return new SimulatedEvent(
            ContractNames.Units[(int)pending.Episode.Unit],
            ContractNames.Types[(int)pending.Kind],
            DateTimeOffset.FromUnixTimeSeconds(time),
            id,
            json);
    }

    /// <summary>
    /// The n-th emitted event's id: a bijective 64-bit mix of n keyed by the run, so ids never
    /// repeat within a run and the same run re-sends the same ids.
    /// </summary>
    private string NextId()
    {
        var value = Mix64(unchecked(_idKey + _emitted++));
        return string.Create(20, value, static (span, v) =>
        {
            "sim-".CopyTo(span);
            for (var i = 4; i < 20; i++)
            {
                span[i] = IdAlphabet[(int)(v & 0xF)];
                v >>= 4;
            }
        });
    }

    /// <summary>The SplitMix64 finaliser: a bijection on 64-bit integers with good avalanche.</summary>
    internal static ulong Mix64(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }
    }

    private readonly record struct PendingEvent(SimEventKind Kind, SimulatedEpisode Episode);

    /// <summary>Time first; at the same second, a fixed (stream, episode, step) key keeps the order deterministic.</summary>
    private readonly record struct EventOrder(long Time, long Key)
    {
        public static readonly IComparer<EventOrder> Comparer = Comparer<EventOrder>.Create(static (a, b) =>
        {
            var byTime = a.Time.CompareTo(b.Time);
            return byTime != 0 ? byTime : a.Key.CompareTo(b.Key);
        });
    }
}
