using System.Globalization;
using System.Text;
using ScottPlot;

namespace BuryUrgentCare.LoadTests.Framework;

/// <summary>A threshold checked after a run (NBomber's thresholds): a failed one fails the whole program.</summary>
public sealed record ThresholdResult(string Name, bool Passed, string Detail);

/// <summary>One load configuration of a scenario (e.g. "1,000 events/s to one unit"): its steps, figures and thresholds.</summary>
public sealed class RunResult(string name)
{
    public string Name { get; } = name;

    public List<StepStats> Steps { get; } = [];

    /// <summary>Figures that are not step latencies: misses, host CPU, ratios. Insertion order is report order.</summary>
    public List<(string Name, string Value)> Figures { get; } = [];

    public List<ThresholdResult> Thresholds { get; } = [];

    public StepStats Step(string name)
    {
        var step = new StepStats(name);
        Steps.Add(step);
        return step;
    }

    public void Figure(string name, FormattableString value) => Figures.Add((name, FormattableString.Invariant(value)));

    public void Threshold(string name, bool passed, FormattableString detail) => Thresholds.Add(new ThresholdResult(name, passed, FormattableString.Invariant(detail)));

    public bool Passed => Thresholds.All(t => t.Passed);
}

/// <summary>Everything one scenario measured, written as <c>reports/&lt;scenario&gt;-&lt;time&gt;.md</c> with PNG plots.</summary>
public sealed class ScenarioReport(string scenario, string command)
{
    public string Scenario { get; } = scenario;

    public List<RunResult> Runs { get; } = [];

    public bool Passed => Runs.All(r => r.Passed);

    public RunResult Run(string name)
    {
        var run = new RunResult(name);
        Runs.Add(run);
        return run;
    }

    /// <summary>Writes the Markdown report and its plots; returns the report's path.</summary>
    public string Write(string folder, DateTimeOffset startedAt, string machine)
    {
        Directory.CreateDirectory(folder);
        var stamp = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var name = $"{Scenario}-{stamp}";
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Load test `{Scenario}` — {(Passed ? "passed" : "FAILED")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- command: `{command}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- started: {startedAt:yyyy-MM-dd HH:mm:ss} UTC");
        md.AppendLine(CultureInfo.InvariantCulture, $"- machine: {machine}");
        md.AppendLine();
        md.AppendLine("| run | step | ok | failed | items/s | p50 ms | p90 ms | p99 ms | max ms | status codes |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var run in Runs)
        {
            foreach (var step in run.Steps)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {run.Name} | {step.Name} | {step.Ok:N0} | {step.Failed:N0} | {step.ItemsPerSecond:N0} | {step.Percentile(50):0.0} | {step.Percentile(90):0.0} | {step.Percentile(99):0.0} | {step.MaxMs:0.0} | {string.Join(", ", step.Statuses.Select(s => $"{s.Key}: {s.Value:N0}"))} |");
            }
        }

        var index = 0;
        foreach (var run in Runs)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {run.Name} — {(run.Passed ? "passed" : "FAILED")}");
            md.AppendLine();
            foreach (var (figure, value) in run.Figures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {figure}: {value}");
            }

            foreach (var threshold in run.Thresholds)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- threshold {(threshold.Passed ? "✔" : "✘")} {threshold.Name}: {threshold.Detail}");
            }

            foreach (var step in run.Steps.Where(s => s.Count > 0))
            {
                index++;
                var overTime = $"{name}-{index}-{Slug(step.Name)}-over-time.png";
                var percentiles = $"{name}-{index}-{Slug(step.Name)}-percentiles.png";
                PlotOverTime(step, $"{run.Name}: {step.Name}", Path.Combine(folder, overTime));
                PlotPercentiles(step, $"{run.Name}: {step.Name}", Path.Combine(folder, percentiles));
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"![{step.Name} latency over time]({overTime}) ![{step.Name} percentiles]({percentiles})");
            }
        }

        var path = Path.Combine(folder, name + ".md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static void PlotOverTime(StepStats step, string title, string path)
    {
        var timeline = step.Timeline();
        var plot = new Plot();
        double[] seconds = [.. timeline.Select(t => (double)t.Second)];
        var p50 = plot.Add.Scatter(seconds, timeline.Select(t => t.P50).ToArray());
        p50.LegendText = "p50";
        var p99 = plot.Add.Scatter(seconds, timeline.Select(t => t.P99).ToArray());
        p99.LegendText = "p99";
        var max = plot.Add.Scatter(seconds, timeline.Select(t => t.Max).ToArray());
        max.LegendText = "max";
        plot.Title(title);
        plot.XLabel("second of the run");
        plot.YLabel("latency (ms)");
        plot.ShowLegend();
        plot.SavePng(path, 800, 400);
    }

    private static void PlotPercentiles(StepStats step, string title, string path)
    {
        var points = step.Distribution();
        var plot = new Plot();
        var bars = plot.Add.Bars(points.Select(p => p.Ms).ToArray());
        bars.Color = Colors.SteelBlue;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, points.Count).Select(i => (double)i)], [.. points.Select(p => "p" + p.Percentile.ToString(CultureInfo.InvariantCulture))]);
        plot.Title(title);
        plot.YLabel("latency (ms)");
        plot.SavePng(path, 800, 400);
    }

    private static string Slug(string text) => new([.. text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}
