using BuryUrgentCare.History;
using BuryUrgentCare.Simulation;
using BuryUrgentCare.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BuryUrgentCare.Reports;

/// <summary>
/// The commissioners' page in headless Chromium against the real host, its history written by the simulator's backfill:
/// charts drawn from the trends API, simulated periods marked, a control chart with its signals in words, CSV and PNG
/// export, an update without reload, and no serious accessibility violation.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class CommissionersPageTests(KafkaTestCluster kafka, ITestOutputHelper output) : PageTest(kafka)
{
    [Fact]
    public async Task Page_DrawsTheBackfilledTrends_MarksThemSimulated_AndExports()
    {
        await BackfillAsync(days: 21);

        var page = await OpenAsync("/commissioners");
        await page.WaitForSelectorAsync("body[data-state='ready'][data-step='week']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });

        (await page.GetAttributeAsync("body", "data-simulated")).ShouldBe("true");
        (await page.IsVisibleAsync("#simulated-notice")).ShouldBeTrue();
        (await page.Locator("#periods tbody tr[data-simulated='true']").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
        (await page.Locator("#periods tbody tr[data-simulated='true'] td.history-simulated").First.TextContentAsync())!.ShouldStartWith("SIM");
        // Charts are Chart.js's, fed the API's numbers: the deflection chart has both services and a value per period.
        var deflection = await page.EvaluateAsync<double[]>("() => window.Chart.getChart('chart-deflection').data.datasets[1].data.map(v => v ?? -1)");
        deflection.Count(v => v > 0).ShouldBeGreaterThanOrEqualTo(3);
        (await page.EvaluateAsync<int>("() => window.Chart.getChart('chart-spc').data.datasets.length")).ShouldBe(4); // values, mean, limits
        (await page.Locator("#spc-signals li").CountAsync()).ShouldBeGreaterThan(0); // a signal each, or "no special cause"
        (await page.Locator("#comparison tbody tr").CountAsync()).ShouldBe(5);

        // CSV: the table's periods, with the simulated days; PNG: a real image of a chart.
        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        csv.SuggestedFilename.ShouldBe("bury-commissioners-week.csv");
        var lines = (await File.ReadAllTextAsync((await csv.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("Period,Start,End,Days with data,Simulated days,");
        lines.Length.ShouldBe(1 + await page.Locator("#periods tbody tr").CountAsync());
        var png = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(".export-png[data-chart='spc']"));
        var bytes = await File.ReadAllBytesAsync((await png.PathAsync())!);
        bytes.Take(4).ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });

        // By day, and a control chart of another measure, without a reload.
        await page.CheckAsync("input[name='step'][value='day']");
        await page.WaitForSelectorAsync("body[data-state='ready'][data-step='day']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        (await page.Locator("#periods tbody tr[data-simulated='true']").CountAsync()).ShouldBe(21);
        (await page.Locator("#periods tbody tr").CountAsync()).ShouldBe(22); // from the first backfilled day to today
        await page.SelectOptionAsync("#spc-measure", "edAttendances");
        await Assertions.Expect(page.Locator("#spc-summary")).ToContainTextAsync("Upper control limit", new() { Timeout = Timeout });

        (await PageChecks.SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();
        await PageChecks.ScreenshotsAsync(page, "commissioners", output);
    }

    [Fact]
    public async Task NewRollup_ShowsOnRefresh_WithoutReload_AndIsNotMarkedSimulated()
    {
        await BackfillAsync(days: 2);
        var page = await OpenAsync("/commissioners");
        await page.CheckAsync("input[name='step'][value='day']");
        await page.WaitForSelectorAsync("body[data-state='ready'][data-step='day']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        var today = page.Locator("#periods tbody tr").Last;
        (await today.GetAttributeAsync("data-simulated")).ShouldBe("false");
        (await today.Locator("td").Nth(3).TextContentAsync()).ShouldBe("—"); // no rollup of today yet

        // Today's rollup arrives (as the nightly job would write a day's); the page shows it on its next load.
        var store = Host.Services.GetRequiredService<ITimeSeriesStore>();
        var midnight = new DeflectionTrends(new Processing.ServiceCalendar(Processing.ServiceCalendar.London));
        var start = midnight.Instant(midnight.LocalDay(DateTimeOffset.UtcNow));
        await store.WriteAsync([FigureSchema.DeflectionPoint(new Escalation.Deflection(100, 7, 93), DailyRollup.DailyDeflection, start)!.Value], CancellationToken.None);
        await page.ClickAsync("#refresh");

        await Assertions.Expect(today.Locator("td").Nth(3)).ToHaveTextAsync("100", new() { Timeout = Timeout });
        (await today.GetAttributeAsync("data-simulated")).ShouldBe("false");
    }

    /// <summary>The days before today written as the embedded default writes them at start-up (one snapshot a day besides each day's last minute: quick).</summary>
    private async Task BackfillAsync(int days)
    {
        var backfill = ActivatorUtilities.CreateInstance<HistoryBackfill>(Host.Services,
            Options.Create(new SimulatorOptions { BackfillDays = days, BackfillStep = TimeSpan.FromDays(1) }));
        (await backfill.RunAsync(CancellationToken.None)).Count.ShouldBe(days);
    }
}
