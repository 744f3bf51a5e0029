using System.Threading.Channels;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Escalation;

/// <summary>
/// Evaluates OPEL and the threshold alerts each time unit figures are published (on the consumer
/// thread), keeps the latest <see cref="SystemSnapshot"/> and the recent alerts for the API, and hands
/// changes to the broadcaster through a channel.
/// </summary>
public sealed partial class EscalationMonitor
{
    private readonly OpelEvaluator _opel;
    private readonly LevelHysteresis _hysteresis;
    private readonly AlertMonitor _alerts;
    private readonly int _recentCapacity;
    private readonly LinkedList<AlertEvent> _recent = new();
    private readonly Lock _recentLock = new();
    private readonly Channel<AlertEvent> _alertChanges = Channel.CreateUnbounded<AlertEvent>(new() { SingleReader = true });
    private readonly Channel<SystemSnapshot> _systemChanges = Channel.CreateBounded<SystemSnapshot>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly ILogger<EscalationMonitor> _logger;
    private readonly EscalationStateFile? _state;
    private readonly Lock _alertsLock = new(); // the consumer loop evaluates, HTTP requests acknowledge
    private SystemSnapshot? _latest;

    /// <param name="profile">The OPEL profile.</param>
    /// <param name="options">Hold time, alert rules, how many recent alerts to keep.</param>
    /// <param name="logger">Announcements and alert changes.</param>
    /// <param name="state">Where the announced level and active alerts are kept over a restart; null keeps nothing.</param>
    public EscalationMonitor(OpelProfile profile, IOptions<EscalationOptions> options, ILogger<EscalationMonitor> logger, EscalationStateFile? state = null)
    {
        _opel = new OpelEvaluator(profile);
        _hysteresis = new LevelHysteresis(options.Value.EscalateAfter, options.Value.DeescalateAfter);
        _alerts = new AlertMonitor(options.Value.Alerts);
        _recentCapacity = options.Value.RecentAlerts;
        _logger = logger;
        _state = state;
        if (state?.Load() is { } saved)
        {
            Restore(saved);
        }
    }

    public SystemSnapshot? Latest => Volatile.Read(ref _latest);

    public ChannelReader<AlertEvent> AlertChanges => _alertChanges.Reader;

    public ChannelReader<SystemSnapshot> SystemChanges => _systemChanges.Reader;

    public IReadOnlyCollection<AlertEvent> ActiveAlerts => Latest?.ActiveAlerts ?? [];

    public IReadOnlyList<AlertEvent> RecentAlerts()
    {
        lock (_recentLock)
        {
            return [.. _recent];
        }
    }

    /// <summary>
    /// Called by the processing loop with every live unit's latest snapshot and, for per-patient breach alerts, every
    /// live department's breach-risk list (<see cref="AlertMonitor.Evaluate"/>).
    /// </summary>
    public void Evaluate(IReadOnlyList<UnitSnapshot> units, DateTimeOffset now, IReadOnlyDictionary<string, BreachRiskList>? breachLists = null)
    {
        var byUnit = units.ToDictionary(u => u.Unit, StringComparer.Ordinal);
        var assessment = _opel.Evaluate(byUnit);
        var holdVersion = _hysteresis.Version;
        var announced = _hysteresis.Observe(assessment.Level, now);
        var published = new List<AlertEvent>();
        if (announced is { } level)
        {
            LogOpelAnnounced(_logger, level, assessment.Score, _hysteresis.EscalateAfter, _hysteresis.DeescalateAfter);
            published.Add(Record(new AlertEvent("opel-level", "opel", "BURY", "opel", $"System OPEL level {level}", level >= 3 ? "critical" : "info", "announced", level, now)));
        }

        lock (_alertsLock)
        {
            var changes = _alerts.Evaluate(byUnit, now, breachLists);
            foreach (var change in changes)
            {
                LogAlert(_logger, change.State, change.Id, change.Unit, change.Figure, change.Value);
                published.Add(Record(change));
            }

            var snapshot = new SystemSnapshot(
                now,
                Deflection.Today(units),
                new OpelStatus(assessment.Level, _hysteresis.Announced, assessment.Score, assessment.Profile, assessment.ProfileVersion, assessment.Parameters)
                {
                    Pending = _hysteresis.Pending,
                    EscalateAfter = _hysteresis.EscalateAfter,
                    DeescalateAfter = _hysteresis.DeescalateAfter,
                    Title = assessment.Title,
                    NotMeasured = assessment.NotMeasured,
                },
                [.. _alerts.Active]);
            Volatile.Write(ref _latest, snapshot);

            // Pushed once the snapshot holds them: a page told of an alert finds it in GET /api/alerts.
            foreach (var change in published)
            {
                _alertChanges.Writer.TryWrite(change);
            }

            _systemChanges.Writer.TryWrite(snapshot);
            if (_hysteresis.Version != holdVersion || changes.Count > 0)
            {
                SaveState();
            }
        }
    }

    /// <summary>
    /// A named person acknowledges the active alert <paramref name="id"/>: kept on the alert (and over a restart), pushed
    /// to every page at once with the system figures. Returns the alert as acknowledged, or null when it is not active
    /// (cleared meanwhile, or never raised).
    /// </summary>
    public AlertEvent? Acknowledge(string id, AlertAcknowledgement acknowledgement)
    {
        lock (_alertsLock)
        {
            if (_alerts.Acknowledge(id, acknowledgement) is not { } acknowledged)
            {
                return null;
            }

            SaveState();
            _alertChanges.Writer.TryWrite(acknowledged);
            if (Latest is { } latest)
            {
                var snapshot = latest with { ActiveAlerts = [.. _alerts.Active] };
                Volatile.Write(ref _latest, snapshot);
                _systemChanges.Writer.TryWrite(snapshot);
            }

            return acknowledged;
        }
    }

    private void SaveState() => _state?.Save(new EscalationState(_hysteresis.Announced, [.. _alerts.Active], RecentAlerts(), _hysteresis.State));

    /// <summary>Takes back what was announced before a restart: nothing in it is announced again.</summary>
    private void Restore(EscalationState saved)
    {
        if (saved.Hold is { Announced: >= 1 and <= 4 } hold)
        {
            _hysteresis.Restore(hold);
        }
        else if (saved.AnnouncedLevel is >= 1 and <= 4 and var level)
        {
            _hysteresis.Restore(level);
        }

        var restored = _alerts.Restore(saved.Active ?? []);
        lock (_recentLock)
        {
            foreach (var change in (saved.Recent ?? []).Take(_recentCapacity))
            {
                _recent.AddLast(change);
            }
        }

        LogRestored(_logger, saved.AnnouncedLevel, restored.Count, _state!.Path);
    }

    /// <summary>Keeps <paramref name="change"/> among the recent alerts; the caller pushes it once the snapshot holds it.</summary>
    private AlertEvent Record(AlertEvent change)
    {
        lock (_recentLock)
        {
            _recent.AddFirst(change);
            while (_recent.Count > _recentCapacity)
            {
                _recent.RemoveLast();
            }
        }

        return change;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OPEL level {Level} announced (score {Score:0.0}; held {EscalateAfter} up, {DeescalateAfter} down)")]
    private static partial void LogOpelAnnounced(ILogger logger, int level, double? score, TimeSpan escalateAfter, TimeSpan deescalateAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation state restored from {Path}: OPEL level {Level} announced, {Alerts} alerts active")]
    private static partial void LogRestored(ILogger logger, int? level, int alerts, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {State}: {AlertId} on {Unit} {Figure} = {Value}")]
    private static partial void LogAlert(ILogger logger, string state, string alertId, string unit, string figure, double? value);
}

/// <summary>Start-up validation of the escalation configuration: the profile file and every alert rule.</summary>
internal sealed class EscalationOptionsValidator(UnitCatalog units, IHostEnvironment environment) : IValidateOptions<EscalationOptions>
{
    public ValidateOptionsResult Validate(string? name, EscalationOptions options)
    {
        var problems = new List<string>();
        try
        {
            EscalationExtensions.LoadProfile(options, units, environment);
        }
        catch (OpelProfileException ex)
        {
            problems.Add(ex.Message);
        }

        foreach (var rule in options.Alerts)
        {
            problems.AddRange(rule.Validate().Select(p => "Escalation:Alerts: " + p));
            if (!units.TryGetIndex(rule.Unit, out var unit))
            {
                problems.Add($"Escalation:Alerts: {rule.Id}: unit '{rule.Unit}' is not configured");
            }
        }

        foreach (var duplicate in options.Alerts.GroupBy(r => r.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"Escalation:Alerts: id '{duplicate.Key}' is used twice");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
