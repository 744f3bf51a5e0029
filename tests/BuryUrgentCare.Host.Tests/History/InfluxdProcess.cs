using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

using BuryUrgentCare.Support;

namespace BuryUrgentCare.History;

/// <summary>
/// A private <c>influxd</c> (InfluxDB 1.x) on free loopback ports with its data in a temporary folder:
/// started and stopped on demand, restartable on the same data, killed and deleted on dispose. Shared by the
/// test fixture and the load program (which links this file).
/// </summary>
public sealed class InfluxdProcess : IAsyncDisposable
{
    public const string DefaultExecutable = "/usr/bin/influxd";

    private readonly object _logLock = new();
    private readonly Queue<string> _logTail = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private Process? _process;

    public InfluxdProcess(string executable = DefaultExecutable)
    {
        Executable = executable;
        DataRoot = Directory.CreateTempSubdirectory("influxd-").FullName;
        HttpPort = FreeLoopbackPort();
        var rpcPort = FreeLoopbackPort();
        Url = new Uri($"http://127.0.0.1:{HttpPort}");
        ConfigPath = Path.Combine(DataRoot, "influxdb.conf");

        // Everything but the HTTP API is off: no usage reporting, no _internal monitor database, no listeners
        // on the default ports another influxd on this machine may hold.
        File.WriteAllText(ConfigPath, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpcPort}"

            [meta]
              dir = "{DataRoot}/meta"

            [data]
              dir = "{DataRoot}/data"
              wal-dir = "{DataRoot}/wal"
              query-log-enabled = false

            [monitor]
              store-enabled = false

            [http]
              enabled = true
              bind-address = "127.0.0.1:{HttpPort}"
              log-enabled = false
              max-row-limit = 0

            [continuous_queries]
              enabled = false

            [subscriber]
              enabled = false
            """);
    }

    public string Executable { get; }

    public string DataRoot { get; }

    public string ConfigPath { get; }

    public int HttpPort { get; }

    /// <summary>The HTTP API, the same across restarts.</summary>
    public Uri Url { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines influxd logged, for failure messages.</summary>
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

    /// <summary>Starts influxd and waits until <c>GET /ping</c> answers 204.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"influxd was not found at {Executable}. InfluxDB 1.x is installed by the project's install script " +
                "(which runs 'apt-get install -y influxdb'); run it and try again.");
        }

        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-config", ConfigPath },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };

        // influxd logs to stderr; both pipes must be drained or it blocks once a pipe buffer fills.
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        try
        {
            await Eventually.Until(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"influxd exited with code {process.ExitCode}:{Environment.NewLine}{LogTail}");
                }

                using var response = await _http.GetAsync(new Uri(Url, "ping")).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.NoContent;
            }, timeout, $"influxd answering GET /ping on {Url}").ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}influxd log:{Environment.NewLine}{LogTail}", ex);
        }
    }

    /// <summary>Stops influxd cleanly (SIGTERM), killing it if it has not exited within <paramref name="timeout"/>.
    /// The data folder stays, so <see cref="StartAsync"/> brings the same data back.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        process.Dispose();
        _process = null;
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
                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            _process = null;
        }

        _http.Dispose();
        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test run over.
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

    private static int FreeLoopbackPort() => Support.LoopbackPort.Free();

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
