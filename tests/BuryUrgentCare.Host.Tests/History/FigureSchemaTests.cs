using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.History;

/// <summary>
/// The snapshot → points mapping, asserted as the exact line protocol each point becomes (tags sorted by key,
/// integers with <c>i</c>, timestamps in ms), so a renamed field, a changed type or a stray zero shows at once.
/// </summary>
public sealed class FigureSchemaTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly long Ms = At.ToUnixTimeMilliseconds();

    private static readonly DepartmentFigures Common = new EmergencyDepartmentFigures()
    {
        InDepartment = 12,
        ByAcuity = new AcuityCounts(1, 2, 3, 4, 0, 2),
        ByStage = new StageCounts(3, 4, 2, 3),
        ArrivalsLastHour = 5,
        ArrivalsToday = 40,
        DeparturesToday = 30,
        LongestWaitMinutes = 250,
        Over4Hours = 1,
        Over12Hours = 0,
        FourHourPerformanceToday = 76.5,
        TwelveHourStaysToday = 0,
        TimeOrderErrorsToday = 2,
        MedianMinutesToAssessmentToday = 14,
        P95MinutesToAssessmentToday = 41.5,
        AssessedWithin15MinutesToday = null,
        MedianMinutesToSeenToday = 62,
        LeftBeforeTreatmentToday = 3.3,
        OccupancyPercent = null,
    };

    private static UnitSnapshot Snapshot(string unit, string service, ServiceFigures figures) => new(unit, unit, service, At.AddSeconds(-17), figures);

    private static string[] Lines(IEnumerable<FigurePoint> points) => points.Select(p => LineProtocol.Format(p)).ToArray();

    [Fact]
    public void ToPoints_AeSnapshot_DepartmentBreakdownsAndHandoverWithNullsOmitted()
    {
        var figures = new EmergencyDepartmentFigures(Common)
        {
            AmbulancesAwaitingHandover = 2,
            LongestHandoverWaitMinutes = 35,
            AmbulancesWaitingOver45Minutes = 1,
            HandoversToday = 9,
            MeanHandoverMinutesToday = 21.25,
            HandedOverWithin15MinutesToday = 44.5,
            HandoversOver30Today = 2,
            HandoversOver45Today = 1,
            HandoversOver60Today = 0,
            HandoverMinutesLostToday = 87,
            HandoverTimeErrorsToday = 1,
            AwaitingBed = 3,
            LongestWaitSinceDecisionMinutes = null,
            Over12HoursSinceDecision = 0,
            TrolleyWaitsOver12HoursToday = 0,
            ReferredToSpecialty = 3,
            ReferredToSpecialtyPercent = 25, // 3 of the 12 in department
        };

        var lines = Lines(FigureSchema.ToPoints(Snapshot("FGH-ED", "ae", figures), At));

        lines.ShouldBe(
        [
            "department,unit=FGH-ED inDepartment=12i,arrivalsLastHour=5i,arrivalsToday=40i,departuresToday=30i,longestWaitMinutes=250i," +
            "over4Hours=1i,over12Hours=0i,fourHourPerformanceToday=76.5,twelveHourStaysToday=0i,timeOrderErrorsToday=2i,medianMinutesToAssessmentToday=14," +
            $"p95MinutesToAssessmentToday=41.5,medianMinutesToSeenToday=62,leftBeforeTreatmentToday=3.3,streamedToUtcToday=0i,referredToSpecialty=3i,referredToSpecialtyPercent=25" +
            $",unverifiedNoRecentEvent=0i,unverifiedNotInCensus=0i,inCensusNoArrival=0i,heldNoArrival=0i {Ms}",
            $"department_acuity,acuity=1,unit=FGH-ED patients=1i {Ms}",
            $"department_acuity,acuity=2,unit=FGH-ED patients=2i {Ms}",
            $"department_acuity,acuity=3,unit=FGH-ED patients=3i {Ms}",
            $"department_acuity,acuity=4,unit=FGH-ED patients=4i {Ms}",
            $"department_acuity,acuity=5,unit=FGH-ED patients=0i {Ms}",
            $"department_acuity,acuity=unknown,unit=FGH-ED patients=2i {Ms}",
            $"department_stage,stage=awaitingAssessment,unit=FGH-ED patients=3i {Ms}",
            $"department_stage,stage=awaitingClinician,unit=FGH-ED patients=4i {Ms}",
            $"department_stage,stage=underTreatment,unit=FGH-ED patients=2i {Ms}",
            $"department_stage,stage=awaitingBed,unit=FGH-ED patients=3i {Ms}",
            "handover,unit=FGH-ED ambulancesAwaitingHandover=2i,longestHandoverWaitMinutes=35i,ambulancesWaitingOver45Minutes=1i,handoversToday=9i," +
            "meanHandoverMinutesToday=21.25,handedOverWithin15MinutesToday=44.5,handoversOver30Today=2i,handoversOver45Today=1i,handoversOver60Today=0i," +
            $"handoverMinutesLostToday=87i,handoverTimeErrorsToday=1i,awaitingBed=3i,over12HoursSinceDecision=0i,trolleyWaitsOver12HoursToday=0i {Ms}",
        ]);
    }

    [Fact]
    public void ToPoints_UtcSnapshot_DepartmentWithReferredToEdAndNoHandover()
    {
        var figures = new UrgentTreatmentCentreFigures(Common with
        {
            FourHourPerformanceToday = null,
            MedianMinutesToAssessmentToday = null,
            P95MinutesToAssessmentToday = null,
            MedianMinutesToSeenToday = null,
            LeftBeforeTreatmentToday = null,
            LongestWaitMinutes = null,
        })
        {
            ReferredToEdToday = 4,
        };

        var points = FigureSchema.ToPoints(Snapshot("FGH-UTC", "utc", figures), At);

        points.Select(p => p.Measurement).Distinct().ShouldBe(["department", "department_acuity", "department_stage"]);
        LineProtocol.Format(points[0]).ShouldBe(
            "department,unit=FGH-UTC inDepartment=12i,arrivalsLastHour=5i,arrivalsToday=40i,departuresToday=30i,over4Hours=1i," +
            $"over12Hours=0i,twelveHourStaysToday=0i,timeOrderErrorsToday=2i,referredToEdToday=4i" +
            $",unverifiedNoRecentEvent=0i,unverifiedNotInCensus=0i,inCensusNoArrival=0i,heldNoArrival=0i {Ms}");
    }

    [Fact]
    public void ToPoints_GreenCarSnapshot_FiguresAndOneOutcomePointPerOutcome()
    {
        var figures = GreenCar(edAvoided: 7, outcomes: new() { ["see-and-treat"] = 4, ["see-and-refer"] = 3, ["conveyed-ed"] = 2, ["conveyed-utc"] = 0, ["conveyed-other"] = 0 });

        var lines = Lines(FigureSchema.ToPoints(Snapshot("BURY-GREENCAR", "greencar", figures), At));

        lines.ShouldBe(
        [
            $"greencar,unit=BURY-GREENCAR activeIncidents=1i,incidentsToday=10i,nonConveyanceRateToday=77.5,edAvoidedToday=7i,nonEdDispositionsToday=7i," +
            $"medianResponseMinutesToday=18.5,unverifiedNoRecentEvent=0i,unverifiedNotInCensus=0i,inCensusNoArrival=0i,heldNoArrival=0i {Ms}",
            $"greencar_outcome,outcome=conveyed-ed,unit=BURY-GREENCAR incidents=2i {Ms}",
            $"greencar_outcome,outcome=conveyed-other,unit=BURY-GREENCAR incidents=0i {Ms}",
            $"greencar_outcome,outcome=conveyed-utc,unit=BURY-GREENCAR incidents=0i {Ms}",
            $"greencar_outcome,outcome=see-and-refer,unit=BURY-GREENCAR incidents=3i {Ms}",
            $"greencar_outcome,outcome=see-and-treat,unit=BURY-GREENCAR incidents=4i {Ms}",
        ]);
    }

    [Fact]
    public void ToPoints_IvchSnapshot_FiguresAndOneDispositionPointPerDisposition()
    {
        var lines = Lines(FigureSchema.ToPoints(Snapshot("BURY-IVCH", "ivch", Ivch()), At));

        lines[0].ShouldBe($"ivch,unit=BURY-IVCH queue=3i,callsToday=50i,callsLastHour=6i,abandonedRateToday=2.5,edAvoidanceRateToday=80,gpBookedToday=12i" +
            $",unverifiedNoRecentEvent=0i,unverifiedNotInCensus=0i,inCensusNoArrival=0i,heldNoArrival=0i {Ms}");
        lines.Skip(1).ShouldBe(
        [
            $"ivch_disposition,disposition=ambulance,unit=BURY-IVCH calls=2i {Ms}",
            $"ivch_disposition,disposition=ed,unit=BURY-IVCH calls=6i {Ms}",
            $"ivch_disposition,disposition=gp-extended-hours,unit=BURY-IVCH calls=5i {Ms}",
            $"ivch_disposition,disposition=gp-in-hours,unit=BURY-IVCH calls=4i {Ms}",
            $"ivch_disposition,disposition=gp-out-of-hours,unit=BURY-IVCH calls=7i {Ms}",
            $"ivch_disposition,disposition=pharmacy,unit=BURY-IVCH calls=3i {Ms}",
            $"ivch_disposition,disposition=self-care,unit=BURY-IVCH calls=10i {Ms}",
            $"ivch_disposition,disposition=utc,unit=BURY-IVCH calls=3i {Ms}",
        ]);
    }

    [Fact]
    public void ToPoints_AllUnits_AddsDeflectionFromGreenCarEdAvoidedAndIvchOutcomesOtherThanEdOrAmbulance()
    {
        UnitSnapshot[] snapshots =
        [
            Snapshot("BURY-GREENCAR", "greencar", GreenCar(edAvoided: 7)),
            Snapshot("BURY-IVCH", "ivch", Ivch()),
        ];

        var points = FigureSchema.ToPoints(snapshots, At);

        // IVCH: 4 + 5 + 7 + 3 + 10 + 3 = 32 outcomes other than ed (6) and ambulance (2).
        LineProtocol.Format(points[^1]).ShouldBe($"deflection,unit=BURY greenCarEdAvoided=7i,ivchEdAvoided=32i,total=39i {Ms}");
        points.Count(p => p.Measurement == FigureSchema.Deflection).ShouldBe(1);
    }

    [Fact]
    public void DeflectionPoint_OnlyGreenCar_IvchComponentAbsentNotZero()
    {
        var point = FigureSchema.DeflectionPoint([Snapshot("BURY-GREENCAR", "greencar", GreenCar(edAvoided: 5))], At);

        LineProtocol.Format(point!.Value).ShouldBe($"deflection,unit=BURY greenCarEdAvoided=5i,total=5i {Ms}");
    }

    [Fact]
    public void DeflectionPoint_NoGreenCarOrIvch_Null() =>
        FigureSchema.DeflectionPoint([Snapshot("FGH-ED", "ae", new EmergencyDepartmentFigures(Common))], At).ShouldBeNull();

    [Fact]
    public void ToPoints_StampsTheGivenTimeNotAsOf() =>
        FigureSchema.ToPoints(Snapshot("BURY-IVCH", "ivch", Ivch()), At).ShouldAllBe(p => p.Timestamp == At);

    [Fact]
    public void ToPoints_EverySimulatedPointIsValidLineProtocol()
    {
        var points = FigureSchema.ToPoints(
            [Snapshot("FGH-ED", "ae", new EmergencyDepartmentFigures(Common)), Snapshot("FGH-UTC", "utc", new UrgentTreatmentCentreFigures(Common)),
             Snapshot("BURY-GREENCAR", "greencar", GreenCar(3)), Snapshot("BURY-IVCH", "ivch", Ivch())], At);

        points.Count.ShouldBe(12 + 11 + 3 + 9 + 1);
        foreach (var point in points)
        {
            LineProtocol.Validate(point);
        }
    }

    [Theory]
    [InlineData(ServiceKind.Ae, "inDepartment", "department", "inDepartment", null, null)]
    [InlineData(ServiceKind.Ae, "meanHandoverMinutesToday", "handover", "meanHandoverMinutesToday", null, null)]
    [InlineData(ServiceKind.Ae, "byAcuity.3", "department_acuity", "patients", "acuity", "3")]
    [InlineData(ServiceKind.Utc, "referredToEdToday", "department", "referredToEdToday", null, null)]
    [InlineData(ServiceKind.Utc, "byStage.awaitingBed", "department_stage", "patients", "stage", "awaitingBed")]
    [InlineData(ServiceKind.GreenCar, "outcomesToday.see-and-treat", "greencar_outcome", "incidents", "outcome", "see-and-treat")]
    [InlineData(ServiceKind.Ivch, "dispositionsToday.gp-out-of-hours", "ivch_disposition", "calls", "disposition", "gp-out-of-hours")]
    [InlineData(null, "deflectionToday", "deflection", "total", null, null)]
    [InlineData(null, "deflectionToday.ivchEdAvoided", "deflection", "ivchEdAvoided", null, null)]
    public void TryLocate_KnownFigure_MeasurementFieldAndTags(ServiceKind? service, string figure, string measurement, string field, string? tag, string? value)
    {
        FigureSchema.TryLocate(service, figure, out var location).ShouldBeTrue();

        location.Measurement.ShouldBe(measurement);
        location.Field.ShouldBe(field);
        location.Tags.ToArray().ShouldBe(tag is null ? [] : new[] { KeyValuePair.Create(tag, value!) });
    }

    [Theory]
    [InlineData(ServiceKind.Utc, "handoversToday")]
    [InlineData(ServiceKind.Ae, "referredToEdToday")]
    [InlineData(ServiceKind.Ae, "queue")]
    [InlineData(ServiceKind.Ae, "byAcuity.6")]
    [InlineData(ServiceKind.Ivch, "InDepartment")]
    [InlineData(null, "inDepartment")]
    public void TryLocate_FigureNotOfThatService_False(ServiceKind? service, string figure) =>
        FigureSchema.TryLocate(service, figure, out _).ShouldBeFalse();

    private static GreenCarFigures GreenCar(int edAvoided, Dictionary<string, int>? outcomes = null) => new()
    {
        ActiveIncidents = 1,
        IncidentsToday = 10,
        OutcomesToday = outcomes ?? new Dictionary<string, int> { ["see-and-treat"] = edAvoided, ["conveyed-ed"] = 2 },
        NonConveyanceRateToday = 77.5,
        EdAvoidedToday = edAvoided,
        NonEdDispositionsToday = edAvoided,
        MedianResponseMinutesToday = 18.5,
        MedianJobCycleMinutesToday = null,
    };

    private static IvchFigures Ivch() => new()
    {
        Queue = 3,
        LongestQueueWaitMinutes = null,
        CallsToday = 50,
        CallsLastHour = 6,
        MedianMinutesToAssessmentToday = null,
        AbandonedRateToday = 2.5,
        DispositionsToday = new Dictionary<string, int>
        {
            ["self-care"] = 10, ["pharmacy"] = 3, ["gp-in-hours"] = 4, ["gp-extended-hours"] = 5,
            ["gp-out-of-hours"] = 7, ["utc"] = 3, ["ed"] = 6, ["ambulance"] = 2,
        },
        EdAvoidanceRateToday = 80,
        GpBookedToday = 12,
    };
}
