using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BuryUrgentCare.Support;
using Microsoft.Playwright;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// The wallboard and overview pages in a real headless Chromium against the real host, fed through
/// real Kafka. Pages expose what they render through data attributes (see wwwroot/js/wallboard.js and dom.js).
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class WallboardPageTests(KafkaTestCluster kafka) : PageTest(kafka)
{
    [Fact]
    public async Task Wallboard_ShowsEveryFigureOfTheApiSnapshot()
    {
        await ProduceAsync(TestEvents.AeArrived("page-1", DateTimeOffset.UtcNow.AddMinutes(-30), "ambulance"));
        using var http = Host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetStringAsync("/api/units/FGH-ED")).Contains("\"inDepartment\":1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "event applied");

        var page = await OpenAsync("/wallboard/FGH-ED");
        await page.WaitForFunctionAsync("() => document.querySelector(\"[data-figure='inDepartment']\")?.dataset.value === '1'", null, new() { Timeout = Timeout });
        var snapshot = (await http.GetFromJsonAsync<JsonObject>("/api/units/FGH-ED"))!;

        foreach (var (name, value) in snapshot["figures"]!.AsObject())
        {
            if (value is JsonObject map)
            {
                foreach (var (key, count) in map)
                {
                    (await RawValueAsync(page, $"{name}.{key}")).ShouldBe(count!.ToJsonString(), $"{name}.{key}");
                }
            }
            else if (name is not ("longestWaitMinutes" or "longestHandoverWaitMinutes"))
            {
                // (waits grow with the clock between the two reads; every other figure is fixed here)
                (await RawValueAsync(page, name)).ShouldBe(value?.ToJsonString() ?? "null", name);
            }
        }

        (await page.Locator("[data-figure='fourHourPerformanceToday']").TextContentAsync())!.Trim().ShouldBe("—");
        (await page.Locator("[data-figure='ambulancesAwaitingHandover']").TextContentAsync())!.Trim().ShouldBe("1");
    }

    [Fact]
    public async Task Wallboard_UpdatesLiveWhenAnEventArrivesThroughKafka()
    {
        var page = await OpenAsync("/wallboard/FGH-UTC");
        await page.WaitForSelectorAsync("body[data-state='live'][data-connection='connected']", new() { Timeout = Timeout });
        (await RawValueAsync(page, "arrivalsToday")).ShouldBe("0");

        await ProduceAsync(TestEvents.Event("utc.arrived", "FGH-UTC", "walk-in-1", DateTimeOffset.UtcNow, new { arrivalMode = "walk-in" }));

        await page.WaitForFunctionAsync("() => document.querySelector(\"[data-figure='arrivalsToday']\").dataset.value === '1'", null, new() { Timeout = Timeout });
        (await RawValueAsync(page, "inDepartment")).ShouldBe("1");
    }

    [Fact]
    public async Task Wallboard_UnknownUnit_SaysSo()
    {
        var page = await OpenAsync("/wallboard/NO-SUCH-UNIT");

        (await page.TextContentAsync("body"))!.ShouldContain("Unknown unit 'NO-SUCH-UNIT'");
        (await page.Locator("[data-figure]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Overview_HasACardPerUnitLinkingToItsWallboard()
    {
        var page = await OpenAsync("/");
        await page.WaitForSelectorAsync("body[data-state='live'][data-connection='connected']", new() { Timeout = Timeout });

        foreach (var unit in new[] { "FGH-ED", "FGH-UTC", "BURY-GREENCAR", "BURY-IVCH" })
        {
            (await page.Locator($"a.card[data-unit='{unit}']").GetAttributeAsync("href")).ShouldBe($"/wallboard/{unit}");
        }

        (await page.Locator("a.card[data-unit='BURY-IVCH'] [data-figure='queue']").GetAttributeAsync("data-value")).ShouldBe("0");
    }

    private static async Task<string> RawValueAsync(IPage page, string figure) =>
        (await page.Locator($"[data-figure='{figure}']").First.GetAttributeAsync("data-value"))!;
}
