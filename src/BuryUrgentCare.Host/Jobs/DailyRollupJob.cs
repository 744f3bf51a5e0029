using System.Globalization;
using BuryUrgentCare.Contract;
using BuryUrgentCare.History;
using BuryUrgentCare.Processing;
using Quartz;

namespace BuryUrgentCare.Jobs;

/// <summary>
/// Shortly after local midnight (<see cref="JobsOptions.DailyRollupAt"/>), rolls the previous local day up into the
/// <c>daily_*</c> measurements (<see cref="DailyRollup"/>) and writes them straight to the store, so the run's outcome
/// says whether they were stored. A pure function of stored history: re-running it for a day overwrites the same points.
/// </summary>
/// <remarks>To roll up another day (a backfill), trigger the job with job data <c>day</c> = <c>yyyy-MM-dd</c>.</remarks>
[DisallowConcurrentExecution]
public sealed class DailyRollupJob(ITimeSeriesStore store, UnitCatalog units) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("daily-rollup", JobsExtensions.Group);

    /// <summary>What the job does, for <c>GET /api/jobs</c>.</summary>
    public const string Description = "Rolls the previous local day up into daily_* points (attendances, handovers, Green Car, IVCH, deflection)";

    /// <summary>Job data key naming the day to roll up (<c>yyyy-MM-dd</c>) instead of the day before the fire time.</summary>
    public const string DayKey = "day";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rollup = new DailyRollup(store, units, ServiceCalendar.London);
        var day = context.MergedJobDataMap.TryGetValue(DayKey, out var requested) && requested is not null
            ? DateOnly.ParseExact(requested.ToString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : rollup.DayOf(SnapshotJob.ScheduledTime(context)).AddDays(-1);

        var points = await rollup.ComputeAsync(day, cancellationToken).ConfigureAwait(false);
        if (points.Count > 0)
        {
            await store.WriteAsync(points, cancellationToken).ConfigureAwait(false);
        }

        context.Result = $"{day:yyyy-MM-dd}: {points.Count} points";
    }
}
