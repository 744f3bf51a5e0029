using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BuryUrgentCare.Support;

/// <summary>
/// The real host as its own operating-system process (<c>dotnet BuryUrgentCare.Host.dll</c>, the build the tests were
/// built with), on a free loopback port, so a test can <see cref="Kill"/> it the way <c>kill -9</c> does: no shutdown,
/// no offset commit, no leaving the consumer group, whatever was buffered lost. Its output is kept for a failure message.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public HostProcess(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Port = LoopbackPort.Free();
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "BuryUrgentCare.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString());
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The operating-system process, for what it used (CPU time, memory); the load tests read it.</summary>
    public Process Process => _process;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>What the process wrote so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    /// <summary>SIGKILL, and waits until the process is gone.</summary>
    public async Task Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Stops the host the way a deployment does: SIGTERM (the <c>kill</c> command), so it shuts down gracefully — finishes
    /// what it polled, writes its checkpoints, commits and leaves the group; killed if it has not exited within
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task Stop(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var waited = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(waited.Token);
            }
            catch (OperationCanceledException)
            {
                await Kill();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

}
