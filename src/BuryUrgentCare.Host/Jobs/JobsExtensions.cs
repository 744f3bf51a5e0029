using System.Globalization;
using Microsoft.Extensions.Options;
using BuryUrgentCare.History;
using BuryUrgentCare.Processing;
using Quartz;

namespace BuryUrgentCare.Jobs;

/// <summary>Registers the jobs on Quartz: snapshots, the daily rollup and retention on schedules, the history rebuild on demand.</summary>
public static class JobsExtensions
{
    /// <summary>The scheduler group of every job and trigger of this feature.</summary>
    public const string Group = "bury";

    /// <summary>The jobs, in the order <c>GET /api/jobs</c> lists them.</summary>
    public static IReadOnlyList<JobKey> JobKeys { get; } = [SnapshotJob.Key, DailyRollupJob.Key, RetentionJob.Key, HistoryRebuildJob.Key];

    /// <summary>
    /// Adds <see cref="JobsOptions"/> (section <c>Jobs</c>, validated at start-up), the <see cref="JobRunLog"/> listener,
    /// the three scheduled jobs with their triggers, the <see cref="HistoryRebuildJob"/> (no trigger: the API fires it) and
    /// the <see cref="HistoryRebuild"/> it runs, and Quartz's hosted service. Needs the history layer (<c>AddHistory</c>),
    /// stream processing (<c>AddStreamProcessing</c>), escalation (<c>AddEscalation</c>) and Kafka (<c>AddKafkaIngestion</c>).
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<JobRunLog>();
        builder.Services.AddSingleton<HistoryRebuild>();

        var enabled = builder.Configuration.GetSection(JobsOptions.SectionName).GetValue(nameof(JobsOptions.Enabled), true);
        builder.AddQuartz(quartz =>
        {
            // Quartz keeps wall-clock time even when the app's TimeProvider is accelerated (simulator) or fake (tests):
            // an accelerated clock's timers run in real time, which would make every firing a misfire. The jobs take
            // their time from the firing (ScheduledFireTimeUtc), so they are exact whichever clock fired them.
            quartz.UseTimeProvider(TimeProvider.System);
            quartz.AddJobListener(services => services.GetRequiredService<JobRunLog>(), [GroupMatcher<JobKey>.GroupEquals(Group)]);

            quartz.ScheduleJob<SnapshotJob>(
                (services, trigger) =>
                {
                    var interval = Options(services).SnapshotInterval;
                    trigger.WithIdentity(SnapshotJob.Key.Name, Group)
                        .StartAt(NextSlot(TimeProvider.System.GetUtcNow(), interval))
                        .WithSchedule(SimpleScheduleBuilder.Create()
                            .WithInterval(interval)
                            .RepeatForever()
                            // After a pause, carry on at the next slot of the original grid: snapshots stay aligned.
                            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
                },
                (_, job) => job.WithIdentity(SnapshotJob.Key).WithDescription(SnapshotJob.Description));

            quartz.ScheduleJob<DailyRollupJob>(
                (services, trigger) => trigger.WithIdentity(DailyRollupJob.Key.Name, Group)
                    .WithSchedule(Daily(Options(services).DailyRollupAt, ServiceCalendar.London)),
                (_, job) => job.WithIdentity(DailyRollupJob.Key).WithDescription(DailyRollupJob.Description));

            quartz.ScheduleJob<RetentionJob>(
                (services, trigger) => trigger.WithIdentity(RetentionJob.Key.Name, Group)
                    .WithSchedule(Daily(Options(services).RetentionAt, ServiceCalendar.London)),
                (_, job) => job.WithIdentity(RetentionJob.Key).WithDescription(RetentionJob.Description));

            // Durable: kept without a trigger, for POST /api/history/rebuild to fire with the period as job data.
            quartz.AddJob<HistoryRebuildJob>(job => job.WithIdentity(HistoryRebuildJob.Key).StoreDurably().WithDescription(HistoryRebuildJob.Description));
        });

        builder.AddQuartzHostedService(hosted =>
        {
            hosted.WaitForJobsToComplete = true;
            hosted.AutoStart = enabled;
        });
        return builder;
    }

    /// <summary>How a job is scheduled, in words, for <c>GET /api/jobs</c>.</summary>
    public static string DescribeSchedule(JobKey key, JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        return key.Name switch
        {
            "snapshot" => $"every {options.SnapshotInterval:c}, at whole multiples of it",
            "daily-rollup" => $"daily at {options.DailyRollupAt:hh\\:mm\\:ss} Europe/London (cron {DailyCron(options.DailyRollupAt)})",
            "retention" => $"daily at {options.RetentionAt:hh\\:mm\\:ss} Europe/London (cron {DailyCron(options.RetentionAt)})",
            "history-rebuild" => "on demand: POST /api/history/rebuild?from=…&to=…",
            _ => "unknown",
        };
    }

    /// <summary>The first whole multiple of <paramref name="interval"/> (since the Unix epoch) after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextSlot(DateTimeOffset now, TimeSpan interval) => SnapshotJob.SlotOf(now, interval) + interval;

    private static JobsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<JobsOptions>>().Value;

    private static string DailyCron(TimeSpan at) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.Seconds} {at.Minutes} {at.Hours} * * ?");

    private static CronScheduleBuilder Daily(TimeSpan at, TimeZoneInfo zone) =>
        CronScheduleBuilder.Create(DailyCron(at))
            .InTimeZone(zone)
            // A rollup or a retention run missed while the app was down is run once when it is back.
            .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed);
}
