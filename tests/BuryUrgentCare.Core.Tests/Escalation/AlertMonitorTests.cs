using static BuryUrgentCare.Escalation.EscalationScenario;

namespace BuryUrgentCare.Escalation;

public sealed class AlertMonitorTests
{
    private static AlertMonitor CreateSut() => new(
    [
        new AlertRule { Id = "handover-30", Unit = "FGH-ED", Figure = "longestHandoverWaitMinutes", Raise = 30, Clear = 25, Message = "handover over 30" },
        new AlertRule { Id = "four-hours", Unit = "FGH-ED", Figure = "over4Hours", Raise = 0, Clear = 0, Message = "patient over 4 h" },
    ]);

    [Fact]
    public void Evaluate_CrossingsWithHysteresis_RaisedAndClearedExactlyOncePerCrossing()
    {
        var sut = CreateSut();
        var changes = new List<AlertEvent>();
        // longest handover wait (min): 30 is not over 30; 31 raises; wobbling 26–40 stays raised; 25 clears; 28 does not re-raise; 31 raises again.
        foreach (var (wait, minute) in new[] { (20, 0), (30, 1), (31, 2), (40, 3), (26, 4), (31, 5), (25, 6), (28, 7), (30, 8), (31, 9) })
        {
            changes.AddRange(sut.Evaluate(ByUnit(Ed(longestHandoverWait: wait)), Start.AddMinutes(minute)));
        }

        changes.Select(c => (c.Id, c.State, c.Value, c.At.Minute)).ShouldBe(
        [
            ("handover-30", "raised", 31, 2),
            ("handover-30", "cleared", 25, 6),
            ("handover-30", "raised", 31, 9),
        ]);
        sut.Active.Single().Id.ShouldBe("handover-30");
    }

    [Fact]
    public void Evaluate_FigureGoesBlank_TheAlertClears()
    {
        var sut = CreateSut();
        sut.Evaluate(ByUnit(Ed(longestHandoverWait: 45)), Start).Count.ShouldBe(1);

        // The last ambulance handed over: no one waits, so there is no longest wait (null), and no alert about one.
        var cleared = sut.Evaluate(ByUnit(Ed(longestHandoverWait: null)), Start.AddMinutes(1)).ShouldHaveSingleItem();
        (cleared.Id, cleared.State, cleared.Value).ShouldBe(("handover-30", "cleared", (double?)null));
        sut.Active.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_UnitNotLive_LeavesItsAlertsAsTheyAre()
    {
        var sut = CreateSut();
        sut.Evaluate(ByUnit(Ed(longestHandoverWait: 45)), Start).Count.ShouldBe(1);

        // The unit is being replayed (the host passes live units only): nothing is known, nothing changes.
        sut.Evaluate(new Dictionary<string, Figures.UnitSnapshot>(), Start.AddMinutes(1)).ShouldBeEmpty();
        sut.Active.Count.ShouldBe(1);
    }

    [Fact]
    public void Evaluate_FeedGoesSilent_OneCriticalAlertForTheUnit_ClearedOnlyWhenLiveAgain()
    {
        var sut = CreateSut();
        var last = Start.AddHours(-1);
        Figures.UnitSnapshot WithFeed(string status) => Ed(longestHandoverWait: null) with { Feed = new Figures.FeedStatus(status, last, 8.2) };

        var raised = sut.Evaluate(ByUnit(WithFeed(Figures.FeedStatus.Silent)), Start).ShouldHaveSingleItem();
        (raised.Id, raised.Kind, raised.State, raised.Severity).ShouldBe(("feed-silent-FGH-ED", "feed", "raised", "critical"));
        raised.Message.ShouldContain("out of date");
        sut.Evaluate(ByUnit(WithFeed(Figures.FeedStatus.Silent)), Start.AddMinutes(1)).ShouldBeEmpty();
        sut.Evaluate(ByUnit(WithFeed(Figures.FeedStatus.Quiet)), Start.AddMinutes(2)).ShouldBeEmpty("quiet is not yet back to normal");
        sut.Evaluate(ByUnit(WithFeed(Figures.FeedStatus.Live)), Start.AddMinutes(3)).ShouldHaveSingleItem().State.ShouldBe("cleared");

        var restarted = CreateSut();
        restarted.Restore([raised]).ShouldHaveSingleItem("a silent-feed alert is kept over a restart like any other");
    }

    [Fact]
    public void Evaluate_PatientReachesFourHours_RaisedOnceUntilNobodyIsOver()
    {
        var sut = CreateSut();

        sut.Evaluate(ByUnit(Ed(over4Hours: 0)), Start).ShouldBeEmpty();
        sut.Evaluate(ByUnit(Ed(over4Hours: 1)), Start.AddMinutes(1)).Single().State.ShouldBe("raised");
        sut.Evaluate(ByUnit(Ed(over4Hours: 3)), Start.AddMinutes(2)).ShouldBeEmpty();
        sut.Evaluate(ByUnit(Ed(over4Hours: 0)), Start.AddMinutes(3)).Single().State.ShouldBe("cleared");
    }

    [Fact]
    public void Restore_AlertStillInBreachAfterARestart_KeepsItsRaisedTime_AndIsNotAnnouncedAgain()
    {
        var before = CreateSut();
        var raised = before.Evaluate(ByUnit(Ed(longestHandoverWait: 45)), Start).ShouldHaveSingleItem();

        // The process restarts an hour later; the rebuilt figures are still in breach.
        var after = CreateSut();
        after.Restore(before.Active).ShouldHaveSingleItem();
        after.Evaluate(ByUnit(Ed(longestHandoverWait: 50)), Start.AddHours(1)).ShouldBeEmpty();
        after.Active.ShouldHaveSingleItem().At.ShouldBe(raised.At);
    }

    [Fact]
    public void Restore_AlertRecoveredWhileTheProcessWasDown_IsClearedOnce()
    {
        var before = CreateSut();
        before.Evaluate(ByUnit(Ed(longestHandoverWait: 45)), Start);

        var after = CreateSut();
        after.Restore(before.Active);
        after.Evaluate(ByUnit(Ed(longestHandoverWait: 10)), Start.AddHours(1)).ShouldHaveSingleItem().State.ShouldBe("cleared");
        after.Active.ShouldBeEmpty();
    }

    [Fact]
    public void Restore_AlertWhoseRuleIsGoneOrChanged_IsNotTakenBack()
    {
        var sut = CreateSut();
        AlertEvent[] persisted =
        [
            new("retired-rule", "threshold", "FGH-ED", "inDepartment", "gone", "warning", "raised", 90, Start),
            new("handover-30", "threshold", "FGH-UTC", "longestHandoverWaitMinutes", "moved", "warning", "raised", 31, Start),
            new("four-hours", "threshold", "FGH-ED", "over4Hours", "patient over 4 h", "warning", "cleared", 0, Start),
        ];

        sut.Restore(persisted).ShouldBeEmpty();
        sut.Active.ShouldBeEmpty();
    }

    [Fact]
    public void LevelHysteresis_RestoredLevel_IsNotAnnouncedAgain_AndANewLevelStillWaitsItsHold()
    {
        var sut = new LevelHysteresis(TimeSpan.FromMinutes(15));
        sut.Restore(3);

        sut.Observe(3, Start).ShouldBeNull();
        sut.Observe(4, Start.AddMinutes(1)).ShouldBeNull();
        sut.Observe(4, Start.AddMinutes(16)).ShouldBe(4);
        Should.Throw<InvalidOperationException>(() => sut.Restore(2));
    }

    [Fact]
    public void Validate_ClearBeyondRaise_IsAProblem() =>
        new AlertRule { Id = "x", Unit = "FGH-ED", Figure = "over4Hours", Raise = 5, Clear = 6, Message = "m" }
            .Validate().ShouldContain("x: clear must not be above raise");
}
