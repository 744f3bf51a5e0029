using static BuryUrgentCare.Escalation.EscalationScenario;

namespace BuryUrgentCare.Escalation;

public sealed class LevelHysteresisTests
{
    private static LevelHysteresis CreateSut() => new(escalateAfter: TimeSpan.FromMinutes(15), deescalateAfter: TimeSpan.FromMinutes(60));

    [Fact]
    public void Observe_UpAfterTheShortHold_DownOnlyAfterTheLongOne()
    {
        var sut = CreateSut();
        sut.Observe(2, Start).ShouldBe(2); // the first level is announced at once
        sut.Observe(3, Start.AddMinutes(1)).ShouldBeNull();
        sut.Pending.ShouldBe(new PendingLevel(3, Start.AddMinutes(1), Start.AddMinutes(16)));
        sut.Observe(3, Start.AddMinutes(15)).ShouldBeNull(); // held 14 min
        sut.Observe(3, Start.AddMinutes(16)).ShouldBe(3);    // held 15 min
        sut.Pending.ShouldBeNull();

        // Down to 1 at 00:20: 15 minutes is not enough to step down; 60 is.
        sut.Observe(1, Start.AddMinutes(20)).ShouldBeNull();
        sut.Pending.ShouldBe(new PendingLevel(1, Start.AddMinutes(20), Start.AddMinutes(80)));
        sut.Observe(1, Start.AddMinutes(35)).ShouldBeNull();
        sut.Observe(1, Start.AddMinutes(79)).ShouldBeNull();
        sut.Observe(1, Start.AddMinutes(80)).ShouldBe(1);
        sut.Announced.ShouldBe(1);
    }

    [Fact]
    public void Observe_FlappingAcrossABandEdge_IsNeverAnnounced()
    {
        var sut = CreateSut();
        sut.Observe(3, Start).ShouldBe(3);
        // 3, 2, 3, 2 … every 10 minutes for four hours: no run below 3 lasts an hour, so 3 stands throughout.
        for (var minute = 10; minute <= 240; minute += 10)
        {
            sut.Observe(minute % 20 == 10 ? 2 : 3, Start.AddMinutes(minute)).ShouldBeNull();
        }

        sut.Announced.ShouldBe(3);
    }

    [Fact]
    public void Observe_MixedLevelsAbove_AnnouncesTheLevelThatHeld()
    {
        var sut = CreateSut();
        sut.Observe(2, Start).ShouldBe(2);
        // From 00:00 the calculated level is 3 or 4, never below 3; 4 never lasts 15 minutes.
        sut.Observe(4, Start.AddMinutes(1)).ShouldBeNull();
        sut.Observe(3, Start.AddMinutes(10)).ShouldBeNull();
        sut.Observe(4, Start.AddMinutes(12)).ShouldBeNull();
        sut.Observe(4, Start.AddMinutes(16)).ShouldBe(3); // ≥ 3 since 00:01: 15 minutes
        sut.Pending.ShouldBe(new PendingLevel(4, Start.AddMinutes(12), Start.AddMinutes(27)));
        sut.Observe(4, Start.AddMinutes(27)).ShouldBe(4);
    }

    [Fact]
    public void Observe_NoLevel_BreaksTheRun()
    {
        var sut = CreateSut();
        sut.Observe(1, Start).ShouldBe(1);
        sut.Observe(3, Start.AddMinutes(1)).ShouldBeNull();
        sut.Observe(null, Start.AddMinutes(10)).ShouldBeNull();
        sut.Observe(3, Start.AddMinutes(11)).ShouldBeNull();
        sut.Observe(3, Start.AddMinutes(25)).ShouldBeNull(); // 14 min since the gap
        sut.Observe(3, Start.AddMinutes(26)).ShouldBe(3);
    }

    [Fact]
    public void Restore_State_TheHoldUnderWayContinuesOverTheRestart()
    {
        var before = CreateSut();
        before.Observe(2, Start);
        before.Observe(4, Start.AddMinutes(5));
        before.Observe(4, Start.AddMinutes(15));

        var after = CreateSut();
        after.Restore(before.State!);
        after.Announced.ShouldBe(2);
        after.Pending.ShouldBe(new PendingLevel(4, Start.AddMinutes(5), Start.AddMinutes(20)));
        after.Observe(4, Start.AddMinutes(19)).ShouldBeNull();
        after.Observe(4, Start.AddMinutes(20)).ShouldBe(4); // not 15 minutes after the restart
        Should.Throw<InvalidOperationException>(() => after.Restore(before.State!));
    }

    [Fact]
    public void Restore_State_ARunTheNextObservationDoesNotContinueEnds()
    {
        var before = CreateSut();
        before.Observe(2, Start);
        before.Observe(4, Start.AddMinutes(5));

        var after = CreateSut();
        after.Restore(before.State!);
        after.Observe(2, Start.AddMinutes(30)).ShouldBeNull(); // back to 2 when the process came back
        after.Observe(4, Start.AddMinutes(31)).ShouldBeNull();
        after.Observe(4, Start.AddMinutes(45)).ShouldBeNull();
        after.Observe(4, Start.AddMinutes(46)).ShouldBe(4);
    }
}
