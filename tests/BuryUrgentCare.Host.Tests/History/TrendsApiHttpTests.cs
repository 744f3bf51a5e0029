using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BuryUrgentCare.History;

/// <summary>The trends API over HTTP on the real host (embedded store): routes, query binding, JSON and problem details.</summary>
[Collection(KafkaCollection.Name)]
public sealed class TrendsApiHttpTests(KafkaTestCluster kafka)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task History_SeededPoints_BucketsAsJson()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        var store = host.Services.GetRequiredService<ITimeSeriesStore>();
        await store.WriteAsync([.. Enumerable.Range(0, 20).Select(m => TestPoints.Unit("FGH-ED", T0.AddMinutes(m), "longestWaitMinutes", 100 + m, "department"))],
            CancellationToken.None);
        using var http = host.CreateHttpClient();

        var history = await http.GetFromJsonAsync<JsonElement>(
            "/api/units/FGH-ED/history?figure=longestWaitMinutes&from=2026-11-02T08:00:00Z&to=2026-11-02T08:20:00Z&step=10m&aggregate=max");

        history.GetProperty("unit").GetString().ShouldBe("FGH-ED");
        history.GetProperty("measurement").GetString().ShouldBe("department");
        history.GetProperty("step").GetString().ShouldBe("00:10:00");
        var buckets = history.GetProperty("buckets").EnumerateArray()
            .Select(b => (b.GetProperty("start").GetDateTimeOffset(), b.GetProperty("value").GetDouble())).ToArray();
        buckets.ShouldBe([(T0, 109.0), (T0.AddMinutes(10), 119.0)]);
    }

    [Theory]
    [InlineData("/api/units/NOPE/history?figure=inDepartment", "Unknown unit")]
    [InlineData("/api/units/FGH-ED/history?figure=queue", "Unknown figure")]
    [InlineData("/api/units/FGH-ED/history?figure=inDepartment&step=fortnightly", "Bad step")]
    [InlineData("/api/trends/deflection?step=year", "Bad step")]
    public async Task BadRequest_400ProblemDetails(string url, string title)
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var response = await http.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe(title);
    }

    [Fact]
    public async Task Deflection_ByWeek_AsJson()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        var store = host.Services.GetRequiredService<ITimeSeriesStore>();
        await store.WriteAsync([.. Enumerable.Range(0, 7).Select(d => TestPoints.Point("daily_deflection", new DateTimeOffset(2026, 11, 2 + d, 0, 0, 0, TimeSpan.Zero),
            [("unit", "BURY")], ("greenCarEdAvoided", (FieldValue)1), ("ivchEdAvoided", (FieldValue)10), ("total", (FieldValue)11)))], CancellationToken.None);
        using var http = host.CreateHttpClient();

        var trend = await http.GetFromJsonAsync<JsonElement>("/api/trends/deflection?from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z&step=week");

        var bucket = trend.GetProperty("buckets").EnumerateArray().ShouldHaveSingleItem();
        bucket.GetProperty("start").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        bucket.GetProperty("days").GetInt32().ShouldBe(7);
        bucket.GetProperty("greenCarEdAvoided").GetInt64().ShouldBe(7);
        bucket.GetProperty("ivchEdAvoided").GetInt64().ShouldBe(70);
        bucket.GetProperty("total").GetInt64().ShouldBe(77);
    }
}
