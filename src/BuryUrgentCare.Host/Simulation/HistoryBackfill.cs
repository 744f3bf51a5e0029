using System.Diagnostics;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.History;
using BuryUrgentCare.Jobs;
using BuryUrgentCare.Processing;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Simulation;

/// <summary>
/// What a backfill writes: the local days missing from the store, and the instants whose figures it computes — every
/// <c>step</c> of the most recent <c>detailedDays</c> (raw points older than the raw retention would be deleted by the
/// retention job anyway), and the last snapshot of every day, which is what the day's rollup reads.
/// </summary>
/// <param name="Days">The days to write, oldest first.</param>
/// <param name="Slots">Every instant to compute, ascending.</param>
/// <param name="DayEnds">For each day, its last slot (local midnight − the snapshot interval): the day is complete there.</param>
/// <param name="SimulateFrom">Where the traffic simulation starts: the first day's local midnight.</param>
/// <param name="Until">The end of the last day (exclusive): the simulation's end.</param>
public sealed record BackfillPlan(IReadOnlyList<DateOnly> Days, IReadOnlyList<DateTimeOffset> Slots,
    IReadOnlyDictionary<DateTimeOffset, DateOnly> DayEnds, DateTimeOffset SimulateFrom, DateTimeOffset Until)
{
    /// <summary>
    /// Plans the <paramref name="days"/> local days before <paramref name="today"/>, leaving out those in
    /// <paramref name="present"/> (already in the store: a restart does not write them again) and everything before
    /// the last present day (a backfill never writes over days the store already had between ones it lacks).
    /// </summary>
    public static BackfillPlan Create(DailyRollup calendar, DateOnly today, int days, IReadOnlySet<DateOnly> present,
        TimeSpan step, TimeSpan snapshotInterval, int detailedDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(present);
        var first = today.AddDays(-days);
        foreach (var day in present)
        {
            if (day >= first && day < today)
            {
                first = day.AddDays(1) > first ? day.AddDays(1) : first;
            }
        }

        var planned = new List<DateOnly>();
        var slots = new List<DateTimeOffset>();
        var ends = new Dictionary<DateTimeOffset, DateOnly>();
        for (var day = first; day < today; day = day.AddDays(1))
        {
            var (start, end) = calendar.Bounds(day);
            var last = end - snapshotInterval;
            if (today.DayNumber - day.DayNumber <= detailedDays)
            {
                slots.AddRange(SnapshotGrid.Slots(start, last, step));
            }

            slots.Add(last);
            ends[last] = day;
            planned.Add(day);
        }

        return new BackfillPlan(planned, slots, ends, calendar.Bounds(first).Start, calendar.Bounds(today).Start);
    }
}

/// <summary>
/// History from day one (<see cref="SimulatorOptions.BackfillDays"/>): at start-up, simulates the days before today
/// with the same traffic model the simulator feeds Kafka with, replays them through a fresh processing core
/// (<see cref="LogReplay"/>) and writes the figures, OPEL and each day's rollup straight to the store, every point
/// marked <see cref="FigureSchema.SimulatedField"/> — so the commissioners' trends are not empty for weeks on a fresh
/// machine, and nobody takes them for real. Runs beside the live host (today is the simulator's, through Kafka), never
/// touches Kafka, and skips days the store already has. docs/history.md, "History from day one".
/// </summary>
public sealed partial class HistoryBackfill(
    ITimeSeriesStore store,
    UnitCatalog units,
    OpelProfile opel,
    IOptions<SimulatorOptions> simulator,
    IOptions<ProcessingOptions> processing,
    IOptions<HistoryOptions> history,
    IOptions<JobsOptions> jobs,
    TimeProvider clock,
    ILogger<HistoryBackfill> logger) : BackgroundService
{
    private const int ProgressWidth = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // start-up goes on: the live figures do not wait for the past
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (TimeSeriesStoreException ex)
        {
            // The live figures matter more than simulated history: say so and let the host run on.
            LogFailed(logger, ex);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down; what was written stays, and the next start fills the rest
        }
    }

    /// <summary>Backfills the missing days; returns the days written (none when the store had them all).</summary>
    public async Task<IReadOnlyList<DateOnly>> RunAsync(CancellationToken cancellationToken)
    {
        var settings = simulator.Value;
        var interval = jobs.Value.SnapshotInterval;
        var rollup = new DailyRollup(store, units, ServiceCalendar.London);
        var today = rollup.DayOf(clock.GetUtcNow());
        var present = await DaysPresentAsync(rollup, today.AddDays(-settings.BackfillDays ?? 0), today, cancellationToken).ConfigureAwait(false);
        var plan = BackfillPlan.Create(rollup, today, settings.BackfillDays ?? 0, present,
            settings.BackfillStep, interval, (int)Math.Ceiling(history.Value.RawRetention.TotalDays));
        if (plan.Days.Count == 0)
        {
            LogNothingToDo(logger, settings.BackfillDays ?? 0);
            return [];
        }

        var elapsed = Stopwatch.StartNew();
        LogStarting(logger, plan.Days.Count, plan.Days[0], plan.Days[^1], plan.Slots.Count, settings.BackfillStep);
        var events = new BuryTrafficSimulator(SimulatorProfile.Default, plan.SimulateFrom, settings.Seed).Advance(plan.Until);
        var records = events.Select(e => new LogRecord(e.Time, e.Json));
        var replay = new ProcessorSettings { ReplayHorizon = processing.Value.ReplayHorizon };

        var batchSize = history.Value.BatchSize;
        var batch = new List<FigurePoint>(batchSize + 64);
        long points = 0;
        var daysDone = 0;
        foreach (var slot in LogReplay.ReplayAt(records, plan.Slots, units, replay, new OpelEvaluator(opel)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.AddRange(FigureSchema.ToPoints(slot.Units, slot.At));
            if (slot.Opel is { } assessment && FigureSchema.OpelPoint(
                    new OpelStatus(assessment.Level, AnnouncedLevel: null, assessment.Score, assessment.Profile, assessment.ProfileVersion, assessment.Parameters),
                    slot.At) is { } opelPoint)
            {
                batch.Add(opelPoint);
            }

            if (batch.Count >= batchSize || plan.DayEnds.ContainsKey(slot.At))
            {
                points += await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }

            if (plan.DayEnds.TryGetValue(slot.At, out var day))
            {
                // The day's last snapshot is stored: its rollup can be read as the nightly job reads one.
                var daily = await rollup.ComputeAsync(day, cancellationToken).ConfigureAwait(false);
                points += await WriteAsync(daily, cancellationToken).ConfigureAwait(false);
                daysDone++;
                if (daysDone == plan.Days.Count || daysDone % Math.Max(1, plan.Days.Count / 10) == 0)
                {
                    LogProgress(logger, Bar(daysDone, plan.Days.Count), daysDone, plan.Days.Count, elapsed.Elapsed.TotalSeconds);
                }
            }
        }

        LogDone(logger, plan.Days.Count, points, events.Count, elapsed.Elapsed.TotalSeconds);
        return plan.Days;
    }

    /// <summary>A text progress bar for the log: <c>[#########-----------]</c>.</summary>
    internal static string Bar(int done, int total)
    {
        var filled = total == 0 ? ProgressWidth : (int)((long)done * ProgressWidth / total);
        return "[" + new string('#', filled) + new string('-', ProgressWidth - filled) + "]";
    }

    private async Task<long> WriteAsync(IReadOnlyList<FigurePoint> points, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return 0;
        }

        await store.WriteAsync(FigureSchema.MarkSimulated(points), cancellationToken).ConfigureAwait(false);
        return points.Count;
    }

    /// <summary>The days of [<paramref name="from"/>, <paramref name="to"/>) with a <c>daily_deflection</c> point: done already.</summary>
    private async Task<HashSet<DateOnly>> DaysPresentAsync(DailyRollup rollup, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = rollup.Bounds(from).Start;
        var end = rollup.Bounds(to).Start;
        var days = new HashSet<DateOnly>();
        if (start >= end)
        {
            return days;
        }

        var query = new HistoryQuery(DailyRollup.DailyDeflection, FigureSchema.TotalField,
            [KeyValuePair.Create(FigureSchema.UnitTag, FigureSchema.SystemUnit)], start, end, TimeSpan.FromHours(1), HistoryAggregate.Last);
        foreach (var bucket in await store.QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            days.Add(rollup.DayOf(bucket.Start));
        }

        return days;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "History backfill: the store has the last {Days} days already; nothing to simulate")]
    private static partial void LogNothingToDo(ILogger logger, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "History backfill: simulating {Days} days ({First:yyyy-MM-dd} to {Last:yyyy-MM-dd}), {Slots} snapshots (every {Step} for the days raw history keeps, the last minute of every day), marked simulated")]
    private static partial void LogStarting(ILogger logger, int days, DateOnly first, DateOnly last, int slots, TimeSpan step);

    [LoggerMessage(Level = LogLevel.Information, Message = "History backfill {Bar} {Done}/{Total} days, {Seconds:0.0} s")]
    private static partial void LogProgress(ILogger logger, string bar, int done, int total, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "History backfill: {Days} simulated days written ({Points} points from {Events} simulated events) in {Seconds:0.0} s")]
    private static partial void LogDone(ILogger logger, int days, long points, int events, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "History backfill failed at the store; the live figures are unaffected, and the next start fills the missing days")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
