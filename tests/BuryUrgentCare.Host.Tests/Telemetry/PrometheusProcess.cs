using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Telemetry;

/// <summary>
/// A private Prometheus (Debian's <c>prometheus</c>, installed by <c>infra/install-deps.sh --tests</c>) on a free
/// loopback port with its data in a temporary folder, scraping the given targets every second and evaluating the given
/// rule files every second; killed and deleted on dispose.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";
    public const string Promtool = "/usr/bin/promtool";

    private readonly object _logLock = new();
    private readonly Queue<string> _logTail = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;

    public PrometheusProcess(string job, Uri target, params string[] ruleFiles)
    {
        ArgumentNullException.ThrowIfNull(target);
        DataRoot = Directory.CreateTempSubdirectory("prometheus-").FullName;
        Url = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");

        ConfigPath = Path.Combine(DataRoot, "prometheus.yml");
        File.WriteAllText(ConfigPath, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
            {string.Concat(ruleFiles.Select(f => $"  - {f}\n"))}
            scrape_configs:
              - job_name: {job}
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
    }

    public string DataRoot { get; }

    public string ConfigPath { get; }

    public Uri Url { get; }

    public string LogTail
    {
        get
        {
            lock (_logLock)
            {
                return string.Join(Environment.NewLine, _logTail);
            }
        }
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"prometheus was not found at {Executable}: run 'bash infra/install-deps.sh --tests' (apt-get install prometheus).");
        }

        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                "--config.file=" + ConfigPath,
                "--storage.tsdb.path=" + Path.Combine(DataRoot, "data"),
                "--web.listen-address=" + Url.Authority,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.Until(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}:{Environment.NewLine}{LogTail}");
            }

            using var response = await _http.GetAsync(new Uri(Url, "-/ready"));
            return response.IsSuccessStatusCode;
        }, timeout, "prometheus ready\n" + LogTail, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>An instant query through the HTTP API: the <c>data.result</c> array (vectors: one element per series).</summary>
    public async Task<JsonElement> QueryAsync(string promQl)
    {
        using var response = await _http.GetAsync(new Uri(Url, "api/v1/query?query=" + Uri.EscapeDataString(promQl)));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("status").GetString().ShouldBe("success", $"{promQl}: {body}");
        return json.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary><c>GET /api/v1/rules</c>: the <c>data.groups</c> array.</summary>
    public async Task<JsonElement> RulesAsync()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Url, "api/v1/rules")));
        return json.RootElement.GetProperty("data").GetProperty("groups").Clone();
    }

    /// <summary>Runs <c>promtool</c> with <paramref name="arguments"/>; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunPromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Promtool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        _http.Dispose();
        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test over.
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _logTail.Enqueue(line);
            if (_logTail.Count > 40)
            {
                _logTail.Dequeue();
            }
        }
    }
}
