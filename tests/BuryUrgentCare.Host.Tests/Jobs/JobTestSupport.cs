using BuryUrgentCare.History;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Extensibility;

using BuryUrgentCare.Support;

namespace BuryUrgentCare.Jobs;

/// <summary>Runs a job as the scheduler would, for a given fire time, without a scheduler.</summary>
internal static class JobRunner
{
    public static async Task<IJobExecutionContext> RunAsync(IJob job, DateTimeOffset scheduledFor, DateTimeOffset? firedAt = null,
        IDictionary<string, object?>? data = null)
    {
        var detail = JobBuilder.Create().OfType(job.GetType()).WithIdentity("under-test", JobsExtensions.Group)
            .UsingJobData(new JobDataMap(data ?? new Dictionary<string, object?>())).Build();
        var context = JobExecutionContextBuilder.For(job)
            .WithJob(detail)
            .FiredAt(firedAt ?? scheduledFor, scheduledFor)
            .Build();
        await job.Execute(context, CancellationToken.None);
        return context;
    }
}

/// <summary>A temporary embedded store, and a writer over it that flushes at once, deleted afterwards.</summary>
internal sealed class TempHistory : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobs-history-").FullName;

    public TempHistory(HistoryOptions? options = null)
    {
        Options = options ?? new HistoryOptions { FlushInterval = TimeSpan.FromMilliseconds(5) };
        Store = new SqliteStore(Path.Combine(_folder, "history.db"));
        Writer = new TimeSeriesWriter(Store, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System,
            NullLogger<TimeSeriesWriter>.Instance);
    }

    public HistoryOptions Options { get; }

    public SqliteStore Store { get; }

    public TimeSeriesWriter Writer { get; }

    public Task StartWriterAsync() => Writer.StartAsync(CancellationToken.None);

    /// <summary>Waits until everything enqueued has been written.</summary>
    public Task DrainedAsync() => Support.Eventually.Until(() =>
    {
        var stats = Writer.GetStats();
        return Task.FromResult(stats.Written + stats.Dropped + stats.Rejected == stats.Enqueued && stats.Buffered == 0);
    }, TimeSpan.FromSeconds(30), "the history writer to write everything enqueued");

    /// <summary>The buckets of one field of one unit, [from, to) in steps.</summary>
    public Task<IReadOnlyList<HistoryBucket>> ReadAsync(string measurement, string field, string unit, DateTimeOffset from, DateTimeOffset to,
        TimeSpan step, HistoryAggregate aggregate = HistoryAggregate.Last, params (string Key, string Value)[] tags) =>
        Store.QueryAsync(new HistoryQuery(measurement, field,
            [KeyValuePair.Create(FigureSchema.UnitTag, unit), .. tags.Select(t => KeyValuePair.Create(t.Key, t.Value))],
            from, to, step, aggregate), CancellationToken.None);

    /// <summary>The one value stored at exactly <paramref name="at"/>, or null.</summary>
    public async Task<double?> ValueAtAsync(string measurement, string field, string unit, DateTimeOffset at, params (string Key, string Value)[] tags)
    {
        var buckets = await ReadAsync(measurement, field, unit, at, at.AddMilliseconds(1), TimeSpan.FromMilliseconds(1), HistoryAggregate.Sum, tags);
        return buckets.Count == 0 ? null : buckets[0].Value;
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
        Store.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
