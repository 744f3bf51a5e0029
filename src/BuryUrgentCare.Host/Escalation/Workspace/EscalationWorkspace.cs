using BuryUrgentCare.Contract;
using BuryUrgentCare.Realtime;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>A request the workspace refuses, with every problem by field (shown as problem+json, 400).</summary>
public sealed class WorkspaceValidationException(IDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.SelectMany(e => e.Value)))
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// What the escalation call does: declare a level, keep the action log, acknowledge alerts. Each change is checked
/// (names required — there is no sign-in yet, issue 13 —, levels 1–4, due times not past, texts bounded), stamped with
/// the injected clock and the figures at that minute, kept in the <see cref="WorkspaceStore"/>, written to the audit
/// log, and pushed whole to every open workspace page (<see cref="WallboardConnections.Post(WorkspaceState)"/>).
/// </summary>
public sealed partial class EscalationWorkspace(
    WorkspaceStore store,
    EscalationMonitor escalation,
    WallboardConnections connections,
    TimeProvider clock,
    IOptions<WorkspaceOptions> options,
    ILogger<EscalationWorkspace> logger)
{
    private readonly WorkspaceOptions _options = options.Value;
    private readonly Lock _writeLock = new();

    public IReadOnlyList<ActionCard> Cards => _options.Cards;

    /// <summary>The workspace as it is now.</summary>
    public WorkspaceState State() => store.Read(_options.ShowLatest, _options.Cards, clock.GetUtcNow());

    public DeclaredLevel Declare(DeclareLevelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Errors();
        var level = errors.Level(request.Level);
        var by = errors.Name("declaredBy", request.DeclaredBy, _options.MaxNameLength);
        var reason = errors.OptionalText("reason", request.Reason, _options.MaxTextLength);
        errors.ThrowIfAny();
        return Change(() => store.Declare(level, by, reason, clock.GetUtcNow(), FiguresNow()),
            declared => LogDeclared(logger, declared.Level, declared.DeclaredBy, declared.Reason, declared.Figures.CalculatedLevel))!;
    }

    public EscalationAction AddAction(AddActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var errors = new Errors();
        var level = errors.Level(request.Level);
        var text = errors.Text("text", request.Text, _options.MaxTextLength);
        var owner = errors.Name("owner", request.Owner, _options.MaxNameLength);
        var by = errors.Name("createdBy", request.CreatedBy, _options.MaxNameLength);
        var due = errors.Due(request.Due, now, required: true);
        errors.ThrowIfAny();
        return Change(() => store.AddAction(level, text, owner, due!.Value, by, now, FiguresNow()),
            action => LogActionAdded(logger, action.Id, action.Level, action.Text, action.Owner, action.Due, action.CreatedBy))!;
    }

    /// <summary>Changes an action; null when there is no action <paramref name="id"/>.</summary>
    public EscalationAction? UpdateAction(long id, UpdateActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var errors = new Errors();
        var by = errors.Name("updatedBy", request.UpdatedBy, _options.MaxNameLength);
        string? status = null;
        if (request.Status is { } requested)
        {
            status = ActionStatus.All.Contains(requested) ? requested : errors.Add<string>("status", $"status must be one of {string.Join(", ", ActionStatus.All)}");
        }

        var owner = request.Owner is null ? null : errors.Name("owner", request.Owner, _options.MaxNameLength);
        var due = errors.Due(request.Due, now, required: false);
        if (request is { Status: null, Owner: null, Due: null })
        {
            errors.Add<string>("status", "nothing to change: give a status, an owner or a due time");
        }

        errors.ThrowIfAny();
        return Change(() => store.UpdateAction(id, status, owner, due, by, now),
            action => LogActionUpdated(logger, action.Id, action.Status, action.Owner, action.Due, by));
    }

    /// <summary>Acknowledges an active alert; null when no alert <paramref name="alertId"/> is active.</summary>
    public AcknowledgementRecord? Acknowledge(string alertId, AcknowledgeAlertRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var errors = new Errors();
        var by = errors.Name("by", request.By, _options.MaxNameLength);
        var note = errors.OptionalText("note", request.Note, _options.MaxTextLength);
        errors.ThrowIfAny();
        return Change(
            () => escalation.Acknowledge(alertId, new AlertAcknowledgement(by, now, note)) is { } alert
                ? store.Acknowledge(alert.Id, alert.At, alert.Message, by, now, note)
                : null,
            record => LogAcknowledged(logger, record.AlertId, record.AlertRaisedAt, by, note));
    }

    /// <summary>The system's figures now, as they are kept with a declaration or an action.</summary>
    public FiguresAtTheTime FiguresNow() => FiguresAtTheTime.Of(escalation.Latest);

    /// <summary>
    /// One change at a time (so pushes reach pages in the order the changes happened): writes it, and when it took place
    /// (<paramref name="write"/> returned a record), writes the audit line and pushes the new state to every open workspace.
    /// </summary>
    private T? Change<T>(Func<T?> write, Action<T> audit)
        where T : class
    {
        lock (_writeLock)
        {
            if (write() is not { } done)
            {
                return null;
            }

            audit(done);
            connections.Post(State());
            return done;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: OPEL {Level} declared by {DeclaredBy} ({Reason}); calculated level then {CalculatedLevel}")]
    private static partial void LogDeclared(ILogger logger, int level, string declaredBy, string? reason, int? calculatedLevel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: action {ActionId} added under OPEL {Level}: {Text}; owner {Owner}, due {Due:o}; by {CreatedBy}")]
    private static partial void LogActionAdded(ILogger logger, long actionId, int level, string text, string owner, DateTimeOffset due, string createdBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: action {ActionId} now {Status}, owner {Owner}, due {Due:o}; by {UpdatedBy}")]
    private static partial void LogActionUpdated(ILogger logger, long actionId, string status, string owner, DateTimeOffset due, string updatedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: alert {AlertId} (raised {RaisedAt:o}) acknowledged by {By} ({Note})")]
    private static partial void LogAcknowledged(ILogger logger, string alertId, DateTimeOffset raisedAt, string by, string? note);

    /// <summary>Problems found in one request, by field (camelCase, as in the JSON).</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public T? Add<T>(string field, string problem)
        {
            (_errors.TryGetValue(field, out var list) ? list : _errors[field] = []).Add(problem);
            return default;
        }

        public int Level(int? level) =>
            level is >= 1 and <= 4 ? level.Value : Add<int>("level", level is null ? "level is required (1–4)" : $"unknown OPEL level {level}: levels are 1–4");

        public string Name(string field, string? value, int max) => Text(field, value, max);

        public string Text(string field, string? value, int max)
        {
            var trimmed = value?.Trim() ?? "";
            if (trimmed.Length == 0) return Add<string>(field, $"{field} is required") ?? "";
            if (trimmed.Length > max) return Add<string>(field, $"{field} is longer than {max} characters") ?? "";
            // The workspace is shown on screens and printed: like an event (hazard H9), it keeps no NHS number.
            return NhsNumber.ContainsValid(trimmed)
                ? Add<string>(field, $"{field} holds what looks like an NHS number: name patients by the pseudonym on the breach-risk list, never by identifier") ?? ""
                : trimmed;
        }

        public string? OptionalText(string field, string? value, int max) =>
            string.IsNullOrWhiteSpace(value) ? null : Text(field, value, max);

        public DateTimeOffset? Due(DateTimeOffset? due, DateTimeOffset now, bool required)
        {
            if (due is null) return required ? Add<DateTimeOffset?>("due", "due is required") : null;
            // A minute's grace: a form filled in at 14:30:20 for "now" is not refused for the seconds it took to send.
            return due.Value >= now.AddMinutes(-1) ? due : Add<DateTimeOffset?>("due", $"due {due:yyyy-MM-dd HH:mm} UTC is in the past");
        }

        public void ThrowIfAny()
        {
            if (_errors.Count > 0)
            {
                throw new WorkspaceValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
            }
        }
    }
}
