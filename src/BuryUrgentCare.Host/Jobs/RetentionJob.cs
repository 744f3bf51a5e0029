using BuryUrgentCare.History;
using Microsoft.Extensions.Options;
using Quartz;

namespace BuryUrgentCare.Jobs;

/// <summary>
/// Daily (<see cref="JobsOptions.RetentionAt"/>): deletes the embedded store's raw points older than
/// <see cref="HistoryOptions.RawRetention"/> (and rollups older than <see cref="HistoryOptions.RollupRetention"/>, when
/// one is set). InfluxDB applies retention itself, through the retention policies the store set up, so there the job
/// only records that it is delegated.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(ITimeSeriesStore store, IOptions<HistoryOptions> history) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("retention", JobsExtensions.Group);

    /// <summary>What the job does, for <c>GET /api/jobs</c>.</summary>
    public const string Description = "Deletes raw history older than History:RawRetention from the embedded store";

    /// <summary>The run's result when the store applies retention itself.</summary>
    public const string Delegated = "delegated to InfluxDB retention policy";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (store is not SqliteStore sqlite)
        {
            context.Result = Delegated;
            return;
        }

        // Measured from the scheduled time, so a run that starts late deletes exactly what an on-time run would have.
        var now = SnapshotJob.ScheduledTime(context);
        var options = history.Value;
        var cutoff = now - options.RawRetention;
        var deleted = await sqlite.DeleteRawBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var result = $"deleted {deleted} raw field values before {cutoff:O}";
        if (options.RollupRetention > TimeSpan.Zero)
        {
            var rollupCutoff = now - options.RollupRetention;
            var rollups = await sqlite.DeleteRollupsBeforeAsync(rollupCutoff, cancellationToken).ConfigureAwait(false);
            result += $"; {rollups} rollup field values before {rollupCutoff:O}";
        }

        context.Result = result;
    }
}
