using System.ComponentModel.DataAnnotations;
using BuryUrgentCare.Escalation;

namespace BuryUrgentCare.Escalation;

/// <summary>OPEL and threshold alerts (configuration section <c>Escalation</c>).</summary>
public sealed class EscalationOptions
{
    public const string Section = "Escalation";

    /// <summary>
    /// The OPEL profile file, relative to the application directory or absolute. Default: the shipped
    /// local-default profile <c>Escalation/opel-profile.json</c>. Validated at start-up: an invalid
    /// profile stops the host with a message listing every problem.
    /// </summary>
    [Required]
    public string OpelProfilePath { get; set; } = Path.Combine("Escalation", "opel-profile.json");

    /// <summary>
    /// How long the calculated OPEL level must stay above the announced one before the announcement moves up. Default
    /// 15 minutes: pressure is called quickly, a one-minute spike is not.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long the calculated level must stay below the announced one before the announcement moves down. Default
    /// 60 minutes: a quiet quarter-hour is not the end of a surge, and stepping down and up again every hour is flapping.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DeescalateAfter { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Threshold alert rules (see appsettings.json for the defaults).</summary>
    public List<AlertRule> Alerts { get; set; } = [];

    /// <summary>How many raised/cleared alerts <c>GET /api/alerts</c> keeps as recent history. Default 200.</summary>
    [Range(1, 10_000)]
    public int RecentAlerts { get; set; } = 200;

    /// <summary>
    /// Where the announced OPEL level and the active alerts are kept over a restart (<see cref="EscalationStateFile"/>),
    /// relative to the content root or absolute. Default <c>data/escalation-state.json</c>; empty turns keeping off (every
    /// restart then announces standing alerts again).
    /// </summary>
    public string StatePath { get; set; } = Path.Combine("data", "escalation-state.json");

    public string ResolveProfilePath(string baseDirectory) =>
        Path.IsPathRooted(OpelProfilePath) ? OpelProfilePath : Path.Combine(baseDirectory, OpelProfilePath);
}
