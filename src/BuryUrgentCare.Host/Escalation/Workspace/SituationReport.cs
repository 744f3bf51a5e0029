using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>The situation report for the call: the figures at that minute, what was declared, what is being done.</summary>
/// <param name="At">The minute the report was made.</param>
/// <param name="Figures">The system's OPEL at that minute (<see cref="FiguresAtTheTime"/>).</param>
/// <param name="Completeness">The level and its completeness in words (<see cref="OpelWords.Completeness"/>).</param>
/// <param name="Deflection">Demand the Green Car and the IVCH kept from A&amp;E today.</param>
/// <param name="Declared">The level declared by the call, if any.</param>
/// <param name="Units">Each unit, live or not, and its feed.</param>
/// <param name="ActiveAlerts">Alerts active at that minute, with any acknowledgement.</param>
/// <param name="Actions">The open actions, then those done or cancelled.</param>
public sealed record Sitrep(DateTimeOffset At, FiguresAtTheTime Figures, string Completeness, Deflection? Deflection, DeclaredLevel? Declared,
    IReadOnlyList<SitrepUnit> Units, IReadOnlyList<AlertEvent> ActiveAlerts, IReadOnlyList<EscalationAction> Actions)
{
    public static Sitrep Now(EscalationWorkspace workspace, EscalationMonitor escalation, SnapshotStore snapshots)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(snapshots);
        var state = workspace.State();
        var system = escalation.Latest;
        var figures = FiguresAtTheTime.Of(system);
        return new Sitrep(state.AsOf, figures, OpelWords.Completeness(figures.CalculatedLevel, figures.Missing, figures.Stale), system?.DeflectionToday,
            state.Declared,
            [.. snapshots.All().Select(s => new SitrepUnit(s.Unit, s.Name, s.Liveness?.IsLive ?? true, s.Liveness?.Reason, s.Feed?.Status ?? "live"))],
            system?.ActiveAlerts ?? [],
            [.. state.Actions.OrderBy(a => a.Status == ActionStatus.Open ? 0 : 1).ThenBy(a => a.Due)]);
    }
}

/// <summary>One unit in a <see cref="Sitrep"/>.</summary>
public sealed record SitrepUnit(string Unit, string Name, bool Live, string? NotLiveBecause, string Feed);

/// <summary>The OPEL level said in words, with what it lacks — never a bare number that hides missing inputs.</summary>
public static class OpelWords
{
    /// <summary>"OPEL 2 — complete: every parameter has current data", or "OPEL 2 — incomplete: no data for X; stale: Y".</summary>
    public static string Completeness(int? level, IReadOnlyList<string> missing, IReadOnlyList<string> stale)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(stale);
        var head = level is { } l ? $"OPEL {l}" : "OPEL not calculated";
        if (missing.Count == 0 && stale.Count == 0)
        {
            return level is null ? head + " — no figures yet" : head + " — complete: every parameter has current data";
        }

        var parts = new List<string>(2);
        if (missing.Count > 0) parts.Add("no data for " + string.Join(", ", missing));
        if (stale.Count > 0) parts.Add("stale: " + string.Join(", ", stale));
        return $"{head} — incomplete: {string.Join("; ", parts)}";
    }
}

/// <summary><c>GET /api/escalation/sitrep</c> (JSON) and <c>/escalation/sitrep</c>: the same report as a printable page, no script.</summary>
public static class SituationReport
{
    public static Ok<Sitrep> Get(EscalationWorkspace workspace, EscalationMonitor escalation, SnapshotStore snapshots) =>
        TypedResults.Ok(Sitrep.Now(workspace, escalation, snapshots));

    public static ContentHttpResult Page(EscalationWorkspace workspace, EscalationMonitor escalation, SnapshotStore snapshots, Access.AccessMode access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var html = Html(Sitrep.Now(workspace, escalation, snapshots));
        return TypedResults.Text(access.DevelopmentSignIn ? Access.DevelopmentBanner.Insert(html) : html, "text/html; charset=utf-8");
    }

    /// <summary>"; calculated OPEL 3 since 10:05, announced at 10:20 if it holds", or nothing when no change is pending.</summary>
    private static string PendingText(PendingLevel? pending) => pending is { } p
        ? $"; calculated OPEL {p.Level} since {Local(p.Since, "HH:mm")}, announced at {Local(p.TakesEffectAt, "HH:mm")} if it holds"
        : "";

    /// <summary>The report as one HTML page, every value encoded; times in Europe/London.</summary>
    public static string Html(Sitrep report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(8_192);
        var minute = Local(report.At, "ddd d MMM yyyy HH:mm");
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Situation report {E(minute)} — Bury Urgent Care</title>
              <link rel="icon" href="data:,">
              <link rel="stylesheet" href="/css/report.css">
              <link rel="stylesheet" href="/css/escalation.css">
            </head>
            <body class="sitrep" data-at="{E(report.At.ToString("o", CultureInfo.InvariantCulture))}">
              <header class="report-header">
                <div>
                  <h1>Situation report — Bury urgent care</h1>
                  <p class="report-sub">Figures at <time id="sitrep-at" datetime="{E(report.At.ToString("o", CultureInfo.InvariantCulture))}">{E(minute)}</time> (UK time). Print this page for the call's record.</p>
                </div>
                <nav class="no-print" aria-label="Pages"><a href="/escalation">Escalation workspace</a></nav>
              </header>
              <main class="sitrep-body">
              <section aria-labelledby="sitrep-opel"><h2 id="sitrep-opel">OPEL</h2>
                <p id="sitrep-calculated" data-level="{report.Figures.CalculatedLevel?.ToString(CultureInfo.InvariantCulture) ?? "none"}"><b>Calculated:</b> {E(report.Completeness)}{(report.Figures.Score is { } score ? $" (score {score:0} / 100)" : "")}</p>
                <p id="sitrep-announced"><b>Announced after the hold time:</b> {(report.Figures.AnnouncedLevel is { } announced ? $"OPEL {announced}" : "none yet")}{E(PendingText(report.Figures.Pending))}</p>
                <p id="sitrep-declared" data-level="{report.Declared?.Level.ToString(CultureInfo.InvariantCulture) ?? "none"}"><b>Declared by the call:</b> {(report.Declared is { } d ? $"OPEL {d.Level}, by {E(d.DeclaredBy)} at {E(Local(d.At, "HH:mm ddd d MMM"))}{(d.Reason is { } r ? " — " + E(r) : "")}" : "no level declared")}</p>
            """);
        html.Append("""<div class="sitrep-scroll"><table id="sitrep-parameters"><caption>Why this level: each parameter at that minute</caption><thead><tr><th scope="col">Parameter</th><th scope="col">Unit</th><th scope="col">Value</th><th scope="col">Band</th></tr></thead><tbody>""");
        foreach (var p in report.Figures.Parameters)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<tr data-figure="{E(p.Figure)}"><th scope="row">{E(p.Name)}</th><td>{E(p.Unit)}</td><td class="num">{(p.Value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "no data")}</td><td>{(p.Band is { } b ? b.ToString(CultureInfo.InvariantCulture) : "—")}</td></tr>""");
        }

        html.Append("</tbody></table></div></section>");
        var deflection = report.Deflection is { Total: { } total } dt
            ? $"{total} (Green Car {dt.GreenCarEdAvoided ?? 0}, IVCH {dt.IvchEdAvoided ?? 0})"
            : "no data";
        html.Append(CultureInfo.InvariantCulture, $"""<section aria-labelledby="sitrep-units-title"><h2 id="sitrep-units-title">Services</h2><p id="sitrep-deflection"><b>Kept from A&amp;E today:</b> {E(deflection)}</p><ul id="sitrep-units">""");
        foreach (var unit in report.Units)
        {
            var state = unit.Live ? "live" : "NOT LIVE: " + (unit.NotLiveBecause ?? "no worker holds it");
            var feed = unit.Feed == "live" ? "" : $"; feed {unit.Feed}";
            html.Append(CultureInfo.InvariantCulture, $"""<li data-unit="{E(unit.Unit)}">{E(unit.Name)} ({E(unit.Unit)}): {E(state + feed)}</li>""");
        }

        html.Append(CultureInfo.InvariantCulture, $"""</ul></section><section aria-labelledby="sitrep-alerts-title"><h2 id="sitrep-alerts-title">Active alerts ({report.ActiveAlerts.Count})</h2><ul id="sitrep-alerts">""");
        foreach (var alert in report.ActiveAlerts)
        {
            var ack = alert.Acknowledged is { } a ? $" — acknowledged by {a.By} at {Local(a.At, "HH:mm")}{(a.Note is { } n ? ": " + n : "")}" : " — not acknowledged";
            html.Append(CultureInfo.InvariantCulture, $"""<li data-alert-id="{E(alert.Id)}">{E(alert.Severity.ToUpperInvariant())}: {E(alert.Message)}, since {E(Local(alert.At, "HH:mm"))}{E(ack)}</li>""");
        }

        html.Append("""</ul></section><section aria-labelledby="sitrep-actions-title"><h2 id="sitrep-actions-title">Action log</h2><div class="sitrep-scroll"><table id="sitrep-actions"><thead><tr><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Added</th></tr></thead><tbody>""");
        foreach (var action in report.Actions)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<tr data-action-id="{action.Id}" data-status="{E(action.Status)}"><td>OPEL {action.Level}: {E(action.Text)}</td><td>{E(action.Owner)}</td><td>{E(Local(action.Due, "HH:mm ddd"))}</td><td>{E(action.Status)}</td><td>{E(action.CreatedBy)}, {E(Local(action.CreatedAt, "HH:mm"))} (OPEL then {(action.Figures.CalculatedLevel is { } l ? l.ToString(CultureInfo.InvariantCulture) : "—")})</td></tr>""");
        }

        html.Append("</tbody></table></div></section></main></body></html>\n");
        return html.ToString();
    }

    private static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    private static string Local(DateTimeOffset at, string format) =>
        TimeZoneInfo.ConvertTime(at, ServiceCalendar.London).ToString(format, CultureInfo.InvariantCulture);
}
