using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BuryUrgentCare.History;

/// <summary>
/// <see cref="ITimeSeriesStore"/> over InfluxDB's v1 HTTP API: <c>POST /write</c> with line protocol
/// (<c>precision=ms</c>) and <c>GET /query</c> with InfluxQL (<c>epoch=ms</c>). The same two endpoints are
/// served by InfluxDB 1.x, by 2.x (token + DBRP mapping) and by 3.x, so no client library is needed.
/// </summary>
public sealed class InfluxDbStore : ITimeSeriesStore, IDisposable
{
    private static readonly MediaTypeHeaderValue LineProtocolType = MediaTypeHeaderValue.Parse("text/plain; charset=utf-8");

    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly InfluxDbOptions _options;
    private readonly TimeSpan _retention;
    private readonly TimeSpan _rollupRetention;
    private readonly Uri _writeUri;
    private readonly Uri _rollupWriteUri;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>The name of the host's <see cref="HttpClient"/> for InfluxDB (<c>AddHttpClient</c> in <see cref="HistoryExtensions"/>).</summary>
    public const string HttpClientName = "influxdb";

    /// <summary>A store with its own <see cref="HttpClient"/> (pooled connections renewed every 5 minutes).</summary>
    /// <param name="options">Where InfluxDB is and how to talk to it.</param>
    /// <param name="retention">Raw retention applied when <see cref="InfluxDbOptions.CreateDatabase"/> is true.</param>
    /// <param name="rollupRetention">Retention of <see cref="InfluxDbOptions.RollupRetentionPolicy"/>, where the daily
    /// rollups live; <see cref="TimeSpan.Zero"/> (the default) keeps them for ever.</param>
    public InfluxDbStore(InfluxDbOptions options, TimeSpan retention, TimeSpan rollupRetention = default)
        : this(new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        }) { Timeout = options?.Timeout ?? TimeSpan.FromSeconds(30) }, options!, retention, rollupRetention, ownsClient: true)
    {
    }

    /// <summary>A store on a caller-owned <see cref="HttpClient"/>.</summary>
    public InfluxDbStore(HttpClient httpClient, InfluxDbOptions options, TimeSpan retention, TimeSpan rollupRetention = default)
        : this(httpClient, options, retention, rollupRetention, ownsClient: false)
    {
    }

    private InfluxDbStore(HttpClient httpClient, InfluxDbOptions options, TimeSpan retention, TimeSpan rollupRetention, bool ownsClient)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Url is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("InfluxDbOptions.Url must be an absolute URL.", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.Database);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RollupRetentionPolicy);
        _retention = retention;
        _rollupRetention = rollupRetention;
        _ownsClient = ownsClient;
        _writeUri = Endpoint($"write?db={Uri.EscapeDataString(options.Database)}&precision={LineProtocol.Precision}");
        _rollupWriteUri = Endpoint($"write?db={Uri.EscapeDataString(options.Database)}&rp={Uri.EscapeDataString(options.RollupRetentionPolicy)}" +
                                   $"&precision={LineProtocol.Precision}");
    }

    /// <summary>The retention policy a measurement is written to and read from: rollups (<c>daily_*</c>) in
    /// <see cref="InfluxDbOptions.RollupRetentionPolicy"/>, everything else in the database's default policy (null).</summary>
    public string? RetentionPolicyOf(string measurement) => DailyRollup.IsRollup(measurement) ? _options.RollupRetentionPolicy : null;

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<FigurePoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return;
        }

        // Rollups go to their own retention policy: one /write names one policy, so a batch holding both is two requests.
        var body = new StringBuilder(points.Count * 128);
        StringBuilder? rollups = null;
        for (var i = 0; i < points.Count; i++)
        {
            if (DailyRollup.IsRollup(points[i].Measurement))
            {
                LineProtocol.AppendLine(rollups ??= new StringBuilder(), points[i]);
            }
            else
            {
                LineProtocol.AppendLine(body, points[i]);
            }
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 0)
        {
            await PostAsync(_writeUri, body, cancellationToken).ConfigureAwait(false);
        }

        if (rollups is not null)
        {
            await PostAsync(_rollupWriteUri, rollups, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PostAsync(Uri uri, StringBuilder lines, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(lines.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = CreateContent(bytes) };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // The database was dropped (or never made): create it again before the retry.
            _initialized = false;
        }

        await EnsureSuccessAsync(response, "write", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// InfluxDB removes old points itself, through the retention policies this store sets up (raw: the database's
    /// default policy; rollups: <see cref="InfluxDbOptions.RollupRetentionPolicy"/>): nothing to do here.
    /// </summary>
    public Task<string> ApplyRetentionAsync(DateTimeOffset now, TimeSpan rawRetention, TimeSpan rollupRetention, CancellationToken cancellationToken) =>
        Task.FromResult(RetentionDelegated);

    /// <summary>What <see cref="ApplyRetentionAsync"/> answers.</summary>
    public const string RetentionDelegated = "delegated to InfluxDB retention policy";

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryBucket>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        if (query.From == query.To)
        {
            return [];
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var influxQl = BuildQuery(query, RetentionPolicyOf(query.Measurement));
        var uri = Endpoint($"query?db={Uri.EscapeDataString(_options.Database)}&epoch=ms&q={Uri.EscapeDataString(influxQl)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "query", cancellationToken).ConfigureAwait(false);
        var json = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ParseBuckets(json, influxQl);
    }

    /// <summary>
    /// The InfluxQL for a query: <c>SELECT mean("f") FROM "m" WHERE "unit"='X' AND time &gt;= …ms AND time &lt; …ms
    /// GROUP BY time(step, offset) fill(none)</c>. InfluxQL aligns buckets to the epoch; the offset
    /// (<c>From</c> mod step) moves them so the first starts at <c>From</c>, as in the embedded store.
    /// </summary>
    internal static string BuildQuery(HistoryQuery query, string? retentionPolicy = null)
    {
        var function = query.Aggregate switch
        {
            HistoryAggregate.Mean => "mean",
            HistoryAggregate.Max => "max",
            HistoryAggregate.Min => "min",
            HistoryAggregate.Sum => "sum",
            HistoryAggregate.Last => "last",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Aggregate, "Unknown aggregate."),
        };

        var from = query.From.ToUnixTimeMilliseconds();
        var to = query.To.ToUnixTimeMilliseconds();
        var step = (long)query.Step.TotalMilliseconds;
        var offset = ((from % step) + step) % step;

        var q = new StringBuilder(256);
        q.Append("SELECT ").Append(function).Append('(');
        AppendIdentifier(q, query.Field);
        q.Append(") FROM ");
        if (retentionPolicy is not null)
        {
            AppendIdentifier(q, retentionPolicy);
            q.Append('.');
        }

        AppendIdentifier(q, query.Measurement);
        q.Append(" WHERE ");
        foreach (var tag in query.Tags)
        {
            AppendIdentifier(q, tag.Key);
            q.Append('=');
            AppendStringLiteral(q, tag.Value);
            q.Append(" AND ");
        }

        q.Append(CultureInfo.InvariantCulture, $"time >= {from}ms AND time < {to}ms GROUP BY time({step}ms");
        if (offset != 0)
        {
            q.Append(CultureInfo.InvariantCulture, $", {offset}ms");
        }

        q.Append(") fill(none)");
        return q.ToString();
    }

    /// <summary>A double-quoted InfluxQL identifier; the scanner understands <c>\"</c>, <c>\\</c> and <c>\n</c>.</summary>
    internal static void AppendIdentifier(StringBuilder q, string name) => AppendQuoted(q, name, '"');

    /// <summary>A single-quoted InfluxQL string literal.</summary>
    internal static void AppendStringLiteral(StringBuilder q, string value) => AppendQuoted(q, value, '\'');

    private static void AppendQuoted(StringBuilder q, string text, char quote)
    {
        q.Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    q.Append(@"\\");
                    break;
                case '\n':
                    q.Append(@"\n");
                    break;
                default:
                    if (c == quote)
                    {
                        q.Append('\\');
                    }

                    q.Append(c);
                    break;
            }
        }

        q.Append(quote);
    }

    private static List<HistoryBucket> ParseBuckets(byte[] json, string influxQl)
    {
        using var document = JsonDocument.Parse(json);
        var buckets = new List<HistoryBucket>();
        foreach (var result in ResultsOf(document, influxQl))
        {
            if (!result.TryGetProperty("series", out var seriesArray))
            {
                continue;
            }

            foreach (var series in seriesArray.EnumerateArray())
            {
                if (!series.TryGetProperty("values", out var values))
                {
                    continue;
                }

                foreach (var row in values.EnumerateArray())
                {
                    var value = row[1];
                    if (value.ValueKind != JsonValueKind.Number)
                    {
                        continue;
                    }

                    buckets.Add(new HistoryBucket(
                        DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64()),
                        value.GetDouble()));
                }
            }
        }

        return buckets;
    }

    /// <summary>The <c>results</c> of a /query answer, throwing if any statement failed — InfluxDB reports
    /// statement errors (e.g. "database not found") inside a 200 response.</summary>
    private static IEnumerable<JsonElement> ResultsOf(JsonDocument document, string influxQl)
    {
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var topError))
        {
            throw new TimeSeriesStoreException($"InfluxDB query failed: {topError.GetString()} (query: {influxQl})", isTransient: false,
                responseBody: root.GetRawText());
        }

        if (!root.TryGetProperty("results", out var results))
        {
            yield break;
        }

        foreach (var result in results.EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                var message = error.GetString() ?? "";

                // "database not found" can be fixed by an operator (or by the next CREATE DATABASE): worth retrying.
                var transient = message.StartsWith("database not found", StringComparison.Ordinal);
                throw new TimeSeriesStoreException($"InfluxDB query failed: {message} (query: {influxQl})", transient,
                    responseBody: root.GetRawText());
            }

            yield return result;
        }
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized || !_options.CreateDatabase)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            // CREATE DATABASE is a no-op when the database exists. The retention is set on the default policy
            // with ALTER rather than in CREATE … WITH DURATION, which fails once the configured retention
            // differs from the one the database was created with.
            var statements = new StringBuilder("CREATE DATABASE ");
            AppendIdentifier(statements, _options.Database);
            statements.Append("; ALTER RETENTION POLICY \"autogen\" ON ");
            AppendIdentifier(statements, _options.Database);
            statements.Append(CultureInfo.InvariantCulture, $" DURATION {(long)_retention.TotalMilliseconds}ms DEFAULT");

            // The rollups' policy. CREATE is a no-op when the policy exists with these settings; when the configured
            // retention has changed it fails with "already exists", and ALTER sets the new one.
            var rollupDuration = _rollupRetention <= TimeSpan.Zero
                ? "INF"
                : ((long)_rollupRetention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
            var rollupPolicy = new StringBuilder();
            AppendIdentifier(rollupPolicy, _options.RollupRetentionPolicy);
            rollupPolicy.Append(" ON ");
            AppendIdentifier(rollupPolicy, _options.Database);
            statements.Append(CultureInfo.InvariantCulture, $"; CREATE RETENTION POLICY {rollupPolicy} DURATION {rollupDuration} REPLICATION 1");

            try
            {
                await RunStatementsAsync(statements.ToString(), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeSeriesStoreException ex) when (ex.Message.Contains("retention policy already exists", StringComparison.Ordinal))
            {
                await RunStatementsAsync($"ALTER RETENTION POLICY {rollupPolicy} DURATION {rollupDuration}", cancellationToken)
                    .ConfigureAwait(false);
            }

            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    private async Task RunStatementsAsync(string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint("query"))
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("q", text)]),
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "create database", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        foreach (var _ in ResultsOf(document, text))
        {
        }
    }

    private HttpContent CreateContent(byte[] bytes)
    {
        HttpContent content;
        if (_options.Gzip)
        {
            var compressed = new MemoryStream(bytes.Length / 4);
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(bytes);
            }

            content = new ByteArrayContent(compressed.GetBuffer(), 0, (int)compressed.Length);
            content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            content = new ByteArrayContent(bytes);
        }

        content.Headers.ContentType = LineProtocolType;
        return content;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", _options.Token);
        }

        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TimeSeriesStoreException($"InfluxDB at {_options.Url} could not be reached: {ex.Message}", isTransient: true,
                innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeSeriesStoreException($"InfluxDB at {_options.Url} did not answer within {_http.Timeout}.", isTransient: true,
                innerException: ex);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        // 400 (unparseable line, field type conflict, partial write) and 413 (body too large) refuse the data
        // itself; anything else — 401/403/404 that an operator can fix, 5xx, 429 — may succeed later.
        var transient = response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);
        throw new TimeSeriesStoreException(
            $"InfluxDB {what} failed with {(int)response.StatusCode} {response.ReasonPhrase}: {body}",
            transient, response.StatusCode, body);
    }

    private Uri Endpoint(string relative)
    {
        var baseUri = _options.Url!.AbsoluteUri;
        return new Uri(baseUri.EndsWith('/') ? baseUri + relative : baseUri + "/" + relative);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }

        _initLock.Dispose();
    }
}
