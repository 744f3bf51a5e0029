using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using BuryUrgentCare.Realtime;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>The workspace API on the real host: refusals as problem+json, persistence over a restart, live push to a
/// second SignalR client, and named acknowledgement of per-patient breach alerts (H17).</summary>
[Collection(KafkaCollection.Name)]
public sealed class WorkspaceApiTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static object Action(string text = "Open escalation beds", string owner = "Site manager", DateTimeOffset? due = null, int level = 3, string createdBy = "Ben Chair") =>
        new { level, text, owner, due = due ?? DateTimeOffset.UtcNow.AddHours(1), createdBy };

    [Fact]
    public async Task BadInput_IsRefusedAsProblemJson_NamingTheField()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        await ShouldBeRefused(await http.PostAsJsonAsync("/api/escalation/declarations", new { level = 5, declaredBy = "Ana Call" }), "level");
        await ShouldBeRefused(await http.PostAsJsonAsync("/api/escalation/declarations", new { level = 3, declaredBy = " " }), "declaredBy");
        await ShouldBeRefused(await http.PostAsJsonAsync("/api/escalation/actions", Action(owner: "")), "owner");
        await ShouldBeRefused(await http.PostAsJsonAsync("/api/escalation/actions", Action(due: DateTimeOffset.UtcNow.AddHours(-1))), "due");
        await ShouldBeRefused(await http.PostAsJsonAsync("/api/escalation/actions", Action(text: new string('x', 501))), "text");
        await ShouldBeRefused(await http.PostAsJsonAsync("/api/escalation/actions", Action(level: 0)), "level");
        // 943 476 5919 is the NHS's published example of a valid number: the workspace keeps none.
        await ShouldBeRefused(await http.PostAsJsonAsync("/api/escalation/actions", Action(text: "Find a bed for 943 476 5919")), "text");
        var added = await (await http.PostAsJsonAsync("/api/escalation/actions", Action())).Content.ReadFromJsonAsync<JsonElement>();
        await ShouldBeRefused(await http.PatchAsJsonAsync($"/api/escalation/actions/{added.GetProperty("id").GetInt64()}", new { status = "finished", updatedBy = "Ana Call" }), "status");
        await ShouldBeRefused(await http.PostAsJsonAsync("/api/escalation/alerts/ed-handover-30/acknowledgement", new { by = "" }), "by");

        using (var malformed = new StringContent("""{ "level": "three", "declaredBy": "Ana Call" }""", System.Text.Encoding.UTF8, "application/json"))
        {
            var response = await http.PostAsync("/api/escalation/declarations", malformed);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        var unknownAction = await http.PatchAsJsonAsync("/api/escalation/actions/9999", new { status = "done", updatedBy = "Ana Call" });
        unknownAction.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownAction.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var unknownAlert = await http.PostAsJsonAsync("/api/escalation/alerts/ed-handover-30/acknowledgement", new { by = "Ana Call" });
        unknownAlert.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var state = await http.GetFromJsonAsync<JsonElement>("/api/escalation/workspace");
        state.GetProperty("actions").GetArrayLength().ShouldBe(1, "nothing refused was kept");
        state.GetProperty("declarations").GetArrayLength().ShouldBe(0);
    }

    private static async Task ShouldBeRefused(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public async Task DeclarationsAndActions_AreKeptWithTheFiguresAtTheTime_OverARestart()
    {
        var folder = Directory.CreateTempSubdirectory("bury-workspace-restart-");
        try
        {
            var topic = kafka.NewTopic();
            var settings = BuryHost.RestartSettings("Escalation:Workspace:StorePath", Path.Combine(folder.FullName, "workspace.db"));
            long id;
            await using (var first = new BuryHost(kafka, topic, settings: settings))
            {
                using var http = first.CreateHttpClient();
                await Eventually.Until(async () => (await http.GetAsync("/api/system")).IsSuccessStatusCode, Timeout, "system figures computed");
                (await http.PostAsJsonAsync("/api/escalation/declarations", new { level = 3, declaredBy = "Ben Chair", reason = "handovers" })).StatusCode.ShouldBe(HttpStatusCode.Created);
                var added = await http.PostAsJsonAsync("/api/escalation/actions", Action());
                added.StatusCode.ShouldBe(HttpStatusCode.Created);
                id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                (await http.PatchAsJsonAsync($"/api/escalation/actions/{id}", new { status = "done", updatedBy = "Site manager" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            await using var second = new BuryHost(kafka, topic, settings: settings);
            using var http2 = second.CreateHttpClient();
            var state = await http2.GetFromJsonAsync<JsonElement>("/api/escalation/workspace");
            var declared = state.GetProperty("declared");
            (declared.GetProperty("level").GetInt32(), declared.GetProperty("declaredBy").GetString(), declared.GetProperty("reason").GetString()).ShouldBe((3, "Ben Chair", "handovers"));
            declared.GetProperty("figures").GetProperty("asOf").ValueKind.ShouldBe(JsonValueKind.String, "the system figures of that minute were kept");
            declared.GetProperty("figures").GetProperty("parameters").GetArrayLength().ShouldBe(8);
            var action = state.GetProperty("actions").EnumerateArray().Single();
            (action.GetProperty("id").GetInt64(), action.GetProperty("status").GetString(), action.GetProperty("updatedBy").GetString()).ShouldBe((id, "done", "Site manager"));
            state.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("level").GetInt32()).ShouldBe([1, 2, 3, 4]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ActionAddedByOneOpenWorkspace_ReachesAnother_OverSignalR()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();
        using var timeout = new CancellationTokenSource(Timeout);
        var (first, firstReceived) = await JoinedWorkspaceAsync(host, timeout.Token);
        var (second, secondReceived) = await JoinedWorkspaceAsync(host, timeout.Token);
        await using (first)
        await using (second)
        {
            // The first workspace adds an action the way its page does (through the API); the second, which asked for
            // nothing, is sent it — and so is the first.
            (await http.PostAsJsonAsync("/api/escalation/actions", Action(text: "GP streaming at the front door"))).EnsureSuccessStatusCode();

            foreach (var received in new[] { secondReceived, firstReceived })
            {
                var pushed = await received.Reader.ReadAsync(timeout.Token);
                var action = pushed.GetProperty("actions").EnumerateArray().ShouldHaveSingleItem();
                (action.GetProperty("text").GetString(), action.GetProperty("owner").GetString(), action.GetProperty("status").GetString())
                    .ShouldBe(("GP streaming at the front door", "Site manager", "open"));
            }
        }
    }

    /// <summary>A hub connection that joined the workspace, its pushes, and the state it was sent on joining already read.</summary>
    internal static async Task<(HubConnection Connection, Channel<JsonElement> Received)> JoinedWorkspaceAsync(BuryHost host, CancellationToken cancellationToken)
    {
        var received = Channel.CreateUnbounded<JsonElement>();
        var connection = host.CreateHubConnection();
        connection.On<JsonElement>(nameof(IWallboardClient.ReceiveWorkspace), w => received.Writer.TryWrite(w));
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync("JoinEscalation", cancellationToken);
        (await received.Reader.ReadAsync(cancellationToken)).GetProperty("actions").GetArrayLength().ShouldBe(0, "the state on joining");
        return (connection, received);
    }

    [Fact]
    public async Task TwoPatientsOver12Hours_EachHasAnAlert_AndOneAcknowledged_IsShownInTheApiTheWorkspaceAndTheSitrep()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "readiness");
        using (var producer = kafka.CreateProducer())
        {
            foreach (var (subject, hours) in new[] { ("breach-first", 13), ("breach-second", 12.5) })
            {
                await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = "FGH-ED", Value = TestEvents.AeArrived(subject, DateTimeOffset.UtcNow.AddHours(-hours)) });
            }
        }

        List<JsonElement> patientAlerts = [];
        await Eventually.Until(async () =>
        {
            patientAlerts = [.. (await http.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("active").EnumerateArray().Where(a => a.GetProperty("kind").GetString() == "patient")];
            return patientAlerts.Count == 2;
        }, Timeout, "an alert for each patient over 12 hours");
        patientAlerts.Select(a => a.GetProperty("id").GetString()).Distinct().Count().ShouldBe(2);
        foreach (var alert in patientAlerts)
        {
            alert.GetProperty("id").GetString().ShouldStartWith("patient-over12Hours-FGH-ED-");
            alert.ToString().ShouldNotContain("breach-", Case.Sensitive, "the subject never leaves the core; only its pseudonym");
        }

        var id = patientAlerts[0].GetProperty("id").GetString()!;
        var acknowledged = await http.PostAsJsonAsync($"/api/escalation/alerts/{id}/acknowledgement", new { by = "Cy Site", note = "bed requested" });
        acknowledged.StatusCode.ShouldBe(HttpStatusCode.OK);

        var shown = (await http.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("active").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        shown.GetProperty("acknowledged").GetProperty("by").GetString().ShouldBe("Cy Site");
        (await http.GetFromJsonAsync<JsonElement>("/api/system")).GetProperty("activeAlerts").EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == id).GetProperty("acknowledged").GetProperty("note").GetString().ShouldBe("bed requested");
        var logged = (await http.GetFromJsonAsync<JsonElement>("/api/escalation/workspace")).GetProperty("acknowledgements").EnumerateArray().ShouldHaveSingleItem();
        (logged.GetProperty("alertId").GetString(), logged.GetProperty("by").GetString()).ShouldBe(((string?)id, (string?)"Cy Site"));
        var sitrep = await http.GetStringAsync("/escalation/sitrep");
        sitrep.ShouldContain("acknowledged by Cy Site");
        sitrep.ShouldContain("not acknowledged", Case.Sensitive, "the other patient's alert");
    }

    [Fact]
    public async Task ConfiguredActionCards_ReplaceTheDefaults_AndACardOfAnUnknownLevelStopsStartUp()
    {
        static Dictionary<string, string?> Card(string level) => new()
        {
            ["Escalation:Workspace:ActionCards:0:Level"] = level,
            ["Escalation:Workspace:ActionCards:0:Title"] = "Trust plan",
            ["Escalation:Workspace:ActionCards:0:Actions:0"] = "Call the director on call",
        };

        await using (var host = new BuryHost(kafka, kafka.NewTopic(), settings: Card("3")))
        {
            using var http = host.CreateHttpClient();
            var card = (await http.GetFromJsonAsync<JsonElement>("/api/escalation/workspace")).GetProperty("cards").EnumerateArray().ShouldHaveSingleItem();
            (card.GetProperty("level").GetInt32(), card.GetProperty("title").GetString()).ShouldBe((3, "Trust plan"));
        }

        var error = EscalationApiTests.StartUpFailure(() => new BuryHost(kafka, kafka.NewTopic(), settings: Card("5")));
        error.Message.ShouldContain("Escalation:Workspace:ActionCards: every card needs a level 1–4");
    }
}
