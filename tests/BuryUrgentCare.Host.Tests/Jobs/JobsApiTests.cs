using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.History;
using BuryUrgentCare.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace BuryUrgentCare.Jobs;

/// <summary>The real host with Quartz's real scheduler: jobs are triggered now and awaited on the run log, never on a clock.</summary>
[Collection(KafkaCollection.Name)]
public sealed class JobsApiTests(KafkaTestCluster kafka)
{
    private static async Task<JobRun> TriggerAndWaitAsync(BuryHost host, JobKey key)
    {
        var log = host.Services.GetRequiredService<JobRunLog>();
        var before = log.Last(key)?.Runs ?? 0;
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(key);
        await Support.Eventually.Until(() => Task.FromResult(log.Last(key)?.Runs > before), TimeSpan.FromSeconds(30), $"{key} to run");
        return log.Last(key)!;
    }

    [Fact]
    public async Task GetJobs_ListsTheJobsWithSchedulesAndNextRuns()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        var jobs = await http.GetFromJsonAsync<JsonElement[]>("/api/jobs");

        jobs.ShouldNotBeNull();
        jobs.Select(j => j.GetProperty("name").GetString()).ShouldBe(["snapshot", "daily-rollup", "retention", "history-rebuild"]);
        jobs.Select(j => j.GetProperty("schedule").GetString()).ShouldBe(
        [
            "every 00:01:00, at whole multiples of it",
            "daily at 00:05:00 Europe/London (cron 0 5 0 * * ?)",
            "daily at 00:15:00 Europe/London (cron 0 15 0 * * ?)",
            "on demand: POST /api/history/rebuild?from=…&to=…",
        ]);
        jobs.ShouldAllBe(j => j.GetProperty("description").GetString()!.Length > 0);
        var now = DateTimeOffset.UtcNow;
        var nextSnapshot = jobs[0].GetProperty("nextRun").GetDateTimeOffset();
        nextSnapshot.ShouldBeGreaterThan(now.AddSeconds(-5));
        nextSnapshot.ShouldBeLessThanOrEqualTo(now.AddMinutes(1));
        (nextSnapshot.ToUnixTimeMilliseconds() % 60_000).ShouldBe(0);
        var nextRollup = TimeZoneInfo.ConvertTime(jobs[1].GetProperty("nextRun").GetDateTimeOffset(), Processing.ServiceCalendar.London);
        (nextRollup.Hour, nextRollup.Minute, nextRollup.Second).ShouldBe((0, 5, 0));
        // A job may already have fired on its own schedule (the snapshot job runs at every whole minute, so a
        // host started at 12:59:59.9 has run it by 13:00:00.1): then its last run came before its next one.
        foreach (var job in jobs)
        {
            var lastRun = job.GetProperty("lastRun");
            if (lastRun.ValueKind != JsonValueKind.Null)
            {
                lastRun.GetDateTimeOffset().ShouldBeLessThan(job.GetProperty("nextRun").GetDateTimeOffset(), job.GetProperty("name").GetString());
                job.GetProperty("lastOutcome").GetString().ShouldBe("succeeded");
            }
        }

        jobs[1].GetProperty("lastRun").ValueKind.ShouldBe(JsonValueKind.Null, "the daily roll-up has not run in this host's life");
    }

    [Fact]
    public async Task TriggeredJobs_RecordedWithOutcomeAndShownByGetJobs()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();
        // A worker writes no figures to history before they are live (they would be partial or empty): wait for the ED's.
        await Support.Eventually.Until(async () => (await http.GetFromJsonAsync<JsonElement>("/api/units/FGH-ED"))
            .GetProperty("liveness").GetProperty("state").GetString() == "live", TimeSpan.FromSeconds(30), "the ED's figures live");

        var snapshot = await TriggerAndWaitAsync(host, SnapshotJob.Key);
        var rollup = await TriggerAndWaitAsync(host, DailyRollupJob.Key);
        var retention = await TriggerAndWaitAsync(host, RetentionJob.Key);

        snapshot.Outcome.ShouldBe("succeeded");
        snapshot.Result.ShouldNotBeNull().ShouldContain(" points at ");
        rollup.Outcome.ShouldBe("succeeded");
        retention.Outcome.ShouldBe("succeeded");
        retention.Result.ShouldNotBeNull().ShouldStartWith("deleted 0 raw field values before ");

        var jobs = await http.GetFromJsonAsync<JsonElement[]>("/api/jobs");
        jobs!.Take(3).ShouldAllBe(j => j.GetProperty("lastOutcome").GetString() == "succeeded");
        jobs![3].GetProperty("lastOutcome").ValueKind.ShouldBe(JsonValueKind.Null, "the history rebuild runs only when asked for");
        jobs![0].GetProperty("lastRun").GetDateTimeOffset().ShouldBe(snapshot.FiredAt);
        jobs[0].GetProperty("lastResult").GetString().ShouldBe(snapshot.Result);
        jobs[0].TryGetProperty("lastDuration", out _).ShouldBeTrue();

        // The snapshot went through the writer into the embedded store, stamped at its minute.
        var slot = SnapshotJob.SlotOf(snapshot.ScheduledFor!.Value, TimeSpan.FromMinutes(1));
        var store = host.Services.GetRequiredService<ITimeSeriesStore>();
        await Support.Eventually.Until(async () => (await store.QueryAsync(new HistoryQuery("department", "inDepartment",
                [KeyValuePair.Create("unit", "FGH-ED")], slot, slot.AddMinutes(1), TimeSpan.FromMinutes(1), HistoryAggregate.Last), default)).Count == 1,
            TimeSpan.FromSeconds(30), "the snapshot in the store");
    }

    [Fact]
    public async Task FailingJob_RecordedAsFailedWithTheReason()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());

        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var log = host.Services.GetRequiredService<JobRunLog>();
        await scheduler.TriggerJob(DailyRollupJob.Key, new JobDataMap { [DailyRollupJob.DayKey] = "not-a-day" });
        await Support.Eventually.Until(() => Task.FromResult(log.Last(DailyRollupJob.Key) is not null), TimeSpan.FromSeconds(30), "the rollup to run");

        log.Last(DailyRollupJob.Key)!.Outcome.ShouldStartWith("failed: ");
        log.Last(DailyRollupJob.Key)!.Outcome.ShouldContain("not-a-day");
    }
}
