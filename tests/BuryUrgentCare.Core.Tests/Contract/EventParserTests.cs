using System.IO.Hashing;
using System.Text;

namespace BuryUrgentCare.Contract;

/// <summary>
/// Contract v1 parsing, one valid example and the invalid cases per event type. The envelope rules,
/// malformed input, identifiable data and the no-throw property live in the other parts of this class.
/// </summary>
public sealed partial class EventParserTests
{
    // Unit indices of UnitCatalog.Bury, in its declared order.
    private const int FghEd = 0;
    private const int FghUtc = 1;
    private const int GreenCar = 2;
    private const int Ivch = 3;

    /// <summary>Ticks of <see cref="EventJson.DefaultTime"/> (2026-11-22T09:41:07Z), written out.</summary>
    private const long DefaultTimeTicks = 639_309_372_670_000_000;

    private static readonly UInt128 DefaultIdHash = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(EventJson.DefaultId));
    private static readonly UInt128 DefaultSubjectHash = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(EventJson.DefaultSubject));

    private static EventParser CreateSut() => new(UnitCatalog.Bury);

    private static UecEvent Accept(EventJson builder) => Accept(builder.Build());

    private static UecEvent Accept(byte[] utf8, DateTimeOffset? receivedAt = null)
    {
        var accepted = CreateSut().TryParse(utf8, receivedAt ?? EventJson.ReceivedAt, out var evt, out var rejection);
        accepted.ShouldBeTrue($"expected acceptance, got {rejection} for {Describe(utf8)}");
        return evt;
    }

    private static Rejection Reject(EventJson builder) => Reject(builder.Build());

    private static Rejection Reject(byte[] utf8, DateTimeOffset? receivedAt = null)
    {
        var accepted = CreateSut().TryParse(utf8, receivedAt ?? EventJson.ReceivedAt, out _, out var rejection);
        accepted.ShouldBeFalse($"expected a rejection for {Describe(utf8)}");
        rejection.Detail.ShouldNotBeNullOrWhiteSpace();
        return rejection;
    }

    private static void ShouldReject(EventJson builder, RejectionReason expected) => ShouldReject(builder.Build(), expected);

    private static void ShouldReject(byte[] utf8, RejectionReason expected, DateTimeOffset? receivedAt = null)
    {
        var rejection = Reject(utf8, receivedAt);
        rejection.Reason.ShouldBe(expected, $"detail: {rejection.Detail}; event: {Describe(utf8)}");
    }

    private static string Describe(byte[] utf8) =>
        utf8.Length > 300 ? $"{utf8.Length} bytes" : Encoding.UTF8.GetString(utf8);

    /// <summary>The envelope every <see cref="EventJson.For"/> event carries.</summary>
    private static void ShouldHaveDefaultEnvelope(UecEvent evt, EventType type, int unit)
    {
        evt.Type.ShouldBe(type);
        evt.Unit.ShouldBe(unit);
        evt.TimeTicks.ShouldBe(DefaultTimeTicks);
        evt.Time.ShouldBe(EventJson.DefaultTimeValue);
        evt.Id.ShouldBe(DefaultIdHash);
        evt.Subject.ShouldBe(type == EventType.CapacityDeclared ? default : DefaultSubjectHash);
    }

    // ---- one valid example per type, every field asserted ----

    [Fact]
    public void TryParse_AeArrivedWithAllFields_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("ae.arrived").Data(new { arrivalMode = "ambulance", acuity = 2, ageBand = "85+" }));

        ShouldHaveDefaultEnvelope(evt, EventType.AeArrived, FghEd);
        evt.ArrivalMode.ShouldBe(ArrivalMode.Ambulance);
        evt.Acuity.ShouldBe((byte)2);
        evt.AgeBand.ShouldBe(AgeBand.Oldest);
        evt.Resources.ShouldBeNull();
    }

    [Fact]
    public void TryParse_AeArrivedWithOnlyArrivalMode_LeavesOptionalFieldsEmpty()
    {
        var evt = Accept(EventJson.For("ae.arrived").Data(new { arrivalMode = "walk-in" }));

        ShouldHaveDefaultEnvelope(evt, EventType.AeArrived, FghEd);
        evt.ArrivalMode.ShouldBe(ArrivalMode.WalkIn);
        evt.Acuity.ShouldBe((byte)0);
        evt.AgeBand.ShouldBeNull();
    }

    [Fact]
    public void TryParse_AeHandover_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("ae.handover"));

        ShouldHaveDefaultEnvelope(evt, EventType.AeHandover, FghEd);
    }

    [Fact]
    public void TryParse_AeAssessed_ReturnsAcuity()
    {
        var evt = Accept(EventJson.For("ae.assessed").Data(new { acuity = 1 }));

        ShouldHaveDefaultEnvelope(evt, EventType.AeAssessed, FghEd);
        evt.Acuity.ShouldBe((byte)1);
    }

    [Fact]
    public void TryParse_AeSeen_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("ae.seen"));

        ShouldHaveDefaultEnvelope(evt, EventType.AeSeen, FghEd);
    }

    [Fact]
    public void TryParse_AeAdmitDecisionWithSpecialty_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("ae.admit-decision").Data(new { specialty = "general-medicine" }));

        ShouldHaveDefaultEnvelope(evt, EventType.AeAdmitDecision, FghEd);
    }

    [Fact]
    public void TryParse_AeAdmitDecisionWithEverySpecialtyOfTheClosedList_ReturnsEvent()
    {
        foreach (var specialty in Vocabulary.Specialties.Names)
        {
            ShouldHaveDefaultEnvelope(Accept(EventJson.For("ae.admit-decision").Data(new { specialty })), EventType.AeAdmitDecision, FghEd);
        }
    }

    [Theory]
    [InlineData("Dr Jane Smith")]
    [InlineData("medicine - seen by Mr Patel")]
    [InlineData("General-Medicine")]
    [InlineData("surgery")]
    [InlineData("")]
    public void TryParse_AeAdmitDecisionWithSpecialtyOutsideTheClosedList_RejectsBadValueListingTheCodes(string specialty)
    {
        // Hazard H15: free text can carry a patient's or a clinician's name, so only the closed list is accepted.
        var rejection = Reject(EventJson.For("ae.admit-decision").Data(new { specialty }));

        rejection.Reason.ShouldBe(RejectionReason.BadValue);
        rejection.Detail.ShouldStartWith("data.specialty must be one of acute-medicine, general-medicine, general-surgery");
    }

    [Fact]
    public void TryParse_AeReferredWithSpecialty_ReturnsEvent() =>
        ShouldHaveDefaultEnvelope(Accept(EventJson.For("ae.referred").Data(new { specialty = "acute-medicine" })), EventType.AeReferred, FghEd);

    [Fact]
    public void TryParse_AeReferredWithoutSpecialty_RejectsMissingField()
    {
        // A referral names the specialty: "referred" to no one is not a referral the OPEL figure can count.
        var rejection = Reject(EventJson.For("ae.referred").WithoutDataField("specialty"));

        rejection.Reason.ShouldBe(RejectionReason.MissingField);
        rejection.Detail.ShouldBe("data.specialty is required");
    }

    [Fact]
    public void TryParse_AeReferredWithFreeTextSpecialty_RejectsBadValue() =>
        Reject(EventJson.For("ae.referred").Data(new { specialty = "Dr Jane Smith" })).Reason.ShouldBe(RejectionReason.BadValue);

    [Fact]
    public void TryParse_CensusDeclared_ReturnsTheSubjectsHashedLikeSubject_AndNoSubject()
    {
        var single = Accept(EventJson.For("ae.seen").With("subject", "att-0003"));
        var evt = Accept(EventJson.For("census.declared").Data(new { subjects = new[] { "att-0002", "att-0003", "att-0002" } }));

        evt.Type.ShouldBe(EventType.CensusDeclared);
        evt.Subject.ShouldBe(UInt128.Zero);
        evt.CensusSubjects.Count.ShouldBe(3);
        evt.CensusSubjects[1].ShouldBe(single.Subject);
    }

    [Fact]
    public void TryParse_CensusDeclaredOfNobody_ReturnsEventWithNoSubjects()
    {
        Accept(EventJson.For("census.declared").Data(new { subjects = Array.Empty<string>() })).CensusSubjects.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, RejectionReason.MissingField, "data.subjects is required")]
    [InlineData("""{}""", RejectionReason.MissingField, "data.subjects is required")]
    [InlineData("""{"subjects":"att-1"}""", RejectionReason.BadValue, "data.subjects must be an array")]
    [InlineData("""{"subjects":{"a":1}}""", RejectionReason.BadValue, "data.subjects must be an array")]
    [InlineData("""{"subjects":["att-1",7]}""", RejectionReason.BadValue, "data.subjects must be an array")]
    [InlineData("""{"subjects":["att-1",""]}""", RejectionReason.BadValue, "each a string of 1–64 characters")]
    [InlineData("""{"subjects":[["att-1"]]}""", RejectionReason.BadValue, "data.subjects must be an array")]
    [InlineData("""{"subjects":null}""", RejectionReason.BadValue, "data.subjects must be an array")]
    public void TryParse_MalformedCensus_RejectedWithAClearReason(string? data, RejectionReason reason, string detail)
    {
        var builder = EventJson.For("census.declared");
        var rejection = Reject(data is null ? builder.Data(null) : builder.WithRaw("data", data));

        rejection.Reason.ShouldBe(reason);
        rejection.Detail.ShouldContain(detail);
    }

    [Fact]
    public void TryParse_CensusSubjectOfSixtyFiveCharacters_RejectedBadValue()
    {
        Reject(EventJson.For("census.declared").Data(new { subjects = new[] { new string('s', 65) } })).Reason.ShouldBe(RejectionReason.BadValue);
    }

    [Fact]
    public void TryParse_NhsNumberInACensus_RejectedIdentifiableData()
    {
        Reject(EventJson.For("census.declared").Data(new { subjects = new[] { "att-1", "943 476 5919" } })).Reason.ShouldBe(RejectionReason.IdentifiableData);
    }

    [Fact]
    public void TryParse_UtcArrivedStreamedFromAe_ReturnsTheAeArrival()
    {
        var evt = Accept(EventJson.For("utc.arrived").Data(new { arrivalMode = "walk-in", streamedFrom = new { subject = "att-ed-1", arrived = "2026-11-22T09:20:00Z" } }));

        evt.StreamedFromArrivedTicks.ShouldBe(new DateTimeOffset(2026, 11, 22, 9, 20, 0, TimeSpan.Zero).UtcTicks);
    }

    [Theory]
    [InlineData("""{"arrivalMode":"walk-in","streamedFrom":"att-ed-1"}""")]
    [InlineData("""{"arrivalMode":"walk-in","streamedFrom":{"subject":"att-ed-1"}}""")]
    [InlineData("""{"arrivalMode":"walk-in","streamedFrom":{"arrived":"2026-11-22T09:20:00Z"}}""")]
    [InlineData("""{"arrivalMode":"walk-in","streamedFrom":{"subject":"","arrived":"2026-11-22T09:20:00Z"}}""")]
    [InlineData("""{"arrivalMode":"walk-in","streamedFrom":{"subject":5,"arrived":"2026-11-22T09:20:00Z"}}""")]
    [InlineData("""{"arrivalMode":"walk-in","streamedFrom":{"subject":"att-ed-1","arrived":"2026-11-22T09:20:00"}}""")]
    [InlineData("""{"arrivalMode":"walk-in","streamedFrom":{"subject":"att-ed-1","arrived":"yesterday"}}""")]
    [InlineData("""{"arrivalMode":"walk-in","streamedFrom":null}""")]
    public void TryParse_MalformedStreamedFrom_RejectedBadValueSayingWhatItMustBe(string data)
    {
        var rejection = Reject(EventJson.For("utc.arrived").WithRaw("data", data));

        rejection.Reason.ShouldBe(RejectionReason.BadValue);
        rejection.Detail.ShouldStartWith("data.streamedFrom must be an object with subject");
    }

    [Fact]
    public void TryParse_StreamedFromArrivedAfterTheUtcArrival_RejectedBadValue()
    {
        var rejection = Reject(EventJson.For("utc.arrived")
            .Data(new { arrivalMode = "walk-in", streamedFrom = new { subject = "att-ed-1", arrived = "2026-11-22T11:00:00Z" } }));

        rejection.Reason.ShouldBe(RejectionReason.BadValue);
        rejection.Detail.ShouldBe("data.streamedFrom.arrived must not be after the UTC arrival's time: the A&E arrival comes first");
    }

    [Fact]
    public void TryParse_NhsNumberAsStreamedFromSubject_RejectedIdentifiableData()
    {
        Reject(EventJson.For("utc.arrived").Data(new { arrivalMode = "walk-in", streamedFrom = new { subject = "9434765919", arrived = "2026-11-22T09:20:00Z" } }))
            .Reason.ShouldBe(RejectionReason.IdentifiableData);
    }

    [Fact]
    public void TryParse_AeAdmitDecisionWithoutData_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("ae.admit-decision").Data(null));

        ShouldHaveDefaultEnvelope(evt, EventType.AeAdmitDecision, FghEd);
    }

    [Fact]
    public void TryParse_AeDeparted_ReturnsDisposition()
    {
        var evt = Accept(EventJson.For("ae.departed").Data(new { disposition = "streamed-utc" }));

        ShouldHaveDefaultEnvelope(evt, EventType.AeDeparted, FghEd);
        evt.AeDisposition.ShouldBe(AeDisposition.StreamedUtc);
    }

    [Fact]
    public void TryParse_UtcArrivedWithAllFields_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("utc.arrived").Data(new { arrivalMode = "other", acuity = 5, ageBand = "0-17" }));

        ShouldHaveDefaultEnvelope(evt, EventType.UtcArrived, FghUtc);
        evt.ArrivalMode.ShouldBe(ArrivalMode.Other);
        evt.Acuity.ShouldBe((byte)5);
        evt.AgeBand.ShouldBe(AgeBand.Under18);
    }

    [Fact]
    public void TryParse_UtcAssessed_ReturnsAcuity()
    {
        var evt = Accept(EventJson.For("utc.assessed").Data(new { acuity = 4 }));

        ShouldHaveDefaultEnvelope(evt, EventType.UtcAssessed, FghUtc);
        evt.Acuity.ShouldBe((byte)4);
    }

    [Fact]
    public void TryParse_UtcSeen_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("utc.seen"));

        ShouldHaveDefaultEnvelope(evt, EventType.UtcSeen, FghUtc);
    }

    [Fact]
    public void TryParse_UtcDeparted_ReturnsDisposition()
    {
        var evt = Accept(EventJson.For("utc.departed").Data(new { disposition = "referred-gp" }));

        ShouldHaveDefaultEnvelope(evt, EventType.UtcDeparted, FghUtc);
        evt.UtcDisposition.ShouldBe(UtcDisposition.ReferredGp);
    }

    [Fact]
    public void TryParse_GreenCarDispatched_ReturnsCategory()
    {
        var evt = Accept(EventJson.For("greencar.dispatched").Data(new { category = "C1" }));

        ShouldHaveDefaultEnvelope(evt, EventType.GreenCarDispatched, GreenCar);
        evt.Category.ShouldBe(ResponseCategory.C1);
    }

    [Fact]
    public void TryParse_GreenCarOnScene_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("greencar.on-scene"));

        ShouldHaveDefaultEnvelope(evt, EventType.GreenCarOnScene, GreenCar);
    }

    [Fact]
    public void TryParse_GreenCarOutcome_ReturnsOutcome()
    {
        var evt = Accept(EventJson.For("greencar.outcome").Data(new { outcome = "conveyed-utc" }));

        ShouldHaveDefaultEnvelope(evt, EventType.GreenCarOutcome, GreenCar);
        evt.Outcome.ShouldBe(GreenCarOutcome.ConveyedUtc);
    }

    [Fact]
    public void TryParse_GreenCarClear_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("greencar.clear"));

        ShouldHaveDefaultEnvelope(evt, EventType.GreenCarClear, GreenCar);
    }

    [Fact]
    public void TryParse_IvchCallReceived_ReturnsRoute()
    {
        var evt = Accept(EventJson.For("ivch.call-received").Data(new { route = "999-transfer" }));

        ShouldHaveDefaultEnvelope(evt, EventType.IvchCallReceived, Ivch);
        evt.Route.ShouldBe(CallRoute.Transfer999);
    }

    [Fact]
    public void TryParse_IvchAssessed_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("ivch.assessed"));

        ShouldHaveDefaultEnvelope(evt, EventType.IvchAssessed, Ivch);
    }

    [Fact]
    public void TryParse_IvchOutcomeWithBooked_ReturnsDispositionAndBooked()
    {
        var evt = Accept(EventJson.For("ivch.outcome").Data(new { disposition = "gp-out-of-hours", booked = true }));

        ShouldHaveDefaultEnvelope(evt, EventType.IvchOutcome, Ivch);
        evt.IvchDisposition.ShouldBe(IvchDisposition.GpOutOfHours);
        evt.Booked.ShouldBe(true);
    }

    [Fact]
    public void TryParse_IvchOutcomeBookedFalse_ReturnsFalse()
    {
        var evt = Accept(EventJson.For("ivch.outcome").Data(new { disposition = "pharmacy", booked = false }));

        evt.IvchDisposition.ShouldBe(IvchDisposition.Pharmacy);
        evt.Booked.ShouldBe(false);
    }

    [Fact]
    public void TryParse_IvchOutcomeWithoutBooked_LeavesBookedNull()
    {
        var evt = Accept(EventJson.For("ivch.outcome").Data(new { disposition = "ed" }));

        evt.IvchDisposition.ShouldBe(IvchDisposition.Ed);
        evt.Booked.ShouldBeNull();
    }

    [Fact]
    public void TryParse_IvchAbandoned_ReturnsEvent()
    {
        var evt = Accept(EventJson.For("ivch.abandoned"));

        ShouldHaveDefaultEnvelope(evt, EventType.IvchAbandoned, Ivch);
    }

    [Fact]
    public void TryParse_CapacityDeclaredWithHospitalResources_ReturnsResourcesInOrder()
    {
        var evt = Accept(EventJson.For("capacity.declared")
            .Data(new { resources = new { gaBeds = 420, gaBedsOccupied = 401, noCriteriaToReside = 38, cubicles = 0 } }));

        ShouldHaveDefaultEnvelope(evt, EventType.CapacityDeclared, FghEd);
        evt.Resources.ShouldNotBeNull();
        evt.Resources.ShouldBe(
        [
            new KeyValuePair<string, long>("gaBeds", 420),
            new KeyValuePair<string, long>("gaBedsOccupied", 401),
            new KeyValuePair<string, long>("noCriteriaToReside", 38),
            new KeyValuePair<string, long>("cubicles", 0),
        ]);
    }

    [Theory]
    [InlineData("FGH-ED", FghEd)]
    [InlineData("FGH-UTC", FghUtc)]
    [InlineData("BURY-GREENCAR", GreenCar)]
    [InlineData("BURY-IVCH", Ivch)]
    public void TryParse_CapacityDeclaredForAnyUnit_ReturnsEvent(string unit, int expectedIndex)
    {
        var evt = Accept(EventJson.For("capacity.declared").With("unit", unit).Data(new { resources = new { clinicians = 6 } }));

        evt.Type.ShouldBe(EventType.CapacityDeclared);
        evt.Unit.ShouldBe(expectedIndex);
        evt.Subject.ShouldBe(default(UInt128));
        evt.Resources.ShouldBe([new KeyValuePair<string, long>("clinicians", 6)]);
    }

    [Fact]
    public void TryParse_CapacityDeclaredWithSubject_IgnoresSubject()
    {
        var evt = Accept(EventJson.For("capacity.declared").With("subject", "att-0001"));

        evt.Subject.ShouldBe(default(UInt128));
    }

    [Fact]
    public void TryParse_CapacityDeclaredWithLargestInt64_ReturnsIt()
    {
        var evt = Accept(EventJson.For("capacity.declared").DataFieldRaw("resources", """{"cubicles":9223372036854775807}"""));

        evt.Resources.ShouldBe([new KeyValuePair<string, long>("cubicles", long.MaxValue)]);
    }

    [Fact]
    public void TryParse_EveryDefaultExample_IsAccepted()
    {
        foreach (var type in EventJson.AllTypes)
        {
            var evt = Accept(EventJson.For(type));
            evt.Type.WireName().ShouldBe(type);
        }
    }

    // ---- every value of every closed set maps to its enum ----

    public static TheoryData<string, string, int> EveryVocabularyValue()
    {
        var data = new TheoryData<string, string, int>();
        void Add<T>(string type, string field, WireNames<T> set) where T : struct, Enum
        {
            for (var i = 0; i < set.Count; i++)
            {
                data.Add(type + "|" + field, set.Names[i], i);
            }
        }

        Add("ae.arrived", "arrivalMode", Vocabulary.ArrivalModes);
        Add("utc.arrived", "arrivalMode", Vocabulary.ArrivalModes);
        Add("ae.arrived", "ageBand", Vocabulary.AgeBands);
        Add("ae.departed", "disposition", Vocabulary.AeDispositions);
        Add("utc.departed", "disposition", Vocabulary.UtcDispositions);
        Add("greencar.dispatched", "category", Vocabulary.Categories);
        Add("greencar.outcome", "outcome", Vocabulary.GreenCarOutcomes);
        Add("ivch.call-received", "route", Vocabulary.Routes);
        Add("ivch.outcome", "disposition", Vocabulary.IvchDispositions);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryVocabularyValue))]
    public void TryParse_EachValueOfItsSet_MapsToEnumInOrder(string typeAndField, string value, int expected)
    {
        var (type, field) = (typeAndField.Split('|')[0], typeAndField.Split('|')[1]);

        var evt = Accept(EventJson.For(type).DataField(field, value));

        var actual = (type, field) switch
        {
            (_, "arrivalMode") => (int)evt.ArrivalMode,
            (_, "ageBand") => (int)evt.AgeBand!.Value,
            ("ae.departed", _) => (int)evt.AeDisposition,
            ("utc.departed", _) => (int)evt.UtcDisposition,
            (_, "category") => (int)evt.Category,
            (_, "outcome") => (int)evt.Outcome,
            (_, "route") => (int)evt.Route,
            _ => (int)evt.IvchDisposition,
        };
        actual.ShouldBe(expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void TryParse_AssessedWithEachAcuity_ReturnsIt(int acuity)
    {
        Accept(EventJson.For("ae.assessed").Data(new { acuity })).Acuity.ShouldBe((byte)acuity);
        Accept(EventJson.For("utc.assessed").Data(new { acuity })).Acuity.ShouldBe((byte)acuity);
    }

    [Fact]
    public void TryParse_DispositionBeforeType_MatchesTheTypesOwnSet()
    {
        // data precedes type: the parser must still check the disposition against the right set.
        static EventJson DataFirst(string type, string disposition) => EventJson.For(type).Without("type").Without("data")
            .With("data", new { disposition }).With("type", type);

        Accept(DataFirst("ae.departed", "died")).AeDisposition.ShouldBe(AeDisposition.Died);
        Accept(DataFirst("utc.departed", "referred-ed")).UtcDisposition.ShouldBe(UtcDisposition.ReferredEd);
        Accept(DataFirst("ivch.outcome", "ambulance")).IvchDisposition.ShouldBe(IvchDisposition.Ambulance);
        ShouldReject(DataFirst("ae.departed", "referred-ed"), RejectionReason.BadValue);
        ShouldReject(DataFirst("utc.departed", "died"), RejectionReason.BadValue);
        ShouldReject(DataFirst("ivch.outcome", "discharged"), RejectionReason.BadValue);
    }

    // ---- invalid data per type: the exact reason ----

    [Theory]
    [InlineData("ae.arrived", null, RejectionReason.MissingField)]
    [InlineData("ae.arrived", """{}""", RejectionReason.MissingField)]
    [InlineData("ae.arrived", """{"acuity":2,"ageBand":"18-64"}""", RejectionReason.MissingField)]
    [InlineData("ae.arrived", """{"arrivalMode":"car"}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"Ambulance"}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"walk_in"}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":""}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":1}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":null}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":true}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":["ambulance"]}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":{"value":"ambulance"}}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","acuity":0}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","acuity":6}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","acuity":-1}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","acuity":2.5}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","acuity":"2"}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","acuity":4294967298}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","acuity":[2]}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","ageBand":"65+"}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","ageBand":85}""", RejectionReason.BadValue)]
    [InlineData("ae.arrived", """{"arrivalMode":"ambulance","ageBand":{"from":85}}""", RejectionReason.BadValue)]
    [InlineData("utc.arrived", null, RejectionReason.MissingField)]
    [InlineData("utc.arrived", """{"acuity":3}""", RejectionReason.MissingField)]
    [InlineData("utc.arrived", """{"arrivalMode":"helicopter"}""", RejectionReason.BadValue)]
    [InlineData("utc.arrived", """{"arrivalMode":2}""", RejectionReason.BadValue)]
    [InlineData("utc.arrived", """{"arrivalMode":"walk-in","acuity":9}""", RejectionReason.BadValue)]
    [InlineData("utc.arrived", """{"arrivalMode":"walk-in","ageBand":"adult"}""", RejectionReason.BadValue)]
    [InlineData("ae.assessed", null, RejectionReason.MissingField)]
    [InlineData("ae.assessed", """{}""", RejectionReason.MissingField)]
    [InlineData("ae.assessed", """{"acuity":0}""", RejectionReason.BadValue)]
    [InlineData("ae.assessed", """{"acuity":6}""", RejectionReason.BadValue)]
    [InlineData("ae.assessed", """{"acuity":"3"}""", RejectionReason.BadValue)]
    [InlineData("ae.assessed", """{"acuity":3.5}""", RejectionReason.BadValue)]
    [InlineData("ae.assessed", """{"acuity":null}""", RejectionReason.BadValue)]
    [InlineData("ae.assessed", """{"acuity":{"value":3}}""", RejectionReason.BadValue)]
    [InlineData("utc.assessed", null, RejectionReason.MissingField)]
    [InlineData("utc.assessed", """{"arrivalMode":"walk-in"}""", RejectionReason.MissingField)]
    [InlineData("utc.assessed", """{"acuity":-3}""", RejectionReason.BadValue)]
    [InlineData("utc.assessed", """{"acuity":true}""", RejectionReason.BadValue)]
    [InlineData("ae.admit-decision", """{"specialty":5}""", RejectionReason.BadValue)]
    [InlineData("ae.admit-decision", """{"specialty":null}""", RejectionReason.BadValue)]
    [InlineData("ae.admit-decision", """{"specialty":["surgery"]}""", RejectionReason.BadValue)]
    [InlineData("ae.departed", null, RejectionReason.MissingField)]
    [InlineData("ae.departed", """{}""", RejectionReason.MissingField)]
    [InlineData("ae.departed", """{"disposition":"referred-ed"}""", RejectionReason.BadValue)]
    [InlineData("ae.departed", """{"disposition":"self-care"}""", RejectionReason.BadValue)]
    [InlineData("ae.departed", """{"disposition":"Admitted"}""", RejectionReason.BadValue)]
    [InlineData("ae.departed", """{"disposition":1}""", RejectionReason.BadValue)]
    [InlineData("ae.departed", """{"disposition":["admitted"]}""", RejectionReason.BadValue)]
    [InlineData("utc.departed", null, RejectionReason.MissingField)]
    [InlineData("utc.departed", """{"outcome":"discharged"}""", RejectionReason.MissingField)]
    [InlineData("utc.departed", """{"disposition":"admitted"}""", RejectionReason.BadValue)]
    [InlineData("utc.departed", """{"disposition":"died"}""", RejectionReason.BadValue)]
    [InlineData("utc.departed", """{"disposition":"streamed-utc"}""", RejectionReason.BadValue)]
    [InlineData("utc.departed", """{"disposition":false}""", RejectionReason.BadValue)]
    [InlineData("greencar.dispatched", null, RejectionReason.MissingField)]
    [InlineData("greencar.dispatched", """{}""", RejectionReason.MissingField)]
    [InlineData("greencar.dispatched", """{"category":"C6"}""", RejectionReason.BadValue)]
    [InlineData("greencar.dispatched", """{"category":"C0"}""", RejectionReason.BadValue)]
    [InlineData("greencar.dispatched", """{"category":"c1"}""", RejectionReason.BadValue)]
    [InlineData("greencar.dispatched", """{"category":1}""", RejectionReason.BadValue)]
    [InlineData("greencar.dispatched", """{"category":{"code":"C1"}}""", RejectionReason.BadValue)]
    [InlineData("greencar.outcome", null, RejectionReason.MissingField)]
    [InlineData("greencar.outcome", """{"disposition":"see-and-treat"}""", RejectionReason.MissingField)]
    [InlineData("greencar.outcome", """{"outcome":"conveyed"}""", RejectionReason.BadValue)]
    [InlineData("greencar.outcome", """{"outcome":"see-and-treat "}""", RejectionReason.BadValue)]
    [InlineData("greencar.outcome", """{"outcome":true}""", RejectionReason.BadValue)]
    [InlineData("ivch.call-received", null, RejectionReason.MissingField)]
    [InlineData("ivch.call-received", """{}""", RejectionReason.MissingField)]
    [InlineData("ivch.call-received", """{"route":"112"}""", RejectionReason.BadValue)]
    [InlineData("ivch.call-received", """{"route":"GP"}""", RejectionReason.BadValue)]
    [InlineData("ivch.call-received", """{"route":111}""", RejectionReason.BadValue)]
    [InlineData("ivch.outcome", null, RejectionReason.MissingField)]
    [InlineData("ivch.outcome", """{"booked":true}""", RejectionReason.MissingField)]
    [InlineData("ivch.outcome", """{"disposition":"discharged"}""", RejectionReason.BadValue)]
    [InlineData("ivch.outcome", """{"disposition":"gp"}""", RejectionReason.BadValue)]
    [InlineData("ivch.outcome", """{"disposition":7}""", RejectionReason.BadValue)]
    [InlineData("ivch.outcome", """{"disposition":"ed","booked":"yes"}""", RejectionReason.BadValue)]
    [InlineData("ivch.outcome", """{"disposition":"ed","booked":1}""", RejectionReason.BadValue)]
    [InlineData("ivch.outcome", """{"disposition":"ed","booked":null}""", RejectionReason.BadValue)]
    [InlineData("ivch.outcome", """{"disposition":"ed","booked":[true]}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", null, RejectionReason.MissingField)]
    [InlineData("capacity.declared", """{}""", RejectionReason.MissingField)]
    [InlineData("capacity.declared", """{"cubicles":24}""", RejectionReason.MissingField)]
    [InlineData("capacity.declared", """{"resources":{}}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":[]}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":[{"cubicles":24}]}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":"cubicles=24"}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":null}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":{"cubicles":-1}}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":{"cubicles":1.5}}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":{"cubicles":"24"}}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":{"cubicles":null}}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":{"cubicles":{"count":24}}}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":{"cubicles":24,"clinicians":-6}}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":{"cubicles":9223372036854775808}}""", RejectionReason.BadValue)]
    [InlineData("capacity.declared", """{"resources":{"":24}}""", RejectionReason.BadValue)]
    public void TryParse_InvalidData_RejectsWithExactReason(string type, string? data, RejectionReason expected)
    {
        var builder = data is null ? EventJson.For(type).Data(null) : EventJson.For(type).WithRaw("data", data);

        ShouldReject(builder, expected);
    }

    [Fact]
    public void TryParse_AeArrivedWithoutArrivalMode_RejectsMissingField()
    {
        var rejection = Reject(EventJson.For("ae.arrived").Data(new { acuity = 2 }));

        rejection.Reason.ShouldBe(RejectionReason.MissingField);
        rejection.Detail.ShouldContain("arrivalMode");
    }

    [Fact]
    public void TryParse_UtcDepartedWithAeOnlyDisposition_RejectsBadValueNamingTheSet()
    {
        var rejection = Reject(EventJson.For("utc.departed").Data(new { disposition = "admitted" }));

        rejection.Reason.ShouldBe(RejectionReason.BadValue);
        rejection.Detail.ShouldContain("referred-ed");
    }

    public static TheoryData<string> TypesWithoutData() =>
        ["ae.handover", "ae.seen", "utc.seen", "greencar.on-scene", "greencar.clear", "ivch.assessed", "ivch.abandoned"];

    [Theory]
    [MemberData(nameof(TypesWithoutData))]
    public void TryParse_TypeWithoutDataGivenEmptyOrNullData_Accepts(string type)
    {
        Accept(EventJson.For(type).WithRaw("data", "{}")).Type.WireName().ShouldBe(type);
        Accept(EventJson.For(type).WithRaw("data", "null")).Type.WireName().ShouldBe(type);
        Accept(EventJson.For(type).WithRaw("data", """{"note":"anything","acuity":"not checked for this type"}""")).Type.WireName().ShouldBe(type);
    }

    [Theory]
    [MemberData(nameof(TypesWithoutData))]
    public void TryParse_TypeWithoutDataGivenNonObjectData_RejectsBadValue(string type)
    {
        ShouldReject(EventJson.For(type).WithRaw("data", "\"none\""), RejectionReason.BadValue);
        ShouldReject(EventJson.For(type).WithRaw("data", "[]"), RejectionReason.BadValue);
        ShouldReject(EventJson.For(type).WithRaw("data", "0"), RejectionReason.BadValue);
        ShouldReject(EventJson.For(type).WithRaw("data", "false"), RejectionReason.BadValue);
    }

    public static TheoryData<string> TypesWithSubject() => [.. EventJson.AllTypes.Where(t => t is not ("capacity.declared" or "census.declared"))];

    [Theory]
    [MemberData(nameof(TypesWithSubject))]
    public void TryParse_TypeWithoutSubject_RejectsMissingField(string type)
    {
        var rejection = Reject(EventJson.For(type).Without("subject"));

        rejection.Reason.ShouldBe(RejectionReason.MissingField);
        rejection.Detail.ShouldContain("subject");
    }

    [Theory]
    [MemberData(nameof(TypesWithSubject))]
    public void TryParse_TypeSentToEveryOtherServicesUnit_RejectsTypeUnitMismatch(string type)
    {
        foreach (var unit in UnitCatalog.Bury.Units.Select(u => u.Id).Where(u => u != EventJson.UnitFor(type)))
        {
            ShouldReject(EventJson.For(type).With("unit", unit), RejectionReason.TypeUnitMismatch);
        }
    }

    // ───────────────────────────── contract v1.1: corrections ─────────────────────────────

    [Fact]
    public void TryParse_GreenCarOutcomeCorrected_ReadsTheOutcomeAndRequiresIt()
    {
        var evt = Accept(EventJson.For("greencar.outcome-corrected").Data(new { outcome = "conveyed-ed" }));
        evt.Type.ShouldBe(EventType.GreenCarOutcomeCorrected);
        evt.Outcome.ShouldBe(GreenCarOutcome.ConveyedEd);

        ShouldReject(EventJson.For("greencar.outcome-corrected").WithoutDataField("outcome"), RejectionReason.MissingField);
        ShouldReject(EventJson.For("greencar.outcome-corrected").Data(new { outcome = "conveyed-gp" }), RejectionReason.BadValue);
        ShouldReject(EventJson.For("greencar.outcome-corrected").With("unit", "BURY-IVCH"), RejectionReason.TypeUnitMismatch);
    }

    [Fact]
    public void TryParse_IvchOutcomeCorrected_ReadsTheDispositionAndRequiresIt()
    {
        var evt = Accept(EventJson.For("ivch.outcome-corrected").Data(new { disposition = "ambulance", booked = false }));
        evt.Type.ShouldBe(EventType.IvchOutcomeCorrected);
        evt.IvchDisposition.ShouldBe(IvchDisposition.Ambulance);
        evt.Booked.ShouldBe(false);

        ShouldReject(EventJson.For("ivch.outcome-corrected").WithoutDataField("disposition"), RejectionReason.MissingField);
        ShouldReject(EventJson.For("ivch.outcome-corrected").Data(new { disposition = "admitted" }), RejectionReason.BadValue);
        ShouldReject(EventJson.For("ivch.outcome-corrected").Data(new { disposition = "ed", booked = "yes" }), RejectionReason.BadValue);
    }

    [Theory]
    [InlineData("ae.entered-in-error", EventType.AeEnteredInError, "FGH-UTC")]
    [InlineData("utc.entered-in-error", EventType.UtcEnteredInError, "FGH-ED")]
    [InlineData("greencar.entered-in-error", EventType.GreenCarEnteredInError, "BURY-IVCH")]
    [InlineData("ivch.entered-in-error", EventType.IvchEnteredInError, "BURY-GREENCAR")]
    public void TryParse_EnteredInError_NeedsOnlyTheSubjectOfItsOwnService(string type, EventType expected, string otherUnit)
    {
        Accept(EventJson.For(type)).Type.ShouldBe(expected);
        Accept(EventJson.For(type).DataField("note", "duplicate episode")).Type.ShouldBe(expected);

        ShouldReject(EventJson.For(type).Without("subject"), RejectionReason.MissingField);
        ShouldReject(EventJson.For(type).With("unit", otherUnit), RejectionReason.TypeUnitMismatch);
    }
}
