using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Support;
using Microsoft.Playwright;
using static BuryUrgentCare.Access.AccessTestSupport;

namespace BuryUrgentCare.Access;

/// <summary>
/// A wall screen in a real headless Chromium with sign-in required: it asks for its device token once, keeps it,
/// goes live with it, and goes dark saying why the moment an admin revokes it.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class DeviceTokenPageTests(KafkaTestCluster kafka) : IAsyncLifetime
{
    private const float Timeout = 30_000;
    private const string Live = "body[data-state='live'][data-connection='connected']";

    private readonly Browser _browser = new();
    private BuryHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = RequiredHost(kafka);
        await _browser.InitializeAsync();
        using var http = _host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "consumer assignment");
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task AScreen_TakesItsTokenOnce_GoesLive_AndGoesDarkWhenTheTokenIsRevoked()
    {
        using var http = _host.CreateHttpClient();
        using var issue = Request(HttpMethod.Post, "/api/access/devices", role: AccessRoles.Admin);
        issue.Content = JsonContent.Create(new { name = "ED majors corridor", units = new[] { "FGH-ED" } });
        var issued = await (await http.SendAsync(issue)).Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("token").GetString()!;
        var id = issued.GetProperty("device").GetProperty("id").GetString()!;

        await using var context = await _browser.Instance.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_host.BaseAddress, "/wallboard/FGH-ED").ToString());

        // No token yet: dark, asking for one (and offering staff sign-in).
        await page.WaitForSelectorAsync("body[data-access='sign-in'] .access-screen", new() { Timeout = Timeout });
        await page.FillAsync("#device-token", token);
        await page.ClickAsync(".token-form button");

        // Reloaded with the token kept in the browser: live, figures and hub.
        await page.WaitForSelectorAsync(Live, new() { Timeout = Timeout });
        (await page.EvaluateAsync<string>("() => localStorage.getItem('bury.deviceToken')")).ShouldBe(token);
        (await page.Locator("#unit-code").TextContentAsync()).ShouldBe("FGH-ED");

        // A second visit needs nothing typed.
        var again = await context.NewPageAsync();
        await again.GotoAsync(new Uri(_host.BaseAddress, "/wallboard/FGH-ED").ToString());
        await again.WaitForSelectorAsync(Live, new() { Timeout = Timeout });
        await again.CloseAsync();

        using var revoke = Request(HttpMethod.Delete, $"/api/access/devices/{id}", role: AccessRoles.Admin);
        (await http.SendAsync(revoke)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);

        await page.WaitForSelectorAsync("body[data-access='revoked'] .access-screen", new() { Timeout = Timeout });
        (await page.Locator(".access-screen h1").TextContentAsync())!.ShouldContain("no longer valid");
        (await page.Locator("#board").IsVisibleAsync()).ShouldBeFalse("a revoked screen shows no figures");
    }
}
