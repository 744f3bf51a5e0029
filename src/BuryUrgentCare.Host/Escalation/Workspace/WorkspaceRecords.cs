namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>The figures a declaration or an action was made against: the system's OPEL as it stood that minute.</summary>
/// <param name="AsOf">When the system figures were computed (null when none had been yet).</param>
/// <param name="CalculatedLevel">The OPEL level calculated from the figures.</param>
/// <param name="AnnouncedLevel">The level announced after the hold time.</param>
/// <param name="Score">The OPEL score, 0–100.</param>
/// <param name="Missing">Parameters with no data (the level is incomplete).</param>
/// <param name="Stale">Parameters scored from a silent feed.</param>
/// <param name="Parameters">Each parameter's value and band.</param>
/// <param name="ActiveAlerts">How many alerts were active.</param>
public sealed record FiguresAtTheTime(DateTimeOffset? AsOf, int? CalculatedLevel, int? AnnouncedLevel, double? Score,
    IReadOnlyList<string> Missing, IReadOnlyList<string> Stale, IReadOnlyList<ParameterAtTheTime> Parameters, int ActiveAlerts)
{
    /// <summary>No system figures yet (the host has just started).</summary>
    public static readonly FiguresAtTheTime None = new(null, null, null, null, [], [], [], 0);

    /// <summary>A calculated level that differs from the announced one, waiting out its hold time; null when none.</summary>
    public PendingLevel? Pending { get; init; }

    /// <summary>The figures of <paramref name="system"/>, or <see cref="None"/>.</summary>
    public static FiguresAtTheTime Of(SystemSnapshot? system) => system is null
        ? None
        : new(system.AsOf, system.Opel.Level, system.Opel.AnnouncedLevel, system.Opel.Score, system.Opel.Missing, system.Opel.Stale,
            [.. system.Opel.Parameters.Select(p => new ParameterAtTheTime(p.Name, p.Unit, p.Figure, p.Value, p.Band))],
            system.ActiveAlerts.Count) { Pending = system.Opel.Pending };
}

/// <summary>One OPEL parameter at the time.</summary>
public sealed record ParameterAtTheTime(string Name, string Unit, string Figure, double? Value, int? Band);

/// <summary>A level declared by the call (which may differ from the calculated one), by whom, when and why.</summary>
public sealed record DeclaredLevel(long Id, int Level, string DeclaredBy, string? Reason, DateTimeOffset At, FiguresAtTheTime Figures);

/// <summary>The statuses of an action.</summary>
public static class ActionStatus
{
    public const string Open = "open";
    public const string Done = "done";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Open, Done, Cancelled];
}

/// <summary>One entry of the action log.</summary>
/// <param name="Id">The log's own number.</param>
/// <param name="Level">The OPEL level whose card it came from (or the level it was added under).</param>
/// <param name="Text">What is to be done.</param>
/// <param name="Owner">Who is to do it.</param>
/// <param name="Due">By when.</param>
/// <param name="Status"><see cref="ActionStatus"/>.</param>
/// <param name="CreatedBy">Who added it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="UpdatedBy">Who last changed it (status, owner or due time); null if no one has.</param>
/// <param name="UpdatedAt">When.</param>
/// <param name="Figures">The figures when it was added.</param>
public sealed record EscalationAction(long Id, int Level, string Text, string Owner, DateTimeOffset Due, string Status, string CreatedBy,
    DateTimeOffset CreatedAt, string? UpdatedBy, DateTimeOffset? UpdatedAt, FiguresAtTheTime Figures);

/// <summary>A logged acknowledgement of an alert (the alert itself carries the latest one while active).</summary>
public sealed record AcknowledgementRecord(long Id, string AlertId, DateTimeOffset AlertRaisedAt, string Message, string By, DateTimeOffset At, string? Note);

/// <summary>Everything an open <c>/escalation</c> page shows beside the live figures; pushed whole after every change.</summary>
/// <param name="AsOf">When this state was read.</param>
/// <param name="Declared">The level in force as declared by the call; null before any declaration.</param>
/// <param name="Declarations">Declarations, newest first.</param>
/// <param name="Actions">The action log, newest first.</param>
/// <param name="Acknowledgements">Alert acknowledgements, newest first.</param>
/// <param name="Cards">The action cards per OPEL level.</param>
public sealed record WorkspaceState(DateTimeOffset AsOf, DeclaredLevel? Declared, IReadOnlyList<DeclaredLevel> Declarations,
    IReadOnlyList<EscalationAction> Actions, IReadOnlyList<AcknowledgementRecord> Acknowledgements, IReadOnlyList<ActionCard> Cards);

/// <summary><c>POST /api/escalation/declarations</c>.</summary>
public sealed record DeclareLevelRequest(int? Level, string? DeclaredBy, string? Reason);

/// <summary><c>POST /api/escalation/actions</c>.</summary>
public sealed record AddActionRequest(int? Level, string? Text, string? Owner, DateTimeOffset? Due, string? CreatedBy);

/// <summary><c>PATCH /api/escalation/actions/{id}</c>: any of status, owner and due time; who is required.</summary>
public sealed record UpdateActionRequest(string? Status, string? Owner, DateTimeOffset? Due, string? UpdatedBy);

/// <summary><c>POST /api/escalation/alerts/{id}/acknowledgement</c>.</summary>
public sealed record AcknowledgeAlertRequest(string? By, string? Note);

/// <summary>
/// One change to the workspace, as a record on the shared workspace log (<see cref="WorkspaceLog"/>): every node applies
/// the same changes in the log's order, so every node shows the same workspace, and what a change creates takes the
/// log offset of its record as its id (unique across nodes, increasing, and a number a page handles exactly).
/// </summary>
/// <param name="At">When it was done (the injected clock of the node it was done on).</param>
/// <param name="By">Who did it.</param>
[System.Text.Json.Serialization.JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(LevelDeclared), "level-declared")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(ActionAdded), "action-added")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(ActionUpdated), "action-updated")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(AlertAcknowledged), "alert-acknowledged")]
public abstract record WorkspaceChange(DateTimeOffset At, string By);

/// <summary>The call declared the level in force.</summary>
public sealed record LevelDeclared(DateTimeOffset At, string By, int Level, string? Reason, FiguresAtTheTime Figures) : WorkspaceChange(At, By);

/// <summary>
/// An action added to the log. <paramref name="Status"/>, <paramref name="UpdatedBy"/> and <paramref name="UpdatedAt"/>
/// are set only for an action brought over from a node's own log of before the log was shared (as it then stood).
/// </summary>
public sealed record ActionAdded(DateTimeOffset At, string By, int Level, string Text, string Owner, DateTimeOffset Due, FiguresAtTheTime Figures,
    string Status = ActionStatus.Open, string? UpdatedBy = null, DateTimeOffset? UpdatedAt = null) : WorkspaceChange(At, By);

/// <summary>An action's status, owner or due time changed (null leaves it).</summary>
public sealed record ActionUpdated(DateTimeOffset At, string By, long ActionId, string? Status, string? Owner, DateTimeOffset? Due) : WorkspaceChange(At, By);

/// <summary>A named person acknowledged an active alert (raised at <paramref name="AlertRaisedAt"/> on the node they used).</summary>
public sealed record AlertAcknowledged(DateTimeOffset At, string By, string AlertId, DateTimeOffset AlertRaisedAt, string Message, string? Note) : WorkspaceChange(At, By);
