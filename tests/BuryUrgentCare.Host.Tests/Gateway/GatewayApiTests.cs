using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using static BuryUrgentCare.Gateway.GatewayTestSupport;

namespace BuryUrgentCare.Gateway;

[Collection(KafkaCollection.Name)]
public sealed class GatewayApiTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // 943 476 5919: the NHS Data Dictionary's example of a number with a valid check digit.
    private const string NhsNumberText = "9434765919";

    [Fact]
    public async Task OneEvent_Answers202AfterKafkaAcknowledged_AndTheExactBytesAreOnTheTopicKeyedByUnit()
    {
        await using var host = Host(kafka);
        using var http = host.CreateHttpClient();
        var evt = TestEvents.Event("ae.arrived", "FGH-ED", "att-1", DateTimeOffset.UtcNow.AddMinutes(-3), new { arrivalMode = "walk-in" }, id: "evt-single-1");

        using var response = await Post(http, evt);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("accepted").GetInt32().ShouldBe(1);
        body.GetProperty("rejected").GetInt32().ShouldBe(0);
        var result = body.GetProperty("results")[0];
        result.GetProperty("index").GetInt32().ShouldBe(0);
        result.GetProperty("id").GetString().ShouldBe("evt-single-1");
        result.GetProperty("status").GetString().ShouldBe("accepted");
        result.TryGetProperty("reason", out _).ShouldBeFalse();

        // The 202 promised "durably queued": the message is there to read, byte for byte, key = unit.
        var messages = Read(kafka, host.Topic, 1, Timeout);
        messages.Count.ShouldBe(1);
        Text(messages[0].Message.Key).ShouldBe("FGH-ED");
        messages[0].Message.Value.ShouldBe(evt);
        Text(messages[0].Message.Headers.GetLastBytes("content-type")).ShouldBe("application/cloudevents+json");
    }

    [Fact]
    public async Task MixedArray_AnswersPerEvent_ProducesOnlyTheValidOnes_AndCountsPerIntegratorAndReason()
    {
        await using var host = Host(kafka);
        using var http = host.CreateHttpClient();
        var measurements = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = Listen(host, measurements);
        var now = DateTimeOffset.UtcNow;
        var time = now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        // Hand-written, with escapes and spacing a serializer would not reproduce: the gateway must forward these bytes.
        var handWritten = Encoding.UTF8.GetBytes(
            $$"""{ "specversion" : "1.0", "id":"evt-mix-2", "source":"urn:bury:nwas:cad\u002Dgreen", "type":"greencar.dispatched", "time":"{{time}}", "unit":"BURY-GREENCAR", "subject":"inc-7", "data":{"category":"C3", "note":"caf\u00e9"} }""");
        var events = new[]
        {
            TestEvents.Event("ae.arrived", "FGH-ED", "att-1", now.AddMinutes(-2), new { arrivalMode = "ambulance" }, id: "evt-mix-0"),
            TestEvents.Event("ae.arrived", "FGH-ED", "att-2", now, new { arrivalMode = "helicopter" }, id: "evt-mix-1"),
            handWritten,
            TestEvents.Event("ae.seen", "NOT-A-UNIT", "att-1", now, id: "evt-mix-3"),
            TestEvents.Event("ivch.outcome", "FGH-ED", "call-1", now, new { disposition = "ed" }, id: "evt-mix-4"),
            TestEvents.Event("ae.arrived", "FGH-ED", "att-3", now, new { arrivalMode = "walk-in", padding = new string('x', 70_000) }, id: "evt-mix-5"),
            "42"u8.ToArray(),
        };

        using var response = await Post(http, Array(events));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("accepted").GetInt32().ShouldBe(2);
        body.GetProperty("rejected").GetInt32().ShouldBe(5);
        var results = body.GetProperty("results").EnumerateArray().ToArray();
        results.Select(r => r.GetProperty("index").GetInt32()).ShouldBe([0, 1, 2, 3, 4, 5, 6]);
        results.Select(r => r.GetProperty("status").GetString()).ShouldBe(["accepted", "rejected", "accepted", "rejected", "rejected", "rejected", "rejected"]);
        results.Select(r => r.TryGetProperty("reason", out var reason) ? reason.GetString() : null)
            .ShouldBe([null, "bad-value", null, "unknown-unit", "type-unit-mismatch", "too-large", "malformed-json"]);
        results.Select(r => r.TryGetProperty("id", out var id) ? id.GetString() : null)
            .ShouldBe(["evt-mix-0", "evt-mix-1", "evt-mix-2", "evt-mix-3", "evt-mix-4", "evt-mix-5", null]);
        results[1].GetProperty("detail").GetString()!.ShouldContain("arrivalMode");

        var messages = Read(kafka, host.Topic, 2, Timeout);
        messages.Select(m => (Text(m.Message.Key), Text(m.Message.Value))).ShouldBe(
            [("FGH-ED", Text(events[0])), ("BURY-GREENCAR", Text(handWritten))], ignoreOrder: true);
        messages.Single(m => Text(m.Message.Key) == "BURY-GREENCAR").Message.Value.ShouldBe(handWritten);
        MessageCount(kafka, host.Topic).ShouldBe(2, "only the valid events are produced");

        measurements.Where(m => m.Instrument == "bury.gateway.events.accepted").Sum(m => m.Value).ShouldBe(2);
        measurements.ShouldAllBe(m => (string?)m.Tags["integrator"] == "fgh-ed-epr");
        measurements.Where(m => m.Instrument == "bury.gateway.events.rejected")
            .Select(m => (string)m.Tags["reason"]!).ShouldBe(["bad-value", "unknown-unit", "type-unit-mismatch", "too-large", "malformed-json"], ignoreOrder: true);
    }

    [Fact]
    public async Task MissingOrWrongApiKey_Answers401ProblemWithChallenge_AndProducesNothing()
    {
        await using var host = Host(kafka);
        using var http = host.CreateHttpClient();
        var evt = TestEvents.AeArrived("att-1", DateTimeOffset.UtcNow);

        foreach (var key in new[] { null, "", "not-the-key", Key.ToUpperInvariant(), IntegratorOptions.DemoKey })
        {
            using var response = await Post(http, evt, key);

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"key '{key}'");
            response.Headers.WwwAuthenticate.ToString().ShouldBe("ApiKey");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("X-Api-Key");
        }

        using var accepted = await Post(http, evt);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        MessageCount(kafka, host.Topic).ShouldBe(1, "only the authenticated request's event");
    }

    [Fact]
    public async Task BodyOverMaxBodyBytes_Answers413_WithOrWithoutContentLength_AndTooManyEventsToo()
    {
        await using var host = Host(kafka, new()
        {
            ["Gateway:MaxBodyBytes"] = "65536",
            ["Gateway:MaxEventsPerRequest"] = "3",
        });
        using var http = host.CreateHttpClient();
        var tooBig = Array(TestEvents.Event("ae.arrived", "FGH-ED", "att-1", DateTimeOffset.UtcNow, new { arrivalMode = "walk-in", padding = new string('x', 70_000) }));

        foreach (var chunked in new[] { false, true })
        {
            using var response = await Post(http, tooBig, chunked: chunked);

            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, chunked ? "chunked" : "with Content-Length");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("65536");
        }

        var four = Enumerable.Range(0, 4).Select(i => TestEvents.AeArrived($"att-{i}", DateTimeOffset.UtcNow)).ToArray();
        using var tooMany = await Post(http, Array(four));
        tooMany.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("at most 3");

        using var three = await Post(http, Array(four[..3]));
        three.StatusCode.ShouldBe(HttpStatusCode.Accepted, "the limit itself is allowed");
    }

    [Fact]
    public async Task PastTheRateLimit_Answers429WithRetryAfter_PerIntegrator()
    {
        var settings = Integrator("ivch-telephony", OtherKey, index: 1);
        settings["Gateway:Integrators:0:RequestsPerMinute"] = "2";
        await using var host = Host(kafka, settings);
        using var http = host.CreateHttpClient();

        (await Post(http, TestEvents.AeArrived("att-1", DateTimeOffset.UtcNow))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Post(http, TestEvents.AeArrived("att-2", DateTimeOffset.UtcNow))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var limited = await Post(http, TestEvents.AeArrived("att-3", DateTimeOffset.UtcNow));

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
        retryAfter.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)); // one request every 30 s
        (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("2 requests per minute");

        // Another integrator's allowance is its own.
        (await Post(http, TestEvents.AeArrived("att-4", DateTimeOffset.UtcNow), OtherKey)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task IdentifiableData_IsRejected_AndNothingOfItIsEchoed()
    {
        await using var host = Host(kafka);
        using var http = host.CreateHttpClient();
        NhsNumber.ContainsValid(NhsNumberText).ShouldBeTrue();
        var now = DateTimeOffset.UtcNow;
        var events = new[]
        {
            TestEvents.Event("ae.arrived", "FGH-ED", "943 476 5919", now, new { arrivalMode = "walk-in" }, id: "evt-nhs-0"),
            TestEvents.Event("ae.arrived", "FGH-ED", "att-1", now, new { arrivalMode = "walk-in" }, id: "nhs-" + NhsNumberText),
            TestEvents.Event("ae.arrived", "FGH-ED", "att-2", now, new { arrivalMode = "walk-in", note = "patient " + NhsNumberText }, id: "evt-nhs-2"),
        };

        using var response = await Post(http, Array(events));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain(NhsNumberText);
        text.ShouldNotContain("943 476 5919");
        text.ShouldNotContain("943");
        text.ShouldNotContain("evt-nhs", customMessage: "not even the id of an event holding identifiable data");
        var results = JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().ToArray();
        results.ShouldAllBe(r => r.GetProperty("reason").GetString() == "identifiable-data");
        results.Select(r => r.TryGetProperty("id", out var _)).ShouldAllBe(echoed => !echoed);
    }

    [Fact]
    public async Task EventsPostedThroughTheGateway_ReachTheUnitsFigures()
    {
        await using var host = Host(kafka);
        using var http = host.CreateHttpClient();
        var now = DateTimeOffset.UtcNow;

        using var response = await Post(http, Array(
            TestEvents.AeArrived("gw-att-1", now.AddMinutes(-40), "ambulance"),
            TestEvents.AeArrived("gw-att-2", now.AddMinutes(-20)),
            TestEvents.AeArrived("gw-att-3", now.AddMinutes(-5))));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await Eventually.Until(
            async () =>
            {
                var unit = await http.GetFromJsonAsync<JsonElement>("/api/units/FGH-ED");
                return unit.GetProperty("figures").GetProperty("inDepartment").GetInt32() == 3;
            },
            Timeout,
            "the three arrivals posted to the gateway show in FGH-ED's figures");
        var figures = (await http.GetFromJsonAsync<JsonElement>("/api/units/FGH-ED")).GetProperty("figures");
        figures.GetProperty("ambulancesAwaitingHandover").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task KafkaNotAcknowledging_Answers503_AndClaimsNothingAccepted()
    {
        await using var host = Host(kafka, services: s => s.AddKeyedSingleton(GatewayExtensions.ProducerKey, FailingProducer.Create()));
        using var http = host.CreateHttpClient();

        using var response = await Post(http, Array(TestEvents.AeArrived("att-1", DateTimeOffset.UtcNow), "{}"u8.ToArray()));

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.TryGetProperty("results", out _).ShouldBeFalse();
        problem.TryGetProperty("accepted", out _).ShouldBeFalse();
        problem.GetProperty("detail").GetString()!.ShouldContain("Retry the whole request");
    }

    [Fact]
    public async Task BodyThatIsNotAnEventOrAnArrayOfEvents_Answers400Problem()
    {
        await using var host = Host(kafka);
        using var http = host.CreateHttpClient();

        foreach (var (body, reason) in new[] { ("", null), ("[]", null), ("42", null), ("{\"id\":", "malformed-json"), ("[{}, {]", "malformed-json"), ("{} {}", "malformed-json") })
        {
            using var response = await Post(http, Encoding.UTF8.GetBytes(body));

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"body '{body}'");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            (problem.TryGetProperty("reason", out var code) ? code.GetString() : null).ShouldBe(reason, $"body '{body}'");
        }
    }

    [Fact]
    public async Task DemoKey_IsRegisteredOnlyWithTheEmbeddedCluster()
    {
        await using (var embedded = new BuryHost(kafka, kafka.NewTopic(), settings: new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = "" }))
        {
            using var http = embedded.CreateHttpClient();
            using var response = await Post(http, TestEvents.AeArrived("att-1", DateTimeOffset.UtcNow), IntegratorOptions.DemoKey);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, "embedded Kafka and no integrators: the demo key works");
        }

        await using var configured = new BuryHost(kafka, kafka.NewTopic());
        using var client = configured.CreateHttpClient();
        using var refused = await Post(client, TestEvents.AeArrived("att-1", DateTimeOffset.UtcNow), IntegratorOptions.DemoKey);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a real cluster never gets the public demo key");
    }

    private static MeterListener Listen(BuryHost host, ConcurrentQueue<(string, long, Dictionary<string, object?>)> into)
    {
        // Only this host's meter: the factory scopes meters per DI container, and tests run hosts side by side.
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            into.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        return listener;
    }
}
