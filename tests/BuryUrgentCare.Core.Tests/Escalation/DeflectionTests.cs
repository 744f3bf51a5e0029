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
            EdAvoidedToday = 5, NonEdDispositionsToday = 5, MedianResponseMinutesToday = null, MedianJobCycleMinutesToday = null,
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

    [Fact]
    public void Today_NoGreenCarOrIvch_EveryPartAbsentNotZero() =>
        Deflection.Today([EscalationScenario.Ed()]).ShouldBe(new Deflection(null, null, null));

    [Fact]
    public void Of_OnePartAbsent_TotalIsThePartPresent()
    {
        Deflection.Of(4, null).ShouldBe(new Deflection(4, 4, null));
        Deflection.Of(null, 7).ShouldBe(new Deflection(7, null, 7));
        Deflection.Of(0, 0).ShouldBe(new Deflection(0, 0, 0)); // a day with no deflection is 0, not absent
    }

    [Fact]
    public void IvchPart_EdAndAmbulanceAreNotDeflection() =>
        Deflection.IvchPart(new Dictionary<string, int> { ["ed"] = 5, ["ambulance"] = 2, ["pharmacy"] = 3, ["utc"] = 1 }).ShouldBe(4);
}
