using System.ComponentModel.DataAnnotations;
using BuryUrgentCare.Processing;

namespace BuryUrgentCare.Jobs;

/// <summary>
/// The scheduled jobs (configuration section <c>Jobs</c>), validated at start-up. Daily times are local times of day in
/// Europe/London (<see cref="ServiceCalendar.London"/>), the zone whose midnight starts the figures' "today": the rollup
/// must cut days where the figures reset, so the zone is not configurable apart from them.
/// </summary>
public sealed class JobsOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Jobs";

    /// <summary>Whether the scheduler runs at all. Default true. With false the jobs are still registered (and
    /// <c>GET /api/jobs</c> lists them) but nothing fires: for tools and tests that drive the jobs themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often every unit's latest figures are written to history. Default 1 minute, the resolution the
    /// wallboards' "last 24 hours" and the escalation view need (1,440 points per figure per day). Fires are aligned
    /// to whole multiples of the interval (a 1-minute interval fires at hh:mm:00), so it must divide a day evenly;
    /// 1 second to 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Local time of day the previous day is rolled up at. Default 00:05: after the day's last snapshot
    /// (23:59) has been written, with minutes to spare for a slow store.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan DailyRollupAt { get; set; } = new(0, 5, 0);

    /// <summary>Local time of day old raw points are deleted at. Default 00:15, after the rollup read them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan RetentionAt { get; set; } = new(0, 15, 0);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SnapshotInterval > TimeSpan.Zero &&
            (SnapshotInterval.Ticks % TimeSpan.TicksPerSecond != 0 || TimeSpan.TicksPerDay % SnapshotInterval.Ticks != 0))
        {
            yield return new ValidationResult(
                $"Jobs:SnapshotInterval ({SnapshotInterval}) must be whole seconds that divide a day evenly (e.g. 00:00:30, 00:01:00, 00:05:00).",
                [nameof(SnapshotInterval)]);
        }

        foreach (var (name, time) in new[] { (nameof(DailyRollupAt), DailyRollupAt), (nameof(RetentionAt), RetentionAt) })
        {
            if (time.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                yield return new ValidationResult($"Jobs:{name} ({time}) must be a whole second.", [name]);
            }
        }
    }
}
