using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;

namespace BuryUrgentCare.Benchmarks;

/// <summary>What one timed pass over the recorded day did (also keeps the JIT from discarding the work).</summary>
internal readonly record struct PassResult(long Events, long Work, long Snapshots, long FullTicks);

/// <summary>The three passes compared side by side. Each is one loop over the same byte arrays, on one thread.</summary>
internal static class Workloads
{
    /// <summary>
    /// (a) The floor: a <see cref="Utf8JsonReader"/> that reads every token of every message and
    /// does nothing with it. No contract validation, no NHS scan, no state.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static PassResult ParseOnly(RecordedDay day)
    {
        long tokens = 0;
        foreach (var message in day.Messages)
        {
            var reader = new Utf8JsonReader(message);
            while (reader.Read())
            {
                tokens += (int)reader.TokenType;
            }
        }

        return new PassResult(day.Messages.Length, tokens, 0, 0);
    }

    /// <summary>(c) The contract parser alone: parse, validate, NHS scan, hash id and subject.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static PassResult ParseAndValidate(RecordedDay day, EventParser parser)
    {
        long accepted = 0;
        var messages = day.Messages;
        var times = day.TimeTicks;
        for (var i = 0; i < messages.Length; i++)
        {
            if (parser.TryParse(messages[i], times[i], out _, out _))
            {
                accepted++;
            }
        }

        return new PassResult(messages.Length, accepted, 0, 0);
    }
}

/// <summary>When the full pipeline publishes figures.</summary>
internal enum Cadence
{
    /// <summary>Never: parse, validate, deduplicate and apply only.</summary>
    None,

    /// <summary>
    /// As the host's <c>LiveFigures</c> does at replay speed, on wall-clock time: a unit an event changed
    /// is snapshotted at most every 200 ms (<c>PublishInterval</c>), every unit is pruned and snapshotted
    /// every second (<c>Tick</c>), and once more at the end of the pass.
    /// </summary>
    Host,

    /// <summary>
    /// On event time, stricter than the host: every unit an event changed is snapshotted once per
    /// simulated second, so no changed unit's figures are more than a second of event time old; plus
    /// the host's all-units tick every wall-clock second and at the end.
    /// </summary>
    EventSecond,
}

/// <summary>
/// (b) The full pipeline as the host's consumer loop drives it: <see cref="StreamProcessor.Process(ReadOnlySpan{byte}, long)"/>
/// for every message, with a fake clock that follows event time, and figures published at a <see cref="Cadence"/>.
/// </summary>
internal sealed class PipelinePass
{
    private static readonly long PublishInterval = Stopwatch.Frequency / 5;

    private readonly RecordedDay _day;
    private readonly StreamProcessor _processor;
    private readonly bool[] _changed;
    private readonly UnitSnapshot[] _published; // stands in for the host's SnapshotStore
    private readonly Cadence _cadence;

    public PipelinePass(RecordedDay day, Cadence cadence)
    {
        _day = day;
        _cadence = cadence;
        _processor = new StreamProcessor(day.Units, new EventTimeClock(day.TimeTicks[0]));
        _changed = new bool[day.Units.Count];
        _published = new UnitSnapshot[day.Units.Count];
    }

    public StreamProcessor Processor => _processor;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public PassResult Run()
    {
        var messages = _day.Messages;
        var times = _day.TimeTicks;
        var processor = _processor;
        long applied = 0, snapshots = 0, fullTicks = 0;
        var nextSecond = long.MinValue;
        var nextPublish = Stopwatch.GetTimestamp() + PublishInterval;
        var nextTick = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        var now = times[0];
        for (var i = 0; i < messages.Length; i++)
        {
            now = times[i];
            // Reading the wall clock costs about as much as a tenth of an event: look every 256 messages.
            var lookAtWallClock = _cadence != Cadence.None && (i & 0xFF) == 0;
            if (_cadence == Cadence.EventSecond && now >= nextSecond)
            {
                snapshots += PublishChanged(now);
                nextSecond = now - (now % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond;
            }

            if (lookAtWallClock)
            {
                var wall = Stopwatch.GetTimestamp();
                if (wall >= nextTick)
                {
                    snapshots += TickAll(now);
                    fullTicks++;
                    nextTick = wall + Stopwatch.Frequency;
                    nextPublish = wall + PublishInterval;
                }
                else if (_cadence == Cadence.Host && wall >= nextPublish)
                {
                    snapshots += PublishChanged(now);
                    nextPublish = wall + PublishInterval;
                }
            }

            var result = processor.Process(messages[i], now);
            if (result.Outcome == ProcessOutcome.Applied)
            {
                applied++;
                _changed[result.Unit] = true;
            }
        }

        if (_cadence != Cadence.None)
        {
            snapshots += TickAll(now);
            fullTicks++;
        }

        return new PassResult(messages.Length, applied, snapshots, fullTicks);
    }

    private int PublishChanged(long nowTicks)
    {
        var count = 0;
        var now = new DateTimeOffset(nowTicks, TimeSpan.Zero);
        for (var unit = 0; unit < _changed.Length; unit++)
        {
            if (_changed[unit])
            {
                _published[unit] = _processor.Snapshot(unit, now);
                _changed[unit] = false;
                count++;
            }
        }

        return count;
    }

    private int TickAll(long nowTicks)
    {
        var now = new DateTimeOffset(nowTicks, TimeSpan.Zero);
        _processor.Prune(now);
        for (var unit = 0; unit < _published.Length; unit++)
        {
            _published[unit] = _processor.Snapshot(unit, now);
            _changed[unit] = false;
        }

        return _published.Length;
    }

    /// <summary>Time for one host tick over the state this pass left: prune every unit, then snapshot every unit.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public TickCost MeasureTick(int repeats)
    {
        var end = _day.TimeTicks[^1];
        TimeSpan prune = default, snapshot = default;
        for (var r = 0; r < repeats; r++)
        {
            var now = new DateTimeOffset(end + (r * TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var start = Stopwatch.GetTimestamp();
            _processor.Prune(now);
            var pruned = Stopwatch.GetTimestamp();
            for (var unit = 0; unit < _published.Length; unit++)
            {
                _published[unit] = _processor.Snapshot(unit, now);
            }

            prune += Stopwatch.GetElapsedTime(start, pruned);
            snapshot += Stopwatch.GetElapsedTime(pruned);
        }

        return new TickCost(_published.Length, prune / repeats, snapshot / repeats);
    }
}

/// <summary>One all-units tick: <see cref="Prune"/> and <see cref="Snapshots"/> of <see cref="Units"/> units.</summary>
internal readonly record struct TickCost(int Units, TimeSpan Prune, TimeSpan Snapshots)
{
    public TimeSpan Total => Prune + Snapshots;
}

/// <summary>"Now" for the processor: the benchmark passes event time explicitly; this only seeds it.</summary>
internal sealed class EventTimeClock(long utcTicks) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(utcTicks, TimeSpan.Zero);
}

/// <summary>
/// A fingerprint of everything the pipeline computes, so an optimisation can be shown to change
/// nothing: the JSON of every unit's snapshot at every simulated hour and at the end, and the ingest
/// counters — once for the day in order, once shuffled (events up to an hour out of order, every 50th
/// re-sent up to two hours later).
/// </summary>
internal static class FiguresDigest
{
    public static (ulong InOrder, ulong Shuffled) Compute(RecordedDay day, int seed)
    {
        var inOrder = Enumerable.Range(0, day.Messages.Length).ToArray();

        var random = new Random(seed);
        var hour = TimeSpan.TicksPerHour;
        var keyed = new List<(long Key, int Index)>(day.Messages.Length + (day.Messages.Length / 50));
        for (var i = 0; i < day.Messages.Length; i++)
        {
            keyed.Add((day.TimeTicks[i] + random.NextInt64(hour), i));
            if (i % 50 == 0)
            {
                keyed.Add((day.TimeTicks[i] + random.NextInt64(2 * hour), i));
            }
        }

        keyed.Sort();
        var shuffled = keyed.Select(k => k.Index).ToArray();
        return (Run(day, inOrder), Run(day, shuffled));
    }

    private static ulong Run(RecordedDay day, int[] order)
    {
        var processor = new StreamProcessor(day.Units, new EventTimeClock(day.TimeTicks[0]));
        var hash = new System.IO.Hashing.XxHash64();
        var now = long.MinValue;
        var nextHour = long.MinValue;
        foreach (var i in order)
        {
            now = Math.Max(now, day.TimeTicks[i]);
            if (now >= nextHour)
            {
                AppendAll(processor, now, hash);
                nextHour = now - (now % TimeSpan.TicksPerHour) + TimeSpan.TicksPerHour;
            }

            var result = processor.Process(day.Messages[i], now);
            hash.Append([(byte)result.Outcome, (byte)result.Rejection.Reason, result.Late ? (byte)1 : (byte)0]);
        }

        AppendAll(processor, now, hash);
        hash.Append(JsonSerializer.SerializeToUtf8Bytes(processor.Counters.Read()));
        return hash.GetCurrentHashAsUInt64();
    }

    private static void AppendAll(StreamProcessor processor, long nowTicks, System.IO.Hashing.XxHash64 hash)
    {
        var now = new DateTimeOffset(nowTicks, TimeSpan.Zero);
        for (var unit = 0; unit < processor.Units.Count; unit++)
        {
            hash.Append(JsonSerializer.SerializeToUtf8Bytes(processor.Snapshot(unit, now)));
            hash.Append(JsonSerializer.SerializeToUtf8Bytes(processor.Capacity(unit, now)));
        }
    }
}
