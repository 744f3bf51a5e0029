// The processing core's throughput and memory, in one run on one thread: a recorded day of Bury's
// four units scaled to many hospitals, replayed through (a) a bare JSON reader, (c) the contract
// parser and (b) the whole pipeline, side by side; then memory per open episode and per remembered id.
// Usage: dotnet run -c Release --project load-tests/BuryUrgentCare.Benchmarks [-- --copies 250 --iterations 5 --warmup 2 --episodes 1000000]
// For a profiler: -- --profile parse|validate|pipeline|pipeline-host|pipeline-second|retained runs only that pass,
// --iterations times (retained: also prints the heap a processor holds after the day).
// -- --messages FILE replays the day in FILE (one message per line) instead of simulating one, and writes the simulated
// day there first if FILE does not exist: two builds then compare on the same bytes.
using System.Diagnostics;
using BuryUrgentCare.Benchmarks;
using BuryUrgentCare.Contract;

var options = BenchmarkOptions.Parse(args);
var machine = MachineInfo.Read();

Console.WriteLine("Building the recorded day …");
var day = RecordedDay.Build(options.Day, options.Seed, options.Copies, options.Census, options.Messages);
var parser = new EventParser(day.Units);

if (options.Profile is { } profiled)
{
    // Each pass is prepared (a fresh processor) untimed, as in the rounds below.
    Func<Func<PassResult>> prepare = profiled switch
    {
        "parse" => () => () => Workloads.ParseOnly(day),
        "validate" => () => () => Workloads.ParseAndValidate(day, parser),
        "pipeline" or "retained" => () => new PipelinePass(day, Cadence.None).Run,
        "pipeline-host" => () => new PipelinePass(day, Cadence.Host).Run,
        "pipeline-second" => () => new PipelinePass(day, Cadence.EventSecond).Run,
        _ => throw new ArgumentException($"--profile {profiled}: expected parse, validate, pipeline, pipeline-host, pipeline-second or retained"),
    };
    for (var i = 0; i < options.Iterations; i++)
    {
        var sample = Sample.Measure(prepare);
        Console.WriteLine($"{profiled}: {sample.EventsPerSecond:N0} events/s, {sample.EventsPerCpuSecond:N0} per CPU-s, {sample.BytesPerEvent:0.0} B/event, GCs {sample.Gen0}/{sample.Gen1}/{sample.Gen2}, paused {sample.GcPause.TotalMilliseconds / sample.Elapsed.TotalMilliseconds:P0} of the pass");
    }

    if (profiled == "retained")
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var pass = new PipelinePass(day, Cadence.None);
        pass.Run();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"a processor holds {(after - before) / 1e6:0.0} MB after the day: {(after - before) / (double)day.Messages.Length:0} B per event");
        GC.KeepAlive(pass);
    }

    return;
}

var rounds = new List<Round>();
for (var i = 0; i < options.Warmup + options.Iterations; i++)
{
    var warm = i < options.Warmup;
    Console.WriteLine(warm ? $"Warm-up {i + 1}/{options.Warmup} …" : $"Iteration {i - options.Warmup + 1}/{options.Iterations} …");
    // Passes alternate within each round so that a burst of load from other work hits all of them alike.
    var round = new Round(
        Sample.Measure(() => Workloads.ParseOnly(day)),
        Sample.Measure(() => Workloads.ParseAndValidate(day, parser)),
        Sample.Measure(() => new PipelinePass(day, Cadence.None).Run),
        Sample.Measure(() => new PipelinePass(day, Cadence.Host).Run),
        Sample.Measure(() => new PipelinePass(day, Cadence.EventSecond).Run));
    if (!warm)
    {
        rounds.Add(round);
    }
}

// One host tick (prune every unit + snapshot every unit) over a whole day's state.
var afterDay = new PipelinePass(day, Cadence.None);
afterDay.Run();
Console.WriteLine("Checking every copy against the recorded day …");
if (day.FirstUnfaithfulCopy(afterDay.Processor) is { } unfaithful)
{
    throw new InvalidOperationException($"the figures of {unfaithful} differ from its unit's in the recorded day alone: the copies are not the same traffic");
}

afterDay.MeasureTick(3); // warm
var tick = afterDay.MeasureTick(20);

// Last, so that its different mix of work (snapshots serialised every simulated hour, events shuffled)
// does not shape the JIT's profile or the heap for the timed passes: run first, it cost them about 7 %.
Console.WriteLine("Fingerprinting the figures …");
var digest = FiguresDigest.Compute(day, options.Seed);

Console.WriteLine("Measuring memory per episode …");
var memory = new MemoryFigures(
    EpisodeMemory.PerEpisode(ServiceKind.Ae, options.Episodes),
    EpisodeMemory.PerEpisode(ServiceKind.GreenCar, options.Episodes),
    EpisodeMemory.PerEpisode(ServiceKind.Ivch, options.Episodes),
    EpisodeMemory.PerRememberedId(options.Episodes));

Summary.Print(options, machine, MachineInfo.LoadAverage(), day, rounds, tick, memory, digest);

namespace BuryUrgentCare.Benchmarks
{
    internal sealed record BenchmarkOptions(int Copies, int Iterations, int Warmup, int Episodes, int Seed, DateOnly Day, string? Profile, bool Census, string? Messages, string[] Args)
    {
        public static BenchmarkOptions Parse(string[] args)
        {
            int copies = 250, iterations = 5, warmup = 2, episodes = 1_000_000, seed = 7;
            var day = new DateOnly(2026, 11, 23); // a Monday, the busiest day for A&E
            string? profile = null;
            var census = true;
            string? messages = null;
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--copies": copies = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--iterations": iterations = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--warmup": warmup = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--episodes": episodes = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--profile": profile = value; break;
                    case "--census": census = bool.Parse(value); break;
                    case "--messages": messages = value; break;
                    case "--day": day = DateOnly.ParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown option {args[i]} (--copies, --iterations, --warmup, --episodes, --seed, --day, --profile, --census, --messages)");
                }

                i++;
            }

            if (copies < 1 || iterations < 1 || warmup < 0 || episodes < 1)
            {
                throw new ArgumentException("--copies, --iterations and --episodes must be positive; --warmup non-negative");
            }

            return new BenchmarkOptions(copies, iterations, warmup, episodes, seed, day, profile, census, messages, args);
        }

        public string CommandLine =>
            "dotnet run -c Release --project load-tests/BuryUrgentCare.Benchmarks" + (Args.Length > 0 ? " -- " + string.Join(' ', Args) : "");
    }

    /// <summary>
    /// One timed pass: wall time, this thread's CPU time, collections and bytes allocated on this thread.
    /// On a shared machine wall time includes waiting for a core; CPU time does not (workstation GC
    /// collects on the allocating thread, so it is included), so it says what one core does when it is ours.
    /// </summary>
    internal sealed record Sample(PassResult Result, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan GcPause, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
    {
        public double EventsPerSecond => Result.Events / Elapsed.TotalSeconds;

        public double EventsPerCpuSecond => Result.Events / Cpu.TotalSeconds;

        public double BytesPerEvent => AllocatedBytes / (double)Result.Events;

        public static Sample Measure(Func<PassResult> pass) => Measure(() => pass);

        /// <summary>Measures the pass that <paramref name="prepare"/> returns; preparing (e.g. a fresh processor) is not timed.</summary>
        public static Sample Measure(Func<Func<PassResult>> prepare)
        {
            // Start every pass from a clean heap, so one pass's garbage is not collected on another's time.
            // The pass is prepared after that collection, so a fresh processor starts young, as it would
            // if it had been created just before its replay, not promoted to gen2 by the collection.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var pass = prepare();
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = ThreadCpu.Now();
            var paused = GC.GetTotalPauseDuration();
            var start = Stopwatch.GetTimestamp();
            var result = pass();
            var elapsed = Stopwatch.GetElapsedTime(start);
            return new Sample(
                result,
                elapsed,
                ThreadCpu.Now() - cpu,
                GC.GetTotalPauseDuration() - paused,
                GC.GetAllocatedBytesForCurrentThread() - allocated,
                GC.CollectionCount(0) - gen0,
                GC.CollectionCount(1) - gen1,
                GC.CollectionCount(2) - gen2);
        }
    }

    internal sealed record Round(Sample ParseOnly, Sample ParseValidate, Sample ProcessOnly, Sample Full, Sample EventSecond);

    internal sealed record MemoryFigures(double AePerEpisode, double GreenCarPerEpisode, double IvchPerEpisode, double PerId);

    internal sealed record MachineInfo(int Cores, string Cpu, string LoadBefore, string Runtime, string Gc, bool OptimisedBuild)
    {
        public static MachineInfo Read()
        {
            var cpu = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
            var gc = (System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")
                + (AppContext.TryGetSwitch("System.GC.Concurrent", out var concurrent) && !concurrent ? ", non-concurrent" : ", concurrent");
            var debuggable = (DebuggableAttribute?)Attribute.GetCustomAttribute(typeof(EventParser).Assembly, typeof(DebuggableAttribute));
            return new MachineInfo(
                Environment.ProcessorCount,
                cpu ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(),
                LoadAverage(),
                System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                gc,
                debuggable is null || !debuggable.IsJITOptimizerDisabled);
        }

        public static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    }

    /// <summary>CPU time consumed by the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>).</summary>
    internal static partial class ThreadCpu
    {
        private const int ClockThreadCpuTime = 3;

        public static TimeSpan Now() =>
            ClockGetTime(ClockThreadCpuTime, out var ts) == 0
                ? TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / 100))
                : throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");

        [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
        private static partial int ClockGetTime(int clock, out TimeSpec time);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
