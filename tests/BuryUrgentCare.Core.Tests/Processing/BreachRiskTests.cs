using System.IO.Hashing;
using System.Text;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The breach-risk list of a department, over the A&amp;E day scenario of <see cref="DepartmentStateTests"/> at 13:10
/// (durations worked out by hand from its table): who passes 4 hours within the hour, who is past it or 12 hours in,
/// who waits for a specialty or a bed, ranked by time to the breach; patients only as pseudonyms.
/// </summary>
public sealed class BreachRiskTests
{
    [Fact]
    public void BreachRisk_AeDayAt1310_RanksThePatientsAtRiskByTimeToTheFourHourBreach()
    {
        var run = new ScenarioRun("00:00", DepartmentStateTests.AeDay());
        run.FeedUpTo("13:10");

        var list = run.Processor.BreachRisk(ScenarioEvents.AeUnit, run.Now)!;

        // In department at 13:10: p1, p3, p6, p7 (100 min), p8 (99 min), p11 — p7 and p8 are not at risk.
        list.Unit.ShouldBe("FGH-ED");
        list.AsOf.ShouldBe(run.Now);
        list.InDepartment.ShouldBe(6);
        list.Patients.Select(p => p.Patient).ShouldBe([Code("p1"), Code("p6"), Code("p3"), Code("p11")]);

        // p1: 00:30 → 13:10 = 760 min, decision 03:00 → 610 min waiting for a bed.
        var p1 = list.Patients[0];
        (p1.MinutesInDepartment, p1.MinutesToFourHours, p1.Over4Hours, p1.Over12Hours, p1.BreachesWithinHour).ShouldBe((760, -520, true, true, false));
        (p1.Stage, p1.Acuity, p1.MinutesSinceDecision).ShouldBe(("awaitingBed", (int?)3, (int?)610));
        p1.AwaitingBedSince.ShouldBe(ScenarioEvents.At("03:00"));

        // p6 (08:29:30, 280 min) and p3 (08:30, 280 min) tie on time to breach: the earlier arrival first.
        var (p6, p3) = (list.Patients[1], list.Patients[2]);
        (p6.MinutesToFourHours, p6.Over4Hours, p6.Stage, p6.Acuity, p6.MinutesSinceDecision).ShouldBe((-40, true, "awaitingBed", (int?)2, (int?)10));
        (p3.MinutesToFourHours, p3.Stage, p3.Acuity, p3.AwaitingBedSince).ShouldBe((-40, "underTreatment", (int?)4, (DateTimeOffset?)null));

        // p11: 10:00 → 190 min: passes 4 hours within the hour (in 50 min), and waits for a bed since 11:30.
        var p11 = list.Patients[3];
        (p11.MinutesToFourHours, p11.BreachesWithinHour, p11.Over4Hours, p11.MinutesSinceDecision).ShouldBe((50, true, false, (int?)100));
    }

    [Fact]
    public void BreachRisk_ExactlyThreeHoursIn_IsNotYetWithinTheHour_OneMinuteMoreIs()
    {
        var run = new ScenarioRun("00:00", [Ae.Arrived("q1", "09:00")]);
        run.FeedUpTo("12:00");
        run.Processor.BreachRisk(ScenarioEvents.AeUnit, run.Now)!.Patients.ShouldBeEmpty(); // 240 − 180 = 60 left: not within the hour

        var later = run.Processor.BreachRisk(ScenarioEvents.AeUnit, ScenarioEvents.At("12:01"))!.Patients.ShouldHaveSingleItem();
        (later.MinutesToFourHours, later.BreachesWithinHour, later.Acuity, later.Stage).ShouldBe((59, true, (int?)null, "awaitingAssessment"));
    }

    [Fact]
    public void BreachRisk_MoreAtRiskThanListed_ListsTheLongestWaitsAndCountsEveryone_WhateverTheOrder()
    {
        // 300 patients arriving every 10 s from 00:00 (all over 4 h at 12:00; only the first, at exactly 12 h, over 12 h),
        // one at 08:30 (210 min: breaches within the hour) and one at 11:30 (30 min: not at risk).
        var crowd = Enumerable.Range(0, 300)
            .Select(i => Ae.Arrived($"c{i}", $"00:{i * 10 / 60:00}:{i * 10 % 60:00}"))
            .Append(Ae.Arrived("soon", "08:30"))
            .Append(Ae.Arrived("new", "11:30"))
            .ToList();

        var inOrder = ListAt("12:00", crowd);
        var shuffled = ListAt("12:00", crowd.OrderBy(e => e.Subject, StringComparer.Ordinal).Reverse());

        inOrder.Patients.Count.ShouldBe(BreachRiskList.MaxListed);
        inOrder.Patients.Select(p => p.Patient).ShouldBe(Enumerable.Range(0, BreachRiskList.MaxListed).Select(i => Code($"c{i}")));
        (inOrder.InDepartment, inOrder.AtRisk, inOrder.BreachesWithinHour, inOrder.Over4Hours, inOrder.Over12Hours, inOrder.AwaitingBed)
            .ShouldBe((302, 301, 1, 300, 1, 0));
        shuffled.Patients.Select(p => p.Patient).ShouldBe(inOrder.Patients.Select(p => p.Patient));
        shuffled.AtRisk.ShouldBe(301);

        static BreachRiskList ListAt(string time, IEnumerable<ScenarioEvent> events)
        {
            var run = new ScenarioRun("00:00");
            run.AdvanceTo(time);
            run.Feed(events);
            return run.Processor.BreachRisk(ScenarioEvents.AeUnit, run.Now)!;
        }
    }

    [Fact]
    public void BreachRisk_ReferredAndWaitingForTheSpecialty_IsListedWithTheLatestReferral_UntilTheDecision_WhateverTheOrder()
    {
        // At 12:00, everyone 60 minutes in: not at risk of the 4-hour breach, so listed only for the specialty wait.
        ScenarioEvent[] events =
        [
            Ae.Arrived("s1", "11:00"), Ae.Referred("s1", "11:20", "cardiology"),
            // Re-referred: the latest referral counts, with its specialty and its time.
            Ae.Arrived("s2", "11:00"), Ae.Referred("s2", "11:10", "acute-medicine"), Ae.Referred("s2", "11:30", "general-surgery"),
            // Two referrals at one instant: one answer whatever the order (the specialty later in the closed list).
            Ae.Arrived("s3", "11:00"), Ae.Referred("s3", "11:20", "acute-medicine", id: "s3-referral-a"), Ae.Referred("s3", "11:20", "respiratory", id: "s3-referral-b"),
            // The specialty decided to admit: waits for a bed, no longer for the specialty.
            Ae.Arrived("s4", "11:00"), Ae.Referred("s4", "11:15", "urology"), Ae.AdmitDecision("s4", "11:40", "urology"),
            // Seen by the specialty and sent home: gone.
            Ae.Arrived("s5", "11:00"), Ae.Referred("s5", "11:15", "ent"), Ae.Departed("s5", "11:50"),
            // Not referred, 60 minutes in: not at risk.
            Ae.Arrived("s6", "11:00"),
        ];

        foreach (var order in new[] { events, events.Reverse().ToArray() })
        {
            var run = new ScenarioRun("00:00");
            run.AdvanceTo("12:00");
            run.Feed(order);
            var list = run.Processor.BreachRisk(ScenarioEvents.AeUnit, run.Now)!;

            (list.InDepartment, list.AtRisk, list.AwaitingSpecialty, list.AwaitingBed, list.BreachesWithinHour).ShouldBe((5, 4, 3, 1, 0));
            var byCode = list.Patients.ToDictionary(p => p.Patient);
            byCode.Keys.ShouldBe([Code("s1"), Code("s2"), Code("s3"), Code("s4")], ignoreOrder: true);
            Waiting(byCode[Code("s1")]).ShouldBe(("cardiology", (DateTimeOffset?)ScenarioEvents.At("11:20"), (int?)40));
            Waiting(byCode[Code("s2")]).ShouldBe(("general-surgery", (DateTimeOffset?)ScenarioEvents.At("11:30"), (int?)30));
            Waiting(byCode[Code("s3")]).ShouldBe(("respiratory", (DateTimeOffset?)ScenarioEvents.At("11:20"), (int?)40));
            var s4 = byCode[Code("s4")];
            Waiting(s4).ShouldBe(((string?)null, (DateTimeOffset?)null, (int?)null));
            (s4.Stage, s4.MinutesSinceDecision).ShouldBe(("awaitingBed", (int?)20));
        }

        static (string?, DateTimeOffset?, int?) Waiting(BreachRiskPatient p) => (p.Specialty, p.AwaitingSpecialtySince, p.MinutesSinceReferral);
    }

    [Fact]
    public void BreachRisk_NotADepartment_IsNull()
    {
        var run = new ScenarioRun("00:00");
        run.Processor.BreachRisk(ScenarioEvents.GreenCarUnit, run.Now).ShouldBeNull();
        run.Processor.BreachRisk(ScenarioEvents.UtcUnit, run.Now)!.Patients.ShouldBeEmpty();
    }

    [Fact]
    public void Pseudonym_IsEightHexDigitsOfTheSubjectsHash_NeverTheSubject()
    {
        var code = Code("ed-7f3a9c21");
        code.ShouldMatch("^[0-9A-F]{4}-[0-9A-F]{4}$");
        code.ShouldNotContain("7f3a9c21", Case.Insensitive);
        Code("ed-7f3a9c22").ShouldNotBe(code);
    }

    private static string Code(string subject) => BreachRiskPatient.Pseudonym(XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(subject)));
}
