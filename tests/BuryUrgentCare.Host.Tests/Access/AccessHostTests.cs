using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using static BuryUrgentCare.Access.AccessTestSupport;

namespace BuryUrgentCare.Access;

/// <summary>The host's access modes, device tokens, the audit log and the hub's per-unit joins, through real requests.</summary>
[Collection(KafkaCollection.Name)]
public sealed class AccessHostTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void RealCluster_NoIdentityProvider_TheHostRefusesToStart_SayingWhy()
    {
        // BuryHost points at the (real-protocol) test cluster; null removes the development sign-in it adds for other tests.
        var refused = Should.Throw<Exception>(() => new BuryHost(kafka, kafka.NewTopic(), settings: new Dictionary<string, string?> { ["Auth:DevelopmentSignIn"] = null }));
        Flatten(refused).ShouldContain(e => e.Message.Contains("Refusing to start", StringComparison.Ordinal) && e.Message.Contains("Auth:Oidc:Authority", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DevelopmentSignIn_EveryRequestIsTheDeveloperWithEveryStaffRole_AndEveryPageSaysSo()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var me = await http.GetFromJsonAsync<JsonElement>("/api/access/me");
        me.GetProperty("name").GetString().ShouldBe(DevelopmentSignInHandler.UserName);
        me.GetProperty("developmentSignIn").GetBoolean().ShouldBeTrue();
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(AccessRoles.Staff, ignoreOrder: true);
        foreach (var page in new[] { "/", "/wallboard/FGH-ED", "/breach-risk/FGH-ED", "/commissioners", "/escalation", "/escalation/sitrep" })
        {
            var html = await http.GetStringAsync(page);
            html.ShouldContain(DevelopmentBanner.Text, customMessage: page);
        }

        // Not an integrator: posting events still takes an API key.
        using var post = await http.PostAsync("/api/events", new StringContent("{}"));
        post.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ADecision_IsRecordedUnderTheSignedInName_NotTheNameInTheBody_ExceptUnderTheSharedDevelopmentSignIn()
    {
        await using (var host = RequiredHost(kafka))
        {
            using var http = host.CreateHttpClient();
            using var request = Request(HttpMethod.Post, "/api/escalation/declarations", role: AccessRoles.Manager);
            request.Content = JsonContent.Create(new { level = 3, declaredBy = "Someone Else", reason = "test" });
            using var response = await http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            var declared = await response.Content.ReadFromJsonAsync<JsonElement>();
            declared.GetProperty("declaredBy").GetString().ShouldBe("test-" + AccessRoles.Manager);
        }

        // Everyone is "developer" under the development sign-in, so the name typed on the page is the only one there is.
        await using (var host = new BuryHost(kafka, kafka.NewTopic()))
        {
            using var http = host.CreateHttpClient();
            using var response = await http.PostAsJsonAsync("/api/escalation/declarations", new { level = 2, declaredBy = "Ana Call" });
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("declaredBy").GetString().ShouldBe("Ana Call");
        }
    }

    [Fact]
    public async Task Reads_OverTheCallersAllowance_429WithRetryAfter_OtherCallersAndHealthUnaffected_AndTheBucketRefills()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = Gateway.GatewayTestSupport.Integrator("fgh-ed-epr", Gateway.GatewayTestSupport.Key);
        settings["Auth:Required"] = "true";
        settings["Auth:ReadRequestsPerMinute"] = "3";
        await using var host = new BuryHost(kafka, kafka.NewTopic(), clock, settings, AddTestRoles);
        using var http = host.CreateHttpClient();

        async Task<HttpResponseMessage> Read(string role, string path = "/api/units")
        {
            using var request = Request(HttpMethod.Get, path, role);
            return await http.SendAsync(request);
        }

        for (var i = 0; i < 3; i++)
        {
            (await Read(AccessRoles.Viewer)).StatusCode.ShouldBe(HttpStatusCode.OK, $"read {i + 1} of the allowance of 3");
        }

        using var refused = await Read(AccessRoles.Viewer, "/api/figures");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(20), "one read's worth of a 3-a-minute bucket");
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().ShouldBe("read-rate-limit");

        (await Read(AccessRoles.Manager)).StatusCode.ShouldBe(HttpStatusCode.OK, "another caller has an allowance of its own");
        (await http.GetAsync("/health/ready")).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests, "health is not an API read");

        clock.Advance(TimeSpan.FromSeconds(20));
        (await Read(AccessRoles.Viewer)).StatusCode.ShouldBe(HttpStatusCode.OK, "the bucket refills at 3 a minute");
        (await Read(AccessRoles.Viewer)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task AuthRequired_NoCredentials_401ProblemJson_HealthAndTheWallboardShellStayOpen_NoBanner()
    {
        await using var host = RequiredHost(kafka);
        using var http = host.CreateHttpClient();

        using var units = await http.GetAsync("/api/units");
        units.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        units.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var overview = await http.GetAsync("/");
        overview.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var file = await http.GetAsync("/index.html");
        file.IsSuccessStatusCode.ShouldBeFalse("a page must not be reachable as a static file around its policy");
        (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("/js/wallboard.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var shell = await http.GetStringAsync("/wallboard/FGH-ED");
        shell.ShouldNotContain(DevelopmentBanner.Text);
    }

    [Fact]
    public async Task DeviceToken_IssuedOnce_StoredHashed_LimitedToItsUnits_LastSeenListed_RevokedGoesDark_AndAudited()
    {
        var folder = Directory.CreateTempSubdirectory("bury-access-").FullName;
        var store = Path.Combine(folder, "access.db");
        await using var host = RequiredHost(kafka, new() { ["Auth:DeviceTokens:StorePath"] = store });
        using var http = host.CreateHttpClient();

        using var issue = Request(HttpMethod.Post, "/api/access/devices", role: AccessRoles.Admin);
        issue.Content = JsonContent.Create(new { name = "ED majors corridor", units = new[] { "FGH-ED" } });
        using var issued = await http.SendAsync(issue);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("device").GetProperty("id").GetString()!;
        token.ShouldStartWith(AccessStore.TokenPrefix);

        // Only the hash is at rest.
        var stored = StoredHashes(store);
        stored.ShouldBe([AccessStore.Hash(token)]);

        // A viewer of its own unit only.
        (await Send(http, "/api/units/FGH-ED", token)).ShouldBe(HttpStatusCode.OK);
        (await Send(http, "/api/units/BURY-IVCH", token)).ShouldBe(HttpStatusCode.Forbidden);
        (await Send(http, "/api/trends/deflection", token)).ShouldBe(HttpStatusCode.Forbidden);
        (await Send(http, "/api/access/devices", token)).ShouldBe(HttpStatusCode.Forbidden);

        // The hub: its unit yes, another unit, every unit or the workspace no.
        var (hub, closed) = await ConnectHub(host, token);
        await using (hub)
        {
            await hub.InvokeAsync("JoinUnit", "FGH-ED");
            (await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinUnit", "BURY-IVCH"))).Message.ShouldContain("may not show that unit");
            await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinAll"));
            await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinEscalation"));

            // Listed with a last-seen time.
            using var list = Request(HttpMethod.Get, "/api/access/devices", role: AccessRoles.Admin);
            var devices = await (await http.SendAsync(list)).Content.ReadFromJsonAsync<JsonElement>();
            var device = devices.EnumerateArray().Single(d => d.GetProperty("id").GetString() == id);
            device.GetProperty("lastSeenAt").ValueKind.ShouldBe(JsonValueKind.String);
            device.GetProperty("units").EnumerateArray().Select(u => u.GetString()).ShouldBe(["FGH-ED"]);

            // Revoked: the open connection is closed at once and the token is refused from then on, saying why.
            using var revoke = Request(HttpMethod.Delete, $"/api/access/devices/{id}", role: AccessRoles.Admin);
            (await http.SendAsync(revoke)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            await closed.Task.WaitAsync(Timeout);
        }

        using var refused = await http.SendAsync(Request(HttpMethod.Get, "/api/units/FGH-ED", deviceToken: token));
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().ShouldBe("device-token-revoked");

        using var audit = Request(HttpMethod.Get, "/api/access/audit", role: AccessRoles.Admin);
        var lines = await (await http.SendAsync(audit)).Content.ReadFromJsonAsync<JsonElement>();
        var actions = lines.EnumerateArray().Select(l => (Action: l.GetProperty("action").GetString(), Actor: l.GetProperty("actor").GetString(), Target: l.GetProperty("target").GetString())).ToList();
        actions.ShouldContain(("device-token.issued", "test-admin", id));
        actions.ShouldContain(("device-token.revoked", "test-admin", id));
    }

    [Fact]
    public async Task ConfigurationChangedBetweenStarts_IsAuditedByKeyName_NeverByValue()
    {
        var store = Path.Combine(Path.GetTempPath(), "bury-config-audit-" + Guid.NewGuid().ToString("N"), "access.db");
        const string secret = "not-a-real-secret-but-never-logged";
        async Task<List<(string? Action, string? Actor, string? Target, string? Detail)>> StartAndReadAudit(string processedHorizon)
        {
            await using var host = RequiredHost(kafka, new Dictionary<string, string?>
            {
                ["Auth:DeviceTokens:StorePath"] = store,
                ["Processing:ReplayHorizon"] = processedHorizon,
                ["Kafka:Client:sasl.password"] = secret,
            });
            using var http = host.CreateHttpClient();
            using var audit = Request(HttpMethod.Get, "/api/access/audit", role: AccessRoles.Admin);
            var lines = await (await http.SendAsync(audit)).Content.ReadFromJsonAsync<JsonElement>();
            return [.. lines.EnumerateArray().Select(l => (l.GetProperty("action").GetString(), l.GetProperty("actor").GetString(),
                l.GetProperty("target").GetString(), l.TryGetProperty("detail", out var d) ? d.GetString() : null))];
        }

        try
        {
            var first = await StartAndReadAudit("2.00:00:00");
            first.ShouldContain(l => l.Action == "configuration.recorded" && l.Target == "first start" && l.Actor == ConfigurationAudit.Actor);
            first.ShouldNotContain(l => l.Action == "configuration.changed");

            var second = await StartAndReadAudit("3.00:00:00");
            var changed = second.Where(l => l.Action == "configuration.changed" && l.Target == "start-up").ShouldHaveSingleItem();
            changed.Detail.ShouldNotBeNull().ShouldContain("Processing:ReplayHorizon");
            changed.Detail.ShouldNotContain("3.00:00:00");
            changed.Detail.ShouldNotContain("Kafka:Client:sasl.password", customMessage: "an unchanged secret is not a change");
            second.ShouldAllBe(l => l.Detail == null || !l.Detail.Contains(secret, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
        }
    }

    [Fact]
    public async Task DeviceToken_IssuedOnOneNode_LetsTheScreenInOnAnother_AndARevocationOnTheFirstClosesItsHubConnectionOnTheSecond()
    {
        // Two nodes with their own access files, sharing the cluster's device-token table.
        var table = kafka.NewTopic("uec.access");
        await using var a = RequiredHost(kafka, new Dictionary<string, string?> { ["Kafka:AccessTopic"] = table });
        await using var b = RequiredHost(kafka, new Dictionary<string, string?> { ["Kafka:AccessTopic"] = table });
        using var httpA = a.CreateHttpClient();
        using var httpB = b.CreateHttpClient();

        using var issue = Request(HttpMethod.Post, "/api/access/devices", role: AccessRoles.Admin);
        issue.Content = JsonContent.Create(new { name = "UTC waiting room", units = new[] { "FGH-UTC" } });
        using var issued = await httpA.SendAsync(issue);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("device").GetProperty("id").GetString()!;

        await Eventually.Until(async () =>
        {
            using var unit = await httpB.SendAsync(Request(HttpMethod.Get, "/api/units/FGH-UTC", deviceToken: token));
            return unit.StatusCode == HttpStatusCode.OK;
        }, Timeout, "node B lets in a screen whose token node A issued");
        using (var listB = Request(HttpMethod.Get, "/api/access/devices", role: AccessRoles.Admin))
        {
            (await (await httpB.SendAsync(listB)).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
                .ShouldContain(d => d.GetProperty("id").GetString() == id, "node B's admin list shows it too");
        }

        var (hub, closed) = await ConnectHub(b, token);
        await using (hub)
        {
            await hub.InvokeAsync("JoinUnit", "FGH-UTC");

            using var revoke = Request(HttpMethod.Delete, $"/api/access/devices/{id}", role: AccessRoles.Admin);
            (await httpA.SendAsync(revoke)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

            await closed.Task.WaitAsync(Timeout); // on node B, where the screen is connected
        }

        using var refused = await httpB.SendAsync(Request(HttpMethod.Get, "/api/units/FGH-UTC", deviceToken: token));
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var again = Request(HttpMethod.Delete, $"/api/access/devices/{id}", role: AccessRoles.Admin);
        (await httpB.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "already revoked, on every node");
    }

    [Fact]
    public async Task DeviceToken_OnlyOnTheHubPath_MayTravelAsAccessTokenQuery()
    {
        await using var host = RequiredHost(kafka);
        using var http = host.CreateHttpClient();
        using var issue = Request(HttpMethod.Post, "/api/access/devices", role: AccessRoles.Admin);
        issue.Content = JsonContent.Create(new { name = "UTC waiting room", units = new[] { "FGH-UTC" } });
        var token = (await (await http.SendAsync(issue)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        using var api = await http.GetAsync($"/api/units/FGH-UTC?access_token={token}");
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var negotiate = await http.PostAsync($"/hubs/wallboard/negotiate?negotiateVersion=1&access_token={token}", null);
        negotiate.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Acknowledging_IsForManagers_AndTheAuditLogSaysWho()
    {
        await using var host = RequiredHost(kafka);
        using var http = host.CreateHttpClient();
        using var asViewer = Request(HttpMethod.Post, "/api/escalation/actions", role: AccessRoles.Viewer);
        asViewer.Content = JsonContent.Create(new { text = "Open the escalation ward", owner = "Site manager", level = 3, createdBy = "Site manager", due = DateTimeOffset.UtcNow.AddHours(1) });
        (await http.SendAsync(asViewer)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var asManager = Request(HttpMethod.Post, "/api/escalation/actions", role: AccessRoles.Manager);
        asManager.Content = JsonContent.Create(new { text = "Open the escalation ward", owner = "Site manager", level = 3, createdBy = "Site manager", due = DateTimeOffset.UtcNow.AddHours(1) });
        using var added = await http.SendAsync(asManager);
        added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());

        using var audit = Request(HttpMethod.Get, "/api/access/audit", role: AccessRoles.Admin);
        var lines = await (await http.SendAsync(audit)).Content.ReadFromJsonAsync<JsonElement>();
        lines.EnumerateArray().ShouldContain(l => l.GetProperty("action").GetString() == "escalation.action-added" && l.GetProperty("actor").GetString() == "test-manager");
    }

    private static async Task<HttpStatusCode> Send(HttpClient http, string path, string token)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, path, deviceToken: token));
        return response.StatusCode;
    }

    private static List<string> StoredHashes(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT hash FROM device_tokens";
        using var reader = select.ExecuteReader();
        var hashes = new List<string>();
        while (reader.Read())
        {
            hashes.Add(reader.GetString(0));
        }

        return hashes;
    }

    /// <summary>A hub client started with a device token, and a task that completes when the server closes it.</summary>
    private static async Task<(HubConnection Hub, TaskCompletionSource Closed)> ConnectHub(BuryHost host, string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/wallboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        return (hub, closed);
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
