using System.Net.Http.Json;
using BuryUrgentCare.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// The escalation workspace, /escalation, in headless Chromium against the real host: live figures with OPEL completeness in
/// words, a change made in one open workspace seen in another without a reload, alert acknowledgement shown on the overview,
/// and the printable situation report with the figures of that minute.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class EscalationPageTests(KafkaTestCluster kafka, ITestOutputHelper output) : PageTest(kafka)
{
    private const string Live = "body[data-state='live'][data-connection='connected']";

    private async Task<IPage> OpenWorkspaceAsync(string name)
    {
        var page = await OpenAsync("/escalation");
        await page.WaitForSelectorAsync(Live, new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        await page.WaitForSelectorAsync("#levels[data-state='live']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        await page.FillAsync("#user-name", name);
        return page;
    }

    [Fact]
    public async Task ActionAddedAndDeclarationMadeInOneWorkspace_AppearInAnotherWithoutReload()
    {
        var chair = await OpenWorkspaceAsync("Ben Chair");
        var site = await OpenWorkspaceAsync("Cy Site");

        // The calculated level says in words what it lacks (H18): nothing has arrived, so no parameter has data.
        await Assertions.Expect(chair.Locator("#opel-completeness")).ToContainTextAsync("OPEL not calculated — incomplete: no data for", new() { Timeout = Timeout });
        (await chair.Locator("#opel-completeness").GetAttributeAsync("data-completeness")).ShouldBe("incomplete");
        (await chair.Locator("#reasons tr").CountAsync()).ShouldBe(8);
        // And what it measures (H24), as the overview says.
        await Assertions.Expect(chair.Locator("#calculated-facts")).ToContainTextAsync("FGH acute OPEL (local profile), does not measure");

        await chair.SelectOptionAsync("#card-level", "3");
        await Assertions.Expect(chair.Locator("#card-title")).ToHaveTextAsync("OPEL 3: Major pressure");
        await chair.FillAsync("#action-owner", "Site manager");
        await chair.ClickAsync("button[aria-label='Add to log: Open escalation beds']");

        var logged = site.Locator("#action-log li[data-status='open']");
        await Assertions.Expect(logged).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(logged).ToContainTextAsync("OPEL 3: Open escalation beds");
        await Assertions.Expect(logged).ToContainTextAsync("Owner: Site manager");
        await Assertions.Expect(logged).ToContainTextAsync("Added by Ben Chair");

        // The other workspace marks it done; the first sees it, in words.
        await site.ClickAsync("#action-log button[data-status='done']");
        var done = chair.Locator("#action-log li[data-status='done']");
        await Assertions.Expect(done).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(done).ToContainTextAsync("Done");
        await Assertions.Expect(done).ToContainTextAsync("changed by Cy Site");

        await chair.SelectOptionAsync("#declare-level", "3");
        await chair.FillAsync("#declare-reason", "handovers over an hour");
        await chair.ClickAsync("#declare-form button[type='submit']");
        await Assertions.Expect(site.Locator("#declared")).ToHaveAttributeAsync("data-level", "3", new() { Timeout = Timeout });
        await Assertions.Expect(site.Locator("#declared-by")).ToContainTextAsync("Declared by Ben Chair");
        await Assertions.Expect(site.Locator("#declared-by")).ToContainTextAsync("handovers over an hour");

        // A change without a name is refused on the page, in words, and nothing is sent.
        await site.FillAsync("#user-name", "");
        await site.ClickAsync("#declare-form button[type='submit']");
        await Assertions.Expect(site.Locator("#form-status")).ToContainTextAsync("Type your name");

        (await PageChecks.SeriousAccessibilityViolationsAsync(chair)).ShouldBeEmpty();
        await PageChecks.ScreenshotsAsync(chair, "escalation", output);
    }

    [Fact]
    public async Task PatientBreachAlert_AcknowledgedInTheWorkspace_ShowsWhoOnTheOverviewWithoutReload()
    {
        await ProduceAsync(TestEvents.AeArrived("ack-long", DateTimeOffset.UtcNow.AddHours(-13)));
        var workspace = await OpenWorkspaceAsync("Cy Site");
        var overview = await OpenAsync("/");
        await overview.WaitForSelectorAsync(Live, new() { Timeout = Timeout, State = WaitForSelectorState.Attached });

        var alert = workspace.Locator("#alerts li[data-alert-id^='patient-over12Hours-FGH-ED-']");
        await Assertions.Expect(alert).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(alert).ToHaveAttributeAsync("data-acknowledged", "false");
        await alert.Locator("input").FillAsync("bed requested");
        await alert.Locator("button").ClickAsync();

        await Assertions.Expect(alert).ToHaveAttributeAsync("data-acknowledged", "true", new() { Timeout = Timeout });
        var shown = overview.Locator("#alerts li[data-alert-id^='patient-over12Hours-FGH-ED-']");
        await Assertions.Expect(shown).ToHaveAttributeAsync("data-acknowledged", "true", new() { Timeout = Timeout });
        await Assertions.Expect(shown).ToContainTextAsync("Acknowledged by Cy Site");
        await Assertions.Expect(shown).ToContainTextAsync("bed requested");
        (await overview.ContentAsync()).ShouldNotContain("ack-long", Case.Sensitive, "the patient is named by pseudonym only");
        // The overview says in words what the level lacks (H18): one patient gives one parameter data, not all of them.
        await Assertions.Expect(overview.Locator("#opel-completeness")).ToHaveAttributeAsync("data-completeness", "incomplete", new() { Timeout = Timeout });
        await Assertions.Expect(overview.Locator("#opel-completeness")).ToContainTextAsync("— incomplete: no data for Mean ambulance handover (min)");
        await Assertions.Expect(overview.Locator("#opel-profile")).ToContainTextAsync("FGH acute OPEL (local profile): profile");

        await PageChecks.ScreenshotsAsync(workspace, "escalation-acknowledged", output);
    }

    [Fact]
    public async Task SituationReport_ShowsTheFiguresAtThatMinute_AndPrints()
    {
        using var http = Host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/api/system")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "system figures computed");
        (await http.PostAsJsonAsync("/api/escalation/declarations", new { level = 2, declaredBy = "Ben Chair", reason = "ambulance queue" })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/escalation/actions",
            new { level = 2, text = "Ask NWAS to send suitable calls to the Green Car", owner = "Dee Ops", due = DateTimeOffset.UtcNow.AddHours(1), createdBy = "Ben Chair" })).EnsureSuccessStatusCode();
        var system = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/system");

        var workspace = await OpenWorkspaceAsync("Ben Chair");
        await workspace.ClickAsync("#sitrep-link");
        await workspace.WaitForURLAsync("**/escalation/sitrep");

        await Assertions.Expect(workspace.Locator("#sitrep-calculated")).ToContainTextAsync("OPEL");
        await Assertions.Expect(workspace.Locator("#sitrep-calculated")).ToContainTextAsync("incomplete: no data for");
        await Assertions.Expect(workspace.Locator("#sitrep-declared")).ToContainTextAsync("OPEL 2, by Ben Chair");
        await Assertions.Expect(workspace.Locator("#sitrep-parameters tbody tr")).ToHaveCountAsync(system.GetProperty("opel").GetProperty("parameters").GetArrayLength());
        await Assertions.Expect(workspace.Locator("#sitrep-actions tbody tr[data-status='open']")).ToContainTextAsync("Ask NWAS to send suitable calls to the Green Car");
        await Assertions.Expect(workspace.Locator("#sitrep-units li")).ToHaveCountAsync(4);
        (await workspace.Locator("script").CountAsync()).ShouldBe(0, "the report runs no script");

        // Printed: the page's links go, the figures stay; Chromium's print to PDF gives a document.
        await workspace.EmulateMediaAsync(new() { Media = Media.Print });
        (await workspace.IsHiddenAsync("nav.no-print")).ShouldBeTrue();
        (await workspace.IsVisibleAsync("#sitrep-parameters")).ShouldBeTrue();
        var pdf = await workspace.PdfAsync(new() { Format = "A4" });
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        await workspace.EmulateMediaAsync(new() { Media = Media.Screen });

        (await PageChecks.SeriousAccessibilityViolationsAsync(workspace)).ShouldBeEmpty();
        await PageChecks.ScreenshotsAsync(workspace, "escalation-sitrep", output);
    }
}
