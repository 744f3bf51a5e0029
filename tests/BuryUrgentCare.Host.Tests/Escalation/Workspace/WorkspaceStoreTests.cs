using Microsoft.Data.Sqlite;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>A node's copy of the workspace log, against a real SQLite file in a temporary folder.</summary>
public sealed class WorkspaceStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 14, 30, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bury-workspace-store-");

    private string StorePath => Path.Combine(_folder.FullName, "nested", "workspace.db");

    private WorkspaceStore CreateSut() => new(StorePath);

    private static FiguresAtTheTime Figures(int level) =>
        new(Now.AddSeconds(-1), level, level - 1, 55.5, ["Bed occupancy"], [], [new ParameterAtTheTime("Handover", "FGH-ED", "meanHandoverMinutesToday", 42, 3)], 2);

    private static ActionAdded Added(string text, int minutes = 0) =>
        new(Now.AddMinutes(minutes), "Ben Chair", 3, text, "Site manager", Now.AddHours(1), Figures(3));

    /// <summary>Compared as the API shows them (collections of any type with the same items are the same).</summary>
    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // the pool holds the file open
        _folder.Delete(recursive: true);
    }

    [Fact]
    public void EverythingApplied_IsReadBackNewestFirst_WithTheFiguresAtTheTime_AndIdsThatAreTheLogOffsets_AfterTheFileIsOpenedAgain()
    {
        var sut = CreateSut();
        sut.Apply(0, new LevelDeclared(Now, "Ana Call", 2, null, Figures(2)));
        sut.Apply(1, new LevelDeclared(Now.AddMinutes(5), "Ben Chair", 3, "handovers over an hour", Figures(3)));
        var first = sut.Apply(2, Added("Open escalation beds", 6)).ShouldBeOfType<EscalationAction>();
        sut.Apply(3, Added("GP streaming at the front door", 7));
        var acknowledged = sut.Apply(4, new AlertAcknowledged(Now.AddMinutes(8), "Cy Site", "patient-over12Hours-FGH-ED-AAAA-0001", Now.AddMinutes(-30), "Patient AAAA-0001 …", "bed found"))
            .ShouldBeOfType<AcknowledgementRecord>();

        var reopened = new WorkspaceStore(StorePath);
        var state = reopened.Read(10, ActionCard.Defaults, Now.AddMinutes(9));

        reopened.NextOffset.ShouldBe(5);
        state.Declared.ShouldNotBeNull();
        (state.Declared.Id, state.Declared.Level, state.Declared.DeclaredBy, state.Declared.Reason, state.Declared.At)
            .ShouldBe((1L, 3, "Ben Chair", "handovers over an hour", Now.AddMinutes(5)));
        Json(state.Declared.Figures).ShouldBe(Json(Figures(3)));
        state.Declarations.Select(d => d.Level).ShouldBe([3, 2]);
        state.Actions.Select(a => (a.Id, a.Text)).ShouldBe([(3L, "GP streaming at the front door"), (2L, "Open escalation beds")]);
        Json(state.Actions[1]).ShouldBe(Json(first));
        (first.Status, first.Owner, first.Due, first.CreatedBy, first.CreatedAt).ShouldBe(("open", "Site manager", Now.AddHours(1), "Ben Chair", Now.AddMinutes(6)));
        var acknowledgement = state.Acknowledgements.ShouldHaveSingleItem();
        Json(acknowledgement).ShouldBe(Json(acknowledged));
        (acknowledgement.Id, acknowledgement.AlertId, acknowledgement.AlertRaisedAt, acknowledgement.By, acknowledgement.At, acknowledgement.Note)
            .ShouldBe((4L, "patient-over12Hours-FGH-ED-AAAA-0001", Now.AddMinutes(-30), "Cy Site", Now.AddMinutes(8), "bed found"));
        state.Cards.ShouldBe(ActionCard.Defaults);
    }

    [Fact]
    public void Apply_ARecordAlreadyApplied_ChangesNothing_SoAReReadOfTheLogIsHarmless()
    {
        var sut = CreateSut();
        sut.Apply(0, Added("Open escalation beds")).ShouldNotBeNull();
        sut.Apply(1, new ActionUpdated(Now.AddMinutes(5), "Ward manager", 0, ActionStatus.Done, null, null)).ShouldNotBeNull();

        // A new consumer after a failure re-reads from an earlier position: the same records again.
        sut.Apply(0, Added("Open escalation beds")).ShouldBeNull();
        sut.Apply(1, new ActionUpdated(Now.AddMinutes(5), "Ward manager", 0, ActionStatus.Open, null, null)).ShouldBeNull();

        var action = sut.Read(10, [], Now).Actions.ShouldHaveSingleItem();
        (action.Id, action.Status).ShouldBe((0L, "done"));
        sut.NextOffset.ShouldBe(2);
    }

    [Fact]
    public void Apply_AnUnreadableRecord_IsPassedOver_AndTheNextOneStillApplies()
    {
        var sut = CreateSut();

        sut.Apply(0, null).ShouldBeNull();
        sut.NextOffset.ShouldBe(1, "a record this node cannot read is not read again on every start");
        sut.Apply(1, Added("Open escalation beds")).ShouldBeOfType<EscalationAction>().Id.ShouldBe(1);
    }

    [Fact]
    public void UpdateAction_ChangesOnlyWhatIsGiven_AndSaysWhoAndWhen()
    {
        var sut = CreateSut();
        sut.Apply(7, new ActionAdded(Now, "Ana Call", 2, "Bring forward discharges", "Ward manager", Now.AddHours(1), Figures(2)));

        var done = sut.Apply(8, new ActionUpdated(Now.AddMinutes(40), "Ward manager", 7, ActionStatus.Done, null, null)).ShouldBeOfType<EscalationAction>();

        (done.Id, done.Status, done.Owner, done.Due, done.UpdatedBy, done.UpdatedAt)
            .ShouldBe((7L, "done", "Ward manager", Now.AddHours(1), "Ward manager", (DateTimeOffset?)Now.AddMinutes(40)));
        Json(done.Figures).ShouldBe(Json(Figures(2)), "the figures are those when it was added");
        var moved = sut.Apply(9, new ActionUpdated(Now.AddMinutes(41), "Ana Call", 7, null, "Matron", Now.AddHours(3))).ShouldBeOfType<EscalationAction>();
        (moved.Status, moved.Owner, moved.Due).ShouldBe(("done", "Matron", Now.AddHours(3)));
        sut.HasAction(7).ShouldBeTrue();
        sut.HasAction(8).ShouldBeFalse("record 8 was an update, not an action");
    }

    [Fact]
    public void UpdateAction_UnknownId_ChangesNothingAndSaysSo()
    {
        var sut = CreateSut();
        sut.Apply(0, Added("Bring forward discharges"));

        sut.Apply(1, new ActionUpdated(Now, "Ana Call", 999, ActionStatus.Done, null, null)).ShouldBeNull();
        sut.Read(10, [], Now).Actions.Single().Status.ShouldBe("open");
        sut.NextOffset.ShouldBe(2);
    }

    [Fact]
    public void Read_KeepsOnlyTheNewest()
    {
        var sut = CreateSut();
        for (var i = 1; i <= 5; i++)
        {
            sut.Apply(i, Added($"action {i}", i));
        }

        sut.Read(2, [], Now).Actions.Select(a => a.Text).ShouldBe(["action 5", "action 4"]);
    }

    [Fact]
    public async Task AFileWrittenBeforeTheLogWasShared_HandsItsRowsOverInTheOrderTheyWereMade_ThenReadsTheLogFromItsStart()
    {
        WriteOldFormatFile();
        var sut = CreateSut();
        sut.HasUnshared.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => sut.Apply(0, Added("too early")));

        // The log cannot take them: nothing changes here, and the next attempt gets them all again.
        await Should.ThrowAsync<InvalidOperationException>(() => sut.TakeUnsharedAsync(_ => throw new InvalidOperationException("cluster down")));
        new WorkspaceStore(StorePath).HasUnshared.ShouldBeTrue();

        IReadOnlyList<WorkspaceChange> shared = [];
        await sut.TakeUnsharedAsync(changes =>
        {
            shared = changes;
            return Task.CompletedTask;
        });

        shared.Select(c => c.GetType().Name).ShouldBe(["LevelDeclared", "ActionAdded", "AlertAcknowledged"]);
        var action = shared[1].ShouldBeOfType<ActionAdded>();
        (action.Text, action.Status, action.UpdatedBy, action.UpdatedAt).ShouldBe(("Open escalation beds", "done", "Matron", (DateTimeOffset?)Now.AddMinutes(20)),
            "an action comes over as it now stands");
        sut.HasUnshared.ShouldBeFalse();
        new WorkspaceStore(StorePath).HasUnshared.ShouldBeFalse();
        sut.NextOffset.ShouldBe(0);
        sut.Read(10, [], Now).Actions.ShouldBeEmpty("the rows are read back from the log, with log offsets as ids");

        // Read back from the log as any node does: the same action, now with its offset as id.
        sut.Apply(0, shared[0]);
        var applied = sut.Apply(1, shared[1]).ShouldBeOfType<EscalationAction>();
        (applied.Id, applied.Status, applied.CreatedAt, applied.UpdatedBy).ShouldBe((1L, "done", Now.AddMinutes(2), "Matron"));
    }

    /// <summary>A workspace file as a node wrote it on its own, before the log was shared (no log_position table).</summary>
    private void WriteOldFormatFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        using var connection = new SqliteConnection($"Data Source={StorePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        var figures = Json(Figures(3)).Replace("'", "''", StringComparison.Ordinal);
        long Ms(double minutes) => Now.AddMinutes(minutes).ToUnixTimeMilliseconds();
        command.CommandText = $"""
            CREATE TABLE declarations (id INTEGER PRIMARY KEY, level INTEGER NOT NULL, declared_by TEXT NOT NULL, reason TEXT,
                at INTEGER NOT NULL, figures TEXT NOT NULL);
            CREATE TABLE actions (id INTEGER PRIMARY KEY, level INTEGER NOT NULL, text TEXT NOT NULL, owner TEXT NOT NULL,
                due INTEGER NOT NULL, status TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, updated_by TEXT,
                updated_at INTEGER, figures TEXT NOT NULL);
            CREATE TABLE acknowledgements (id INTEGER PRIMARY KEY, alert_id TEXT NOT NULL, alert_raised_at INTEGER NOT NULL,
                message TEXT NOT NULL, by TEXT NOT NULL, at INTEGER NOT NULL, note TEXT);
            INSERT INTO acknowledgements VALUES (1, 'ae-handover', {Ms(-10)}, 'An ambulance has waited over 30 minutes', 'Cy Site', {Ms(5)}, NULL);
            INSERT INTO declarations VALUES (1, 3, 'Ben Chair', 'handovers', {Ms(1)}, '{figures}');
            INSERT INTO actions VALUES (1, 3, 'Open escalation beds', 'Site manager', {Ms(60)}, 'done', 'Ben Chair', {Ms(2)}, 'Matron', {Ms(20)}, '{figures}');
            """;
        command.ExecuteNonQuery();
    }
}
