using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Gateway;
using BuryUrgentCare.Support;
using Microsoft.Extensions.DependencyInjection;
using static BuryUrgentCare.Gateway.GatewayTestSupport;

namespace BuryUrgentCare.Access;

/// <summary>Integrators' API keys as an authentication scheme: rotation, query strings, unit scopes, what a key may read.</summary>
[Collection(KafkaCollection.Name)]
public sealed class ApiKeyAuthenticationTests(KafkaTestCluster kafka)
{
    private const string NewKey = "n3w-k3y-for-the-ed-epr-after-rotation";

    [Fact]
    public async Task DuringARotation_BothKeysAreValid_AndShareOneRateLimit()
    {
        await using var host = Host(kafka, new()
        {
            ["Gateway:Integrators:0:SecondKeySha256"] = IntegratorOptions.HashKey(NewKey),
            ["Gateway:Integrators:0:RequestsPerMinute"] = "2",
        });
        using var http = host.CreateHttpClient();
        var evt = TestEvents.AeArrived("rot-" + TestEvents.NewId(), DateTimeOffset.UtcNow.AddMinutes(-1));

        (await Post(http, evt, Key)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Post(http, evt, NewKey)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Post(http, evt, NewKey)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await Post(http, evt, "an-old-key-no-longer-configured")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("api_key")]
    [InlineData("X-Api-Key")]
    [InlineData("key")]
    public async Task AKeyInTheQueryString_IsRefused400_ProblemJsonSayingUseTheHeader(string parameter)
    {
        await using var host = Host(kafka);
        using var http = host.CreateHttpClient();
        using var content = new ByteArrayContent(TestEvents.AeArrived("q-" + TestEvents.NewId(), DateTimeOffset.UtcNow.AddMinutes(-1)));
        content.Headers.ContentType = new("application/json");

        using var response = await http.PostAsync($"{GatewayApi.Path}?{parameter}={Key}", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("reason").GetString().ShouldBe("api-key-in-query");
        problem.GetProperty("detail").GetString()!.ShouldContain(IntegratorRegistry.HeaderName);
    }

    [Fact]
    public async Task AUnitScopedKey_SendsItsUnits_AndAnotherUnitsEventIsRejectedAsUnknownUnit()
    {
        await using var host = Host(kafka, new() { ["Gateway:Integrators:0:Units:0"] = "FGH-UTC" });
        using var http = host.CreateHttpClient();
        var ed = TestEvents.AeArrived("scope-" + TestEvents.NewId(), DateTimeOffset.UtcNow.AddMinutes(-1));

        using var response = await Post(http, ed);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var result = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        result.GetProperty("status").GetString().ShouldBe("rejected");
        result.GetProperty("reason").GetString().ShouldBe("unknown-unit");
        result.GetProperty("detail").GetString()!.ShouldContain("FGH-UTC");
    }

    [Fact]
    public async Task AWrongKey_IsCountedAsARefusedGatewayRequest_OnlyWhenItWasSentToTheGateway()
    {
        await using var host = Host(kafka);
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var refused = new ConcurrentQueue<string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "bury.gateway.requests.refused")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason") refused.Enqueue(tag.Value as string);
            }
        });
        listener.Start();
        using var http = host.CreateHttpClient();

        using (var read = new HttpRequestMessage(HttpMethod.Get, "/api/units"))
        {
            read.Headers.Add(IntegratorRegistry.HeaderName, "not-a-configured-key");
            (await http.SendAsync(read)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        refused.ShouldBeEmpty("a wrong key sent to /api/units is answered 401, but it is no gateway request");
        (await Post(http, TestEvents.AeArrived("bad-key-" + TestEvents.NewId(), DateTimeOffset.UtcNow), "not-a-configured-key"))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.ShouldBe(["unauthorized"]);
    }

    [Fact]
    public async Task AnApiKey_ReadsNothing_EvenWithTheDevelopmentSignInOn()
    {
        await using var host = Host(kafka);
        using var http = host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/units");
        request.Headers.Add(IntegratorRegistry.HeaderName, Key);

        using var response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
