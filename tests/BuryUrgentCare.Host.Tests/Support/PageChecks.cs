using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BuryUrgentCare.Support;

/// <summary>
/// What every page is held to in the browser tests: axe-core (vendored through the Host's npm manifest, a dev
/// dependency: it is for tests, never served) finds no serious or critical violation; and screenshots at a wall's
/// and a phone's size, saved beside the test assembly for a person to look at.
/// </summary>
public static class PageChecks
{
    /// <summary>A wallboard's screen and a phone's (iPhone 12–15).</summary>
    public static readonly (int Width, int Height)[] ScreenshotSizes = [(1920, 1080), (390, 844)];

    private static readonly string AxePath = Path.Combine(RepositoryFiles.Root, "src/BuryUrgentCare.Host/node_modules/axe-core/axe.min.js");

    /// <summary>The serious and critical axe violations on the page as it is now, one line each (rule, help, where).</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!File.Exists(AxePath))
        {
            throw new InvalidOperationException($"{AxePath} is missing: build the Host (it runs npm ci) or run npm ci in src/BuryUrgentCare.Host.");
        }

        // Evaluated through the DevTools protocol, not added as a <script>: the pages' Content-Security-Policy (rightly)
        // refuses inline scripts, and axe is the test's, not the page's.
        await page.EvaluateAsync(await File.ReadAllTextAsync(AxePath));
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>Screenshots of the page at <see cref="ScreenshotSizes"/>, saved under <c>screenshots/</c> beside the tests; the paths are written to the test output.</summary>
    public static async Task ScreenshotsAsync(IPage page, string name, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var original = page.ViewportSize;
        foreach (var (width, height) in ScreenshotSizes)
        {
            await page.SetViewportSizeAsync(width, height);
            var path = Path.Combine(folder, $"{name}-{width}x{height}.png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            output?.WriteLine($"screenshot: {path}");
        }

        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }

    /// <summary>Whether the page scrolls sideways at its current width: the document is wider than the viewport.</summary>
    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
}
