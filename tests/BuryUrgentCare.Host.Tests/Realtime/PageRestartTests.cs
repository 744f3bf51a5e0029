using System.Net.Http.Json;
using BuryUrgentCare.History;
using BuryUrgentCare.Simulation;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// Pages over a restart of the server: it is stopped and a new host started on the same port, its stores kept, as after
/// a restart of the real one.
/// <para>A wall page or the escalation workspace (re)loaded while the server is down (issue 15; the workspace, issue
/// 14): the service worker (wwwroot/sw.js) answers the navigation with the cached page, which waits for the server and
/// goes live when it is back, with no reload.</para>
/// <para>Issue 14: an open escalation workspace says the connection is lost, reconnects by itself, still shows the log kept in the
/// embedded store and takes changes made after the restart without a reload. The breach-risk page and the
/// commissioners' page say in words that the server is gone, keep what they showed, and show live data again without a
/// reload — the breach-risk list by its own refresh, the commissioners' page on its next load (Refresh, or five
/// minutes), with the history kept in the embedded store.</para>
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class PageRestartTests(KafkaTestCluster kafka) : IAsyncLifetime
{
    private const float Timeout = 30_000;

    /// <summary>
    /// From the server's return to a live page: the back-off waits at most 15 s between tries (js/backoff.js), and the
    /// breach-risk list refreshes every 15 s (js/breachrisk.js); the rest is the new host's replay and slack.
    /// </summary>
    private const float RecoveryTimeout = 45_000;

    private const string Live = "body[data-state='live'][data-connection='connected']";

    private readonly Browser _browser = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bury-page-restart-");
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

    [Fact]
    public async Task BreachRiskAndCommissionersPages_SayTheServerIsGone_KeepWhatTheyShowed_AndComeBackWithoutReload()
    {
        var topic = kafka.NewTopic();
        var settings = BuryHost.RestartSettings("History:EmbeddedPath", Path.Combine(_folder.FullName, "history.db"));
        _host = new BuryHost(kafka, topic, settings: settings);
        var address = _host.BaseAddress;
        using (var http = _host.CreateHttpClient())
        {
            await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "consumer assignment");
        }

        using (var producer = kafka.CreateProducer())
        {
            await producer.ProduceAsync(topic, new Confluent.Kafka.Message<string, byte[]>
            {
                Key = "FGH-ED",
                Value = TestEvents.AeArrived("restart-near", DateTimeOffset.UtcNow.AddMinutes(-200)),
            });
        }

        var backfill = ActivatorUtilities.CreateInstance<HistoryBackfill>(_host.Services,
            Options.Create(new SimulatorOptions { BackfillDays = 2, BackfillStep = TimeSpan.FromDays(1) }));
        (await backfill.RunAsync(CancellationToken.None)).Count.ShouldBe(2);

        var breachRisk = await _browser.Instance.NewPageAsync();
        await breachRisk.GotoAsync(new Uri(address, "/breach-risk/FGH-ED").ToString());
        var rows = breachRisk.Locator("#breach-risk tbody tr[data-patient]");
        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = Timeout });
        var commissioners = await _browser.Instance.NewPageAsync();
        await commissioners.GotoAsync(new Uri(address, "/commissioners").ToString());
        await commissioners.WaitForSelectorAsync("body[data-state='ready']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        var periods = await commissioners.Locator("#periods tbody tr").CountAsync();
        periods.ShouldBeGreaterThan(0);

        await _host.DisposeAsync();
        _host = null;

        await breachRisk.WaitForSelectorAsync("#breach-risk[data-state='error']", new() { Timeout = RecoveryTimeout, State = WaitForSelectorState.Attached });
        await Assertions.Expect(breachRisk.Locator("#breach-risk .risk-summary")).ToContainTextAsync("Breach-risk list unavailable");
        await commissioners.ClickAsync("#refresh");
        await commissioners.WaitForSelectorAsync("body[data-state='error']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        await Assertions.Expect(commissioners.Locator("#status")).ToContainTextAsync("could not be loaded");
        (await commissioners.Locator("#periods tbody tr").CountAsync()).ShouldBe(periods, "the trends already drawn stay while the server is away");

        _host = new BuryHost(kafka, topic, settings: settings, port: address.Port);

        await breachRisk.WaitForSelectorAsync("#breach-risk[data-state='live']", new() { Timeout = RecoveryTimeout, State = WaitForSelectorState.Attached });
        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = Timeout });
        (await rows.First.GetAttributeAsync("data-flags")).ShouldBe("within-hour");
        await commissioners.ClickAsync("#refresh");
        await commissioners.WaitForSelectorAsync("body[data-state='ready']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        (await commissioners.GetAttributeAsync("body", "data-simulated")).ShouldBe("true", "the backfilled history survived the restart");
        (await commissioners.Locator("#periods tbody tr").CountAsync()).ShouldBe(periods);
    }

    [Fact]
    public async Task Pages_ReloadedWhileTheServerIsDown_WaitForItThenGoLiveWithoutAReload()
    {
        var topic = kafka.NewTopic();
        _host = new BuryHost(kafka, topic);
        var address = _host.BaseAddress;

        // One browser profile, as on a wall: the first visit installs the worker for the whole site.
        await using var context = await _browser.Instance.NewContextAsync();
        var wallboard = await OpenLiveAsync(context, address, "/wallboard/FGH-UTC");
        var overview = await OpenLiveAsync(context, address, "/");
        var escalation = await OpenLiveAsync(context, address, "/escalation");

        // With the worker in charge, an HTTP error from the server still reaches the page as sent.
        var unknown = await context.NewPageAsync();
        await unknown.GotoAsync(new Uri(address, "/wallboard/NO-SUCH-UNIT").ToString());
        (await unknown.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null")).ShouldBeTrue();
        (await unknown.TextContentAsync("body"))!.ShouldContain("Unknown unit 'NO-SUCH-UNIT'");
        await unknown.CloseAsync();

        await _host.DisposeAsync();
        _host = null;

        foreach (var page in new[] { wallboard, overview, escalation })
        {
            // Without the worker this is the browser's own error page, which runs no code of ours.
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("body[data-state='waiting']", new() { Timeout = Timeout });
            (await page.Locator("#message").TextContentAsync())!.ShouldContain("Waiting for the server…");
        }

        // The cached page ran for the address it was loaded at, and shows no figures it does not have.
        (await wallboard.Locator("#unit-code").TextContentAsync()).ShouldBe("FGH-UTC");
        (await wallboard.Locator("#board [data-figure]").CountAsync()).ShouldBe(0);
        (await overview.Locator("#units a.card").CountAsync()).ShouldBe(0);
        (await escalation.Locator("#action-log li").CountAsync()).ShouldBe(0);

        // The last resort, for a browser that evicted the cache: a page that says so and reloads itself.
        await wallboard.EvaluateAsync("async () => { for (const name of await caches.keys()) await caches.delete(name); }");
        var evicted = await context.NewPageAsync();
        await evicted.GotoAsync(new Uri(address, "/wallboard/FGH-ED").ToString());
        await evicted.WaitForSelectorAsync("body[data-state='waiting']", new() { Timeout = Timeout });
        (await evicted.TextContentAsync("body"))!.ShouldContain("Waiting for the server…");

        _host = new BuryHost(kafka, topic, port: address.Port);

        await wallboard.WaitForSelectorAsync(Live, new() { Timeout = RecoveryTimeout });
        await overview.WaitForSelectorAsync(Live, new() { Timeout = RecoveryTimeout });
        await escalation.WaitForSelectorAsync(Live, new() { Timeout = RecoveryTimeout, State = WaitForSelectorState.Attached });
        await Assertions.Expect(escalation.Locator("#calculated-number")).ToContainTextAsync("OPEL", new() { Timeout = Timeout });
        (await escalation.Locator("#message").IsHiddenAsync()).ShouldBeTrue();
        await evicted.WaitForSelectorAsync(Live, new() { Timeout = RecoveryTimeout });
        (await wallboard.Locator("#message").IsHiddenAsync()).ShouldBeTrue();
        (await wallboard.Locator("[data-figure='arrivalsToday']").GetAttributeAsync("data-value")).ShouldBe("0");
        (await overview.Locator("a.card[data-unit='FGH-UTC'] [data-figure]").CountAsync()).ShouldBeGreaterThan(0);

        // Live, not just painted: an event produced now reaches the page through the hub.
        using var http = _host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "consumer assignment");
        using var producer = kafka.CreateProducer();
        await producer.ProduceAsync(topic, new Message<string, byte[]>
        {
            Key = "FGH-UTC",
            Value = TestEvents.Event("utc.arrived", "FGH-UTC", "walk-in-after-outage", DateTimeOffset.UtcNow, new { arrivalMode = "walk-in" }),
        });
        await wallboard.WaitForFunctionAsync("() => document.querySelector(\"[data-figure='arrivalsToday']\").dataset.value === '1'", null, new() { Timeout = Timeout });
    }

    /// <summary>Opens <paramref name="path"/>, waits until it is live and the service worker controls it.</summary>
    private static async Task<IPage> OpenLiveAsync(IBrowserContext context, Uri address, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(address, path).ToString());
        await page.WaitForSelectorAsync(Live, new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        // Controlled means installed and activated, and installing is what filled the cache.
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null", null, new() { Timeout = Timeout });
        return page;
    }
}
