using System.Net;
using System.Text;
using static BuryUrgentCare.History.TestPoints;

namespace BuryUrgentCare.History;

/// <summary>What <see cref="InfluxDbStore"/> sends and how it reads answers, at the HTTP seam.</summary>
public sealed class InfluxDbStoreHttpTests : IDisposable
{
    private readonly RecordingHandler _handler = new();
    private readonly HttpClient _http;

    public InfluxDbStoreHttpTests() => _http = new HttpClient(_handler);

    private InfluxDbStore CreateSut(Action<InfluxDbOptions>? configure = null)
    {
        var options = new InfluxDbOptions { Url = new Uri("http://influx.test:8086/"), Database = "bury db" };
        configure?.Invoke(options);
        return new InfluxDbStore(_http, options, TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task WriteAsync_FirstCall_CreatesTheDatabaseWithRetentionThenPostsLineProtocolInMilliseconds()
    {
        using var sut = CreateSut();

        await sut.WriteAsync([Unit("ae", T0, "n", 1), Unit("utc", T0, "n", 2)], CancellationToken.None);

        _handler.Requests.Count.ShouldBe(2);
        var create = _handler.Requests[0];
        create.Method.ShouldBe(HttpMethod.Post);
        create.Uri.ShouldBe(new Uri("http://influx.test:8086/query"));
        Uri.UnescapeDataString(create.Body.Replace('+', ' ')).ShouldBe(
            "q=CREATE DATABASE \"bury db\"; ALTER RETENTION POLICY \"autogen\" ON \"bury db\" DURATION 2592000000ms DEFAULT; " +
            "CREATE RETENTION POLICY \"rollups\" ON \"bury db\" DURATION INF REPLICATION 1");
        var write = _handler.Requests[1];
        write.Method.ShouldBe(HttpMethod.Post);
        write.Uri.ShouldBe(new Uri("http://influx.test:8086/write?db=bury%20db&precision=ms"));
        write.Body.ShouldBe($"ae,unit=ae n=1i {T0.ToUnixTimeMilliseconds()}\nae,unit=utc n=2i {T0.ToUnixTimeMilliseconds()}\n");
        write.Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task WriteAsync_Token_SentAsAuthorizationTokenOnEveryRequest()
    {
        using var sut = CreateSut(o => o.Token = "s3cret");

        await sut.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None);

        _handler.Requests.ShouldAllBe(r => r.Authorization == "Token s3cret");
    }

    [Fact]
    public async Task WriteAsync_CreateDatabaseOff_OnlyWrites()
    {
        using var sut = CreateSut(o => o.CreateDatabase = false);

        await sut.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None);

        _handler.Requests.Single().Uri.AbsolutePath.ShouldBe("/write");
    }

    [Fact]
    public async Task WriteAsync_ServerError_ThrowsTransientWithTheServerBody()
    {
        using var sut = CreateSut(o => o.CreateDatabase = false);
        _handler.Respond = _ => (HttpStatusCode.ServiceUnavailable, "{\"error\":\"engine is closed\"}");

        var ex = await Should.ThrowAsync<TimeSeriesStoreException>(() => sut.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None));

        ex.IsTransient.ShouldBeTrue();
        ex.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        ex.ResponseBody.ShouldBe("{\"error\":\"engine is closed\"}");
        ex.Message.ShouldContain("engine is closed");
    }

    [Fact]
    public async Task WriteAsync_DatabaseNotFound_CreatesItAgainBeforeTheNextWrite()
    {
        using var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None);
        _handler.Respond = r => r.Uri.AbsolutePath == "/write" ? (HttpStatusCode.NotFound, "{\"error\":\"database not found: \\\"bury db\\\"\"}") : null;
        (await Should.ThrowAsync<TimeSeriesStoreException>(() => sut.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None)))
            .IsTransient.ShouldBeTrue();
        _handler.Respond = _ => null;

        await sut.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None);

        _handler.Requests.Select(r => r.Uri.AbsolutePath).ShouldBe(["/query", "/write", "/write", "/query", "/write"]);
    }

    [Fact]
    public async Task QueryAsync_StatementError_ThrowsWithTheServerMessage()
    {
        using var sut = CreateSut(o => o.CreateDatabase = false);
        _handler.Respond = _ => (HttpStatusCode.OK, "{\"results\":[{\"statement_id\":0,\"error\":\"shard is disabled\"}]}");

        var ex = await Should.ThrowAsync<TimeSeriesStoreException>(() =>
            sut.QueryAsync(Query("n", T0, T0.AddHours(1), TimeSpan.FromMinutes(10), HistoryAggregate.Max), CancellationToken.None));

        ex.Message.ShouldContain("shard is disabled");
    }

    [Fact]
    public async Task QueryAsync_Answer_ParsedIntoBucketsSkippingNulls()
    {
        using var sut = CreateSut(o => o.CreateDatabase = false);
        var t0 = T0.ToUnixTimeMilliseconds();
        _handler.Respond = _ => (HttpStatusCode.OK,
            $"{{\"results\":[{{\"statement_id\":0,\"series\":[{{\"name\":\"ae\",\"columns\":[\"time\",\"max\"],\"values\":[[{t0},4],[{t0 + 600000},null],[{t0 + 1200000},2.5]]}}]}}]}}");

        var buckets = await sut.QueryAsync(Query("n", T0, T0.AddHours(1), TimeSpan.FromMinutes(10), HistoryAggregate.Max), CancellationToken.None);

        buckets.ShouldBe([new(T0, 4), new(T0.AddMinutes(20), 2.5)]);
        var sent = _handler.Requests.Single();
        sent.Method.ShouldBe(HttpMethod.Get);
        sent.Uri.Query.ShouldContain("db=bury%20db");
        sent.Uri.Query.ShouldContain("epoch=ms");
    }

    public void Dispose() => _http.Dispose();

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public sealed record Sent(HttpMethod Method, Uri Uri, string Body, string? Authorization);

        public List<Sent> Requests { get; } = [];

        /// <summary>The answer to a request; null for the default (204 for /write, an empty result for /query).</summary>
        public Func<Sent, (HttpStatusCode Status, string Body)?> Respond { get; set; } = _ => null;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var sent = new Sent(request.Method, request.RequestUri!, body, request.Headers.Authorization?.ToString());
            Requests.Add(sent);
            var (status, answer) = Respond(sent) ?? (sent.Uri.AbsolutePath == "/write"
                ? (HttpStatusCode.NoContent, "")
                : (HttpStatusCode.OK, "{\"results\":[{\"statement_id\":0},{\"statement_id\":1}]}"));
            return new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
        }
    }
}
