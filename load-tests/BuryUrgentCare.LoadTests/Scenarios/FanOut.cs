using System.Diagnostics;
using BuryUrgentCare.LoadTests.Framework;
using BuryUrgentCare.LoadTests.Target;
using Confluent.Kafka;

namespace BuryUrgentCare.LoadTests.Scenarios;

/// <summary>
/// <c>fan-out</c>: many wallboard connections (half JoinUnit FGH-ED, half JoinAll) while 100 events/s go to FGH-ED through
/// Kafka. Each update's lag is the time since the newest event it shows was produced; reported over all clients, for
/// the worst client, with disconnects and the host process's CPU and peak memory.
/// </summary>
public static class FanOut
{
    public const string Name = "fan-out";

    private const string Unit = "FGH-ED";

    public static async Task Run(LoadContext context, ScenarioReport report)
    {
        IReadOnlyList<int> counts = context.Settings.Smoke ? [20] : context.Settings.Wallboards;
        var rate = context.Settings.Smoke ? 10 : 100;
        foreach (var count in counts)
        {
            var run = report.Run($"{count:N0} wallboards at {rate} events/s");
            await Measure(context, run, count, rate);
        }
    }

    private static async Task Measure(LoadContext context, RunResult run, int count, int rate)
    {
        await using var host = await context.Host();
        var clients = new List<Wallboard>(count);
        var lag = run.Step("produce → update on each wallboard");
        var capacity = (int)(rate * context.Settings.Duration.TotalSeconds) + 16;
        var produced = new long[capacity];
        long issued = 0;
        var worst = new double[count];
        try
        {
            var connecting = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            {
                var client = new Wallboard(host.BaseAddress);
                await client.Start();
                if (i % 2 == 0)
                {
                    await client.JoinUnit(Unit);
                }
                else
                {
                    await client.JoinAll();
                }

                lock (clients)
                {
                    clients.Add(client);
                }
            });
            await KafkaToWallboard.Until(() => clients.All(c => c.Counter(Unit) >= 0), TimeSpan.FromSeconds(60));
            run.Figure("connect and join, all clients", $"{connecting.Elapsed.TotalSeconds:0.0} s");
            var baselines = new long[clients.Count];
            for (var i = 0; i < clients.Count; i++)
            {
                var client = clients[i];
                var index = i;
                var baseline = baselines[i] = client.Counter(Unit);
                client.CounterRose += (unit, value, timestamp) =>
                {
                    var k = value - baseline;
                    if (unit != Unit || k < 1 || k > Volatile.Read(ref issued))
                    {
                        return;
                    }

                    var ms = Stopwatch.GetElapsedTime(produced[k - 1], timestamp);
                    lag.RecordOk(ms);
                    worst[index] = Math.Max(worst[index], ms.TotalMilliseconds);
                };
            }

            using var producer = context.Producer();
            var events = new LoadEvents(Environment.TickCount64);
            var cpuBefore = host.Process?.TotalProcessorTime;
            using var generator = Process.GetCurrentProcess();
            var generatorCpuBefore = generator.TotalProcessorTime;
            var peak = 0L;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested && host.Process is { } process)
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    await Task.Delay(250, CancellationToken.None);
                }
            });
            var started = Stopwatch.GetTimestamp();
            await context.Drive(run.Name, LoadSimulation.Inject(rate, context.Settings.Duration), async (n, _) =>
            {
                var k = Interlocked.Increment(ref issued);
                if (k > produced.Length)
                {
                    return;
                }

                produced[k - 1] = Stopwatch.GetTimestamp();
                await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = Unit, Value = events.Create(Unit, n, DateTimeOffset.UtcNow) });
            }, () => $"{lag.Count:N0} updates, p99 {lag.Percentile(99):0} ms");
            var wall = Stopwatch.GetElapsedTime(started);
            lag.Duration = wall;
            // The tail: every client should show every event; 10 s after the last one, those that do not are behind.
            var final = Math.Min(Volatile.Read(ref issued), produced.Length);
            await KafkaToWallboard.Until(() => clients.Select((c, i) => c.Counter(Unit) - baselines[i]).All(k => k >= final), TimeSpan.FromSeconds(10));
            await sampling.CancelAsync();
            await sampler;
            var disconnects = clients.Sum(c => c.Disconnects);
            var behind = clients.Select((c, i) => c.Counter(Unit) - baselines[i]).Count(k => k < final);
            run.Figure("wallboards connected", $"{clients.Count:N0}");
            run.Figure("disconnects", $"{disconnects:N0}");
            run.Figure("clients missing events 10 s after the last", $"{behind:N0}");
            run.Figure("worst client's largest lag", $"{worst.Max():0.0} ms");
            run.Figure("median client's largest lag", $"{worst.Order().ElementAt(worst.Length / 2):0.0} ms");
            if (host.Process is { } hostProcess && cpuBefore is { } cpu)
            {
                hostProcess.Refresh();
                var used = hostProcess.TotalProcessorTime - cpu;
                run.Figure("host CPU (one core = 100 %)", $"{used.TotalSeconds / wall.TotalSeconds * 100:0} %");
                run.Figure("host peak working set", $"{peak / (1024.0 * 1024.0):N0} MiB");
            }

            // The clients share this machine's cores with the host: when the two together use them all, the lag measures
            // the machine, not the host (docs/performance.md).
            generator.Refresh();
            run.Figure(
                "load generator CPU (these clients and the producer; one core = 100 %)",
                $"{(generator.TotalProcessorTime - generatorCpuBefore).TotalSeconds / wall.TotalSeconds * 100:0} % of {Environment.ProcessorCount * 100} %");

            run.Threshold("no disconnects", disconnects == 0 && behind == 0, $"{disconnects} disconnects, {behind} clients behind");
            var limit = context.Settings.Smoke ? 2000 : 250;
            run.Threshold($"p99 ≤ {limit} ms", lag.Percentile(99) <= limit, $"p99 {lag.Percentile(99):0.0} ms over {lag.Count:N0} updates");
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
