using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuryUrgentCare.LoadTests.Target;

/// <summary>
/// A wallboard client: a real SignalR connection to <c>/hubs/wallboard</c> that joins units (or all), reads each
/// unit's event counter (<see cref="LoadEvents.CounterOf"/>) from every snapshot and update, and reports each rise
/// with the instant it arrived — the "visible on the wall" moment the scenarios measure against.
/// </summary>
public sealed class Wallboard : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public Wallboard(Uri baseAddress)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/wallboard"))
            .Build();
        _connection.ServerTimeout = TimeSpan.FromMinutes(2);
        _connection.On<JsonElement>("ReceiveSnapshot", Receive);
        _connection.On<JsonElement>("ReceiveUpdate", Receive);
        _connection.Closed += _ =>
        {
            Interlocked.Increment(ref _disconnects);
            return Task.CompletedTask;
        };
    }

    private int _disconnects;

    /// <summary>A unit's counter rose to <c>value</c> at <c>timestamp</c> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public event Action<string, long, long>? CounterRose;

    public int Disconnects => Volatile.Read(ref _disconnects);

    public Task Start(CancellationToken cancellationToken = default) => _connection.StartAsync(cancellationToken);

    public Task JoinUnit(string unit) => _connection.InvokeAsync("JoinUnit", unit);

    public Task JoinAll() => _connection.InvokeAsync("JoinAll");

    /// <summary>The unit's counter as last seen, or -1 before its first snapshot.</summary>
    public long Counter(string unit)
    {
        lock (_lock)
        {
            return _counters.GetValueOrDefault(unit, -1);
        }
    }

    private void Receive(JsonElement snapshot)
    {
        var now = Stopwatch.GetTimestamp();
        var unit = snapshot.GetProperty("unit").GetString()!;
        if (System.Array.IndexOf(LoadEvents.Units, unit) < 0
            || !snapshot.GetProperty("figures").TryGetProperty(LoadEvents.CounterOf(unit), out var counter))
        {
            return;
        }

        var value = counter.GetInt64();
        bool rose;
        lock (_lock)
        {
            rose = value > _counters.GetValueOrDefault(unit, -1);
            if (rose)
            {
                _counters[unit] = value;
            }
        }

        if (rose)
        {
            CounterRose?.Invoke(unit, value, now);
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    /// <summary>Per unit, events applied since the host started (<c>GET /api/ingest/stats</c>).</summary>
    public static async Task<Dictionary<string, long>> Applied(HttpClient http)
    {
        var stats = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/ingest/stats", UriKind.Relative));
        return stats.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unit").GetString()!, u => u.GetProperty("applied").GetInt64(), StringComparer.Ordinal);
    }

    /// <summary>Messages the host consumed since it started.</summary>
    public static async Task<long> Consumed(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>(new Uri("/api/ingest/stats", UriKind.Relative))).GetProperty("consumed").GetInt64();
}
