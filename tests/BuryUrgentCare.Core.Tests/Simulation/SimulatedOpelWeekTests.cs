using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Processing;
using Xunit.Abstractions;

namespace BuryUrgentCare.Tests.Simulation;

/// <summary>
/// The shipped OPEL profile against the simulated week (<see cref="SimulatedWeek.Default"/>, Monday 16 November 2026,
/// 5-minute slots): a demonstration, a training session or a test of the escalation call needs every level to happen,
/// and a profile that scored the simulator's ordinary week OPEL 3 most of the time (68.6 %, OPEL 1 2.6 %, OPEL 4 1.3 %
/// before the simulator's day-to-day pressure and this calibration) says little. Recorded in docs/metrics.md.
/// </summary>
public sealed class SimulatedOpelWeekTests(ITestOutputHelper output)
{
    private static readonly Lazy<Week> Measured = new(Measure);

    private sealed record Week(int[] Calculated, int[] Announced, int CalculatedChanges, int Announcements);

    private static Week Measure()
    {
        var week = SimulatedWeek.Default;
        var slots = SnapshotGrid.Slots(week.Start, week.End, TimeSpan.FromMinutes(5)).ToList();
        var records = week.Raw.Select(e => new LogRecord(e.Time, e.Json));
        var hold = new LevelHysteresis(escalateAfter: TimeSpan.FromMinutes(15), deescalateAfter: TimeSpan.FromMinutes(60));
        var calculated = new int[5];
        var announced = new int[5];
        int changes = 0, announcements = 0;
        int? last = null;
        foreach (var slot in LogReplay.ReplayAt(records, slots, UnitCatalog.Bury, opel: new OpelEvaluator(OpelProfileTests.Shipped())))
        {
            var level = slot.Opel?.Level;
            changes += last is not null && level != last ? 1 : 0;
            last = level;
            announcements += hold.Observe(level, slot.At) is not null ? 1 : 0;
            calculated[level ?? 0]++;
            announced[hold.Announced ?? 0]++;
        }

        return new Week(calculated, announced, changes, announcements);
    }

    private static double Share(int[] counts, int level) => counts[level] * 100.0 / counts.Sum();

    private static string Describe(int[] counts) => string.Join(", ", Enumerable.Range(1, 4).Select(l => $"OPEL {l} {Share(counts, l):0.0} %"));

    [Fact]
    public void ShippedProfile_OverASimulatedWeek_EveryCalculatedLevelOccursAndNoneDominates()
    {
        var week = Measured.Value;
        output.WriteLine($"calculated: {Describe(week.Calculated)}");

        Share(week.Calculated, 0).ShouldBe(0, "every slot of the week has a level");
        for (var level = 1; level <= 4; level++)
        {
            Share(week.Calculated, level).ShouldBeGreaterThanOrEqualTo(5, $"OPEL {level} occupies at least 5 % of the week");
            Share(week.Calculated, level).ShouldBeLessThanOrEqualTo(60, $"OPEL {level} occupies at most 60 % of the week");
        }
    }

    [Fact]
    public void ShippedProfile_OverASimulatedWeek_TheHoldAnnouncesFarFewerChangesThanTheCalculatedLevelMakes()
    {
        var week = Measured.Value;
        output.WriteLine($"announced (15 min up, 60 min down): {Describe(week.Announced)}; " +
            $"{week.CalculatedChanges} calculated changes, {week.Announcements} announcements");

        // The calculated level crosses a band edge many times a day as the department fills and empties (124 times in
        // this week); the hold must turn that into far fewer announcements (40, the first level of the week one of them),
        // each level still reached.
        week.Announcements.ShouldBeLessThanOrEqualTo(week.CalculatedChanges / 3);
        for (var level = 1; level <= 4; level++)
        {
            week.Announced[level].ShouldBeGreaterThan(0, $"OPEL {level} is announced at some point of the week");
        }
    }
}
