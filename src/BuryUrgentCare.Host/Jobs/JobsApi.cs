using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Quartz;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.Jobs;

/// <summary>One scheduled job as <c>GET /api/jobs</c> shows it.</summary>
/// <param name="Name">The job's name (<c>snapshot</c>, <c>daily-rollup</c>, <c>retention</c>).</param>
/// <param name="Description">What it does.</param>
/// <param name="Schedule">When it runs, in words.</param>
/// <param name="LastRun">When its last run started, or null if none has ended since start.</param>
/// <param name="NextRun">When it fires next (null if the scheduler has no next firing for it).</param>
/// <param name="LastOutcome"><c>succeeded</c> or <c>failed: …</c>; null before the first run.</param>
/// <param name="LastDuration">How long the last run took.</param>
/// <param name="LastResult">What the last run reported (points written, rows deleted, …).</param>
public sealed record JobStatus(
    string Name,
    string? Description,
    string Schedule,
    DateTimeOffset? LastRun,
    DateTimeOffset? NextRun,
    string? LastOutcome,
    TimeSpan? LastDuration,
    string? LastResult);

/// <summary><c>GET /api/jobs</c>: the scheduled jobs, their schedules and how their last runs went.</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/jobs").WithTags("Jobs");
        api.MapGet("/", GetJobs).RequireAuthorization(AccessPolicies.Admin).WithSummary("The scheduled jobs and their last runs (role: admin)");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<JobStatus>>> GetJobs(ISchedulerFactory schedulers, JobRunLog runs, IOptions<JobsOptions> options,
        CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var jobs = new List<JobStatus>(JobsExtensions.JobKeys.Count);
        foreach (var key in JobsExtensions.JobKeys)
        {
            var detail = await scheduler.GetJobDetail(key, cancellationToken).ConfigureAwait(false);
            var trigger = await scheduler.GetTrigger(new TriggerKey(key.Name, key.Group), cancellationToken).ConfigureAwait(false);
            var last = runs.Last(key);
            jobs.Add(new JobStatus(
                key.Name,
                detail?.Description,
                JobsExtensions.DescribeSchedule(key, options.Value),
                last?.FiredAt,
                trigger?.NextFireTimeUtc ?? last?.NextFireTime,
                last?.Outcome,
                last?.Duration,
                last?.Result));
        }

        return TypedResults.Ok<IReadOnlyList<JobStatus>>(jobs);
    }
}
