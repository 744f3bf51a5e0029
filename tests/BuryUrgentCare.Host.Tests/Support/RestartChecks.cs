using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Processing;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Support;

/// <summary>What the restart tests ask of a restarted host: its ingest statistics, and its figures against a reference.</summary>
public static class RestartChecks
{
    public static async Task<IngestStatsResponse> Stats(HttpClient http) =>
        (await http.GetFromJsonAsync<IngestStatsResponse>("/api/ingest/stats"))!;

    public static long Applied(IngestStatsResponse stats) => stats.Units.Sum(u => u.Applied);

    /// <summary>
    /// One tick on the shared fake clock makes the host recompute and publish every unit at the same instant a reference is
    /// asked about; returns the units as the API gives them then.
    /// </summary>
    public static async Task<JsonElement[]> UnitsAfterATick(HttpClient http, FakeTimeProvider clock, TimeSpan timeout)
    {
        clock.Advance(TimeSpan.FromSeconds(1));
        var asOf = clock.GetUtcNow();
        JsonElement[] units = [];
        await Eventually.Until(
            async () => (units = (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!).All(u => u.GetProperty("asOf").GetDateTimeOffset() == asOf),
            timeout,
            "the host published every unit after the tick");
        return units;
    }

    /// <summary>Every unit live, with the figures the reference processor gives at <paramref name="asOf"/>.</summary>
    public static void ShouldShowTheFiguresOf(JsonElement[] units, StreamProcessor reference, DateTimeOffset asOf)
    {
        for (var unit = 0; unit < reference.Units.Count; unit++)
        {
            var expected = JsonSerializer.SerializeToNode(reference.Snapshot(unit, asOf), JsonSerializerOptions.Web)!;
            var actual = JsonNode.Parse(units[unit].GetRawText())!.AsObject();
            actual["liveness"]!["state"]!.GetValue<string>().ShouldBe("live", $"{reference.Units[unit].Id} after the restart");
            actual.Remove("liveness"); // the host's word on the figures, which the pure core cannot give
            actual.ToJsonString().ShouldBe(expected.ToJsonString(), $"figures of {reference.Units[unit].Id} after the restart");
        }
    }
}
