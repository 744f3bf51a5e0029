using System.Text;

namespace BuryUrgentCare.Contract;

/// <summary>
/// A valid NHS number anywhere in an event rejects it as identifiable data, ahead of every other
/// validation problem. 943 476 5919 is valid: 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299,
/// 299 mod 11 = 2, 11 − 2 = 9 = the last digit.
/// </summary>
public sealed partial class EventParserTests
{
    private const string NhsSpaced = "943 476 5919";
    private const string NhsUnspaced = "9434765919";
    private const string NhsHyphenated = "943-476-5919";
    private const string NhsDotted = "943.476.5919";

    private static void ShouldRejectIdentifiable(EventJson builder) => ShouldRejectIdentifiable(builder.Build());

    private static void ShouldRejectIdentifiable(byte[] utf8)
    {
        var rejection = Reject(utf8);
        rejection.Reason.ShouldBe(RejectionReason.IdentifiableData, $"detail: {rejection.Detail}; event: {Describe(utf8)}");
        rejection.Detail.ShouldNotContain(NhsUnspaced);
        rejection.Detail.ShouldNotContain(NhsSpaced);
        rejection.Detail.ShouldNotContain(NhsHyphenated);
        rejection.Detail.ShouldNotContain(NhsDotted);
    }

    [Theory]
    [InlineData(NhsHyphenated)]
    [InlineData(NhsDotted)]
    [InlineData("943-476.5919")]
    [InlineData("nhs-" + NhsHyphenated)]
    [InlineData("patient " + NhsDotted + " bay 4")]
    public void TryParse_NhsNumberWithHyphensOrDots_RejectsIdentifiableDataLikeTheSpacedForm(string nhs)
    {
        // The same number written with hyphens or dots identifies the same person: same reason, same detail.
        var spaced = Reject(EventJson.For("ae.seen").With("subject", NhsSpaced).Build());
        var subject = Reject(EventJson.For("ae.seen").With("subject", nhs).Build());
        subject.ShouldBe(spaced);
        subject.Reason.ShouldBe(RejectionReason.IdentifiableData);

        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("subject", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("id", "evt " + nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("patientref", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.arrived").DataField("note", "NHS no. " + nhs));
        ShouldRejectIdentifiable(EventJson.For("ivch.outcome").DataField("disposition", nhs));
        ShouldRejectIdentifiable(EventJson.For("greencar.outcome").DataFieldRaw("outcome", "{\"ref\":\"" + nhs + "\"}"));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("patient " + nhs, "null"));
    }

    [Theory]
    [InlineData(NhsSpaced)]
    [InlineData(NhsUnspaced)]
    [InlineData("nhs-" + NhsUnspaced)]
    [InlineData("patient " + NhsSpaced + " bay 4")]
    public void TryParse_NhsNumberInSubject_RejectsIdentifiableData(string subject)
    {
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("subject", subject));
    }

    [Fact]
    public void TryParse_NhsNumberInCapacitySubject_RejectsIdentifiableData()
    {
        // capacity.declared ignores its subject, but not an NHS number in it.
        ShouldRejectIdentifiable(EventJson.For("capacity.declared").With("subject", NhsSpaced));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("type")]
    [InlineData("time")]
    [InlineData("unit")]
    [InlineData("specversion")]
    [InlineData("datacontenttype")]
    public void TryParse_NhsNumberInAnyEnvelopeString_RejectsIdentifiableData(string attribute)
    {
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With(attribute, NhsUnspaced));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With(attribute, "x " + NhsSpaced));
    }

    [Theory]
    [InlineData("2026-11-23T08:15:00." + NhsUnspaced + "Z")] // 31 bytes: the shortest valid time that can hold one
    [InlineData("2026-11-23T08:15:00." + NhsUnspaced + "+00:00")]
    public void TryParse_ValidTimeWhoseFractionIsAnNhsNumber_RejectsIdentifiableData(string time)
    {
        // A valid time is scanned only when it is long enough to hold a number (Rfc3339.ShortEnoughToHoldNoNhsNumber):
        // the fraction is the one digit run of a time that can reach ten.
        Rfc3339.TryParseUtcTicks(Encoding.UTF8.GetBytes(time), out _).ShouldBeTrue();
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("time", time));
    }

    [Fact]
    public void TryParse_ValidTimeWhoseFractionOnlyContainsTheDigits_Accepted()
    {
        // Eleven digits are a longer run, not a number (as in any other string): the long time is scanned and passes.
        var evt = Accept(
            EventJson.For("ae.seen").With("time", "2026-11-23T08:15:00.0" + NhsUnspaced + "Z").Build(),
            receivedAt: new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        evt.TimeTicks.ShouldBe(new DateTimeOffset(2026, 11, 23, 8, 15, 0, TimeSpan.Zero).UtcTicks + 943_476);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("subject")]
    [InlineData("time")]
    [InlineData("unit")]
    [InlineData("specversion")]
    public void TryParse_NhsNumberAsJsonNumberInAnEnvelopeAttribute_RejectsIdentifiableData(string attribute)
    {
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw(attribute, NhsUnspaced));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw(attribute, "[" + NhsUnspaced + "]"));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw(attribute, "{\"nhs\":\"" + NhsSpaced + "\"}"));
    }

    [Theory]
    [InlineData(NhsSpaced)]
    [InlineData(NhsUnspaced)]
    public void TryParse_NhsNumberInUnknownExtensionAttribute_RejectsIdentifiableData(string nhs)
    {
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("patientref", nhs));
    }

    [Fact]
    public void TryParse_NhsNumberAsJsonNumberInExtension_RejectsIdentifiableData()
    {
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("patientref", NhsUnspaced));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("patientref", "-" + NhsUnspaced));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("patientref", NhsUnspaced + ".0"));
    }

    [Theory]
    [InlineData(NhsSpaced)]
    [InlineData(NhsUnspaced)]
    public void TryParse_NhsNumberInUnknownDataField_RejectsIdentifiableData(string nhs)
    {
        ShouldRejectIdentifiable(EventJson.For("ae.arrived").DataField("note", "NHS no. " + nhs));
    }

    [Fact]
    public void TryParse_NhsNumberInNestedUnknownObject_RejectsIdentifiableData()
    {
        ShouldRejectIdentifiable(EventJson.For("ae.arrived").DataFieldRaw("patient", "{\"ids\":[{\"kind\":\"nhs\",\"value\":\"" + NhsSpaced + "\"}]}"));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("context", "{\"a\":{\"b\":[[\"" + NhsUnspaced + "\"]]}}"));
    }

    [Theory]
    [InlineData("acuity")]
    [InlineData("arrivalMode")]
    [InlineData("ageBand")]
    [InlineData("note")]
    public void TryParse_NhsNumberAsJsonNumberInData_RejectsIdentifiableData(string field)
    {
        ShouldRejectIdentifiable(EventJson.For("ae.arrived").DataFieldRaw(field, NhsUnspaced));
    }

    [Theory]
    [InlineData("ae.arrived", "arrivalMode")]
    [InlineData("ae.arrived", "ageBand")]
    [InlineData("ae.assessed", "acuity")]
    [InlineData("ae.admit-decision", "specialty")]
    [InlineData("ae.departed", "disposition")]
    [InlineData("greencar.dispatched", "category")]
    [InlineData("greencar.outcome", "outcome")]
    [InlineData("ivch.call-received", "route")]
    [InlineData("ivch.outcome", "disposition")]
    [InlineData("ivch.outcome", "booked")]
    [InlineData("capacity.declared", "resources")]
    public void TryParse_NhsNumberInAKnownDataField_RejectsIdentifiableData(string type, string field)
    {
        ShouldRejectIdentifiable(EventJson.For(type).DataField(field, NhsSpaced));
        ShouldRejectIdentifiable(EventJson.For(type).DataFieldRaw(field, NhsUnspaced));
        ShouldRejectIdentifiable(EventJson.For(type).DataFieldRaw(field, "[\"" + NhsUnspaced + "\"]"));
    }

    [Fact]
    public void TryParse_NhsNumberInCapacityResources_RejectsIdentifiableData()
    {
        ShouldRejectIdentifiable(EventJson.For("capacity.declared").DataFieldRaw("resources", "{\"beds\":" + NhsUnspaced + "}"));
        ShouldRejectIdentifiable(EventJson.For("capacity.declared").DataFieldRaw("resources", "{\"" + NhsUnspaced + "\":1}"));
        ShouldRejectIdentifiable(EventJson.For("capacity.declared").DataFieldRaw("resources", "{\"beds\":\"" + NhsSpaced + "\"}"));
        ShouldRejectIdentifiable(EventJson.For("capacity.declared").DataFieldRaw("resources", "{\"beds\":{\"x\":" + NhsUnspaced + "}}"));
        ShouldRejectIdentifiable(EventJson.For("capacity.declared").DataFieldRaw("resources", "\"" + NhsSpaced + "\""));
    }

    [Fact]
    public void TryParse_NhsNumberWithEscapedDigits_RejectsIdentifiableData()
    {
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("subject", "\"\\u0039434765919\""));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("subject", "\"943\\u0020476\\u00205919\""));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("note", "\"\\u0039\\u0034\\u0033\\u0034\\u0037\\u0036\\u0035\\u0039\\u0031\\u0039\""));
        ShouldRejectIdentifiable(EventJson.For("ae.arrived").DataFieldRaw("note", "\"nhs \\u0039434765919\""));
        ShouldRejectIdentifiable(EventJson.For("ae.arrived").DataFieldRaw("arrivalMode", "\"\\u0039434765919\""));
    }

    [Fact]
    public void TryParse_NhsNumberInAPropertyName_RejectsIdentifiableData()
    {
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw(NhsUnspaced, "true"));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("patient " + NhsSpaced, "null"));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("\\u0039434765919", "1"));
        ShouldRejectIdentifiable(EventJson.For("ae.arrived").DataFieldRaw(NhsUnspaced, "\"x\""));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("x", "{\"" + NhsSpaced + "\":{}}"));
    }

    [Fact]
    public void TryParse_NhsNumberAfterEveryOtherProblem_StillReportsIdentifiableData()
    {
        // Identifiable data outranks every other validation problem, wherever the number appears.
        var nhs = EventJson.Quote(NhsUnspaced);
        ShouldRejectIdentifiable(EventJson.For("ae.seen").Without("specversion").WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("type", "ae.unknown").WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("time", "2099-01-01T00:00:00Z").WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("time", "yesterday").WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("unit", "NOWHERE").WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("unit", "BURY-IVCH").WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").Without("subject").WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").Append("id", "evt-2").WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.arrived").Data(new { arrivalMode = "lorry", note = NhsSpaced }));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").With("id", new string('i', 200)).WithRaw("note", nhs));
        ShouldRejectIdentifiable(EventJson.For("ae.seen").WithRaw("data", nhs));
    }

    [Fact]
    public void TryParse_NhsNumberBeforeOtherProblems_ReportsIdentifiableData()
    {
        var json = """{"note":"9434765919","specversion":"2.0","type":"nope","time":"later","unit":"X","data":7}""";

        ShouldRejectIdentifiable(Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [InlineData("9434765918")] // wrong check digit
    [InlineData("943 476 5918")] // wrong check digit, spaced
    [InlineData("94347659190")] // 11-digit run
    [InlineData("19434765919")] // 11-digit run
    [InlineData("943 476 59190")] // last group too long
    [InlineData("1943 476 5919")] // first group too long
    [InlineData("943-476-5918")] // wrong check digit, hyphenated (943-476-5919 is identifiable: grouped 3-3-4 with hyphens)
    [InlineData("943.476.5918")] // wrong check digit, dotted
    [InlineData("943--476-5919")] // two separators in a gap: not the grouped form
    [InlineData("943_476_5919")]
    [InlineData("2026-12-05")] // a date
    [InlineData("att-2026-12-05-0042")] // an ordinary id with a date in it
    [InlineData("inc-943-476-59")]
    [InlineData("943  476 5919")]
    [InlineData("0000000060")] // check value 10: never issued
    [InlineData("1000000015")] // check value 10 with another last digit
    [InlineData("943476591")] // 9 digits
    public void TryParse_DigitRunThatIsNotAValidNhsNumber_Accepts(string value)
    {
        var evt = Accept(EventJson.For("ae.arrived").With("subject", value).With("note", value).DataField("note", value));

        evt.Type.ShouldBe(EventType.AeArrived);
    }

    [Theory]
    [InlineData("94347659190")]
    [InlineData("9434765918")]
    [InlineData("1000000015")]
    public void TryParse_NumberThatIsNotAValidNhsNumber_Accepts(string number)
    {
        Accept(EventJson.For("ae.seen").WithRaw("count", number));
        Accept(EventJson.For("capacity.declared").DataFieldRaw("resources", "{\"beds\":" + number + "}"));
    }
}
