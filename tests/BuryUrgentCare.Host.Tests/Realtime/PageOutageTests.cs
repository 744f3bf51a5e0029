using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Playwright;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// A wall page or the escalation workspace (re)loaded while the server is down (issue 15; the workspace, issue 14): the
/// service worker (wwwroot/sw.js) answers the navigation with the cached page, which waits for the server and goes live when it is
/// back, with no reload. The server is stopped and a new host started on the same port, as after a
/// restart of the real one.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class PageOutageTests(KafkaTestCluster kafka) : IAsyncLifetime
{
    /// <summary>Playwright timeout for page conditions with the server up, in milliseconds.</summary>
    private const float Timeout = 30_000;

    /// <summary>
    /// From the server's return to a live page: the page's back-off waits at most 15 s between tries
    /// (js/backoff.js), for the catalogue and the hub alike; the rest is slack for a busy machine.
    /// </summary>
    private const float RecoveryTimeout = 45_000;

    private const string Live = "body[data-state='live'][data-connection='connected']";

    private readonly Browser _browser = new();
    private BuryHost? _host;

    public Task InitializeAsync() => _browser.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
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
