using System.Globalization;
using BuryUrgentCare.History;
using Quartz;

namespace BuryUrgentCare.Jobs;

/// <summary>
/// Runs a <see cref="HistoryRebuild"/> for the period in its job data (<see cref="FromKey"/>, <see cref="ToKey"/>, ISO 8601).
/// Never scheduled: <c>POST /api/history/rebuild</c> triggers it, so its runs show in <c>GET /api/jobs</c> beside the others.
/// </summary>
[DisallowConcurrentExecution]
public sealed class HistoryRebuildJob(HistoryRebuild rebuild) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("history-rebuild", JobsExtensions.Group);

    /// <summary>What the job does, for <c>GET /api/jobs</c>.</summary>
    public const string Description = "Rebuilds past minutes of history by replaying the event log (POST /api/history/rebuild)";

    /// <summary>Job data key of the period's start.</summary>
    public const string FromKey = "from";

    /// <summary>Job data key of the period's end (exclusive).</summary>
    public const string ToKey = "to";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        HistoryRebuildResult result;
        try
        {
            var from = Instant(context, FromKey);
            var to = Instant(context, ToKey);
            // Begun by the endpoint when it accepted the request; a run triggered otherwise (a tool, a test) begins here.
            rebuild.TryBegin(from, to);
            result = await rebuild.RunAsync(from, to, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            rebuild.End(null, ex);
            throw new JobExecutionException(ex);
        }

        rebuild.End(result, null);
        context.Result = result.ToString();
    }

    /// <summary>The job data of a rebuild of [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static JobDataMap Data(DateTimeOffset from, DateTimeOffset to) => new()
    {
        [FromKey] = from.ToString("O", CultureInfo.InvariantCulture),
        [ToKey] = to.ToString("O", CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset Instant(IJobExecutionContext context, string key) =>
        DateTimeOffset.Parse(context.MergedJobDataMap.GetString(key) ?? throw new InvalidOperationException($"Job data '{key}' is missing."),
            CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
