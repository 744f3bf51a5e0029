using Xunit.Abstractions;

namespace BuryUrgentCare.Tests.Simulation;

public sealed class SimulatorCalibrationReport(ITestOutputHelper output)
{
    [Fact]
    public void Report()
    {
        var week = SimulatedWeek.Default;
        foreach (var line in SimulatorCalibration.Describe(week))
        {
            output.WriteLine(line);
        }
    }
}
