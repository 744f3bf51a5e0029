namespace BuryUrgentCare.Contract;

public sealed class EventTypeTests
{
    /// <summary>The types of contract v1.1 (v1's, then the corrections), with the service whose units accept them.</summary>
    public static TheoryData<string, EventType, ServiceKind?> ContractTypes() => new()
    {
        { "ae.arrived", EventType.AeArrived, ServiceKind.Ae },
        { "ae.handover", EventType.AeHandover, ServiceKind.Ae },
        { "ae.assessed", EventType.AeAssessed, ServiceKind.Ae },
        { "ae.seen", EventType.AeSeen, ServiceKind.Ae },
        { "ae.admit-decision", EventType.AeAdmitDecision, ServiceKind.Ae },
        { "ae.departed", EventType.AeDeparted, ServiceKind.Ae },
        { "utc.arrived", EventType.UtcArrived, ServiceKind.Utc },
        { "utc.assessed", EventType.UtcAssessed, ServiceKind.Utc },
        { "utc.seen", EventType.UtcSeen, ServiceKind.Utc },
        { "utc.departed", EventType.UtcDeparted, ServiceKind.Utc },
        { "greencar.dispatched", EventType.GreenCarDispatched, ServiceKind.GreenCar },
        { "greencar.on-scene", EventType.GreenCarOnScene, ServiceKind.GreenCar },
        { "greencar.outcome", EventType.GreenCarOutcome, ServiceKind.GreenCar },
        { "greencar.clear", EventType.GreenCarClear, ServiceKind.GreenCar },
        { "ivch.call-received", EventType.IvchCallReceived, ServiceKind.Ivch },
        { "ivch.assessed", EventType.IvchAssessed, ServiceKind.Ivch },
        { "ivch.outcome", EventType.IvchOutcome, ServiceKind.Ivch },
        { "ivch.abandoned", EventType.IvchAbandoned, ServiceKind.Ivch },
        { "capacity.declared", EventType.CapacityDeclared, null },
        { "ae.entered-in-error", EventType.AeEnteredInError, ServiceKind.Ae },
        { "utc.entered-in-error", EventType.UtcEnteredInError, ServiceKind.Utc },
        { "greencar.outcome-corrected", EventType.GreenCarOutcomeCorrected, ServiceKind.GreenCar },
        { "greencar.entered-in-error", EventType.GreenCarEnteredInError, ServiceKind.GreenCar },
        { "ivch.outcome-corrected", EventType.IvchOutcomeCorrected, ServiceKind.Ivch },
        { "ivch.entered-in-error", EventType.IvchEnteredInError, ServiceKind.Ivch },
        { "census.declared", EventType.CensusDeclared, null },
        { "ae.referred", EventType.AeReferred, ServiceKind.Ae },
    };

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void TryParse_ContractWireName_ReturnsTypeWithNameAndService(string name, EventType expected, ServiceKind? service)
    {
        EventTypes.TryParse(name, out var fromString).ShouldBeTrue();
        EventTypes.TryParse(System.Text.Encoding.UTF8.GetBytes(name), out var fromUtf8).ShouldBeTrue();

        fromString.ShouldBe(expected);
        fromUtf8.ShouldBe(expected);
        expected.WireName().ShouldBe(name);
        expected.Service().ShouldBe(service);
    }

    [Fact]
    public void WireNames_AreExactlyTheContractTypesInOrder()
    {
        EventTypes.WireNames.ShouldBe(EventJson.AllTypes);
        Enum.GetValues<EventType>().Length.ShouldBe(27); // 19 of v1 + 6 corrections, the census and the referral of v1.1
    }

    [Theory]
    [InlineData("")]
    [InlineData("ae")]
    [InlineData("ae.")]
    [InlineData("AE.ARRIVED")]
    [InlineData("ae.arrived ")]
    [InlineData("ae.arrive")]
    [InlineData("ae.arrivedx")]
    [InlineData("utc.handover")]
    [InlineData("capacity")]
    public void TryParse_OtherName_ReturnsFalse(string name)
    {
        EventTypes.TryParse(name, out _).ShouldBeFalse();
        EventTypes.TryParse(System.Text.Encoding.UTF8.GetBytes(name), out _).ShouldBeFalse();
    }
}
