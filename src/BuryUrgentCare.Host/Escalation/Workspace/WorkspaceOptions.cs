using System.ComponentModel.DataAnnotations;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>The escalation workspace (configuration section <c>Escalation:Workspace</c>).</summary>
public sealed class WorkspaceOptions
{
    public const string Section = "Escalation:Workspace";

    /// <summary>
    /// The embedded SQLite file that keeps declared levels, the action log and alert acknowledgements, relative to the
    /// content root or absolute. Default <c>data/escalation-workspace.db</c>. Unlike the figures, none of this is in the
    /// event log: it is what people said and did, so it is kept, never rebuilt.
    /// </summary>
    [Required]
    public string StorePath { get; set; } = Path.Combine("data", "escalation-workspace.db");

    /// <summary>
    /// The action cards per OPEL level. Empty (the default) means <see cref="ActionCard.Defaults"/>: the NHS England OPEL
    /// framework's actions for an acute trust, abridged. A trust's own cards replace them all.
    /// </summary>
    public List<ActionCard> ActionCards { get; set; } = [];

    /// <summary>The longest action text, reason or note accepted, in characters. Default 500.</summary>
    [Range(20, 5_000)]
    public int MaxTextLength { get; set; } = 500;

    /// <summary>The longest name (declared by, owner, acknowledged by) accepted, in characters. Default 100.</summary>
    [Range(10, 500)]
    public int MaxNameLength { get; set; } = 100;

    /// <summary>How many actions and declarations the workspace shows, newest first. Default 200.</summary>
    [Range(1, 10_000)]
    public int ShowLatest { get; set; } = 200;

    /// <summary>The cards in force: the configured ones, or the defaults when none are configured.</summary>
    public IReadOnlyList<ActionCard> Cards => ActionCards.Count > 0 ? ActionCards : ActionCard.Defaults;
}

/// <summary>What the call is expected to consider at one OPEL level (e.g. OPEL 3: open escalation beds, GP streaming at the front door).</summary>
public sealed class ActionCard
{
    /// <summary>The OPEL level, 1–4.</summary>
    [Range(1, 4)]
    public int Level { get; set; }

    /// <summary>The card's heading, e.g. "Major pressure".</summary>
    [Required]
    public string Title { get; set; } = "";

    /// <summary>The actions, each a line a person can take on and be named against.</summary>
    public List<string> Actions { get; set; } = [];

    /// <summary>
    /// Abridged from the actions for an acute trust in NHS England's integrated OPEL framework 2024–26. A starting point for a trust to replace
    /// with its own escalation plan, not a clinical instruction.
    /// </summary>
    public static readonly IReadOnlyList<ActionCard> Defaults =
    [
        new() { Level = 1, Title = "Meeting demand", Actions =
        [
            "Usual bed meetings; confirm planned discharges and discharge-lounge use",
            "Check ambulance handovers are within 15 minutes",
            "Keep streaming to the UTC, Green Car and IVCH in use",
        ] },
        new() { Level = 2, Title = "Signs of pressure", Actions =
        [
            "Extra bed meeting; site manager reviews every ED patient over 4 hours",
            "Bring forward discharges; review patients medically fit for discharge",
            "Ask NWAS to send suitable calls to the Green Car",
            "Ask the IVCH to book more same-day GP appointments",
        ] },
        new() { Level = 3, Title = "Major pressure", Actions =
        [
            "Open escalation beds",
            "GP streaming at the front door",
            "Senior clinician reviews ambulance handovers over 30 minutes (release to respond at 45)",
            "Cancel non-urgent elective activity that needs a bed today",
            "Inform the system (ICB on-call) and neighbouring trusts",
        ] },
        new() { Level = 4, Title = "Extreme pressure", Actions =
        [
            "Executive on-call leads the response; consider a critical incident",
            "Full capacity protocol: board patients on wards",
            "Request mutual aid and ambulance diverts through the ICB",
            "Cancel all non-urgent elective activity",
        ] },
    ];
}
