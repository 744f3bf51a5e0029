using BuryUrgentCare.Contract;
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
/// (names required, levels 1–4, due times not past, texts bounded, no NHS numbers), stamped with the injected clock and
/// the figures at that minute, put on the shared workspace log (<see cref="WorkspaceLog"/>, which every node applies
/// and pushes to its open workspace pages), and written to this node's audit log once applied.
/// </summary>
public sealed partial class EscalationWorkspace(
    WorkspaceStore store,
    WorkspaceLog log,
    EscalationMonitor escalation,
    TimeProvider clock,
    IOptions<WorkspaceOptions> options,
    ILogger<EscalationWorkspace> logger)
{
    private readonly WorkspaceOptions _options = options.Value;

    public IReadOnlyList<ActionCard> Cards => _options.Cards;

    /// <summary>The workspace as this node has it now.</summary>
    public WorkspaceState State() => store.Read(_options.ShowLatest, _options.Cards, clock.GetUtcNow());

    public async Task<DeclaredLevel> DeclareAsync(DeclareLevelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Errors();
        var level = errors.Level(request.Level);
        var by = errors.Name("declaredBy", request.DeclaredBy, _options.MaxNameLength);
        var reason = errors.OptionalText("reason", request.Reason, _options.MaxTextLength);
        errors.ThrowIfAny();
        var declared = await Applied<DeclaredLevel>(new LevelDeclared(clock.GetUtcNow(), by, level, reason, FiguresNow()), cancellationToken);
        LogDeclared(logger, declared.Id, declared.Level, declared.DeclaredBy, declared.Reason, declared.Figures.CalculatedLevel);
        return declared;
    }

    public async Task<EscalationAction> AddActionAsync(AddActionRequest request, CancellationToken cancellationToken)
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
        var action = await Applied<EscalationAction>(new ActionAdded(now, by, level, text, owner, due!.Value, FiguresNow()), cancellationToken);
        LogActionAdded(logger, action.Id, action.Level, action.Text, action.Owner, action.Due, action.CreatedBy);
        return action;
    }

    /// <summary>Changes an action; null when there is no action <paramref name="id"/>.</summary>
    public async Task<EscalationAction?> UpdateActionAsync(long id, UpdateActionRequest request, CancellationToken cancellationToken)
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
        if (!store.HasAction(id))
        {
            return null; // not put on the log: an update of nothing would only be passed over by every node
        }

        // Null only if the action were gone by the time the record is applied; actions are never deleted.
        var action = await log.WriteAsync<EscalationAction>(new ActionUpdated(now, by, id, status, owner, due), cancellationToken);
        if (action is not null)
        {
            LogActionUpdated(logger, action.Id, action.Status, action.Owner, action.Due, by);
        }

        return action;
    }

    /// <summary>Acknowledges an alert active on this node; null when no alert <paramref name="alertId"/> is active.</summary>
    public async Task<AcknowledgementRecord?> AcknowledgeAsync(string alertId, AcknowledgeAlertRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Errors();
        var by = errors.Name("by", request.By, _options.MaxNameLength);
        var note = errors.OptionalText("note", request.Note, _options.MaxTextLength);
        errors.ThrowIfAny();
        if (escalation.ActiveAlerts.FirstOrDefault(a => a.Id == alertId) is not { } alert)
        {
            return null;
        }

        // Recorded even if the alert clears before the record is applied: the person did acknowledge what they saw.
        var record = await Applied<AcknowledgementRecord>(new AlertAcknowledged(clock.GetUtcNow(), by, alert.Id, alert.At, alert.Message, note), cancellationToken);
        LogAcknowledged(logger, record.Id, record.AlertId, record.AlertRaisedAt, by, note);
        return record;
    }

    /// <summary>The system's figures now, as they are kept with a declaration or an action.</summary>
    public FiguresAtTheTime FiguresNow() => FiguresAtTheTime.Of(escalation.Latest);

    /// <summary>Writes a change that always creates a row (its record is new on the log, so it is applied, never passed over).</summary>
    private async Task<T> Applied<T>(WorkspaceChange change, CancellationToken cancellationToken)
        where T : class =>
        await log.WriteAsync<T>(change, cancellationToken)
            ?? throw new InvalidOperationException($"The workspace log passed over a new {change.GetType().Name} record.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: declaration {DeclarationId}: OPEL {Level} declared by {DeclaredBy} ({Reason}); calculated level then {CalculatedLevel}")]
    private static partial void LogDeclared(ILogger logger, long declarationId, int level, string declaredBy, string? reason, int? calculatedLevel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: action {ActionId} added under OPEL {Level}: {Text}; owner {Owner}, due {Due:o}; by {CreatedBy}")]
    private static partial void LogActionAdded(ILogger logger, long actionId, int level, string text, string owner, DateTimeOffset due, string createdBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: action {ActionId} now {Status}, owner {Owner}, due {Due:o}; by {UpdatedBy}")]
    private static partial void LogActionUpdated(ILogger logger, long actionId, string status, string owner, DateTimeOffset due, string updatedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: acknowledgement {AcknowledgementId}: alert {AlertId} (raised {RaisedAt:o}) acknowledged by {By} ({Note})")]
    private static partial void LogAcknowledged(ILogger logger, long acknowledgementId, string alertId, DateTimeOffset raisedAt, string by, string? note);

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
