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

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Measured from the scheduled time, so a run that starts late deletes exactly what an on-time run would have.
        var now = SnapshotJob.ScheduledTime(context);
        var options = history.Value;
        context.Result = await store.ApplyRetentionAsync(now, options.RawRetention, options.RollupRetention, cancellationToken)
            .ConfigureAwait(false);
    }
}
