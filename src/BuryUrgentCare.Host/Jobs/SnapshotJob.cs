using BuryUrgentCare.Escalation;
using BuryUrgentCare.History;
using BuryUrgentCare.Processing;
using Microsoft.Extensions.Options;
using Quartz;

namespace BuryUrgentCare.Jobs;

/// <summary>
/// Every <see cref="JobsOptions.SnapshotInterval"/>: writes every unit's latest figures (<see cref="FigureSchema"/>),
/// Bury's deflection, the OPEL level and score, the ingest counters and the history writer's counters through the <see cref="TimeSeriesWriter"/>.
/// </summary>
/// <remarks>
/// Every point is stamped with the firing's <em>scheduled</em> time truncated to the interval, not with "now" or the
/// snapshot's <c>asOf</c>: a late, retried or manually repeated firing for the same slot writes the same series and
/// timestamps, which overwrite, so history never holds two points for one minute. Not concurrent with itself: two
/// firings in flight would only race to write the same slot.
/// </remarks>
[DisallowConcurrentExecution]
public sealed class SnapshotJob(SnapshotStore snapshots, LiveFigures live, EscalationMonitor escalation, TimeSeriesWriter writer, IOptions<JobsOptions> options) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("snapshot", JobsExtensions.Group);

    /// <summary>What the job does, for <c>GET /api/jobs</c>.</summary>
    public const string Description = "Writes every unit's latest figures, Bury's deflection, the OPEL level and score, and ingest/writer counters to history";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slot = SlotOf(ScheduledTime(context), options.Value.SnapshotInterval);

        // Only live figures become history: a unit being replayed or cut off shows partial or old figures.
        var points = FigureSchema.ToPoints([.. snapshots.All().Where(s => s.Liveness is not { IsLive: false })], slot);
        // The counters are this process's: tagged with its host name (a container's or pod's, stable over restarts).
        FigureSchema.AppendIngestPoints(live.Processor.Counters.Read(), Environment.MachineName, slot, points);
        points.Add(FigureSchema.WriterPoint(writer.GetStats(), Environment.MachineName, slot));
        if (FigureSchema.OpelPoint(escalation.Latest?.Opel, slot) is { } opel)
        {
            points.Add(opel);
        }

        var dropped = 0;
        foreach (var point in points)
        {
            if (!writer.TryEnqueue(point))
            {
                dropped++;
            }
        }

        context.Result = $"{points.Count - dropped} points at {slot:O}";
        if (dropped > 0)
        {
            // A full buffer means the store has been down for a while: the run must show as failed, not succeeded.
            throw new JobExecutionException($"{dropped} of {points.Count} points for {slot:O} were dropped: the history buffer is full.");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The slot a fire time writes: the time truncated to a whole multiple of <paramref name="interval"/>
    /// since the Unix epoch (so a 1-minute interval gives hh:mm:00.000).</summary>
    public static DateTimeOffset SlotOf(DateTimeOffset fireTime, TimeSpan interval) => SnapshotGrid.Floor(fireTime, interval);

    /// <summary>The time the firing was for: scheduled if known (a late firing still fills its own slot), else when it fired.</summary>
    internal static DateTimeOffset ScheduledTime(IJobExecutionContext context) => context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
}
