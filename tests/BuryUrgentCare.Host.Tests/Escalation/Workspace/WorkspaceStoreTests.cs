namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>The workspace store against a real SQLite file in a temporary folder.</summary>
public sealed class WorkspaceStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 14, 30, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bury-workspace-store-");

    private string StorePath => Path.Combine(_folder.FullName, "nested", "workspace.db");

    private WorkspaceStore CreateSut() => new(StorePath);

    private static FiguresAtTheTime Figures(int level) =>
        new(Now.AddSeconds(-1), level, level - 1, 55.5, ["Bed occupancy"], [], [new ParameterAtTheTime("Handover", "FGH-ED", "meanHandoverMinutesToday", 42, 3)], 2);

    /// <summary>Compared as the API shows them (collections of any type with the same items are the same).</summary>
    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void EverythingWritten_IsReadBackNewestFirst_WithTheFiguresAtTheTime_AfterTheFileIsOpenedAgain()
    {
        var sut = CreateSut();
        sut.Declare(2, "Ana Call", null, Now, Figures(2));
        sut.Declare(3, "Ben Chair", "handovers over an hour", Now.AddMinutes(5), Figures(3));
        var first = sut.AddAction(3, "Open escalation beds", "Site manager", Now.AddHours(1), "Ben Chair", Now.AddMinutes(6), Figures(3));
        sut.AddAction(3, "GP streaming at the front door", "ED lead", Now.AddHours(2), "Ben Chair", Now.AddMinutes(7), Figures(3));
        sut.Acknowledge("patient-over12Hours-FGH-ED-AAAA-0001", Now.AddMinutes(-30), "Patient AAAA-0001 …", "Cy Site", Now.AddMinutes(8), "bed found");

        var state = new WorkspaceStore(StorePath).Read(10, ActionCard.Defaults, Now.AddMinutes(9));

        state.Declared.ShouldNotBeNull();
        (state.Declared.Level, state.Declared.DeclaredBy, state.Declared.Reason, state.Declared.At).ShouldBe((3, "Ben Chair", "handovers over an hour", Now.AddMinutes(5)));
        Json(state.Declared.Figures).ShouldBe(Json(Figures(3)));
        state.Declarations.Select(d => d.Level).ShouldBe([3, 2]);
        state.Actions.Select(a => a.Text).ShouldBe(["GP streaming at the front door", "Open escalation beds"]);
        var action = state.Actions[1];
        Json(action).ShouldBe(Json(first));
        (action.Status, action.Owner, action.Due, action.CreatedBy).ShouldBe(("open", "Site manager", Now.AddHours(1), "Ben Chair"));
        var acknowledgement = state.Acknowledgements.ShouldHaveSingleItem();
        (acknowledgement.AlertId, acknowledgement.AlertRaisedAt, acknowledgement.By, acknowledgement.At, acknowledgement.Note)
            .ShouldBe(("patient-over12Hours-FGH-ED-AAAA-0001", Now.AddMinutes(-30), "Cy Site", Now.AddMinutes(8), "bed found"));
        state.Cards.ShouldBe(ActionCard.Defaults);
    }

    [Fact]
    public void UpdateAction_ChangesOnlyWhatIsGiven_AndSaysWhoAndWhen()
    {
        var sut = CreateSut();
        var action = sut.AddAction(2, "Bring forward discharges", "Ward manager", Now.AddHours(1), "Ana Call", Now, Figures(2));

        var done = sut.UpdateAction(action.Id, ActionStatus.Done, owner: null, due: null, "Ward manager", Now.AddMinutes(40)).ShouldNotBeNull();

        (done.Status, done.Owner, done.Due, done.UpdatedBy, done.UpdatedAt).ShouldBe(("done", "Ward manager", Now.AddHours(1), "Ward manager", (DateTimeOffset?)Now.AddMinutes(40)));
        Json(done.Figures).ShouldBe(Json(Figures(2)), "the figures are those when it was added");
        var moved = sut.UpdateAction(action.Id, null, "Matron", Now.AddHours(3), "Ana Call", Now.AddMinutes(41)).ShouldNotBeNull();
        (moved.Status, moved.Owner, moved.Due).ShouldBe(("done", "Matron", Now.AddHours(3)));
    }

    [Fact]
    public void UpdateAction_UnknownId_ChangesNothingAndSaysSo()
    {
        var sut = CreateSut();
        sut.AddAction(2, "Bring forward discharges", "Ward manager", Now.AddHours(1), "Ana Call", Now, Figures(2));

        sut.UpdateAction(999, ActionStatus.Done, null, null, "Ana Call", Now).ShouldBeNull();
        sut.Read(10, [], Now).Actions.Single().Status.ShouldBe("open");
    }

    [Fact]
    public void Read_KeepsOnlyTheNewest()
    {
        var sut = CreateSut();
        for (var i = 1; i <= 5; i++)
        {
            sut.AddAction(1, $"action {i}", "Owner", Now.AddHours(1), "Ana Call", Now.AddMinutes(i), Figures(1));
        }

        sut.Read(2, [], Now).Actions.Select(a => a.Text).ShouldBe(["action 5", "action 4"]);
    }
}
