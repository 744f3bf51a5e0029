using System.Globalization;
using BuryUrgentCare.Ingestion;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.History;

/// <summary>
/// <c>dotnet BuryUrgentCare.Host.dll rebuild-history --from … --to …</c>: the same <see cref="HistoryRebuild"/> as
/// <c>POST /api/history/rebuild</c>, against the configured Kafka cluster and store, run once in the foreground; the
/// host's web server, consumer and jobs are never started. Exit code 0 when rebuilt, 1 when refused or failed, 2 for bad
/// arguments. Any other <c>--Section:Key=value</c> argument configures it as it configures the host.
/// </summary>
public static partial class HistoryRebuildCommand
{
    public const string Name = "rebuild-history";

    /// <summary>Whether the command line asks for the rebuild rather than the host.</summary>
    public static bool IsInvoked(IReadOnlyList<string> args) => args is [Name, ..];

    /// <summary>Runs the rebuild with the built (not started) host's services; returns the exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (!TryParse(args, out var from, out var to, out var usage))
        {
            await output.WriteLineAsync($"{usage}\nUsage: dotnet BuryUrgentCare.Host.dll {Name} --from 2026-11-16T08:00:00Z --to 2026-11-16T12:00:00Z [--Kafka:BootstrapServers=…]")
                .ConfigureAwait(false);
            return 2;
        }

        if (services.GetRequiredService<IOptions<KafkaOptions>>().Value.IsEmbedded)
        {
            // A fresh in-process cluster is empty: there would be nothing to replay, and that is never what was meant.
            await output.WriteLineAsync("No Kafka:BootstrapServers configured: the rebuild reads the event log of a real cluster.").ConfigureAwait(false);
            return 1;
        }

        var rebuild = services.GetRequiredService<HistoryRebuild>();
        try
        {
            var problem = rebuild.CheckPeriod(from, to) ?? await rebuild.CheckLogAsync(from, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                await output.WriteLineAsync(problem).ConfigureAwait(false);
                return 1;
            }

            var result = await rebuild.RunAsync(from, to, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Rebuilt {result}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is TimeSeriesStoreException or Confluent.Kafka.KafkaException or InvalidOperationException)
        {
            await output.WriteLineAsync($"Rebuild failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    internal static bool TryParse(IReadOnlyList<string> args, out DateTimeOffset from, out DateTimeOffset to, out string problem)
    {
        (from, to, problem) = (default, default, "");
        DateTimeOffset? start = null, end = null;
        for (var i = 1; i < args.Count; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], i + 1 < args.Count ? args[++i] : null);
            if (name is not ("--from" or "--to"))
            {
                continue; // configuration (--Kafka:BootstrapServers=…), read by the host builder
            }

            if (value is null || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                problem = $"{name} needs an ISO 8601 date and time, e.g. 2026-11-16T08:00:00Z (got '{value}').";
                return false;
            }

            if (name == "--from") start = instant.ToUniversalTime();
            else end = instant.ToUniversalTime();
        }

        if (start is null || end is null)
        {
            problem = "Both --from and --to are required.";
            return false;
        }

        (from, to) = (start.Value, end.Value);
        return true;
    }
}
