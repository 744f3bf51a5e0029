using System.Diagnostics;
using BuryUrgentCare.LoadTests.Framework;
using BuryUrgentCare.LoadTests.Target;
using Confluent.Kafka;

namespace BuryUrgentCare.LoadTests.Scenarios;

/// <summary>
/// <c>kafka-to-wallboard</c>: events produced straight to Kafka at a fixed rate (open model), to one unit or spread over
/// the four, while one SignalR wallboard joined to the units times each event from produce to visible (its unit's
/// counter reaching it). At the default <c>Processing:PublishInterval</c> and at 0.
/// </summary>
public static class KafkaToWallboard
{
    public const string Name = "kafka-to-wallboard";

    public static async Task Run(LoadContext context, ScenarioReport report)
    {
        var byDefault = $"default ({new Processing.ProcessingOptions().PublishInterval.TotalMilliseconds:0} ms, coalescing only while busy)";
        (string Label, Dictionary<string, string> Settings)[] intervals = context.IsRemote
            ? [("as configured", [])]
            : context.Settings.Smoke
                ? [(byDefault, [])]
                : [(byDefault, []), ("0", new() { ["Processing:PublishInterval"] = "00:00:00" })];
        foreach (var (label, settings) in intervals)
        {
            await using var host = await context.Host(settings);
            await using var wallboard = new Wallboard(host.BaseAddress);
            await wallboard.Start();
            foreach (var unit in LoadEvents.Units)
            {
                await wallboard.JoinUnit(unit);
            }

            await Until(() => LoadEvents.Units.All(u => wallboard.Counter(u) >= 0), TimeSpan.FromSeconds(30));
            using var producer = context.Producer();
            var events = new LoadEvents(Environment.TickCount64);
            await WarmUp(host, wallboard, producer, events);
            int[] spreads = context.Settings.Smoke ? [4] : [1, 4];
            foreach (var rate in context.Settings.Rates)
            {
                foreach (var spread in spreads)
                {
                    var run = report.Run($"{rate:N0} events/s to {spread} unit(s), PublishInterval {label}");
                    await Measure(context, run, host, wallboard, producer, events, rate, spread);
                }
            }
        }
    }

    private static async Task Measure(LoadContext context, RunResult run, HostUnderTest host, Wallboard wallboard,
        IProducer<string, byte[]> producer, LoadEvents events, int rate, int spread)
    {
        var duration = context.Settings.Duration;
        var capacity = (int)(rate * duration.TotalSeconds) + 16;
        var units = LoadEvents.Units.Take(spread).ToArray();
        var produced = units.ToDictionary(u => u, _ => new long[capacity], StringComparer.Ordinal);
        var issued = units.ToDictionary(u => u, _ => new StrongBox(), StringComparer.Ordinal);
        var baseline = units.ToDictionary(u => u, wallboard.Counter, StringComparer.Ordinal);
        var seen = units.ToDictionary(u => u, _ => new StrongBox(), StringComparer.Ordinal);
        var visible = run.Step("produce → visible on the wall");
        var acknowledged = run.Step("produce → Kafka ack");

        void OnRise(string unit, long value, long timestamp)
        {
            if (!produced.TryGetValue(unit, out var times))
            {
                return;
            }

            lock (times)
            {
                var box = seen[unit];
                var upTo = Math.Min(value - baseline[unit], Volatile.Read(ref issued[unit].Value));
                for (var k = box.Value + 1; k <= upTo; k++)
                {
                    visible.RecordOk(Stopwatch.GetElapsedTime(times[k - 1], timestamp));
                }

                box.Value = Math.Max(box.Value, upTo);
            }
        }

        wallboard.CounterRose += OnRise;
        var started = Stopwatch.GetTimestamp();
        await context.Drive(run.Name, LoadSimulation.Inject(rate, duration), async (n, _) =>
        {
            var unit = units[n % spread];
            var box = issued[unit];
            var times = produced[unit];
            long sequence;
            lock (times)
            {
                sequence = box.Value + 1;
                if (sequence > times.Length)
                {
                    return;
                }

                times[sequence - 1] = Stopwatch.GetTimestamp();
                box.Value = sequence;
            }

            var at = times[sequence - 1];
            try
            {
                await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = unit, Value = events.Create(unit, Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow) });
                acknowledged.RecordOk(Stopwatch.GetElapsedTime(at));
            }
            catch (ProduceException<string, byte[]> ex)
            {
                acknowledged.RecordFail(ex.Error.Code.ToString());
            }
        }, () => $"{visible.Count:N0} visible, p99 {visible.Percentile(99):0} ms");

        visible.Duration = acknowledged.Duration = Stopwatch.GetElapsedTime(started);
        var total = issued.Values.Sum(b => b.Value);
        // Grace for the tail: an event is a miss if it is not on the wall 10 s after the last was produced.
        await Until(() => seen.Values.Sum(b => Volatile.Read(ref b.Value)) >= total, TimeSpan.FromSeconds(10));
        wallboard.CounterRose -= OnRise;
        var misses = total - seen.Values.Sum(b => b.Value);
        run.Figure("events produced", $"{total:N0}");
        run.Figure("misses (not visible within 10 s)", $"{misses:N0}");
        run.Threshold("no misses", misses == 0, $"{misses:N0} of {total:N0} never visible");
        var limit = context.Settings.Smoke ? 2000 : rate <= 1000 ? 50 : 1000;
        run.Threshold($"p99 ≤ {limit} ms", visible.Percentile(99) <= limit, $"p99 {visible.Percentile(99):0.0} ms");
    }

    private static long _sequence;

    /// <summary>Events each unit gets in the unmeasured warm-up.</summary>
    private const int WarmUpEventsPerUnit = 20;

    /// <summary>
    /// An unmeasured warm-up, as NBomber runs before its measured phase: the first events after a host starts pay for
    /// JIT compilation, the first publications and the connection's buffers, and at 10 events/s one of them would be
    /// the run's p99. A few events to every unit, waited for until visible, then measuring starts.
    /// </summary>
    private static async Task WarmUp(HostUnderTest host, Wallboard wallboard, IProducer<string, byte[]> producer, LoadEvents events)
    {
        var before = LoadEvents.Units.ToDictionary(u => u, wallboard.Counter, StringComparer.Ordinal);
        for (var i = 0; i < WarmUpEventsPerUnit; i++)
        {
            foreach (var unit in LoadEvents.Units)
            {
                await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = unit, Value = events.Create(unit, Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow) });
            }
        }

        await Until(() => LoadEvents.Units.All(u => wallboard.Counter(u) >= before[u] + WarmUpEventsPerUnit), TimeSpan.FromSeconds(30));
    }

    internal static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < timeout)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>A mutable long shared by reference between the producer loop and the wallboard callback.</summary>
    internal sealed class StrongBox
    {
        public long Value;
    }
}
