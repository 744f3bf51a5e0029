using Xunit.Abstractions;

namespace BuryUrgentCare.Tests.Simulation;

/// <summary>
/// Prints the measured calibration of the shared simulated week (run with
/// <c>--logger "console;verbosity=detailed"</c> to read it); the figures themselves are asserted
/// in <see cref="SimulatorCalibrationTests"/>.
/// </summary>
public sealed class SimulatorCalibrationReport(ITestOutputHelper output)
{
    [Fact]
    public void Describe_SimulatedWeek_ReportsEveryUnit()
    {
        var week = SimulatedWeek.Default;

        var lines = SimulatorCalibration.Describe(week).ToList();
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        lines.ShouldContain(l => l.StartsWith("A&E arrivals/day", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("UTC arrivals/day", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("Green Car incidents/day", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("IVCH calls/day", StringComparison.Ordinal));
        // About 1,650 events a day (A&E ≈ 1,000, UTC ≈ 300, IVCH ≈ 300, Green Car ≈ 40, capacity 8).
        (week.Raw.Count / (week.Days + 2.0)).ShouldBeInRange(1_400, 1_900);
    }
}
