using System.Diagnostics;
using System.Globalization;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.LoadTests.Framework;
using BuryUrgentCare.LoadTests.Scenarios;
using BuryUrgentCare.LoadTests.Target;
using Spectre.Console;

// Load tests of the ingest path with NBomber's shape (NBomber is not available here): named scenarios, load
// simulations, steps with HdrHistogram percentiles, thresholds that fail the run, a Markdown report with plots.
// Usage: see load-tests/README.md. Exit code 0 when every threshold passed, 1 when one failed, 2 on bad usage.
var scenarios = new Dictionary<string, Func<LoadContext, ScenarioReport, Task>>(StringComparer.Ordinal)
{
    [KafkaToWallboard.Name] = KafkaToWallboard.Run,
    [GatewayLoad.Name] = GatewayLoad.Run,
    [FanOut.Name] = FanOut.Run,
    [Replay.Name] = Replay.Run,
};

LoadSettings settings;
List<string> chosen;
try
{
    (settings, chosen) = ParseArguments(args, scenarios.Keys);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine($"usage: BuryUrgentCare.LoadTests <{string.Join('|', scenarios.Keys)}|smoke|all>... [--duration 10] [--rates 10,100] [--wallboards 100,1000] [--concurrency 1,16,64] [--replay-events 2000000] [--reports DIR] [--target URL --bootstrap HOST:PORT --api-key KEY]");
    return 2;
}

KafkaNativeLibrary.Register();
var machine = $"{Environment.ProcessorCount} cores, {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU"}, .NET {Environment.Version}, load average {LoadAverage()} at start";
var command = "BuryUrgentCare.LoadTests " + string.Join(' ', args);
using var context = new LoadContext(settings, settings.Target is null ? new MockCluster() : null);
var passed = 0;
var failed = 0;
foreach (var name in chosen)
{
    var report = new ScenarioReport(settings.Smoke ? "smoke-" + name : name, command);
    var startedAt = DateTimeOffset.UtcNow;
    var watch = Stopwatch.StartNew();
    AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Scenario)}[/]");
    try
    {
        await scenarios[name](context, report);
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        report.Run("scenario error").Threshold("scenario ran to the end", false, $"{ex.GetType().Name}: {ex.Message}");
    }

    var path = report.Write(settings.Reports, startedAt, machine + $", {LoadAverage()} at end");
    Print(report);
    AnsiConsole.MarkupLine($"{Markup.Escape(report.Scenario)}: {(report.Passed ? "[green]passed[/]" : "[red]FAILED[/]")} in {watch.Elapsed.TotalSeconds:0.0} s — {Markup.Escape(path)}");
    if (report.Passed)
    {
        passed++;
    }
    else
    {
        failed++;
    }
}

// One summary line, summed by infra/test.sh like the test runners' own.
Console.WriteLine($"load tests: {passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

static void Print(ScenarioReport report)
{
    var table = new Table().AddColumns("run", "step", "ok", "failed", "items/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "status codes");
    foreach (var run in report.Runs)
    {
        foreach (var step in run.Steps)
        {
            table.AddRow(Markup.Escape(run.Name), Markup.Escape(step.Name), $"{step.Ok:N0}", $"{step.Failed:N0}", $"{step.ItemsPerSecond:N0}",
                $"{step.Percentile(50):0.0}", $"{step.Percentile(90):0.0}", $"{step.Percentile(99):0.0}", $"{step.MaxMs:0.0}",
                Markup.Escape(string.Join(", ", step.Statuses.Select(s => $"{s.Key}: {s.Value:N0}"))));
        }
    }

    AnsiConsole.Write(table);
    foreach (var run in report.Runs)
    {
        foreach (var (figure, value) in run.Figures)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(run.Name)} — {Markup.Escape(figure)}: {Markup.Escape(value)}");
        }

        foreach (var threshold in run.Thresholds)
        {
            AnsiConsole.MarkupLine($"  {(threshold.Passed ? "[green]✔[/]" : "[red]✘[/]")} {Markup.Escape(run.Name)} — {Markup.Escape(threshold.Name)}: {Markup.Escape(threshold.Detail)}");
        }
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static (LoadSettings Settings, List<string> Scenarios) ParseArguments(string[] args, IEnumerable<string> known)
{
    var settings = new LoadSettings();
    var chosen = new List<string>();
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
        List<int> Numbers() => [.. Value().Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
        switch (args[i])
        {
            case "--duration": settings = settings with { Duration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) }; break;
            case "--rates": settings = settings with { Rates = Numbers() }; break;
            case "--wallboards": settings = settings with { Wallboards = Numbers() }; break;
            case "--concurrency": settings = settings with { Concurrency = Numbers() }; break;
            case "--replay-events": settings = settings with { ReplayEvents = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
            case "--reports": settings = settings with { Reports = Value() }; break;
            case "--target": settings = settings with { Target = new Uri(Value()) }; break;
            case "--bootstrap": settings = settings with { Bootstrap = Value() }; break;
            case "--api-key": settings = settings with { ApiKey = Value() }; break;
            case "smoke":
                // Every scenario for a few seconds at low rate, with loose thresholds: what infra/test.sh runs.
                settings = settings with { Smoke = true, Duration = TimeSpan.FromSeconds(2), Rates = [10] };
                chosen.AddRange(known);
                break;
            case "all": chosen.AddRange(known); break;
            default:
                if (!known.Contains(args[i]))
                {
                    throw new ArgumentException($"Unknown scenario or option '{args[i]}'.");
                }

                chosen.Add(args[i]);
                break;
        }
    }

    if (chosen.Count == 0)
    {
        throw new ArgumentException("Name a scenario.");
    }

    if ((settings.Target is null) != (settings.Bootstrap is null))
    {
        throw new ArgumentException("--target and --bootstrap go together.");
    }

    return (settings, chosen.Distinct().ToList());
}
