using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Units;

[Collection(KafkaCollection.Name)]
public sealed class UnitsApiTests(KafkaTestCluster kafka)
{
    [Fact]
    public async Task GetUnits_ListsEveryConfiguredUnitWithFigures()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var units = await http.GetFromJsonAsync<JsonElement[]>("/api/units");

        units.ShouldNotBeNull();
        units.Select(u => u.GetProperty("unit").GetString()).ShouldBe(["FGH-ED", "FGH-UTC", "BURY-GREENCAR", "BURY-IVCH"]);
        units.Select(u => u.GetProperty("service").GetString()).ShouldBe(["ae", "utc", "greencar", "ivch"]);
        units[0].GetProperty("figures").GetProperty("fourHourPerformanceToday").ValueKind.ShouldBe(JsonValueKind.Null);
        units[3].GetProperty("figures").GetProperty("queue").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task GetUnit_KnownUnit_ReturnsItsFigures()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var unit = await http.GetFromJsonAsync<JsonElement>("/api/units/BURY-GREENCAR");

        unit.GetProperty("name").GetString().ShouldBe("NWAS Green Car (community paramedic)");
        unit.GetProperty("figures").GetProperty("activeIncidents").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task GetUnit_UnknownUnit_Returns404Problem()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var response = await http.GetAsync("/api/units/NOPE");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Health_LiveAtOnce_ReadyOnceConsumerIsAssigned()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "readiness");
    }
}
