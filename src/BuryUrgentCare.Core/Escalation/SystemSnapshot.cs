using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>System-wide figures for the escalation call (METRICS.md, "System").</summary>
public sealed record SystemSnapshot(DateTimeOffset AsOf, Deflection DeflectionToday, OpelStatus Opel, IReadOnlyList<AlertEvent> ActiveAlerts);

/// <summary>The OPEL assessment now, and the level announced after hysteresis.</summary>
public sealed record OpelStatus(int? Level, int? AnnouncedLevel, double? Score, string Profile, string ProfileVersion, IReadOnlyList<OpelParameterAssessment> Parameters);
