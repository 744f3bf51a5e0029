using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>System-wide figures for the escalation call (METRICS.md, "System").</summary>
public sealed record SystemSnapshot(DateTimeOffset AsOf, Deflection DeflectionToday, OpelStatus Opel, IReadOnlyList<AlertEvent> ActiveAlerts);

/// <summary>The OPEL assessment now, and the level announced after hysteresis.</summary>
public sealed record OpelStatus(int? Level, int? AnnouncedLevel, double? Score, string Profile, string ProfileVersion, IReadOnlyList<OpelParameterAssessment> Parameters)
{
    /// <summary>Parameters with no data now (they scored nothing): the level is incomplete.</summary>
    public IReadOnlyList<string> Missing => OpelParameterAssessment.MissingOf(Parameters);

    /// <summary>Parameters scored from a unit whose feed has gone silent.</summary>
    public IReadOnlyList<string> Stale => OpelParameterAssessment.StaleOf(Parameters);

    /// <summary>Every parameter has current data.</summary>
    public bool Complete => Missing.Count == 0 && Stale.Count == 0;

    /// <summary>
    /// The change of the announced level being held back (<see cref="LevelHysteresis"/>): the calculated level and when it
    /// is announced if it stays. Null when the calculated level is the announced one.
    /// </summary>
    public PendingLevel? Pending { get; init; }

    /// <summary>What the announcement waits for, up and down: e.g. 15 and 60 minutes.</summary>
    public TimeSpan? EscalateAfter { get; init; }

    /// <inheritdoc cref="EscalateAfter"/>
    public TimeSpan? DeescalateAfter { get; init; }

    /// <summary>What the level measures, by name (hazard H24): "FGH acute OPEL (local profile)" unless every domain is configured.</summary>
    public string? Title { get; init; }

    /// <summary>The domains of the integrated OPEL framework the profile has no input from (hazard H24).</summary>
    public IReadOnlyList<string> NotMeasured { get; init; } = [];
}
