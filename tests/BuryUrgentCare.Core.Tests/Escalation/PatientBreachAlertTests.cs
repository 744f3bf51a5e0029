using BuryUrgentCare.Processing;
using static BuryUrgentCare.Escalation.EscalationScenario;

namespace BuryUrgentCare.Escalation;

/// <summary>Per-patient 12-hour breach alerts (hazard H17): each patient raises their own, by pseudonym only.</summary>
public sealed class PatientBreachAlertTests
{
    private static AlertMonitor CreateSut() => new([]);

    private static BreachRiskPatient Patient(string code, int minutesIn, int? minutesSinceDecision = null) =>
        new(code, 3, minutesSinceDecision is null ? "underTreatment" : "awaitingBed", Start.AddMinutes(-minutesIn), minutesIn, 240 - minutesIn,
            false, minutesIn > 240, minutesIn >= 720, minutesSinceDecision is { } m ? Start.AddMinutes(-m) : null, minutesSinceDecision);

    private static Dictionary<string, BreachRiskList> Lists(params BreachRiskPatient[] patients) =>
        new() { ["FGH-ED"] = new BreachRiskList("FGH-ED", Start, patients.Length, patients) };

    [Fact]
    public void Evaluate_SecondPatientCrosses12Hours_RaisesItsOwnAlert()
    {
        var sut = CreateSut();
        var first = sut.Evaluate(ByUnit(Ed(over12Hours: 1)), Start, Lists(Patient("AAAA-0001", 725), Patient("BBBB-0002", 700)));
        first.Select(a => (a.Id, a.Kind, a.State, a.Patient)).ShouldBe([("patient-over12Hours-FGH-ED-AAAA-0001", "patient", "raised", "AAAA-0001")]);

        // A minute later a second patient passes 12 hours while the first is still there: a count rule would stay raised
        // and say nothing; here the second patient has an alert of their own.
        var second = sut.Evaluate(ByUnit(Ed(over12Hours: 2)), Start.AddMinutes(20), Lists(Patient("AAAA-0001", 745), Patient("BBBB-0002", 720)));
        var raised = second.ShouldHaveSingleItem();
        (raised.Id, raised.State, raised.Value, raised.Severity).ShouldBe(("patient-over12Hours-FGH-ED-BBBB-0002", "raised", (double?)720, "critical"));
        raised.Message.ShouldBe("Patient BBBB-0002 has been in A&E 12 hours or more");
        sut.Active.Count.ShouldBe(2);
    }

    [Fact]
    public void Evaluate_PatientLeaves_OnlyTheirAlertClears_AndAnUnlistedUnitKeepsItsAlerts()
    {
        var sut = CreateSut();
        sut.Evaluate(ByUnit(Ed()), Start, Lists(Patient("AAAA-0001", 725), Patient("BBBB-0002", 730)));

        var cleared = sut.Evaluate(ByUnit(Ed()), Start.AddMinutes(1), Lists(Patient("BBBB-0002", 731))).ShouldHaveSingleItem();
        (cleared.Id, cleared.State).ShouldBe(("patient-over12Hours-FGH-ED-AAAA-0001", "cleared"));

        // The unit is not live (no snapshot, no list): nothing is known, its patient alerts stay.
        sut.Evaluate(ByUnit(), Start.AddMinutes(2), Lists()).ShouldBeEmpty();
        sut.Active.Single().Patient.ShouldBe("BBBB-0002");
    }

    [Fact]
    public void Evaluate_WaitingForABed12HoursSinceTheDecision_RaisesAnAlertAboutTheBed()
    {
        var sut = CreateSut();
        // 800 minutes in, 719 since the decision: the arrival alert only.
        sut.Evaluate(ByUnit(Ed()), Start, Lists(Patient("CCCC-0003", 800, minutesSinceDecision: 719))).ShouldHaveSingleItem()
            .Id.ShouldBe("patient-over12Hours-FGH-ED-CCCC-0003");

        var raised = sut.Evaluate(ByUnit(Ed()), Start.AddMinutes(1), Lists(Patient("CCCC-0003", 801, minutesSinceDecision: 720))).ShouldHaveSingleItem();
        (raised.Id, raised.Figure).ShouldBe(("patient-over12HoursSinceDecision-FGH-ED-CCCC-0003", "over12HoursSinceDecision"));
    }

    [Fact]
    public void Acknowledge_ActiveAlert_IsKeptOnItUntilItClears_AndANewRaiseStartsUnacknowledged()
    {
        var sut = CreateSut();
        sut.Evaluate(ByUnit(Ed()), Start, Lists(Patient("AAAA-0001", 725)));
        var id = AlertMonitor.PatientAlertId("FGH-ED", "over12Hours", "AAAA-0001");

        sut.Acknowledge("no-such-alert", new AlertAcknowledgement("Sam Site", Start, null)).ShouldBeNull();
        var acknowledged = sut.Acknowledge(id, new AlertAcknowledgement("Sam Site", Start.AddMinutes(1), "bed requested")).ShouldNotBeNull();
        acknowledged.Acknowledged.ShouldBe(new AlertAcknowledgement("Sam Site", Start.AddMinutes(1), "bed requested"));
        acknowledged.At.ShouldBe(Start, "acknowledging does not change when it was raised");
        sut.Evaluate(ByUnit(Ed()), Start.AddMinutes(2), Lists(Patient("AAAA-0001", 727))).ShouldBeEmpty();
        sut.Active.Single().Acknowledged!.By.ShouldBe("Sam Site");

        sut.Evaluate(ByUnit(Ed()), Start.AddMinutes(3), Lists());
        sut.Evaluate(ByUnit(Ed()), Start.AddMinutes(4), Lists(Patient("AAAA-0001", 729))).ShouldHaveSingleItem().Acknowledged.ShouldBeNull();
    }

    [Fact]
    public void Acknowledge_MadeBeforeThisRaise_DoesNotCoverIt()
    {
        // An acknowledgement read from the shared workspace log was made on some node about the raise it saw then. The
        // alert raised here twenty minutes later (the patient left and came back over 12 h) is a new raise: nobody has
        // seen it yet, so it must stay unacknowledged. A raise within the grace of the acknowledgement is the same one,
        // evaluated a tick later on this node.
        var sut = CreateSut();
        var id = AlertMonitor.PatientAlertId("FGH-ED", "over12Hours", "AAAA-0001");
        sut.Evaluate(ByUnit(Ed()), Start.AddMinutes(20), Lists(Patient("AAAA-0001", 745)));

        sut.Acknowledge(id, new AlertAcknowledgement("Sam Site", Start, null)).ShouldBeNull();
        sut.Active.Single().Acknowledged.ShouldBeNull();
        sut.Acknowledge(id, new AlertAcknowledgement("Sam Site", Start.AddMinutes(20) - AlertMonitor.AcknowledgementGrace, null))
            .ShouldNotBeNull().Acknowledged!.By.ShouldBe("Sam Site");
    }

    [Fact]
    public void Restore_PatientAlertWithItsAcknowledgement_IsTakenBack_AndOneWhoseIdDoesNotMatchIsNot()
    {
        var id = AlertMonitor.PatientAlertId("FGH-ED", "over12Hours", "AAAA-0001");
        var kept = new AlertEvent(id, AlertMonitor.PatientKind, "FGH-ED", "over12Hours", "m", "critical", "raised", 725, Start, "AAAA-0001",
            new AlertAcknowledgement("Sam Site", Start, null));
        var forged = kept with { Id = "patient-over12Hours-FGH-ED-ZZZZ-9999" };
        var sut = CreateSut();

        sut.Restore([kept, forged]).ShouldBe([kept]);

        // Still in breach after the restart: the same alert, not announced again, still acknowledged.
        sut.Evaluate(ByUnit(Ed()), Start.AddMinutes(5), Lists(Patient("AAAA-0001", 730))).ShouldBeEmpty();
        sut.Active.Single().Acknowledged!.By.ShouldBe("Sam Site");
    }
}
