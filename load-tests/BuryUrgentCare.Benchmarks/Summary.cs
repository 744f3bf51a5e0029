using System.Globalization;

namespace BuryUrgentCare.Benchmarks;

/// <summary>The one-screen report. Every rate is the median over the timed rounds, with the range beside it.</summary>
internal static class Summary
{
    private const double TargetEventsPerSecond = 1_000_000;
    private const double TargetRatio = 0.3;
    private const double TargetBytesPerEpisode = 1024;

    public static void Print(
        BenchmarkOptions options,
        MachineInfo machine,
        string loadAfter,
        RecordedDay day,
        IReadOnlyList<Round> rounds,
        TickCost tick,
        MemoryFigures memory,
        (ulong InOrder, ulong Shuffled) digest)
    {
        var full = Median(rounds.Select(r => r.Full.EventsPerSecond));
        var baseline = Median(rounds.Select(r => r.ParseOnly.EventsPerSecond));
        var ratio = Median(rounds.Select(r => r.Full.EventsPerSecond / r.ParseOnly.EventsPerSecond));
        var worstEpisode = Math.Max(memory.AePerEpisode, Math.Max(memory.GreenCarPerEpisode, memory.IvchPerEpisode));
        var span = TimeSpan.FromTicks(day.TimeTicks[^1] - day.TimeTicks[0]);
        var processOnlySeconds = Median(rounds.Select(r => r.ProcessOnly.Elapsed.TotalSeconds));
        var literalSeconds = processOnlySeconds + (span.TotalSeconds * tick.Total.TotalSeconds);

        Console.WriteLine();
        Console.WriteLine("Bury Urgent Care — processing core benchmark");
        Console.WriteLine($"command    {options.CommandLine}");
        Console.WriteLine($"machine    {machine.Cores} cores · {machine.Cpu} · load average {machine.LoadBefore} at start, {loadAfter} at end");
        Console.WriteLine($"runtime    {machine.Runtime} · {machine.Gc} GC · {(machine.OptimisedBuild ? "optimised (Release) build" : "WARNING: Debug build, figures meaningless")}");
        var source = options.Messages is { } file ? $"from {file}" : $"({options.Day:yyyy-MM-dd}, seed {options.Seed})";
        Console.WriteLine($"workload   1 recorded day {source}: {N(day.RecordedEvents)} events of 4 units, {day.RecordedBytes / (double)day.RecordedEvents:0} B avg");
        Console.WriteLine($"           × {N(options.Copies)} copies → {N(day.Units.Count)} units, {N(day.Messages.Length)} events, {day.TotalBytes / 1e6:0.0} MB, {day.TotalBytes / (double)day.Messages.Length:0} B avg, time-ordered, interleaved");
        Console.WriteLine("           every copy's figures at the end checked equal to its unit's in the recorded day processed alone");
        Console.WriteLine($"method     {options.Warmup} warm-up + {options.Iterations} timed rounds, one thread, fresh processor each round; median [min – max]");
        Console.WriteLine();
        Console.WriteLine("pass                                          events/s (wall)                   per CPU-s   ns/event  alloc B/event  GCs 0/1/2");
        Row("(a) JSON parse only (Utf8JsonReader)", rounds.Select(r => r.ParseOnly).ToList());
        Row("(c) parse + validate + NHS scan", rounds.Select(r => r.ParseValidate).ToList());
        Row("(b0) pipeline without snapshots", rounds.Select(r => r.ProcessOnly).ToList());
        Row("(b) full pipeline, host publish cadence", rounds.Select(r => r.Full).ToList());
        Row("(b+) full, changed units every event-second", rounds.Select(r => r.EventSecond).ToList());
        var cpuRatio = Median(rounds.Select(r => r.Full.EventsPerCpuSecond / r.ParseOnly.EventsPerCpuSecond));
        Console.WriteLine(
            $"    full (b) / baseline {ratio:0.000} wall, {cpuRatio:0.000} CPU (target ≥ {TargetRatio:0.0}); "
            + $"(b0) / baseline {Median(rounds.Select(r => r.ProcessOnly.EventsPerSecond / r.ParseOnly.EventsPerSecond)):0.00}; "
            + $"(c) / baseline {Median(rounds.Select(r => r.ParseValidate.EventsPerSecond / r.ParseOnly.EventsPerSecond)):0.00}");
        var host = rounds[^1].Full.Result;
        var strict = rounds[^1].EventSecond.Result;
        Console.WriteLine($"    (b) per round: {N(host.Work)} applied, {N(host.Snapshots)} snapshots: changed units every 200 ms and all units every 1 s of wall time, as the host publishes, and at the end (all-unit ticks: {host.FullTicks})");
        Console.WriteLine($"    (b+) per round: {N(strict.Snapshots)} snapshots: every changed unit once per second of event time, plus (b)'s all-unit ticks");
        Console.WriteLine();
        Console.WriteLine($"tick       all {N(tick.Units)} units: prune {Ms(tick.Prune)} + snapshot {Ms(tick.Snapshots)} ({tick.Snapshots.TotalNanoseconds / tick.Units:0} ns per unit)");
        Console.WriteLine($"           every unit every second of event time instead ({N((long)span.TotalSeconds)} s incl. the replayed history): {literalSeconds:0.0} s per round → {N((long)(day.Messages.Length / literalSeconds))} events/s");
        Console.WriteLine($"memory     per open episode ({N(options.Episodes)} arrivals): A&E {memory.AePerEpisode:0} B · Green Car {memory.GreenCarPerEpisode:0} B · IVCH {memory.IvchPerEpisode:0} B (target ≤ {TargetBytesPerEpisode:0} B)");
        Console.WriteLine($"           per remembered id (dedupe window): {memory.PerId:0} B");
        Console.WriteLine($"digest     figures, in order {digest.InOrder:x16} · shuffled ±1 h + 2 % re-sent {digest.Shuffled:x16}");
        Console.WriteLine($"targets    full (b) ≥ 1,000,000 events/s: {Verdict(full >= TargetEventsPerSecond)} ({N((long)full)}) · full/baseline ≥ 0.3: {Verdict(ratio >= TargetRatio)} ({ratio:0.000}) · ≤ 1 KB per episode: {Verdict(worstEpisode <= TargetBytesPerEpisode)} ({worstEpisode:0} B)");
        Console.WriteLine($"           baseline {N((long)baseline)} events/s");
    }

    private static void Row(string name, IReadOnlyList<Sample> samples)
    {
        var rates = samples.Select(s => s.EventsPerSecond).ToList();
        var range = $"{N((long)Median(rates))} [{N((long)rates.Min())} – {N((long)rates.Max())}]";
        Console.WriteLine(
            $"{name,-46}{range,-34}{N((long)Median(samples.Select(s => s.EventsPerCpuSecond))),9}  {1e9 / Median(rates),9:0}  {Median(samples.Select(s => s.BytesPerEvent)),13:0.0}  "
            + $"{Median(samples.Select(s => (double)s.Gen0)):0}/{Median(samples.Select(s => (double)s.Gen1)):0}/{Median(samples.Select(s => (double)s.Gen2)):0}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    private static string Verdict(bool met) => met ? "MET" : "MISSED";
}
