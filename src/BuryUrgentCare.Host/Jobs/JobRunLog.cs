using System.Collections.Concurrent;
using Quartz;
using Quartz.Extensibility;

namespace BuryUrgentCare.Jobs;

/// <summary>The last run of one job, as <see cref="JobRunLog"/> saw it end.</summary>
/// <param name="FiredAt">When the run started (UTC).</param>
/// <param name="ScheduledFor">The fire time it was scheduled for; a manual trigger is scheduled for when it was made.</param>
/// <param name="NextFireTime">When the trigger that fired it fires next, as of the end of the run (null for a one-off).</param>
/// <param name="Outcome"><c>succeeded</c>, or <c>failed: </c> and the error's message.</param>
/// <param name="Duration">How long the run took.</param>
/// <param name="Result">What the job reported (e.g. how many points it wrote), if anything.</param>
/// <param name="Runs">Runs of the job ended since start, this one included.</param>
public sealed record JobRun(
    DateTimeOffset FiredAt,
    DateTimeOffset? ScheduledFor,
    DateTimeOffset? NextFireTime,
    string Outcome,
    TimeSpan Duration,
    string? Result,
    long Runs);

/// <summary>
/// A job listener that remembers, per job, how its last run ended — what <c>GET /api/jobs</c> shows, so an operator
/// can see at a glance that snapshots are being written and last night's rollup worked. In memory: a restart starts
/// afresh, which the next minute's snapshot fills in.
/// </summary>
public sealed class JobRunLog : IJobListener
{
    private readonly ConcurrentDictionary<JobKey, JobRun> _runs = new();

    public string Name => "bury-job-run-log";

    /// <summary>The last run of the job, or null if none has ended since start.</summary>
    public JobRun? Last(JobKey key) => _runs.TryGetValue(key, out var run) ? run : null;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = jobException is null ? "succeeded" : "failed: " + Describe(jobException);
        _runs.AddOrUpdate(context.JobDetail.Key,
            _ => Record(context, outcome, 1),
            (_, previous) => Record(context, outcome, previous.Runs + 1));
        return ValueTask.CompletedTask;
    }

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobProgressChanged(IJobExecutionContext context, FireInstanceProgress progress, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    private static JobRun Record(IJobExecutionContext context, string outcome, long runs) =>
        new(context.FireTimeUtc, context.ScheduledFireTimeUtc, context.NextFireTimeUtc, outcome, context.JobRunTime,
            context.Result?.ToString(), runs);

    /// <summary>The job's own error (the innermost), not Quartz's wrappers around it ("Job threw an unhandled exception").</summary>
    private static string Describe(JobExecutionException exception)
    {
        Exception error = exception;
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error.Message;
    }
}
