namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>
/// The printed situation report says a level change that is waiting out its hold time, as the workspace does: a call
/// that prints at 10:10 must see that OPEL 3 has been calculated since 10:05 and will be announced at 10:20 if it holds,
/// not only the announced OPEL 2.
/// </summary>
public sealed class SituationReportTests
{
    // Winter (GMT), so UK time equals UTC.
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 10, 0, TimeSpan.Zero);

    [Fact]
    public void Html_ALevelChangeWaitingOutItsHold_IsSaidBesideTheAnnouncedLevel()
    {
        var figures = Figures(calculated: 3, announced: 2) with
        {
            Pending = new PendingLevel(3, At.AddMinutes(-5), At.AddMinutes(10)),
        };

        var html = SituationReport.Html(Report(figures));

        Announced(html).ShouldBe("<b>Announced after the hold time:</b> OPEL 2; calculated OPEL 3 since 10:05, announced at 10:20 if it holds");
    }

    [Fact]
    public void Html_NoChangePending_SaysTheAnnouncedLevelAlone()
    {
        var html = SituationReport.Html(Report(Figures(calculated: 2, announced: 2)));

        Announced(html).ShouldBe("<b>Announced after the hold time:</b> OPEL 2");
    }

    private static FiguresAtTheTime Figures(int calculated, int announced) =>
        new(At, calculated, announced, 55, [], [], [], 0);

    private static Sitrep Report(FiguresAtTheTime figures) =>
        new(At, figures, OpelWords.Completeness(figures.CalculatedLevel, [], []), null, null, [], [], []);

    private static string Announced(string html)
    {
        const string start = "<p id=\"sitrep-announced\">";
        var from = html.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return html[from..html.IndexOf("</p>", from, StringComparison.Ordinal)];
    }
}
