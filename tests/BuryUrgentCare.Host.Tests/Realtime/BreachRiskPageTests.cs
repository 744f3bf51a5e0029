using BuryUrgentCare.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// The breach-risk list in headless Chromium against the real host, fed through real Kafka: its own page and the panel on
/// the ED wallboard rank the patients, say each flag in words (the specialty a referred patient waits for included), show no subject, and take a new patient without a reload.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class BreachRiskPageTests(KafkaTestCluster kafka, ITestOutputHelper output) : PageTest(kafka)
{
    [Fact]
    public async Task PageAndWallboardPanel_RankThePatientsAtRisk_ByPseudonym_AndUpdateWithoutReload()
    {
        var now = DateTimeOffset.UtcNow;
        await ProduceAsync(TestEvents.AeArrived("risk-near", now.AddMinutes(-190)));
        await ProduceAsync(TestEvents.AeArrived("risk-long", now.AddHours(-13), "ambulance"));
        await ProduceAsync(TestEvents.Event("ae.admit-decision", "FGH-ED", "risk-long", now.AddHours(-3), new { specialty = "acute-medicine" }));
        await ProduceAsync(TestEvents.AeArrived("risk-fine", now.AddMinutes(-20)));
        // An hour in, far from the breach, but referred to a specialty 30 minutes ago and waiting for it.
        await ProduceAsync(TestEvents.AeArrived("risk-referred", now.AddMinutes(-60)));
        await ProduceAsync(TestEvents.Event("ae.referred", "FGH-ED", "risk-referred", now.AddMinutes(-30), new { specialty = "trauma-orthopaedics" }));

        var page = await OpenAsync("/breach-risk/FGH-ED");
        var rows = page.Locator("#breach-risk tbody tr[data-patient]");
        await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = Timeout });
        (await rows.Nth(0).GetAttributeAsync("data-flags")).ShouldBe("over12 awaiting-bed"); // furthest past the breach first
        (await rows.Nth(0).TextContentAsync())!.ShouldContain("12 h+ in department");
        (await rows.Nth(0).TextContentAsync())!.ShouldContain("Bed awaited 3 h");
        (await rows.Nth(1).GetAttributeAsync("data-flags")).ShouldBe("within-hour");
        (await rows.Nth(1).TextContentAsync())!.ShouldContain("Breaches 4 h in");
        (await rows.Nth(2).GetAttributeAsync("data-flags")).ShouldBe("awaiting-specialty");
        (await rows.Nth(2).TextContentAsync())!.ShouldMatch(".*Awaiting trauma and orthopaedics (29|30|31) min.*");
        await Assertions.Expect(page.Locator("#breach-risk .risk-summary")).ToContainTextAsync("1 awaiting a specialty");
        var html = await page.ContentAsync();
        foreach (var subject in new[] { "risk-near", "risk-long", "risk-fine", "risk-referred" })
        {
            html.ShouldNotContain(subject); // no subject anywhere on the page, only pseudonyms
        }

        (await PageChecks.SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();

        var wallboard = await OpenAsync("/wallboard/FGH-ED");
        var panelRows = wallboard.Locator("#breach-risk tbody tr[data-patient]");
        await Assertions.Expect(panelRows).ToHaveCountAsync(3, new() { Timeout = Timeout });

        // A patient nearer the breach arrives: both show them without a reload (the list refreshes itself).
        await ProduceAsync(TestEvents.AeArrived("risk-newer", now.AddMinutes(-230)));
        await Assertions.Expect(rows).ToHaveCountAsync(4, new() { Timeout = Timeout });
        await Assertions.Expect(panelRows).ToHaveCountAsync(4, new() { Timeout = Timeout });
        (await rows.Nth(1).GetAttributeAsync("data-flags")).ShouldBe("within-hour");
        (await rows.Nth(1).TextContentAsync())!.ShouldMatch(".*Breaches 4 h in [0-9]+ min.*");

        await PageChecks.ScreenshotsAsync(page, "breach-risk", output);
        await PageChecks.ScreenshotsAsync(wallboard, "wallboard-ed-breach-risk", output);
    }

    [Fact]
    public async Task WallboardOfAServiceWithoutPatients_HidesThePanel()
    {
        var wallboard = await OpenAsync("/wallboard/BURY-GREENCAR");

        await wallboard.WaitForSelectorAsync("#breach-risk[data-state='not-department']", new() { Timeout = Timeout, State = WaitForSelectorState.Hidden });
        (await wallboard.IsHiddenAsync("#breach-risk")).ShouldBeTrue();
    }
}
