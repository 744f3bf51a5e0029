using System.Text.Json;
using BuryUrgentCare.Simulation;

namespace BuryUrgentCare.Tests.Simulation;

/// <summary>One parsed simulated event, with the <c>data</c> fields the tests look at.</summary>
internal sealed record ParsedEvent(
    string Id,
    string Unit,
    string Type,
    DateTimeOffset Time,
    string? Subject,
    JsonElement Data)
{
    public DateTime Local => TimeZoneInfo.ConvertTime(Time, SimulatedWeek.London).DateTime;

    public string? DataString(string name) =>
        Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public int? DataInt(string name) =>
        Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}

/// <summary>One episode (subject) and its events in emitted order.</summary>
internal sealed record ParsedEpisode(string Unit, string Subject, IReadOnlyList<ParsedEvent> Events)
{
    public ParsedEvent First => Events[0];

    public ParsedEvent Last => Events[^1];

    public ParsedEvent? Find(string type) => Events.FirstOrDefault(e => e.Type == type);

    public double MinutesBetween(string fromType, string toType) =>
        (Find(toType)!.Time - Find(fromType)!.Time).TotalMinutes;
}

/// <summary>
/// A simulated Bury week (Monday 16 November 2026 from local midnight, default profile), run once
/// and shared by the calibration tests. Two more days are simulated so every episode that arrives
/// within the week is complete; <see cref="Days"/> covers the seven days only.
/// </summary>
internal sealed class SimulatedWeek
{
    public static readonly TimeZoneInfo London = Processing.ServiceCalendar.London;

    private const int DefaultSeed = 20261116;

    private static readonly Lazy<SimulatedWeek> Shared = new(() => Run(
        SimulatorProfile.Default, new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), DefaultSeed, days: 7));

    private SimulatedWeek(DateTimeOffset start, int seed, int days, IReadOnlyList<SimulatedEvent> raw, IReadOnlyList<ParsedEvent> events)
    {
        Start = start;
        Seed = seed;
        End = start.AddDays(days);
        Days = days;
        Raw = raw;
        Events = events;
        Episodes = events
            .Where(e => e.Subject is not null)
            .GroupBy(e => (e.Unit, e.Subject!))
            .Select(g => new ParsedEpisode(g.Key.Unit, g.Key.Item2, g.ToList()))
            .ToList();
    }

    public static SimulatedWeek Default => Shared.Value;

    public DateTimeOffset Start { get; }

    public int Seed { get; }

    public DateTimeOffset End { get; }

    public int Days { get; }

    public IReadOnlyList<SimulatedEvent> Raw { get; }

    public IReadOnlyList<ParsedEvent> Events { get; }

    public IReadOnlyList<ParsedEpisode> Episodes { get; }

    /// <summary>Episodes of <paramref name="unit"/> that started within the simulated days.</summary>
    public IReadOnlyList<ParsedEpisode> StartedWithin(string unit) =>
        Episodes.Where(e => e.Unit == unit && e.First.Time >= Start && e.First.Time < End).ToList();

    /// <summary>Simulates <paramref name="days"/> days plus two (in hourly steps, as a host would) and parses every event.</summary>
    public static SimulatedWeek Run(SimulatorProfile profile, DateTimeOffset start, int seed, int days)
    {
        var simulator = new BuryTrafficSimulator(profile, start, seed);
        var raw = new List<SimulatedEvent>();
        for (var t = start.AddHours(1); t <= start.AddDays(days + 2); t = t.AddHours(1))
        {
            raw.AddRange(simulator.Advance(t));
        }

        return new SimulatedWeek(start, seed, days, raw, raw.Select(Parse).ToList());
    }

    public static ParsedEvent Parse(SimulatedEvent e)
    {
        using var document = JsonDocument.Parse(e.Json);
        var root = document.RootElement;
        return new ParsedEvent(
            root.GetProperty("id").GetString()!,
            root.GetProperty("unit").GetString()!,
            root.GetProperty("type").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            root.TryGetProperty("subject", out var subject) ? subject.GetString() : null,
            root.GetProperty("data").Clone());
    }
}
