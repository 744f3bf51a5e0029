using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>
/// A <see cref="StreamProcessor"/> over the Bury catalog driven by a fake clock, as the consumer loop
/// drives it live: move the clock on, feed what has happened by then, read the figures.
/// </summary>
internal sealed class ScenarioRun
{
    private readonly List<ScenarioEvent> _pending = [];

    public ScenarioRun(string start, params IEnumerable<ScenarioEvent> scenario)
        : this(null, start, scenario)
    {
    }

    public ScenarioRun(ProcessorSettings? settings, string start, params IEnumerable<ScenarioEvent> scenario)
    {
        Clock = new FakeTimeProvider(ScenarioEvents.At(start));
        Processor = new StreamProcessor(UnitCatalog.Bury, Clock, settings);
        _pending.AddRange(scenario);
    }

    public FakeTimeProvider Clock { get; }

    public StreamProcessor Processor { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Moves the clock forward (never back) to <paramref name="time"/>.</summary>
    public void AdvanceTo(string time) => Clock.SetUtcNow(ScenarioEvents.At(time));

    /// <summary>Moves the clock to <paramref name="time"/> and feeds every scenario event with a time at or before it, in time order.</summary>
    public void FeedUpTo(string time)
    {
        AdvanceTo(time);
        var due = _pending.Where(e => e.Time <= Now).OrderBy(e => e.Time).ToList();
        foreach (var e in due)
        {
            _pending.Remove(e);
            Feed(e);
        }
    }

    /// <summary>Processes one event at the clock's time; a rejection fails the test (the scenario itself is wrong).</summary>
    public ProcessResult Feed(ScenarioEvent e)
    {
        var result = Processor.Process(e.Utf8);
        result.Outcome.ShouldNotBe(ProcessOutcome.Rejected, $"{e} was rejected: {result.Rejection}");
        return result;
    }

    /// <summary>
    /// A run at <paramref name="now"/> fed <paramref name="events"/> shuffled by <paramref name="seed"/>, with about one in
    /// <paramref name="resendOneIn"/> sent twice (same id), plus <paramref name="extra"/>: what an order-independence test compares.
    /// </summary>
    public static ScenarioRun ShuffledAndResent(string now, IEnumerable<ScenarioEvent> events, int seed, int resendOneIn, params ScenarioEvent[] extra)
    {
        var random = new Random(seed);
        var list = events.ToList();
        list.AddRange(list.Where(_ => random.Next(resendOneIn) == 0).ToList());
        list.AddRange(extra);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        var run = new ScenarioRun(now);
        foreach (var e in list)
        {
            run.Processor.Process(e.Utf8).Outcome.ShouldBeOneOf(ProcessOutcome.Applied, ProcessOutcome.Duplicate);
        }

        return run;
    }

    public void Feed(IEnumerable<ScenarioEvent> events)
    {
        foreach (var e in events)
        {
            Feed(e);
        }
    }

    public EmergencyDepartmentFigures Ae() => (EmergencyDepartmentFigures)Processor.Snapshot(ScenarioEvents.AeUnit).Figures;

    public EmergencyDepartmentFigures Ae(string at) =>
        (EmergencyDepartmentFigures)Processor.Snapshot(ScenarioEvents.AeUnit, ScenarioEvents.At(at)).Figures;

    public UrgentTreatmentCentreFigures Utc() => (UrgentTreatmentCentreFigures)Processor.Snapshot(ScenarioEvents.UtcUnit).Figures;

    public GreenCarFigures GreenCar() => (GreenCarFigures)Processor.Snapshot(ScenarioEvents.GreenCarUnit).Figures;

    public IvchFigures Ivch() => (IvchFigures)Processor.Snapshot(ScenarioEvents.IvchUnit).Figures;

    public IvchFigures Ivch(string at) => (IvchFigures)Processor.Snapshot(ScenarioEvents.IvchUnit, ScenarioEvents.At(at)).Figures;

    /// <summary>The unit's snapshot as the API would serialise it: the order-independence tests compare these.</summary>
    public string SnapshotJson(int unit) => JsonSerializer.Serialize(Processor.Snapshot(unit));
}

/// <summary>Compares every public figure of two figure records and reports all that differ, by name.</summary>
internal static class FigureAssert
{
    /// <summary>Percentages such as 5 ÷ 11 are compared to this tolerance; everything else exactly.</summary>
    private const double Tolerance = 1e-9;

    public static void Matches<T>(this T actual, T expected, string because = "")
        where T : class
    {
        var differences = new List<string>();
        foreach (var property in actual.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var a = property.GetValue(actual);
            var e = property.GetValue(expected);
            if (!Same(a, e))
            {
                differences.Add($"  {property.Name}: expected {Show(e)}, actual {Show(a)}");
            }
        }

        if (differences.Count > 0)
        {
            throw new ShouldAssertException(
                $"{typeof(T).Name} {because}: {differences.Count} figure(s) differ{Environment.NewLine}{string.Join(Environment.NewLine, differences)}");
        }
    }

    private static bool Same(object? a, object? e) => (a, e) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (double x, double y) => Math.Abs(x - y) <= Tolerance,
        (IDictionary x, IDictionary y) => x.Count == y.Count && x.Keys.Cast<object>().All(k => y.Contains(k) && Equals(x[k], y[k])),
        _ => Equals(a, e),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IDictionary d => "{" + string.Join(", ", d.Keys.Cast<object>().Select(k => $"{k}={d[k]}")) + "}",
        _ => value.ToString() ?? "",
    };
}
