using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using BuryUrgentCare.Realtime;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Escalation;

[Collection(KafkaCollection.Name)]
public sealed class EscalationApiTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AmbulanceWaitingOver30Minutes_RaisesAlertOnSignalRAndInApi()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();
        var alerts = Channel.CreateUnbounded<JsonElement>();
        await using var hub = host.CreateHubConnection();
        hub.On<JsonElement>(nameof(IWallboardClient.ReceiveAlert), a => alerts.Writer.TryWrite(a));
        await hub.StartAsync();
        await hub.InvokeAsync("JoinUnit", "FGH-ED");
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "readiness");

        using var producer = kafka.CreateProducer();
        await producer.ProduceAsync(host.Topic, new Message<string, byte[]>
        {
            Key = "FGH-ED",
            Value = TestEvents.AeArrived("amb-1", DateTimeOffset.UtcNow.AddMinutes(-35), "ambulance"),
        });

        using var timeout = new CancellationTokenSource(Timeout);
        JsonElement alert;
        do
        {
            alert = await alerts.Reader.ReadAsync(timeout.Token);
        }
        while (alert.GetProperty("id").GetString() != "ed-handover-30");

        alert.GetProperty("state").GetString().ShouldBe("raised");
        alert.GetProperty("value").GetDouble().ShouldBeInRange(35, 36);
        var listed = await http.GetFromJsonAsync<JsonElement>("/api/alerts");
        listed.GetProperty("active").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ShouldContain("ed-handover-30");
        var system = await http.GetFromJsonAsync<JsonElement>("/api/system");
        system.GetProperty("opel").GetProperty("parameters").GetArrayLength().ShouldBe(8);
        // The holds the announced level waits out (hazard H25), from appsettings.json.
        system.GetProperty("opel").GetProperty("escalateAfter").GetString().ShouldBe("00:15:00");
        system.GetProperty("opel").GetProperty("deescalateAfter").GetString().ShouldBe("01:00:00");
        system.GetProperty("deflectionToday").GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Restart_AlertStillInBreach_KeepsItsRaisedTime_AndIsNotAnnouncedAgain()
    {
        var folder = Directory.CreateTempSubdirectory("bury-escalation-state-");
        try
        {
            var topic = kafka.NewTopic();
            var settings = BuryHost.RestartSettings("Escalation:StatePath", Path.Combine(folder.FullName, "escalation-state.json"));
            var waitingSince = DateTimeOffset.UtcNow.AddMinutes(-35);
            JsonElement raised;
            await using (var first = new BuryHost(kafka, topic, settings: settings))
            {
                using var http = first.CreateHttpClient();
                await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "host A ready");
                using var producer = kafka.CreateProducer();
                await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "FGH-ED", Value = TestEvents.AeArrived("amb-restart", waitingSince, "ambulance") });
                raised = await Eventually.Value(async () => ActiveAlert(await http.GetFromJsonAsync<JsonElement>("/api/alerts"), "ed-handover-30"),
                    Timeout, "host A raised ed-handover-30");
            }

            await using var second = new BuryHost(kafka, topic, settings: settings);
            using var http2 = second.CreateHttpClient();
            var announced = Channel.CreateUnbounded<JsonElement>();
            await using var hub = second.CreateHubConnection();
            hub.On<JsonElement>(nameof(IWallboardClient.ReceiveAlert), a => announced.Writer.TryWrite(a));
            await hub.StartAsync();
            await hub.InvokeAsync("JoinUnit", "FGH-ED");

            // Host B replays FGH-ED; its rebuilt figures are still in breach (the ambulance is still waiting).
            await Eventually.Until(async () => (await http2.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "host B replayed");

            // A second ambulance, waiting over an hour, raises ed-handover-60 on host B. Alerts reach the wall in order, so
            // once it has arrived, a repeated ed-handover-30 would have arrived before it.
            using (var producer = kafka.CreateProducer())
            {
                await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "FGH-ED", Value = TestEvents.AeArrived("amb-later", DateTimeOffset.UtcNow.AddMinutes(-65), "ambulance") });
            }

            using var timeout = new CancellationTokenSource(Timeout);
            var received = new List<string?>();
            do
            {
                received.Add((await announced.Reader.ReadAsync(timeout.Token)).GetProperty("id").GetString());
            }
            while (received[^1] != "ed-handover-60");

            received.ShouldNotContain("ed-handover-30", "host B announced only new alerts");
            var alerts = await http2.GetFromJsonAsync<JsonElement>("/api/alerts");
            ActiveAlert(alerts, "ed-handover-30").ShouldNotBeNull().GetProperty("at").GetDateTimeOffset()
                .ShouldBe(raised.GetProperty("at").GetDateTimeOffset(), "the alert keeps the time host A raised it");
            alerts.GetProperty("recent").EnumerateArray().Count(a => a.GetProperty("id").GetString() == "ed-handover-30").ShouldBe(1);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static JsonElement? ActiveAlert(JsonElement alerts, string id) =>
        alerts.GetProperty("active").EnumerateArray().Where(a => a.GetProperty("id").GetString() == id).Select(a => (JsonElement?)a).FirstOrDefault();

    [Fact]
    public async Task InvalidOpelProfile_FailsStartUpWithClearMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"opel-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{ "name": "broken", "version": "0", "parameters": [], "scoreBands": [] }""");
        try
        {
            var error = StartUpFailure(() =>
                new BuryHost(kafka, kafka.NewTopic(), settings: new Dictionary<string, string?> { ["Escalation:OpelProfilePath"] = path }));

            error.Message.ShouldContain("(broken 0) is invalid");
            error.Message.ShouldContain("at least one parameter is required");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RetiredLevelHoldSetting_FailsStartUpNamingItsReplacements()
    {
        var error = StartUpFailure(() =>
            new BuryHost(kafka, kafka.NewTopic(), settings: new Dictionary<string, string?> { ["Escalation:LevelHoldFor"] = "00:30:00" }));

        error.Message.ShouldContain("Escalation:LevelHoldFor is no longer read");
        error.Message.ShouldContain("Escalation:EscalateAfter");
        error.Message.ShouldContain("Escalation:DeescalateAfter");
    }

    /// <summary>
    /// The exception a host that must not start throws. WebApplicationFactory races the failing entry point under load:
    /// now and then its deferred host reads the already disposed service provider and throws ObjectDisposedException
    /// instead of the start-up error; another attempt shows the real one.
    /// </summary>
    internal static OptionsValidationException StartUpFailure(Func<BuryHost> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var host = start();
            }
            catch (OptionsValidationException ex)
            {
                return ex;
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                continue;
            }

            throw new ShouldAssertException("The host started; it must refuse an invalid configuration.");
        }
    }
}
