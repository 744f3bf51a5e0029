using System.Diagnostics;
using System.Globalization;
using BuryUrgentCare.Gateway;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.LoadTests.Target;

/// <summary>
/// The system under load: a host this program starts as its own process (<see cref="HostProcess"/>, shared with the
/// tests: <c>dotnet BuryUrgentCare.Host.dll</c>, the build this program was built with, so its CPU and memory are its
/// own) against the program's in-process Kafka cluster, or a running one given by <c>--target</c> and <c>--bootstrap</c>.
/// </summary>
public sealed class HostUnderTest : IAsyncDisposable
{
    /// <summary>The API key of the integrator registered on hosts this program starts (letters only, not a secret).</summary>
    public const string LoadTestKey = "load-test-integrator-key";

    private readonly HostProcess? _process;
    private readonly string? _dataFolder;

    private HostUnderTest(Uri baseAddress, string bootstrap, string topic, string apiKey, HostProcess? process, string? dataFolder)
    {
        BaseAddress = baseAddress;
        BootstrapServers = bootstrap;
        Topic = topic;
        ApiKey = apiKey;
        _process = process;
        _dataFolder = dataFolder;
    }

    public Uri BaseAddress { get; }

    public string BootstrapServers { get; }

    public string Topic { get; }

    public string ApiKey { get; }

    /// <summary>The host's process when this program started it; null for <c>--target</c>.</summary>
    public Process? Process => _process?.Process;

    public string Output => _process?.Output ?? "";

    public static HostUnderTest Remote(Uri target, string bootstrap, string apiKey, string topic = "uec.events") =>
        new(target, bootstrap, topic, apiKey, null, null);

    /// <summary>
    /// Starts a host on a free loopback port consuming <paramref name="topic"/> of <paramref name="cluster"/>, with the
    /// simulator off, the embedded default's gateway limit and a load-test integrator without a practical rate limit.
    /// Does not wait for readiness (the replay scenario times exactly that).
    /// </summary>
    public static HostUnderTest Start(MockCluster cluster, string topic, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var data = Directory.CreateTempSubdirectory("bury-load-host-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = cluster.BootstrapServers,
            ["Kafka:Topic"] = topic,
            ["Kafka:DeadLetterTopic"] = topic + ".deadletter",
            ["Kafka:FiguresTopic"] = topic + ".figures",
            ["Kafka:CheckpointTopic"] = topic + ".checkpoints",
            ["Kafka:GroupId"] = "bury-load-" + Guid.NewGuid().ToString("N"),
            ["Kafka:SupportsTimestampLookup"] = "false",
            ["Simulator:Enabled"] = "false",
            // The host is not "embedded" to itself (it is given a bootstrap address): give it the embedded default's limit.
            ["Gateway:MaxUnconsumedBytes"] = GatewayOptions.EmbeddedMaxUnconsumedBytes.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Integrators:0:Name"] = "load-test",
            ["Gateway:Integrators:0:KeySha256"] = IntegratorOptions.HashKey(LoadTestKey),
            ["Gateway:Integrators:0:RequestsPerMinute"] = "1000000",
            ["History:EmbeddedPath"] = Path.Combine(data, "history.db"),
            ["History:SpillPath"] = Path.Combine(data, "history-spill.db"),
            ["Escalation:StatePath"] = Path.Combine(data, "escalation-state.json"),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // A real (mock) cluster and no identity provider: the host refuses to start without this (docs/access-control.md).
            ["Auth:DevelopmentSignIn"] = "true",
            // The load generator polls /api/ingest/stats; it measures the pipeline, not the read limit.
            ["Auth:ReadRequestsPerMinute"] = "0",
            ["Auth:DeviceTokens:StorePath"] = Path.Combine(data, "access.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var process = new HostProcess(all);
        return new HostUnderTest(process.BaseAddress, cluster.BootstrapServers, topic, LoadTestKey, process, data);
    }

    public HttpClient CreateHttpClient() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Waits until <c>/health/ready</c> answers 200 (or the host process exits).</summary>
    public async Task WaitReady(TimeSpan timeout)
    {
        using var http = CreateHttpClient();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (Process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"The host exited with {exited.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"The host was not ready within {timeout}:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A graceful stop (SIGTERM): the host writes its checkpoints on the way out.</summary>
    public Task Stop(TimeSpan timeout) => _process?.Stop(timeout) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_dataFolder is not null)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // a temporary folder left behind is harmless
            }
        }
    }
}
