using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Figures;

/// <summary><c>GET /api/figures</c> on a real host, against <c>GET /api/units</c> and the pages' test fixture.</summary>
[Collection(KafkaCollection.Name)]
public sealed class FiguresApiTests(KafkaTestCluster kafka)
{
    [Fact]
    public async Task GetFigures_EveryFigureAUnitSends_IsInItsServicesCatalogue()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var catalogue = await http.GetFromJsonAsync<JsonElement>("/api/figures");
        var units = await http.GetFromJsonAsync<JsonElement[]>("/api/units");

        units!.Length.ShouldBe(4);
        foreach (var unit in units)
        {
            var service = unit.GetProperty("service").GetString();
            var catalogued = catalogue.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == service)
                .GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToHashSet();
            var sent = unit.GetProperty("figures").EnumerateObject().Select(p => p.Name).ToList();
            sent.ShouldNotBeEmpty();
            sent.ShouldAllBe(name => catalogued.Contains(name), $"{unit.GetProperty("unit")}: every figure it sends is catalogued");
        }
    }

    [Fact]
    public async Task GetFigures_ThresholdsAtTheEd_ComeFromTheOpelProfile_ElsewhereFromTheCatalogue()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var catalogue = await http.GetFromJsonAsync<JsonElement>("/api/figures");

        JsonElement Thresholds(string unit, string figure) => catalogue.GetProperty("units").EnumerateArray()
            .Single(u => u.GetProperty("unit").GetString() == unit).GetProperty("thresholds").GetProperty(figure);
        var ed = Thresholds("FGH-ED", "occupancyPercent");
        ed.GetProperty("amber").GetDouble().ShouldBe(85); // opel-profile.json: ED occupancy thresholds [85, 100, 130]
        ed.GetProperty("red").GetDouble().ShouldBe(100);
        ed.GetProperty("source").GetString()!.ShouldStartWith("OPEL profile");
        var utc = Thresholds("FGH-UTC", "occupancyPercent");
        utc.GetProperty("amber").GetDouble().ShouldBe(90);
        utc.GetProperty("source").GetString()!.ShouldNotStartWith("OPEL profile");
        Thresholds("FGH-ED", "fourHourPerformanceToday").GetProperty("direction").GetString().ShouldBe("lowerIsWorse");
    }

    [Fact]
    public async Task GetFigures_IsThePagesTestFixture()
    {
        // tests/pages/ unit-tests the pages against this fixture: it must be what the server sends.
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var served = JsonNode.Parse(await http.GetStringAsync("/api/figures"));
        var fixture = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root, "tests", "pages", "fixtures", "figures.json")));

        JsonNode.DeepEquals(served, fixture).ShouldBeTrue(
            "tests/pages/fixtures/figures.json differs from GET /api/figures: refresh it with " +
            "curl -s http://127.0.0.1:5080/api/figures | python3 -m json.tool --indent 2 > tests/pages/fixtures/figures.json");
    }
}
