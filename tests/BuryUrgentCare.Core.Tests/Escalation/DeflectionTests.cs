using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

public sealed class DeflectionTests
{
    [Fact]
    public void DeflectionToday_SumsGreenCarEdAvoidedAndIvchOutcomesOtherThanEdOrAmbulance()
    {
        var greenCar = new UnitSnapshot("BURY-GREENCAR", "Green Car", "greencar", EscalationScenario.Start, new GreenCarFigures
        {
            ActiveIncidents = 0, IncidentsToday = 6, OutcomesToday = new Dictionary<string, int>(), NonConveyanceRateToday = null,
            EdAvoidedToday = 5, MedianResponseMinutesToday = null, MedianJobCycleMinutesToday = null,
        });
        var ivch = new UnitSnapshot("BURY-IVCH", "IVCH", "ivch", EscalationScenario.Start, new IvchFigures
        {
            Queue = 0, LongestQueueWaitMinutes = null, CallsToday = 20, CallsLastHour = 0, MedianMinutesToAssessmentToday = null,
            AbandonedRateToday = null, EdAvoidanceRateToday = null, GpBookedToday = 0,
            DispositionsToday = new Dictionary<string, int> { ["self-care"] = 4, ["gp-out-of-hours"] = 6, ["utc"] = 2, ["ed"] = 3, ["ambulance"] = 1 },
        });

        var deflection = Deflection.Today([greenCar, ivch, EscalationScenario.Ed()]);

        // Green Car 5 + IVCH (4 + 6 + 2) = 12 → 17; ED 3 and ambulance 1 are not deflection.
        deflection.ShouldBe(new Deflection(17, 5, 12));
    }
}
