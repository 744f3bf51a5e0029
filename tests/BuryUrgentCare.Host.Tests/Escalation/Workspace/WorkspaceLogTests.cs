using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BuryUrgentCare.Support;
using Confluent.Kafka;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>
/// Issue 12: the escalation workspace shared by every node through the workspace log. Two real hosts on one cluster: a
/// change made on either is shown, with the same id, by both, and pushed to workspace pages on both.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class WorkspaceLogTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static object Action(string text) =>
        new { level = 3, text, owner = "Site manager", due = DateTimeOffset.UtcNow.AddHours(1), createdBy = "Ben Chair" };

    [Fact]
    public async Task TwoNodes_ShowOneWorkspace_WhicheverNodeEachChangeWasMadeOn_AndPushItToPagesOnBoth()
    {
        var topic = kafka.NewTopic();
        await using var a = new BuryHost(kafka, topic);
        await using var b = new BuryHost(kafka, topic);
        using var httpA = a.CreateHttpClient();
        using var httpB = b.CreateHttpClient();
        using var timeout = new CancellationTokenSource(Timeout);
        var (pageOnB, pushedOnB) = await WorkspaceApiTests.JoinedWorkspaceAsync(b, timeout.Token);
        await using (pageOnB)
        {
            // Added on A: answered once A has it, and pushed to a workspace page open on B.
            var added = await httpA.PostAsJsonAsync("/api/escalation/actions", Action("Open escalation beds"));
            added.StatusCode.ShouldBe(HttpStatusCode.Created);
            var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            added.Headers.Location!.ToString().ShouldBe($"/api/escalation/actions/{id}");
            var pushed = (await pushedOnB.Reader.ReadAsync(timeout.Token)).GetProperty("actions").EnumerateArray().ShouldHaveSingleItem();
            (pushed.GetProperty("id").GetInt64(), pushed.GetProperty("text").GetString()).ShouldBe((id, "Open escalation beds"));

            // Updated on B, by the id A gave: A shows it done.
            (await httpB.PatchAsJsonAsync($"/api/escalation/actions/{id}", new { status = "done", updatedBy = "Matron" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await pushedOnB.Reader.ReadAsync(timeout.Token)).GetProperty("actions")[0].GetProperty("status").GetString().ShouldBe("done");
            await Eventually.Until(async () => (await Workspace(httpA)).GetProperty("actions")[0].GetProperty("status").GetString() == "done",
                Timeout, "node A shows the update made on node B");

            // Declared on B, another action on A: both nodes hold the same rows, in the same order, with the same ids.
            (await httpB.PostAsJsonAsync("/api/escalation/declarations", new { level = 3, declaredBy = "Ben Chair", reason = "handovers" }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
            var second = await (await httpA.PostAsJsonAsync("/api/escalation/actions", Action("GP streaming at the front door"))).Content.ReadFromJsonAsync<JsonElement>();
            second.GetProperty("id").GetInt64().ShouldBeGreaterThan(id);
            // The action added last is the log's last record: a node that shows it has applied every record before it.
            await Eventually.Until(async () => Rows(await Workspace(httpB)).Contains("GP streaming", StringComparison.Ordinal), Timeout, "node B read the whole log");
            var shownByA = Rows(await Workspace(httpA));
            Rows(await Workspace(httpB)).ShouldBe(shownByA);
            shownByA.ShouldContain("\"declaredBy\":\"Ben Chair\"");
        }
    }

    [Fact]
    public async Task AnAlertAcknowledgedOnOneNode_IsShownAcknowledgedOnTheOther()
    {
        var topic = kafka.NewTopic();
        using (var producer = kafka.CreateProducer())
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]>
            {
                Key = "FGH-ED",
                Value = TestEvents.AeArrived("ack-shared-" + TestEvents.NewId(), DateTimeOffset.UtcNow.AddHours(-13)),
            });
        }

        await using var a = new BuryHost(kafka, topic);
        await using var b = new BuryHost(kafka, topic);
        using var httpA = a.CreateHttpClient();
        using var httpB = b.CreateHttpClient();
        string? id = null;
        await Eventually.Until(async () =>
        {
            var onA = await PatientAlert(httpA);
            id = onA?.GetProperty("id").GetString();
            return id is not null && (await PatientAlert(httpB))?.GetProperty("id").GetString() == id;
        }, Timeout, "both nodes raised the patient's 12-hour alert");

        (await httpA.PostAsJsonAsync($"/api/escalation/alerts/{id}/acknowledgement", new { by = "Cy Site", note = "bed requested" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        JsonElement? shown = null;
        await Eventually.Until(async () => (shown = await PatientAlert(httpB))?.TryGetProperty("acknowledged", out var ack) == true && ack.ValueKind == JsonValueKind.Object,
            Timeout, "node B shows the alert acknowledged");
        var acknowledged = shown!.Value.GetProperty("acknowledged");
        (acknowledged.GetProperty("by").GetString(), acknowledged.GetProperty("note").GetString()).ShouldBe(("Cy Site", "bed requested"));
        (await Workspace(httpB)).GetProperty("acknowledgements").EnumerateArray().ShouldHaveSingleItem().GetProperty("alertId").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task ACopyWhoseLogIsEmpty_PutsItsRowsBackOnTheLog_AndTakesNewChanges()
    {
        // The embedded cluster is in memory: every start of the one-command system begins with an empty workspace log,
        // while the node's copy on disk holds the call's actions. The copy must come back, and new changes be taken.
        var folder = Directory.CreateTempSubdirectory("bury-workspace-log-lost-");
        try
        {
            var store = BuryHost.RestartSettings("Escalation:Workspace:StorePath", Path.Combine(folder.FullName, "workspace.db"));
            await using (var first = new BuryHost(kafka, kafka.NewTopic(), settings: store))
            {
                using var http = first.CreateHttpClient();
                (await http.PostAsJsonAsync("/api/escalation/actions", Action("Open escalation beds"))).StatusCode.ShouldBe(HttpStatusCode.Created);
                (await http.PostAsJsonAsync("/api/escalation/declarations", new { level = 3, declaredBy = "Ben Chair" })).StatusCode.ShouldBe(HttpStatusCode.Created);
            }

            // Another topic, so another (empty) workspace log: as after a restart of the embedded cluster.
            await using var second = new BuryHost(kafka, kafka.NewTopic(), settings: store);
            using var http2 = second.CreateHttpClient();
            await Eventually.Until(async () => (await Workspace(http2)).GetProperty("actions").GetArrayLength() == 1, Timeout, "the copy is back");
            (await http2.PostAsJsonAsync("/api/escalation/actions", Action("GP streaming at the front door"))).StatusCode.ShouldBe(HttpStatusCode.Created);

            var workspace = await Workspace(http2);
            workspace.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("text").GetString())
                .ShouldBe(["GP streaming at the front door", "Open escalation beds"]);
            workspace.GetProperty("declared").GetProperty("declaredBy").GetString().ShouldBe("Ben Chair");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Records_RoundTrip_AndOneOfAnotherVersionOrNotAChange_IsPassedOver()
    {
        var change = new ActionUpdated(DateTimeOffset.UnixEpoch, "Matron", 7, "done", null, null);
        var record = WorkspaceLog.Record("k", change);

        WorkspaceLog.Read(record.Value, record.Headers).ShouldBe(change);
        WorkspaceLog.Read(record.Value, new Headers { { WorkspaceLog.SchemaHeader, "2"u8.ToArray() } }).ShouldBeNull("a newer node's record is not misread");
        WorkspaceLog.Read(record.Value, []).ShouldBeNull();
        WorkspaceLog.Read("{}"u8.ToArray(), record.Headers).ShouldBeNull();
        WorkspaceLog.Read(Encoding.UTF8.GetBytes("""{"kind":"action-deleted","at":"2026-12-06T10:00:00Z","by":"X"}"""), record.Headers).ShouldBeNull();
        WorkspaceLog.Read("not json"u8.ToArray(), record.Headers).ShouldBeNull();
    }

    private static async Task<JsonElement> Workspace(HttpClient http) => await http.GetFromJsonAsync<JsonElement>("/api/escalation/workspace");

    /// <summary>The declarations, actions and acknowledgements as a node shows them (not the time it was asked).</summary>
    private static string Rows(JsonElement workspace) =>
        string.Join('\n', new[] { "declarations", "actions", "acknowledgements" }.Select(p => workspace.GetProperty(p).GetRawText()));

    private static async Task<JsonElement?> PatientAlert(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("active").EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() == "patient").Select(a => (JsonElement?)a).SingleOrDefault();
}

/// <summary>
/// The workspace with no broker: a change is refused with a 503 that says nothing was recorded, and none appears later.
/// The outage is the whole cluster's, so this class has an in-process cluster of its own, and the host runs as a process
/// of its own (as KafkaTroubleTests' outage does).
/// </summary>
public sealed class WorkspaceLogOutageTests(KafkaTestCluster kafka) : IClassFixture<KafkaTestCluster>
{
    private static object Action(string text) =>
        new { level = 2, text, owner = "Site manager", due = DateTimeOffset.UtcNow.AddHours(1), createdBy = "Ana Call" };

    [Fact]
    public async Task NoBroker_AChangeIsRefusedWith503_NothingIsRecorded_AndOnceItIsBackChangesAreTakenAgain()
    {
        var folder = Directory.CreateTempSubdirectory("bury-workspace-outage-");
        try
        {
            await using var host = new HostProcess(BuryHost.Settings(kafka, kafka.NewTopic(), folder.FullName));
            using var http = host.CreateHttpClient();
            await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the host ready");
            (await http.PostAsJsonAsync("/api/escalation/actions", Action("Before the outage"))).StatusCode.ShouldBe(HttpStatusCode.Created, host.Output);

            kafka.SetReachable(false);
            try
            {
                var refused = await http.PostAsJsonAsync("/api/escalation/actions", Action("During the outage"));

                refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                refused.Headers.RetryAfter.ShouldNotBeNull();
                (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("nothing was recorded");
            }
            finally
            {
                kafka.SetReachable(true);
            }

            // Answered only once read back, so "after" is applied after anything before it on the log.
            (await http.PostAsJsonAsync("/api/escalation/actions", Action("After the outage"))).StatusCode.ShouldBe(HttpStatusCode.Created, host.Output);
            (await http.GetFromJsonAsync<JsonElement>("/api/escalation/workspace")).GetProperty("actions").EnumerateArray()
                .Select(a => a.GetProperty("text").GetString()).ShouldBe(["After the outage", "Before the outage"], "the refused change never appears");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
