using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The contract's delivery rules, checked over a whole simulated day: duplicates are applied once, and
/// an episode's state is the same whatever order its events arrive in. Every variant of the day's
/// stream must give figures JSON-equal to the stream in order. The clock stands at the end of the day
/// for every variant, so no event is in the future and "today" is the same day throughout.
/// </summary>
public sealed class ReplayEquivalenceTests
{
    // Monday 16 November 2026, local midnight (GMT), to one minute before the next midnight.
    private static readonly DateTimeOffset Start = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddDays(1).AddMinutes(-1);
    private const int SimulatorSeed = 20261116;
    private const int ShuffleSeed = 7;

    private static readonly Lazy<IReadOnlyList<SimulatedEvent>> Day = new(() =>
        new BuryTrafficSimulator(SimulatorProfile.Default, Start, SimulatorSeed).Advance(End));

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private static StreamProcessor CreateSut() => new(UnitCatalog.Bury, new FakeTimeProvider(End));

    [Fact]
    public void Process_DayInOrder_AppliesEveryEvent_AndGivesBusyFigures()
    {
        var sut = CreateSut();

        Feed(sut, Day.Value.Select(e => e.Json));

        var stats = sut.Counters.Read().Units;
        stats.Sum(u => u.Applied).ShouldBe(Day.Value.Count);
        stats.ShouldAllBe(u => u.Duplicates == 0 && u.Rejected.Count == 0);
        // Guards against the other tests comparing empty pictures.
        var ed = (DepartmentFigures)sut.Snapshot(0, End).Figures;
        ed.ArrivalsToday.ShouldBeGreaterThan(100);
        ed.InDepartment.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Process_DayWithDuplicatesAndEpisodesReordered_GivesTheSameFigures_AndCountsEachDuplicate()
    {
        var random = new Random(ShuffleSeed);
        var stream = Day.Value.Select(e => e.Json).ToList();
        SwapWithinEpisodes(stream, Day.Value, fraction: 0.20, random);
        var injected = InjectDuplicates(stream, fraction: 0.10, random);
        var sut = CreateSut();

        Feed(sut, stream);

        Figures(sut).ShouldBe(InOrderFigures(), $"shuffle seed {ShuffleSeed}");
        var stats = sut.Counters.Read().Units;
        stats.Sum(u => u.Duplicates).ShouldBe(injected);
        stats.Sum(u => u.Applied).ShouldBe(Day.Value.Count);
        stats.Sum(u => u.Late).ShouldBe(InOrderLate());
    }

    [Fact]
    public void Process_DayFullyShuffledWithDuplicates_GivesTheSameFigures()
    {
        var random = new Random(ShuffleSeed);
        var stream = Day.Value.Select(e => e.Json).ToList();
        var injected = InjectDuplicates(stream, fraction: 0.10, random);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stream));
        var sut = CreateSut();

        Feed(sut, stream);

        Figures(sut).ShouldBe(InOrderFigures(), $"shuffle seed {ShuffleSeed}");
        var stats = sut.Counters.Read().Units;
        stats.Sum(u => u.Duplicates).ShouldBe(injected);
        stats.Sum(u => u.Applied).ShouldBe(Day.Value.Count);
    }

    private static void Feed(StreamProcessor sut, IEnumerable<byte[]> messages)
    {
        foreach (var message in messages)
        {
            var result = sut.Process(message);
            result.Outcome.ShouldNotBe(ProcessOutcome.Rejected, result.Rejection.ToString());
        }
    }

    /// <summary>Each unit's snapshot, declared capacity and held episode count at the end of the day, as JSON.</summary>
    private static List<string> Figures(StreamProcessor sut) =>
        Enumerable.Range(0, sut.Units.Count)
            .Select(unit => JsonSerializer.Serialize(
                new { Snapshot = sut.Snapshot(unit, End), Capacity = sut.Capacity(unit, End), Episodes = sut.EpisodeCount(unit) },
                Json))
            .ToList();

    private static List<string> InOrderFigures()
    {
        var sut = CreateSut();
        Feed(sut, Day.Value.Select(e => e.Json));
        return Figures(sut);
    }

    private static long InOrderLate()
    {
        var sut = CreateSut();
        Feed(sut, Day.Value.Select(e => e.Json));
        return sut.Counters.Read().Units.Sum(u => u.Late);
    }

    /// <summary>
    /// Picks <paramref name="fraction"/> of the events that belong to an episode and swaps each with
    /// another event of the same episode (unit and subject), so episodes arrive out of order:
    /// <c>ae.seen</c> before <c>ae.assessed</c>, <c>ae.departed</c> before <c>ae.arrived</c>.
    /// </summary>
    private static void SwapWithinEpisodes(List<byte[]> stream, IReadOnlyList<SimulatedEvent> events, double fraction, Random random)
    {
        var episodes = new Dictionary<(string Unit, string Subject), List<int>>();
        for (var i = 0; i < events.Count; i++)
        {
            if (Subject(events[i]) is { } subject)
            {
                var key = (events[i].Unit, subject);
                if (!episodes.TryGetValue(key, out var positions)) episodes[key] = positions = [];
                positions.Add(i);
            }
        }

        var candidates = episodes.Values.Where(p => p.Count > 1).SelectMany(p => p.Select(i => (Position: i, Episode: p))).ToArray();
        random.Shuffle(candidates);
        var swaps = (int)(events.Count * fraction);
        swaps.ShouldBeLessThanOrEqualTo(candidates.Length);
        foreach (var (position, episode) in candidates.Take(swaps))
        {
            var other = episode[random.Next(episode.Count)];
            (stream[position], stream[other]) = (stream[other], stream[position]);
        }
    }

    /// <summary>Re-sends <paramref name="fraction"/> of the events, same bytes, each at a random later position.</summary>
    private static int InjectDuplicates(List<byte[]> stream, double fraction, Random random)
    {
        var count = (int)(stream.Count * fraction);
        var originals = Enumerable.Range(0, stream.Count).ToArray();
        random.Shuffle(originals);
        // Highest position first, so inserting after one never moves another still to be copied.
        foreach (var position in originals.Take(count).OrderDescending())
        {
            stream.Insert(random.Next(position + 1, stream.Count + 1), stream[position]);
        }

        return count;
    }

    private static string? Subject(SimulatedEvent e)
    {
        using var document = JsonDocument.Parse(e.Json);
        return document.RootElement.TryGetProperty("subject", out var subject) ? subject.GetString() : null;
    }
}
