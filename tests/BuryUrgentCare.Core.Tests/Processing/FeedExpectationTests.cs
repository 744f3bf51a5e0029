using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Simulation;
using Microsoft.Extensions.Time.Testing;
using static BuryUrgentCare.Processing.ScenarioEvents;

namespace BuryUrgentCare.Processing;

/// <summary>
/// Feed silence (issue 10): a unit's figures recomputed on every tick look fresh whether or not its source still sends.
/// The rule: quiet once the gap since the last event would happen by chance under 5 % of the time (3 expected events),
/// silent under 0.1 % (7). Hand-computed from the default profile: A&amp;E on Wednesday 18 Nov 2026 (GMT) at 12:00 expects
/// 205 × 0.98 (Wednesday) × 6.5 / 97.1 (the hour's share) = 13.45 arrivals an hour; at 04:00, 205 × 0.98 × 1.4 / 97.1 = 2.90.
/// </summary>
public sealed class FeedExpectationTests
{
    private static readonly FeedExpectation Bury = FeedExpectation.FromProfile(SimulatorProfile.Default);

    [Fact]
    public void ExpectedBetween_AeAtMiddayAndAt4am_HandComputed()
    {
        Bury.ExpectedBetween(ServiceKind.Ae, At("12:00"), At("13:00")).ShouldBe(205 * 0.98 * 6.5 / 97.1, 1e-9);
        Bury.ExpectedBetween(ServiceKind.Ae, At("04:00"), At("04:30")).ShouldBe(205 * 0.98 * 1.4 / 97.1 / 2, 1e-9);
        Bury.ExpectedBetween(ServiceKind.Ae, At("11:30"), At("12:30"))
            .ShouldBe((205 * 0.98 * 6.7 / 97.1 / 2) + (205 * 0.98 * 6.5 / 97.1 / 2), 1e-9, "a gap across an hour boundary takes each hour's rate");
    }

    [Theory]
    [InlineData("12:10", FeedStatus.Live)]   // 10 min × 13.45/h = 2.2 expected: ordinary
    [InlineData("12:15", FeedStatus.Quiet)]  // 3.4 expected: a gap this long by chance under 5 % of the time
    [InlineData("12:32", FeedStatus.Silent)] // 7.2 expected: under 0.1 %
    public void Judge_AeAtMidday_SilentAfterAboutHalfAnHour(string now, string status) =>
        Bury.Judge(ServiceKind.Ae, At("12:00"), At("yesterday 12:00"), At(now)).Status.ShouldBe(status);

    [Fact]
    public void Judge_AeAt4am_TheSameHalfHourIsOrdinary_SilentOnlyAfterHours()
    {
        Bury.Judge(ServiceKind.Ae, At("04:00"), At("yesterday 04:00"), At("04:32")).Status.ShouldBe(FeedStatus.Live);
        Bury.Judge(ServiceKind.Ae, At("03:00"), At("yesterday 03:00"), At("05:30")).Status.ShouldBe(FeedStatus.Silent);
    }

    [Fact]
    public void Judge_UtcClosedOvernight_NeverSilentForBeingClosed()
    {
        // Bury's UTC is open 24/7 now; one open 08:00–20:00 must not be called silent for the night it is shut.
        var dayOnly = FeedExpectation.FromProfile(new SimulatorProfile
        {
            UtcOpeningHour = 8,
            UtcClosingHour = 20,
            UtcHourlyProfile = [0, 0, 0, 0, 0, 0, 0, 0, 7, 10, 10, 9, 8, 8, 8, 8, 8.5, 9, 9, 6, 0, 0, 0, 0],
        });
        var overnight = dayOnly.Judge(ServiceKind.Utc, At("yesterday 20:00"), At("yesterday 00:00"), At("07:59"));

        overnight.Status.ShouldBe(FeedStatus.Live);
        overnight.ExpectedSince.ShouldBe(0);
    }

    [Fact]
    public void ExpectedBetween_UtcOpenAllNight_ExpectsFewInTheSmallHours()
    {
        // Wednesday (factor 0.93), 02:00–03:00 weighs 1 of the day's 126.5 (2.5 + 1.5 + … + 3): 72 × 0.93 × 1 / 126.5.
        Bury.ExpectedBetween(ServiceKind.Utc, At("02:00"), At("03:00")).ShouldBe(72 * 0.93 * 1 / 126.5, 1e-9);
        Bury.Judge(ServiceKind.Utc, At("01:30"), At("yesterday 01:30"), At("03:00")).Status.ShouldBe(FeedStatus.Live);
    }

    [Fact]
    public void Judge_NothingWithinTheHorizon_JudgedFromItsStart()
    {
        var judged = Bury.Judge(ServiceKind.Ivch, lastEventAt: null, At("yesterday 12:00"), At("12:00"));

        judged.Status.ShouldBe(FeedStatus.Silent);
        judged.LastEventAt.ShouldBeNull();
        judged.ExpectedSince.ShouldBeInRange(90, 105, "a day of IVCH calls, about 105");
    }

    [Fact]
    public void Snapshot_FeedIsTheLastValidEventOfTheUnitsOwnSource_NotCapacity_NotRejects()
    {
        var clock = new FakeTimeProvider(At("12:00"));
        var processor = new StreamProcessor(UnitCatalog.Bury, clock, new ProcessorSettings { Feeds = Bury });

        processor.Process(Ae.Arrived("patient-aa", "11:58").Utf8, At("12:00").UtcTicks).Outcome.ShouldBe(ProcessOutcome.Applied);
        processor.Process(Ae.Arrived("patient-aa", "11:58").Utf8, At("12:05").UtcTicks).Outcome.ShouldBe(ProcessOutcome.Duplicate);
        processor.Process(Ae.Cubicles("12:20", 20).Utf8, At("12:20").UtcTicks).Outcome.ShouldBe(ProcessOutcome.Applied);
        processor.Process("{\"specversion\":"u8, At("12:25").UtcTicks).Outcome.ShouldBe(ProcessOutcome.Rejected);

        var feed = processor.Snapshot(AeUnit, At("12:40")).Feed.ShouldNotBeNull();
        feed.LastEventAt.ShouldBe(At("12:05"), "a re-sent event still shows the source is sending; capacity and garbage do not");
        feed.Status.ShouldBe(FeedStatus.Silent);

        var ivch = processor.Snapshot(IvchUnit, At("12:40")).Feed.ShouldNotBeNull();
        (ivch.LastEventAt, ivch.ExpectedSince).ShouldBe((null, Math.Round(Bury.ExpectedBetween(ServiceKind.Ivch, At("12:00"), At("12:40")), 1)),
            "a unit never heard from is judged from the first message we received, not from hours nobody watched");
        new StreamProcessor(UnitCatalog.Bury, clock, new ProcessorSettings { Feeds = Bury }).Snapshot(IvchUnit, At("12:40")).Feed!.Status
            .ShouldBe(FeedStatus.Live, "nothing received at all: no silence observed yet");

        processor.Reset(AeUnit);
        processor.Snapshot(AeUnit, At("12:40")).Feed!.LastEventAt.ShouldBeNull("a unit handed to another worker forgets its feed too");
        new StreamProcessor(UnitCatalog.Bury, clock).Snapshot(AeUnit).Feed.ShouldBeNull("no expectation, no judgement");
    }
}
