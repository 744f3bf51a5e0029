using System.IO.Hashing;
using System.Text;

namespace BuryUrgentCare.Contract;

/// <summary>The CloudEvents envelope rules of contract v1.</summary>
public sealed partial class EventParserTests
{
    [Fact]
    public void Constructor_NullCatalog_Throws()
    {
        Should.Throw<ArgumentNullException>(() => new EventParser(null!));
    }

    [Fact]
    public void Units_ReturnsTheCatalogGiven()
    {
        CreateSut().Units.ShouldBeSameAs(UnitCatalog.Bury);
    }

    [Fact]
    public void TryParse_DateTimeOffsetAndTicksOverloads_Agree()
    {
        var json = EventJson.For("ae.arrived").With("time", "2026-11-22T09:50:01Z").Build();
        var sut = CreateSut();

        sut.TryParse(json, EventJson.ReceivedAt, out _, out var viaOffset).ShouldBeFalse();
        sut.TryParse(json, EventJson.ReceivedAt.UtcTicks, out _, out var viaTicks).ShouldBeFalse();

        viaOffset.ShouldBe(viaTicks);
        viaOffset.Reason.ShouldBe(RejectionReason.FutureTime);
    }

    // ---- specversion ----

    [Fact]
    public void TryParse_SpecVersionMissing_RejectsMissingField()
    {
        ShouldReject(EventJson.For("ae.seen").Without("specversion"), RejectionReason.MissingField);
    }

    [Theory]
    [InlineData("\"1.1\"")]
    [InlineData("\"1\"")]
    [InlineData("\"1.0 \"")]
    [InlineData("\"0.3\"")]
    [InlineData("\"\"")]
    [InlineData("1.0")]
    [InlineData("null")]
    [InlineData("[\"1.0\"]")]
    [InlineData("{\"v\":\"1.0\"}")]
    public void TryParse_SpecVersionWrong_RejectsBadValue(string json)
    {
        ShouldReject(EventJson.For("ae.seen").WithRaw("specversion", json), RejectionReason.BadValue);
    }

    // ---- id ----

    [Fact]
    public void TryParse_IdMissing_RejectsMissingField()
    {
        ShouldReject(EventJson.For("ae.seen").Without("id"), RejectionReason.MissingField);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[\"evt-1\"]")]
    [InlineData("{\"value\":\"evt-1\"}")]
    public void TryParse_IdEmptyOrNotAString_RejectsBadValue(string json)
    {
        ShouldReject(EventJson.For("ae.seen").WithRaw("id", json), RejectionReason.BadValue);
    }

    [Theory]
    [InlineData("a", 1)]
    [InlineData("a", 128)]
    [InlineData("é", 128)] // 2 UTF-8 bytes, 1 character
    [InlineData("€", 128)] // 3 UTF-8 bytes, 1 character
    [InlineData("😀", 128)] // 4 UTF-8 bytes, 1 character (a UTF-16 surrogate pair)
    public void TryParse_IdOfUpTo128Characters_Accepts(string character, int count)
    {
        var id = string.Concat(Enumerable.Repeat(character, count));

        var evt = Accept(EventJson.For("ae.seen").With("id", id));

        evt.Id.ShouldBe(XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(id)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("é")]
    [InlineData("€")]
    [InlineData("😀")]
    public void TryParse_IdOf129Characters_RejectsBadValue(string character)
    {
        var id = string.Concat(Enumerable.Repeat(character, 129));

        ShouldReject(EventJson.For("ae.seen").With("id", id), RejectionReason.BadValue);
    }

    [Fact]
    public void TryParse_IdWithEscapes_HashesTheUnescapedText()
    {
        var escaped = Accept(EventJson.For("ae.seen").WithRaw("id", "\"\\u0065vt-0001\""));
        var plain = Accept(EventJson.For("ae.seen"));

        escaped.Id.ShouldBe(plain.Id);
    }

    [Fact]
    public void TryParse_IdOf128EscapedCharacters_CountsUnescapedCharacters()
    {
        // 128 characters written as 768 bytes of \u escapes: the limit is on characters, not bytes.
        var raw = "\"" + string.Concat(Enumerable.Repeat("\\u0041", 128)) + "\"";

        var evt = Accept(EventJson.For("ae.seen").WithRaw("id", raw));

        evt.Id.ShouldBe(XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(new string('A', 128))));
        ShouldReject(EventJson.For("ae.seen").WithRaw("id", "\"" + string.Concat(Enumerable.Repeat("\\u0041", 129)) + "\""), RejectionReason.BadValue);
    }

    [Fact]
    public void TryParse_IdOfEscapedSurrogatePairs_CountsEachPairAsOneCharacter()
    {
        var pairs = (int count) => "\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", count)) + "\"";

        var evt = Accept(EventJson.For("ae.seen").WithRaw("id", pairs(128)));

        evt.Id.ShouldBe(XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("😀", 128)))));
        ShouldReject(EventJson.For("ae.seen").WithRaw("id", pairs(129)), RejectionReason.BadValue);
    }

    [Fact]
    public void TryParse_DifferentIds_HashDifferently()
    {
        Accept(EventJson.For("ae.seen").With("id", "evt-1")).Id.ShouldNotBe(Accept(EventJson.For("ae.seen").With("id", "evt-2")).Id);
    }

    // ---- source ----

    [Fact]
    public void TryParse_SourceMissing_RejectsMissingField()
    {
        ShouldReject(EventJson.For("ae.seen").Without("source"), RejectionReason.MissingField);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"\\t\\r\\n\"")]
    [InlineData("7")]
    [InlineData("null")]
    [InlineData("{\"uri\":\"urn:x\"}")]
    public void TryParse_SourceEmptyOrNotAString_RejectsBadValue(string json)
    {
        ShouldReject(EventJson.For("ae.seen").WithRaw("source", json), RejectionReason.BadValue);
    }

    [Theory]
    [InlineData("urn:bury:fgh:ed-epr")]
    [InlineData("https://epr.example.nhs.uk/ed")]
    [InlineData("/ed-epr")]
    public void TryParse_SourceUriReference_Accepts(string source)
    {
        Accept(EventJson.For("ae.seen").With("source", source));
    }

    // ---- type ----

    [Fact]
    public void TryParse_TypeMissing_RejectsMissingField()
    {
        ShouldReject(EventJson.For("ae.seen").Without("type"), RejectionReason.MissingField);
    }

    [Theory]
    [InlineData("\"ae.unknown\"")]
    [InlineData("\"AE.ARRIVED\"")]
    [InlineData("\"ae.arrived \"")]
    [InlineData("\"ae\"")]
    [InlineData("\"\"")]
    [InlineData("\"uk.nhs.ae.arrived\"")]
    [InlineData("\"ivch.handover\"")]
    [InlineData("3")]
    [InlineData("null")]
    [InlineData("[\"ae.arrived\"]")]
    public void TryParse_TypeUnknown_RejectsUnknownType(string json)
    {
        ShouldReject(EventJson.For("ae.seen").WithRaw("type", json), RejectionReason.UnknownType);
    }

    // ---- time ----

    [Fact]
    public void TryParse_TimeMissing_RejectsMissingField()
    {
        ShouldReject(EventJson.For("ae.seen").Without("time"), RejectionReason.MissingField);
    }

    [Theory]
    [InlineData("2026-11-22T09:41:07")] // no offset
    [InlineData("2026-11-22T09:41:07.250")] // no offset, fractional
    [InlineData("2026-11-22 09:41:07Z")]
    [InlineData("2026-11-22")]
    [InlineData("2026-02-30T09:00:00Z")] // impossible date
    [InlineData("2025-02-29T09:00:00Z")] // not a leap year
    [InlineData("2016-12-31T23:59:60Z")] // leap second
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-11-22T09:41:07+0100")]
    [InlineData("2026-11-22T09:41:07+01")]
    [InlineData("2026-11-22T09:41:07 +01:00")]
    [InlineData("2026-11-22T09:41:07GMT")]
    [InlineData("22/11/2026 09:41:07")]
    [InlineData("1763804467")]
    [InlineData("")]
    public void TryParse_TimeNotRfc3339WithOffset_RejectsBadTime(string time)
    {
        ShouldReject(EventJson.For("ae.seen").With("time", time), RejectionReason.BadTime);
    }

    [Theory]
    [InlineData("1763804467")]
    [InlineData("null")]
    [InlineData("[\"2026-11-22T09:41:07Z\"]")]
    public void TryParse_TimeNotAString_RejectsBadTime(string json)
    {
        ShouldReject(EventJson.For("ae.seen").WithRaw("time", json), RejectionReason.BadTime);
    }

    [Theory]
    [InlineData("2026-11-22T09:41:07Z", 0)]
    [InlineData("2026-11-22T10:41:07+01:00", 0)]
    [InlineData("2026-11-22T04:11:07-05:30", 0)]
    [InlineData("2026-11-22T09:41:07-00:00", 0)]
    [InlineData("2026-11-22T09:41:07.5Z", 5_000_000)]
    [InlineData("2026-11-22T09:41:07.123456789Z", 1_234_567)]
    [InlineData("2026-11-22t09:41:07z", 0)] // RFC 3339 §5.6 allows lower-case t and z
    public void TryParse_TimeWithOffset_ReturnsUtcTicks(string time, long extraTicks)
    {
        var evt = Accept(EventJson.For("ae.seen").With("time", time));

        evt.TimeTicks.ShouldBe(DefaultTimeTicks + extraTicks);
    }

    [Fact]
    public void TryParse_BritishSummerTimeOffset_ConvertsToUtc()
    {
        var evt = Accept(EventJson.For("ae.seen").With("time", "2026-06-01T10:00:00+01:00"));

        evt.TimeTicks.ShouldBe(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero).UtcTicks);
        evt.TimeTicks.ShouldBe(639_159_012_000_000_000);
    }

    [Fact]
    public void TryParse_TimeExactlyFiveMinutesAhead_Accepts()
    {
        var evt = Accept(EventJson.For("ae.seen").With("time", "2026-11-22T09:50:00Z"));

        evt.TimeTicks.ShouldBe(EventJson.ReceivedAt.AddMinutes(5).UtcTicks);
    }

    [Fact]
    public void TryParse_TimeExactlyFiveMinutesAheadInAnotherOffset_Accepts()
    {
        Accept(EventJson.For("ae.seen").With("time", "2026-11-22T10:50:00+01:00"));
    }

    [Theory]
    [InlineData("2026-11-22T09:50:01Z")]
    [InlineData("2026-11-22T09:50:00.0000001Z")]
    [InlineData("2026-11-22T10:50:01+01:00")]
    [InlineData("2027-01-01T00:00:00Z")]
    public void TryParse_TimeMoreThanFiveMinutesAhead_RejectsFutureTime(string time)
    {
        ShouldReject(EventJson.For("ae.seen").With("time", time), RejectionReason.FutureTime);
    }

    [Fact]
    public void TryParse_TimeFarInThePast_Accepts()
    {
        // Late events are applied (and counted as late downstream); the parser has no lower bound.
        Accept(EventJson.For("ae.seen").With("time", "2001-01-01T00:00:00Z"));
    }

    [Fact]
    public void TryParse_FutureTimeRule_UsesTheReceiverClockGiven()
    {
        var json = EventJson.For("ae.seen").With("time", "2026-11-22T10:00:00Z").Build();

        ShouldReject(json, RejectionReason.FutureTime, EventJson.ReceivedAt);
        Accept(json, EventJson.ReceivedAt.AddMinutes(10));
    }

    // ---- unit ----

    [Fact]
    public void TryParse_UnitMissing_RejectsMissingField()
    {
        ShouldReject(EventJson.For("ae.seen").Without("unit"), RejectionReason.MissingField);
    }

    [Theory]
    [InlineData("\"FGH-XX\"")]
    [InlineData("\"fgh-ed\"")]
    [InlineData("\"FGH-ED \"")]
    [InlineData("\"\"")]
    [InlineData("\"FGH_ED\"")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("[\"FGH-ED\"]")]
    public void TryParse_UnitUnknown_RejectsUnknownUnit(string json)
    {
        ShouldReject(EventJson.For("ae.seen").WithRaw("unit", json), RejectionReason.UnknownUnit);
    }

    [Fact]
    public void TryParse_UnitLongerThanAnyBuffer_RejectsUnknownUnit()
    {
        ShouldReject(EventJson.For("ae.seen").With("unit", new string('U', 5000)), RejectionReason.UnknownUnit);
        ShouldReject(EventJson.For("ae.seen").With("unit", string.Concat(Enumerable.Repeat("€", 200))), RejectionReason.UnknownUnit);
    }

    [Fact]
    public void TryParse_UnitEscaped_FindsUnit()
    {
        Accept(EventJson.For("ae.seen").WithRaw("unit", "\"FGH\\u002DED\"")).Unit.ShouldBe(FghEd);
    }

    [Fact]
    public void TryParse_CustomCatalog_UsesItsIndices()
    {
        var catalog = new UnitCatalog([new UnitDefinition("SALFORD-ED", "Salford A&E", ServiceKind.Ae), new UnitDefinition("FGH-ED", "Fairfield", ServiceKind.Ae)]);
        var sut = new EventParser(catalog);

        sut.TryParse(EventJson.For("ae.seen").Build(), EventJson.ReceivedAt, out var evt, out _).ShouldBeTrue();
        evt.Unit.ShouldBe(1);
        sut.TryParse(EventJson.For("utc.seen").Build(), EventJson.ReceivedAt, out _, out var rejection).ShouldBeFalse();
        rejection.Reason.ShouldBe(RejectionReason.UnknownUnit);
    }

    [Theory]
    [InlineData("ae.arrived", "FGH-UTC")]
    [InlineData("utc.seen", "FGH-ED")]
    [InlineData("ivch.outcome", "FGH-ED")]
    [InlineData("greencar.dispatched", "BURY-IVCH")]
    [InlineData("ae.departed", "BURY-GREENCAR")]
    public void TryParse_TypeOfAnotherServiceForTheUnit_RejectsTypeUnitMismatch(string type, string unit)
    {
        var rejection = Reject(EventJson.For(type).With("unit", unit));

        rejection.Reason.ShouldBe(RejectionReason.TypeUnitMismatch);
        rejection.Detail.ShouldContain(type);
        rejection.Detail.ShouldContain(unit);
    }

    // ---- subject ----

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void TryParse_SubjectOfUpTo64Characters_Accepts(int length)
    {
        var subject = new string('s', length);

        Accept(EventJson.For("ae.seen").With("subject", subject)).Subject.ShouldBe(XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(subject)));
    }

    [Fact]
    public void TryParse_SubjectOf64MultiByteCharacters_Accepts()
    {
        Accept(EventJson.For("ae.seen").With("subject", string.Concat(Enumerable.Repeat("ü", 64))));
        Accept(EventJson.For("ae.seen").With("subject", string.Concat(Enumerable.Repeat("😀", 64))));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("17")]
    [InlineData("null")]
    [InlineData("{\"attendance\":\"att-1\"}")]
    public void TryParse_SubjectEmptyTooLongOrNotAString_RejectsBadValue(string json)
    {
        ShouldReject(EventJson.For("ae.seen").WithRaw("subject", json), RejectionReason.BadValue);
    }

    [Theory]
    [InlineData("s")]
    [InlineData("ü")]
    [InlineData("😀")]
    public void TryParse_SubjectOf65Characters_RejectsBadValue(string character)
    {
        ShouldReject(EventJson.For("ae.seen").With("subject", string.Concat(Enumerable.Repeat(character, 65))), RejectionReason.BadValue);
    }

    [Fact]
    public void TryParse_CapacityWithoutSubject_Accepts()
    {
        Accept(EventJson.For("capacity.declared").Without("subject")).Subject.ShouldBe(default(UInt128));
    }

    [Fact]
    public void TryParse_SameSubjectEscapedOrNot_HashesTheSame()
    {
        Accept(EventJson.For("ae.seen").WithRaw("subject", "\"att\\u002D0001\"")).Subject.ShouldBe(DefaultSubjectHash);
    }

    // ---- datacontenttype ----

    [Fact]
    public void TryParse_DataContentTypeJson_Accepts()
    {
        Accept(EventJson.For("ae.arrived").With("datacontenttype", "application/json")).ArrivalMode.ShouldBe(ArrivalMode.WalkIn);
    }

    [Theory]
    [InlineData("\"text/plain\"")]
    [InlineData("\"application/json; charset=utf-8\"")]
    [InlineData("\"Application/JSON\"")]
    [InlineData("\"application/cloudevents+json\"")]
    [InlineData("\"\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void TryParse_DataContentTypeWrong_RejectsBadValue(string json)
    {
        ShouldReject(EventJson.For("ae.arrived").WithRaw("datacontenttype", json), RejectionReason.BadValue);
    }

    // ---- data ----

    [Theory]
    [InlineData("\"arrivalMode=ambulance\"")]
    [InlineData("[{\"arrivalMode\":\"ambulance\"}]")]
    [InlineData("42")]
    [InlineData("true")]
    public void TryParse_DataNotAnObject_RejectsBadValue(string json)
    {
        ShouldReject(EventJson.For("ae.arrived").WithRaw("data", json), RejectionReason.BadValue);
    }

    [Fact]
    public void TryParse_DataNull_TreatsAsAbsent()
    {
        ShouldReject(EventJson.For("ae.arrived").WithRaw("data", "null"), RejectionReason.MissingField);
        Accept(EventJson.For("ae.seen").WithRaw("data", "null"));
    }

    [Fact]
    public void TryParse_UnknownDataFields_AreIgnored()
    {
        var evt = Accept(EventJson.For("ae.arrived").WithRaw("data",
            """{"triageNote":"chest pain","arrivalMode":"ambulance","extra":{"a":[1,2,{"b":null}]},"ambulanceCallsign":"NW123","flags":[true,false]}"""));

        evt.ArrivalMode.ShouldBe(ArrivalMode.Ambulance);
    }

    // ---- duplicates, extensions, escapes ----

    [Theory]
    [InlineData("specversion", "\"1.0\"")]
    [InlineData("id", "\"evt-0002\"")]
    [InlineData("source", "\"urn:other\"")]
    [InlineData("type", "\"ae.seen\"")]
    [InlineData("time", "\"2026-11-22T09:41:07Z\"")]
    [InlineData("unit", "\"FGH-ED\"")]
    [InlineData("subject", "\"att-0001\"")]
    [InlineData("datacontenttype", "\"application/json\"")]
    [InlineData("data", "{\"arrivalMode\":\"walk-in\"}")]
    public void TryParse_DuplicateAttribute_RejectsBadValue(string name, string json)
    {
        var builder = EventJson.For("ae.arrived");
        if (name == "datacontenttype")
        {
            builder.With(name, "application/json");
        }

        var rejection = Reject(builder.AppendRaw(name, json));

        rejection.Reason.ShouldBe(RejectionReason.BadValue);
        rejection.Detail.ShouldContain(name);
    }

    [Fact]
    public void TryParse_DuplicateAttributeWithEscapedName_RejectsBadValue()
    {
        ShouldReject(EventJson.For("ae.seen").AppendRaw("t\\u0079pe", "\"ae.seen\""), RejectionReason.BadValue);
    }

    [Fact]
    public void TryParse_DuplicateAttribute_OutranksLaterEnvelopeErrors()
    {
        // Detected during the pass, reported before the per-attribute checks.
        ShouldReject(EventJson.For("ae.seen").Without("specversion").Append("id", "evt-2"), RejectionReason.BadValue);
    }

    [Fact]
    public void TryParse_ExtensionAttributes_AreIgnored()
    {
        var evt = Accept(EventJson.For("ae.arrived")
            .With("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .With("partitionkey", "FGH-ED")
            .With("dataschema", "https://example.nhs.uk/schemas/ae.arrived.json")
            .WithRaw("sequence", "42")
            .WithRaw("flags", "[true,null,{\"nested\":{\"deep\":[1,[2,[3]]]}}]")
            .WithRaw("Type", "\"not the type attribute: names are case-sensitive\"")
            .AppendRaw("xrepeat", "1")
            .AppendRaw("xrepeat", "2"));

        evt.Type.ShouldBe(EventType.AeArrived);
        evt.ArrivalMode.ShouldBe(ArrivalMode.WalkIn);
    }

    [Fact]
    public void TryParse_ExtensionAttributeBeforeEnvelope_IsIgnored()
    {
        var json = """{"x":{"id":"not-the-id","type":"nope"},"specversion":"1.0","id":"evt-0001","source":"urn:bury:fgh:ed-epr","type":"ae.seen","time":"2026-11-22T09:41:07Z","unit":"FGH-ED","subject":"att-0001"}""";

        var evt = Accept(Encoding.UTF8.GetBytes(json));

        ShouldHaveDefaultEnvelope(evt, EventType.AeSeen, FghEd);
    }

    [Fact]
    public void TryParse_EscapedStringsAndNames_AreUnescaped()
    {
        var json = """
            {"\u0073pecversion":"\u0031.0","id":"evt-0001","source":"urn:bury:fgh:ed-epr","type":"\u0061e.arrived",
             "t\u0069me":"2026-11-22T09:41:0\u0037Z","unit":"FGH-ED","subject":"att-0001",
             "data":{"arrival\u004Dode":"\u0061mbulance","\u0061cuity":2,"ageBand":"85\u002B"}}
            """;

        var evt = Accept(Encoding.UTF8.GetBytes(json));

        ShouldHaveDefaultEnvelope(evt, EventType.AeArrived, FghEd);
        evt.ArrivalMode.ShouldBe(ArrivalMode.Ambulance);
        evt.Acuity.ShouldBe((byte)2);
        evt.AgeBand.ShouldBe(AgeBand.Oldest);
    }

    [Fact]
    public void TryParse_EscapedNonAsciiInExtension_IsAccepted()
    {
        Accept(EventJson.For("ae.seen").WithRaw("note", "\"caf\\u00e9 \\ud83d\\ude00 \\\"quoted\\\" \\\\ \\/\""));
    }

    [Fact]
    public void TryParse_AttributesInAnyOrder_Accepts()
    {
        var json = """{"data":{"arrivalMode":"ambulance"},"subject":"att-0001","unit":"FGH-ED","time":"2026-11-22T09:41:07Z","type":"ae.arrived","source":"urn:bury:fgh:ed-epr","id":"evt-0001","specversion":"1.0"}""";

        var evt = Accept(Encoding.UTF8.GetBytes(json));

        ShouldHaveDefaultEnvelope(evt, EventType.AeArrived, FghEd);
        evt.ArrivalMode.ShouldBe(ArrivalMode.Ambulance);
    }

    [Fact]
    public void TryParse_WhitespaceAroundTokens_Accepts()
    {
        var json = "\r\n\t { \"specversion\" : \"1.0\" ,\n \"id\":\"evt-0001\", \"source\":\"urn:bury:fgh:ed-epr\",\"type\" :\"ae.seen\",\"time\":\"2026-11-22T09:41:07Z\",\"unit\":\"FGH-ED\",\"subject\":\"att-0001\" } \n\t ";

        ShouldHaveDefaultEnvelope(Accept(Encoding.UTF8.GetBytes(json)), EventType.AeSeen, FghEd);
    }

    // ---- which problem is reported first ----

    [Fact]
    public void TryParse_SeveralProblems_ReportsInEnvelopeOrder()
    {
        ShouldReject(EventJson.For("ae.seen").Without("specversion").With("type", "nope"), RejectionReason.MissingField);
        ShouldReject(EventJson.For("ae.seen").With("type", "nope").With("time", "yesterday"), RejectionReason.UnknownType);
        ShouldReject(EventJson.For("ae.seen").With("time", "yesterday").With("unit", "NOWHERE"), RejectionReason.BadTime);
        ShouldReject(EventJson.For("ae.seen").With("unit", "NOWHERE").Without("subject"), RejectionReason.UnknownUnit);
        ShouldReject(EventJson.For("ae.arrived").With("unit", "BURY-IVCH").Data(new { }), RejectionReason.TypeUnitMismatch);
        ShouldReject(EventJson.For("ae.arrived").Without("subject").Data(new { arrivalMode = "lorry" }), RejectionReason.MissingField);
    }

    [Fact]
    public void TryParse_Rejected_LeavesUnitNegativeUntilAKnownUnitIsRead()
    {
        CreateSut().TryParse("[]"u8, EventJson.ReceivedAt, out var evt, out _).ShouldBeFalse();

        evt.Unit.ShouldBe(-1);
    }
}
