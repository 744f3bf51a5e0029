using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Support;
using Microsoft.Playwright;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// Issue 10, feed silence: a unit whose own source stops sending must not look live because its figures are recomputed
/// every second. The host here expects a thousand times Bury's demand, so the seconds after one A&amp;E event are, for it,
/// hours of silence: the wallboard and the overview say so in words and grey the figures, an alert is raised and OPEL
/// marks the A&amp;E inputs stale.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class FeedSilencePageTests(KafkaTestCluster kafka) : PageTest(kafka)
{
    protected override IDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Processing:ExpectedDemandScale"] = "1000",
    };

    [Fact]
    public async Task FeedStopsSending_WallboardAndOverviewSayFeedSilent_AnAlertIsRaised_AndOpelInputsAreStale()
    {
        var wallboard = await OpenAsync("/wallboard/FGH-ED");
        var overview = await OpenAsync("/");

        await ProduceAsync(TestEvents.AeArrived("patient-feed", DateTimeOffset.UtcNow.AddMinutes(-5)));

        await wallboard.WaitForSelectorAsync("body[data-feed='silent']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        await Assertions.Expect(wallboard.Locator("#banner")).ToContainTextAsync("Feed silent: no events from this unit since", new() { Timeout = Timeout });
        await overview.WaitForSelectorAsync(".card[data-unit='FGH-ED'][data-feed='silent']", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        await Assertions.Expect(overview.Locator("#banner")).ToContainTextAsync("Feed silent: no events from", new() { Timeout = Timeout });

        using var http = Host.CreateHttpClient();
        var unit = await http.GetFromJsonAsync<JsonElement>("/api/units/FGH-ED");
        unit.GetProperty("feed").GetProperty("status").GetString().ShouldBe("silent");
        unit.GetProperty("figures").GetProperty("inDepartment").GetInt32().ShouldBe(1, "the figures are still shown, greyed, not blanked");
        await Eventually.Until(
            async () => (await http.GetStringAsync("/api/alerts")).Contains("\"feed-silent-FGH-ED\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the silent-feed alert");
        var opel = (await http.GetFromJsonAsync<JsonElement>("/api/system")).GetProperty("opel");
        opel.GetProperty("complete").GetBoolean().ShouldBeFalse();
        opel.GetProperty("stale").EnumerateArray().ShouldNotBeEmpty("OPEL inputs from the silent A&E feed are flagged");
    }
}
