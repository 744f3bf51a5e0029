using BuryUrgentCare.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// Every live page, live in headless Chromium: axe-core finds no serious or critical violation, and the overview and the
/// escalation pages fit a 360-pixel-wide phone without scrolling sideways (the overview's OPEL table used to overflow at 390).
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class PageAccessibilityTests(KafkaTestCluster kafka, ITestOutputHelper output) : PageTest(kafka)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/wallboard/FGH-ED")]
    [InlineData("/wallboard/BURY-IVCH")]
    [InlineData("/escalation")]
    public async Task LivePage_HasNoSeriousAccessibilityViolation(string path)
    {
        var page = await OpenAsync(path);
        await page.WaitForSelectorAsync("body[data-state='live'][data-connection='connected']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });

        (await PageChecks.SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();
        await PageChecks.ScreenshotsAsync(page, path == "/" ? "overview" : path.Trim('/').Replace('/', '-'), output);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/commissioners")]
    [InlineData("/breach-risk/FGH-ED")]
    [InlineData("/escalation")]
    [InlineData("/escalation/sitrep")]
    public async Task Page_At360PixelsWide_DoesNotScrollSideways(string path)
    {
        var page = await OpenAsync(path);
        await page.SetViewportSizeAsync(360, 740);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        (await PageChecks.ScrollsSidewaysAsync(page)).ShouldBeFalse(
            await page.EvaluateAsync<string>("""
                () => `scrollWidth ${document.documentElement.scrollWidth} > clientWidth ${document.documentElement.clientWidth}; too wide: ` +
                  [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                    .slice(0, 8).map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} (${Math.round(e.getBoundingClientRect().right)})`).join(', ')
                """));
    }
}
