using BuryUrgentCare.LoadTests.Target;
using Confluent.Kafka;
using Spectre.Console;

namespace BuryUrgentCare.LoadTests.Framework;

/// <summary>What every scenario runs with: the settings, the Kafka cluster (ours, or the target's) and the host to load.</summary>
public sealed class LoadContext(LoadSettings settings, MockCluster? cluster) : IDisposable
{
    public LoadSettings Settings { get; } = settings;

    /// <summary>The in-process cluster this program started; null against <c>--target</c>.</summary>
    public MockCluster? Cluster { get; } = cluster;

    public string BootstrapServers => Cluster?.BootstrapServers ?? Settings.Bootstrap!;

    public bool IsRemote => Settings.Target is not null;

    /// <summary>A fresh host on a fresh topic (or the target), ready to serve.</summary>
    public async Task<HostUnderTest> Host(IReadOnlyDictionary<string, string>? hostSettings = null)
    {
        if (Settings.Target is { } target)
        {
            return HostUnderTest.Remote(target, Settings.Bootstrap!, Settings.ApiKey ?? "demo-key");
        }

        var host = HostUnderTest.Start(Cluster!, "uec.load." + Guid.NewGuid().ToString("N"), hostSettings);
        await host.WaitReady(TimeSpan.FromSeconds(60));
        return host;
    }

    public IProducer<string, byte[]> Producer(Action<ProducerConfig>? configure = null)
    {
        if (Cluster is not null)
        {
            return Cluster.CreateProducer(configure);
        }

        var config = new ProducerConfig { BootstrapServers = BootstrapServers, EnableIdempotence = true, Acks = Acks.All, Partitioner = Partitioner.Murmur2Random, LingerMs = 1 };
        configure?.Invoke(config);
        return new ProducerBuilder<string, byte[]>(config).Build();
    }

    /// <summary>Runs a load simulation with a live progress bar (plain lines when the output is not a terminal).</summary>
    public async Task Drive(string label, LoadSimulation simulation, Func<long, CancellationToken, Task> operation, Func<string>? status = null)
    {
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(label)}[/]");
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(label), maxValue: 1);
                await simulation.Run(operation, fraction =>
                {
                    task.Value = fraction;
                    if (status is not null)
                    {
                        task.Description = Markup.Escape($"{label}: {status()}");
                    }
                }, CancellationToken.None);
            });
    }

    public static void Say(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    public void Dispose() => Cluster?.Dispose();
}

/// <summary>Command-line settings (see load-tests/README.md).</summary>
public sealed record LoadSettings
{
    public bool Smoke { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public Uri? Target { get; init; }

    public string? Bootstrap { get; init; }

    public string? ApiKey { get; init; }

    public string Reports { get; init; } = "load-tests/reports";

    public IReadOnlyList<int> Rates { get; init; } = [10, 100, 1000, 5000];

    public IReadOnlyList<int> Wallboards { get; init; } = [100, 1000, 5000];

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16, 64];

    public int ReplayEvents { get; init; } = 2_000_000;
}
