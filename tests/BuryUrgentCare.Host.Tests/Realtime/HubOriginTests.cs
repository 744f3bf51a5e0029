using System.Net;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Realtime;

/// <summary>The hub refuses browsers on other sites (cross-site WebSocket hijacking) and lets the host's own pages in.</summary>
[Collection(KafkaCollection.Name)]
public sealed class HubOriginTests(KafkaTestCluster kafka)
{
    private static async Task<HttpStatusCode> NegotiateAsync(HttpClient http, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/wallboard/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Negotiate_ByOrigin_ForeignRefused_OwnAndConfiguredAndNoneAllowed()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic(),
            settings: new Dictionary<string, string?> { ["Realtime:AllowedOrigins:0"] = "https://wall.example.nhs.uk" });
        using var http = host.CreateHttpClient();
        var own = host.BaseAddress.GetLeftPart(UriPartial.Authority);

        (await NegotiateAsync(http, "https://evil.example")).ShouldBe(HttpStatusCode.Forbidden);
        (await NegotiateAsync(http, "null")).ShouldBe(HttpStatusCode.Forbidden); // sandboxed frames and file:// pages
        (await NegotiateAsync(http, own)).ShouldBe(HttpStatusCode.OK);
        (await NegotiateAsync(http, "https://wall.example.nhs.uk")).ShouldBe(HttpStatusCode.OK);
        (await NegotiateAsync(http, null)).ShouldBe(HttpStatusCode.OK); // not a browser: the .NET client, kcat-style tools
    }
}
