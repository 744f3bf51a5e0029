using System.Net.Http.Json;
using BuryUrgentCare.Support;
using Microsoft.Playwright;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// An open escalation workspace over a restart of the server: it says the connection is lost, reconnects by itself when a
/// new host answers on the same port, still shows the log kept in the embedded store, and takes changes made after the
/// restart without a reload.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class EscalationRestartPageTests(KafkaTestCluster kafka) : IAsyncLifetime
{
    private const float Timeout = 30_000;

    /// <summary>From the server's return to a live page: the back-off waits at most 15 s between tries (js/backoff.js).</summary>
    private const float RecoveryTimeout = 45_000;

    private readonly Browser _browser = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bury-escalation-restart-page-");
    private BuryHost? _host;

    public Task InitializeAsync() => _browser.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task OpenWorkspace_SurvivesAServerRestart_KeepsTheLog_AndTakesNewChangesWithoutReload()
    {
        var topic = kafka.NewTopic();
        var settings = BuryHost.RestartSettings("Escalation:Workspace:StorePath", Path.Combine(_folder.FullName, "workspace.db"));
        _host = new BuryHost(kafka, topic, settings: settings);
        var address = _host.BaseAddress;
        var page = await _browser.Instance.NewPageAsync();
        await page.GotoAsync(new Uri(address, "/escalation").ToString());
        await page.WaitForSelectorAsync("body[data-state='live'][data-connection='connected']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        await AddActionAsync("Open escalation beds");
        var log = page.Locator("#action-log li");
        await Assertions.Expect(log).ToHaveCountAsync(1, new() { Timeout = Timeout });

        await _host.DisposeAsync();
        _host = null;
        await page.WaitForSelectorAsync("body:not([data-connection='connected'])", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("Connection lost", new() { Timeout = Timeout });

        _host = new BuryHost(kafka, topic, settings: settings, port: address.Port);
        await page.WaitForSelectorAsync("body[data-connection='connected']", new() { Timeout = RecoveryTimeout, State = WaitForSelectorState.Attached });
        await AddActionAsync("GP streaming at the front door");

        await Assertions.Expect(log).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#action-log")).ToContainTextAsync("Open escalation beds");
        await Assertions.Expect(page.Locator("#action-log")).ToContainTextAsync("GP streaming at the front door");
    }

    private async Task AddActionAsync(string text)
    {
        using var http = _host!.CreateHttpClient();
        (await http.PostAsJsonAsync("/api/escalation/actions",
            new { level = 3, text, owner = "Site manager", due = DateTimeOffset.UtcNow.AddHours(1), createdBy = "Ben Chair" })).EnsureSuccessStatusCode();
    }
}
