using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuryUrgentCare.Support;

/// <summary>
/// The real host on a real loopback port (Kestrel), pointed at the test's Kafka cluster and topic,
/// with the simulator off. Optional clock override for tests that control time, service overrides
/// for tests that put a hand-written fake at a real seam (e.g. a failing Kafka producer), and a fixed
/// port for tests that stop a host and start another where the browser expects it (0: any free port).
/// </summary>
public sealed class BuryHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _historyFolder = Directory.CreateTempSubdirectory("bury-host-history-").FullName;

    public BuryHost(
        KafkaTestCluster kafka,
        string topic,
        TimeProvider? clock = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        int port = 0)
    {
        Topic = topic;
        _clock = clock;
        _services = services;
        _settings = Settings(kafka, topic, _historyFolder);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (_settings.GetValueOrDefault("Auth:Required") == "true" || _settings.GetValueOrDefault("Auth:DevelopmentSignIn") is null)
        {
            _settings.Remove("Auth:DevelopmentSignIn");
        }

        UseKestrel(port);
        StartServer();
    }

    public string Topic { get; }

    /// <summary>
    /// The settings a test host runs with: <paramref name="kafka"/>'s cluster, <paramref name="topic"/> and the per-test
    /// topics named after it, a fresh consumer group, the simulator off, and every file the host writes in
    /// <paramref name="folder"/>. A <see cref="HostProcess"/> started with them (and the same group id) is one more node
    /// beside an in-process host on the same topic.
    /// </summary>
    public static Dictionary<string, string?> Settings(KafkaTestCluster kafka, string topic, string folder)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        return new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Topic"] = topic,
            ["Kafka:DeadLetterTopic"] = topic + ".deadletter",
            ["Kafka:FiguresTopic"] = topic + ".figures", // per test: the cluster is shared by the collection
            ["Kafka:AccessTopic"] = topic + ".access",
            ["Kafka:WorkspaceTopic"] = topic + ".workspace",
            ["Kafka:CheckpointTopic"] = topic + ".checkpoints",
            ["Kafka:GroupId"] = "bury-test-" + Guid.NewGuid().ToString("N"),
            ["Kafka:SupportsTimestampLookup"] = "false", // the test cluster is librdkafka's in-process one
            ["Simulator:Enabled"] = "false",
            ["Processing:PublishInterval"] = "00:00:00.050",
            // Each host keeps its history in its own temporary file, never in the source tree's data/.
            ["History:EmbeddedPath"] = Path.Combine(folder, "history.db"),
            ["History:SpillPath"] = Path.Combine(folder, "history-spill.db"),
            ["Escalation:StatePath"] = Path.Combine(folder, "escalation-state.json"),
            ["Escalation:Workspace:StorePath"] = Path.Combine(folder, "escalation-workspace.db"),
            ["Auth:DeviceTokens:StorePath"] = Path.Combine(folder, "access.db"),
            // The test cluster is a real Kafka endpoint, so without this the host would refuse to start with no identity
            // provider; the access tests turn it off (Auth:DevelopmentSignIn=false or Auth:Required=true, null here).
            ["Auth:DevelopmentSignIn"] = "true",
            // Tests poll the API every 10 ms, often on a fake clock that refills no bucket: the read limit is tested on its own.
            ["Auth:ReadRequestsPerMinute"] = "0",
        };
    }

    /// <summary>
    /// Settings for two hosts started one after the other on the same topic and group that keep state at
    /// <paramref name="key"/> = <paramref name="path"/> (a restart test): a fresh group, and a short session timeout because
    /// the in-process coordinator holds a left group "joining" for session.timeout.ms − 1 s (see RestartTests).
    /// </summary>
    public static Dictionary<string, string?> RestartSettings(string key, string path) => new()
    {
        ["Kafka:GroupId"] = "bury-restart-" + Guid.NewGuid().ToString("N"),
        ["Kafka:Client:session.timeout.ms"] = "6000",
        [key] = path,
    };

    public string DeadLetterTopic => Topic + ".deadletter";

    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(_clock)));
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    public HubConnection CreateHubConnection() =>
        new HubConnectionBuilder().WithUrl(new Uri(BaseAddress, "/hubs/wallboard")).Build();

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_historyFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a test over.
        }
    }
}
