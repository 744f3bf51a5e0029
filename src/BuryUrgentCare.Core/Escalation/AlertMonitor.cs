using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;

namespace BuryUrgentCare.Escalation;

/// <summary>
/// A threshold alert on one figure of one unit. Raised when the figure goes beyond <see cref="Raise"/>
/// (strictly above, or strictly below for <see cref="AlertDirection.Below"/>); cleared only once it is
/// back to <see cref="Clear"/> or better — the gap is the hysteresis that stops flapping.
/// </summary>
public sealed record AlertRule
{
    public required string Id { get; init; }
    public required string Unit { get; init; }
    public required string Figure { get; init; }
    public required double Raise { get; init; }
    public required double Clear { get; init; }
    public AlertDirection Direction { get; init; } = AlertDirection.Above;

    /// <summary>What a shift manager reads, e.g. "An ambulance has waited over 30 minutes to hand over".</summary>
    public required string Message { get; init; }

    public string Severity { get; init; } = "warning";

    public bool Breaches(double value) => Direction == AlertDirection.Above ? value > Raise : value < Raise;

    public bool Recovered(double value) => Direction == AlertDirection.Above ? value <= Clear : value >= Clear;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Id)) yield return "id is required";
        if (string.IsNullOrWhiteSpace(Message)) yield return $"{Id}: message is required";
        if (Direction == AlertDirection.Above && Clear > Raise) yield return $"{Id}: clear must not be above raise";
        if (Direction == AlertDirection.Below && Clear < Raise) yield return $"{Id}: clear must not be below raise";
    }
}

public enum AlertDirection { Above, Below }

/// <summary>An alert raised or cleared, or (for OPEL) a level announced.</summary>
/// <param name="Patient">For a per-patient alert (<see cref="AlertMonitor.PatientKind"/>), the patient's pseudonym
/// (<see cref="BreachRiskPatient.Pseudonym"/>): never the subject, never anything identifiable.</param>
/// <param name="Acknowledged">Who acknowledged this raise of the alert, and when; null until someone does. A cleared and
/// raised-again alert is a new raise and starts unacknowledged.</param>
public sealed record AlertEvent(string Id, string Kind, string Unit, string Figure, string Message, string Severity, string State, double? Value, DateTimeOffset At,
    string? Patient = null, AlertAcknowledgement? Acknowledged = null);

/// <summary>A named person's acknowledgement of an active alert: they have seen it and someone is on it.</summary>
public sealed record AlertAcknowledgement(string By, DateTimeOffset At, string? Note);

/// <summary>
/// Evaluates the alert rules against each new set of snapshots and reports each crossing exactly once:
/// one "raised" when a figure breaches, one "cleared" when it has recovered past the clear threshold or gone blank (no
/// ambulance waiting any more means no handover wait, and an alert about one must not outlive it). A unit missing from
/// the snapshots (not live: replaying or cut off) leaves its alerts as they are. Also raises one alert per unit whose feed
/// has gone silent (<see cref="FeedStatus"/>), cleared when it is live again. Pure and single-threaded.
/// </summary>
public sealed class AlertMonitor
{
    /// <summary>The kind of a threshold alert.</summary>
    public const string ThresholdKind = "threshold";

    /// <summary>The kind of a silent-feed alert.</summary>
    public const string FeedKind = "feed";

    /// <summary>The kind of a per-patient breach alert: one patient 12 hours or more in department, or since the decision to admit.</summary>
    public const string PatientKind = "patient";

    /// <summary>The figures a per-patient alert can be about (METRICS.md): from arrival, and from the decision to admit.</summary>
    public static readonly IReadOnlyList<string> PatientFigures = ["over12Hours", "over12HoursSinceDecision"];

    private const int TwelveHoursInMinutes = 12 * 60;

    private readonly IReadOnlyList<AlertRule> _rules;
    private readonly Dictionary<string, AlertEvent> _active = new(StringComparer.Ordinal);

    public AlertMonitor(IReadOnlyList<AlertRule> rules)
    {
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
    }

    public IReadOnlyList<AlertRule> Rules => _rules;

    /// <summary>Alerts raised and not yet cleared.</summary>
    public IReadOnlyCollection<AlertEvent> Active => _active.Values;

    /// <summary>The id of the silent-feed alert of a unit.</summary>
    public static string FeedAlertId(string unit) => "feed-silent-" + unit;

    /// <summary>The id of one patient's breach alert: the unit, the figure and the pseudonym — never the subject.</summary>
    public static string PatientAlertId(string unit, string figure, string patient) => $"patient-{figure}-{unit}-{patient}";

    /// <summary>
    /// Evaluates the rules and silent feeds; with <paramref name="breachLists"/> (each live department's
    /// <see cref="BreachRiskList"/>) also raises one alert per patient 12 hours or more in department and one per patient
    /// waiting 12 hours or more since the decision to admit — a second patient crossing 12 hours raises its own alert, where
    /// a count rule would stay raised for the first — cleared when the patient leaves the list (departed). A department
    /// without a list (not live) keeps its patient alerts as they are.
    /// </summary>
    public IReadOnlyList<AlertEvent> Evaluate(IReadOnlyDictionary<string, UnitSnapshot> snapshots, DateTimeOffset now,
        IReadOnlyDictionary<string, BreachRiskList>? breachLists = null)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        List<AlertEvent>? changes = null;
        foreach (var rule in _rules)
        {
            if (!snapshots.TryGetValue(rule.Unit, out var snapshot))
            {
                continue;
            }

            var value = FigureReader.Read(snapshot, rule.Figure);
            var active = _active.ContainsKey(rule.Id);
            if (!active && value is { } breaching && rule.Breaches(breaching))
            {
                var raised = new AlertEvent(rule.Id, ThresholdKind, rule.Unit, rule.Figure, rule.Message, rule.Severity, "raised", value, now);
                _active[rule.Id] = raised;
                (changes ??= []).Add(raised);
            }
            else if (active && (value is not { } current || rule.Recovered(current)))
            {
                _active.Remove(rule.Id);
                (changes ??= []).Add(new AlertEvent(rule.Id, ThresholdKind, rule.Unit, rule.Figure, rule.Message, rule.Severity, "cleared", value, now));
            }
        }

        foreach (var snapshot in snapshots.Values)
        {
            if (snapshot.Feed is not { } feed)
            {
                continue;
            }

            var id = FeedAlertId(snapshot.Unit);
            var active = _active.ContainsKey(id);
            if (!active && feed.IsSilent)
            {
                var since = feed.LastEventAt is { } last ? $"since {last:yyyy-MM-dd HH:mm} UTC" : "within the replay horizon";
                var raised = new AlertEvent(id, FeedKind, snapshot.Unit, "feed",
                    $"No events from {snapshot.Name} {since} (about {feed.ExpectedSince:0} were expected): its figures may be out of date; check the feed",
                    "critical", "raised", feed.ExpectedSince, now);
                _active[id] = raised;
                (changes ??= []).Add(raised);
            }
            else if (active && feed.Status == FeedStatus.Live)
            {
                var raised = _active[id];
                _active.Remove(id);
                (changes ??= []).Add(raised with { State = "cleared", Value = feed.ExpectedSince, At = now, Message = $"Events from {snapshot.Name} are arriving again" });
            }
        }

        foreach (var (unit, list) in breachLists ?? new Dictionary<string, BreachRiskList>())
        {
            if (snapshots.TryGetValue(unit, out var snapshot))
            {
                EvaluatePatients(snapshot, list, now, ref changes);
            }
        }

        return changes ?? (IReadOnlyList<AlertEvent>)[];
    }

    private void EvaluatePatients(UnitSnapshot snapshot, BreachRiskList list, DateTimeOffset now, ref List<AlertEvent>? changes)
    {
        var breaching = new HashSet<string>(StringComparer.Ordinal);
        foreach (var patient in list.Patients)
        {
            if (patient.Over12Hours)
            {
                Raise(PatientFigures[0], patient, patient.MinutesInDepartment,
                    $"Patient {patient.Patient} has been in {snapshot.Name} 12 hours or more", ref changes);
            }

            if (patient.MinutesSinceDecision is >= TwelveHoursInMinutes and var sinceDecision)
            {
                Raise(PatientFigures[1], patient, sinceDecision,
                    $"Patient {patient.Patient} has waited 12 hours or more for a bed since the decision to admit", ref changes);
            }
        }

        foreach (var alert in _active.Values.Where(a => a.Kind == PatientKind && a.Unit == snapshot.Unit && !breaching.Contains(a.Id)).ToList())
        {
            _active.Remove(alert.Id);
            (changes ??= []).Add(alert with { State = "cleared", At = now, Acknowledged = null, Message = $"Patient {alert.Patient} is no longer in breach (left {snapshot.Name} or was admitted)" });
        }

        void Raise(string figure, BreachRiskPatient patient, int minutes, string message, ref List<AlertEvent>? changes)
        {
            var id = PatientAlertId(snapshot.Unit, figure, patient.Patient);
            breaching.Add(id);
            if (!_active.ContainsKey(id))
            {
                var raised = new AlertEvent(id, PatientKind, snapshot.Unit, figure, message, "critical", "raised", minutes, now, patient.Patient);
                _active[id] = raised;
                (changes ??= []).Add(raised);
            }
        }
    }

    /// <summary>
    /// How much later than an acknowledgement the alert it covers may have been raised here. Every node evaluates the
    /// alerts itself, so the raise an acknowledgement made on another node was about was raised here within a tick or two
    /// of it; a raise later than this is a new one, which nobody has acknowledged yet.
    /// </summary>
    public static readonly TimeSpan AcknowledgementGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records <paramref name="acknowledgement"/> on the active alert <paramref name="id"/> (replacing an earlier one);
    /// returns the alert as it now stands, or null when no such alert is active or the active one was raised more than
    /// <see cref="AcknowledgementGrace"/> after the acknowledgement (a later raise: the acknowledgement does not cover it).
    /// </summary>
    public AlertEvent? Acknowledge(string id, AlertAcknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        if (!_active.TryGetValue(id, out var alert) || alert.At > acknowledgement.At + AcknowledgementGrace)
        {
            return null;
        }

        var acknowledged = alert with { Acknowledged = acknowledgement };
        _active[id] = acknowledged;
        return acknowledged;
    }

    /// <summary>Forgets alerts (e.g. every unit's state was dropped).</summary>
    public void Reset() => _active.Clear();

    /// <summary>
    /// Takes back alerts that were active when the process last stopped (persisted by the host), keeping the time each
    /// was raised: a figure still in breach after a restart is the same alert, not a new one, so it is not announced again;
    /// one that recovered meanwhile is cleared by the next <see cref="Evaluate"/> as usual. An alert whose rule is gone or
    /// now watches another unit or figure is not taken back. Returns the alerts restored.
    /// </summary>
    public IReadOnlyList<AlertEvent> Restore(IEnumerable<AlertEvent> active)
    {
        ArgumentNullException.ThrowIfNull(active);
        var restored = new List<AlertEvent>();
        foreach (var alert in active)
        {
            var known = alert.Kind switch
            {
                FeedKind => alert.Id == FeedAlertId(alert.Unit),
                PatientKind => alert.Patient is { } patient && alert.Id == PatientAlertId(alert.Unit, alert.Figure, patient),
                _ => _rules.Any(r => r.Id == alert.Id && r.Unit == alert.Unit && r.Figure == alert.Figure),
            };
            if (alert is { State: "raised" } && known && _active.TryAdd(alert.Id, alert))
            {
                restored.Add(alert);
            }
        }

        return restored;
    }
}
