using System.Text.Json;

namespace BuryUrgentCare.History;

/// <summary>
/// One real <c>influxd</c> for the tests of the <see cref="InfluxDbCollection"/>: started once, on a free
/// loopback port with a temporary data folder; each test uses its own database. Tests may stop and restart
/// it (same port, same data); the collection runs its tests one at a time, so that never disturbs another.
/// </summary>
public sealed class InfluxDbFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Long enough that the fixed test dates are never outside the retention policy.</summary>
    public static readonly TimeSpan TestRetention = TimeSpan.FromDays(365 * 20);

    public InfluxdProcess Server { get; } = new();

    public Uri Url => Server.Url;

    public Task InitializeAsync() => Server.StartAsync(StartTimeout);

    public Task StartAsync() => Server.StartAsync(StartTimeout);

    public Task StopAsync() => Server.StopAsync(TimeSpan.FromSeconds(30));

    /// <summary>A database name no other test uses.</summary>
    public static string NewDatabaseName(string prefix = "test") => $"{prefix}_{Guid.NewGuid():N}";

    public InfluxDbOptions Options(string database) => new() { Url = Url, Database = database, CreateDatabase = true };

    public InfluxDbStore CreateStore(string database) => new(Options(database), TestRetention);

    /// <summary>Runs raw InfluxQL against /query and returns the parsed answer, for reading back exactly what was stored.</summary>
    public async Task<JsonDocument> QueryRawAsync(string database, string influxQl)
    {
        var uri = new Uri(Url, $"query?db={Uri.EscapeDataString(database)}&epoch=ms&q={Uri.EscapeDataString(influxQl)}");
        using var response = await _http.GetAsync(uri).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        response.IsSuccessStatusCode.ShouldBeTrue($"/query answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
    }
}

[CollectionDefinition(Name)]
public sealed class InfluxDbCollection : ICollectionFixture<InfluxDbFixture>
{
    public const string Name = "influxd";
}
