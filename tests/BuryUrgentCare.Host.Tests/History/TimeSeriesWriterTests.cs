using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BuryUrgentCare.History.TestPoints;

using BuryUrgentCare.Support;

namespace BuryUrgentCare.History;

public sealed class TimeSeriesWriterTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeTimeSeriesStore _store;
    private readonly List<TimeSeriesWriter> _started = [];

    public TimeSeriesWriterTests() => _store = new FakeTimeSeriesStore(_time);

    private async Task<TimeSeriesWriter> StartSut(Action<HistoryOptions>? configure = null, ITimeSeriesStore? store = null,
        TimeProvider? time = null, IMeterFactory? meterFactory = null)
    {
        var options = new HistoryOptions
        {
            BatchSize = 10,
            BufferCapacity = 1_000,
            FlushInterval = TimeSpan.FromSeconds(1),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromSeconds(4),
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var sut = new TimeSeriesWriter(store ?? _store, Options.Create(options), time ?? _time, NullLogger<TimeSeriesWriter>.Instance,
            meterFactory);
        await sut.StartAsync(CancellationToken.None);
        _started.Add(sut);
        return sut;
    }

    private static FigurePoint Numbered(int i) => Unit("ae", T0.AddMilliseconds(i), "n", i);

    /// <summary>Moves the fake clock on by <paramref name="step"/> per poll until the condition holds.</summary>
    private Task AdvanceUntil(Func<bool> condition, TimeSpan step, string because) =>
        FakeClock.AdvanceUntil(_time, step, condition, Timeout, because);

    [Fact]
    public async Task Stats_StoreFailing_SaySinceWhen_ReadinessFailsAfterItsThreshold_AndBothClearOnRecovery()
    {
        var failing = true;
        _store.Failure = attempt => failing ? new TimeSeriesStoreException($"down #{attempt}", isTransient: true) : null;
        var sut = await StartSut(o => o.BatchSize = 1);
        var readiness = new HistoryWriterReadinessCheck(sut,
            Options.Create(new HistoryOptions { FailingUnreadyAfter = TimeSpan.FromMinutes(5) }), _time);
        var firstFailure = _time.GetUtcNow();

        sut.TryEnqueue(Numbered(1)).ShouldBeTrue();
        // The store counts the attempt before it throws, the writer records the failure after: wait for the writer's record.
        await Eventually.Until(() => _store.Attempts.Count >= 1 && sut.GetStats().FailingSince is not null, Timeout, "the first attempt failed");

        sut.GetStats().FailingSince.ShouldBe(firstFailure);
        (await readiness.CheckHealthAsync(new())).Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
        await AdvanceUntil(() => _time.GetUtcNow() - firstFailure >= TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), "five minutes of failures");
        sut.GetStats().FailingSince.ShouldBe(firstFailure); // the first failure of the streak, not the latest retry
        var unready = await readiness.CheckHealthAsync(new());
        unready.Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy);
        unready.Description!.ShouldContain("failing since");

        failing = false;
        await AdvanceUntil(() => _store.WrittenCount == 1, TimeSpan.FromSeconds(1), "the retry succeeded");

        sut.GetStats().FailingSince.ShouldBeNull();
        (await readiness.CheckHealthAsync(new())).Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
    }

    [Fact]
    public async Task TryEnqueue_FullBatches_WrittenWithoutWaitingForTheFlushInterval()
    {
        var sut = await StartSut(o => o.FlushInterval = TimeSpan.FromHours(1));

        for (var i = 0; i < 25; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        await Eventually.Until(() => _store.WrittenCount == 20, Timeout, "two full batches written with the clock standing still");
        _store.Attempts.Select(a => a.Batch.Count).ShouldBe([10, 10]);

        await AdvanceUntil(() => _store.WrittenCount == 25, TimeSpan.FromMinutes(10), "the part-filled batch written at the flush interval");
        _store.Attempts.Select(a => a.Batch.Count).ShouldBe([10, 10, 5]);
        _store.Written.Select(p => p.Fields[0].Value.AsInteger()).ShouldBe(Enumerable.Range(0, 25).Select(i => (long)i));
    }

    [Fact]
    public async Task TryEnqueue_PartBatch_WrittenOnceTheFlushIntervalHasPassed()
    {
        var sut = await StartSut(o => o.BatchSize = 1_000);
        var start = _time.GetUtcNow();

        sut.TryEnqueue(Numbered(1)).ShouldBeTrue();
        sut.TryEnqueue(Numbered(2)).ShouldBeTrue();
        sut.TryEnqueue(Numbered(3)).ShouldBeTrue();
        await AdvanceUntil(() => _store.WrittenCount == 3, TimeSpan.FromMilliseconds(100), "the part batch written");

        _store.Attempts.Count.ShouldBe(1);
        _store.Attempts[0].At.ShouldBeGreaterThanOrEqualTo(start + TimeSpan.FromSeconds(1));
        sut.GetStats().Written.ShouldBe(3);
    }

    [Fact]
    public async Task TryEnqueue_BufferFullWhileStoreBlocked_DropsTheNewestAndCountsThem()
    {
        _store.Block();
        var sut = await StartSut(o =>
        {
            o.BatchSize = 1;
            o.BufferCapacity = 100;
        });
        sut.TryEnqueue(Numbered(0)).ShouldBeTrue();
        await Eventually.Until(() => _store.AttemptCount == 1, Timeout, "the writer blocked in the store");

        var accepted = Enumerable.Range(1, 150).Where(i => sut.TryEnqueue(Numbered(i))).ToList();

        accepted.ShouldBe(Enumerable.Range(1, 100));
        var stats = sut.GetStats();
        stats.Dropped.ShouldBe(50);
        stats.Enqueued.ShouldBe(101);
        stats.Buffered.ShouldBe(100);

        _store.Release();
        await Eventually.Until(() => sut.GetStats().Written == 101, Timeout, "everything accepted is written once the store is free");
        _store.Written.Select(p => p.Fields[0].Value.AsInteger()).ShouldBe(Enumerable.Range(0, 101).Select(i => (long)i));
        sut.GetStats().Dropped.ShouldBe(50);
    }

    [Fact]
    public async Task WriteFails_RetriesTheSameBatchWithExponentialBackoffWhileNewPointsBuffer()
    {
        _store.Failure = attempt => attempt <= 4 ? new TimeSeriesStoreException($"down #{attempt}", isTransient: true) : null;
        var sut = await StartSut(o => o.BatchSize = 5);
        for (var i = 0; i < 5; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        await Eventually.Until(() => _store.AttemptCount == 1, Timeout, "the first attempt");
        for (var i = 5; i < 8; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        sut.GetStats().Buffered.ShouldBe(3);
        await AdvanceUntil(() => _store.AttemptCount >= 5, TimeSpan.FromMilliseconds(20), "four retries");

        var attempts = _store.Attempts.Take(5).ToList();
        attempts.ShouldAllBe(a => a.Batch.SequenceEqual(attempts[0].Batch));
        attempts[0].Batch.Select(p => p.Fields[0].Value.AsInteger()).ShouldBe([0, 1, 2, 3, 4]);
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b.At - a.At).ToList();
        TimeSpan[] expected = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)];
        for (var i = 0; i < expected.Length; i++)
        {
            // The clock moves in 20 ms steps while the writer reacts, so a gap may run a few steps over.
            gaps[i].ShouldBeInRange(expected[i], expected[i] + TimeSpan.FromMilliseconds(500), $"gap before retry {i + 1}");
        }

        await AdvanceUntil(() => _store.WrittenCount == 8, TimeSpan.FromMilliseconds(100), "the buffered points after recovery");
        var stats = sut.GetStats();
        stats.FailedAttempts.ShouldBe(4);
        stats.Written.ShouldBe(8);
        stats.LastError.ShouldBe("down #4");
        stats.LastErrorAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task WriteRejected_CountsTheBatchAsRejectedAndMovesOn()
    {
        _store.Failure = attempt => attempt == 1 ? new TimeSeriesStoreException("field type conflict", isTransient: false) : null;
        var sut = await StartSut(o => o.BatchSize = 5);

        for (var i = 0; i < 10; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        await Eventually.Until(() => _store.WrittenCount == 5, Timeout, "the next batch written");
        var stats = sut.GetStats();
        stats.Rejected.ShouldBe(5);
        stats.FailedAttempts.ShouldBe(1);
        _store.AttemptCount.ShouldBe(2);
        _store.Written.Select(p => p.Fields[0].Value.AsInteger()).ShouldBe([5, 6, 7, 8, 9]);
    }

    [Fact]
    public async Task StopAsync_PointsBuffered_WritesThemBeforeReturning()
    {
        var sut = await StartSut(o => o.FlushInterval = TimeSpan.FromHours(1));
        for (var i = 0; i < 7; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        await sut.StopAsync(CancellationToken.None);

        _store.WrittenCount.ShouldBe(7);
        sut.GetStats().Dropped.ShouldBe(0);
    }

    [Fact]
    public async Task StopAsync_StoreDown_GivesUpAtTheShutdownTimeoutAndCountsTheRest()
    {
        _store.Failure = _ => new TimeSeriesStoreException("down", isTransient: true);
        var sut = await StartSut(o => o.FlushInterval = TimeSpan.FromHours(1));
        for (var i = 0; i < 7; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        var stopping = sut.StopAsync(CancellationToken.None);
        await AdvanceUntil(() => stopping.IsCompleted, TimeSpan.FromMilliseconds(250), "shutdown giving up");
        await stopping;

        var stats = sut.GetStats();
        stats.Written.ShouldBe(0);
        stats.Dropped.ShouldBe(7);
        stats.FailedAttempts.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task TryEnqueue_AfterStop_ReturnsFalseAndCounts()
    {
        var sut = await StartSut();
        await sut.StopAsync(CancellationToken.None);

        sut.TryEnqueue(Numbered(1)).ShouldBeFalse();

        sut.GetStats().Dropped.ShouldBe(1);
    }

    [Fact]
    public async Task TryEnqueue_InvalidPoint_ThrowsAtTheCaller()
    {
        var sut = await StartSut();

        Should.Throw<ArgumentException>(() => sut.TryEnqueue(Point("ae", T0, [("unit", "ae")])));
        sut.GetStats().Enqueued.ShouldBe(0);
    }

    [Fact]
    public async Task Meter_PublishesWrittenDroppedAndBufferedPoints()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        _store.Block();
        var sut = await StartSut(o =>
        {
            o.BatchSize = 2;
            o.BufferCapacity = 2;
        }, meterFactory: meterFactory);
        sut.TryEnqueue(Numbered(1));
        sut.TryEnqueue(Numbered(2));
        await Eventually.Until(() => _store.AttemptCount == 1, Timeout, "the writer blocked in the store");
        sut.TryEnqueue(Numbered(3));
        sut.TryEnqueue(Numbered(4));
        sut.TryEnqueue(Numbered(5)).ShouldBeFalse();
        _store.Release();
        await Eventually.Until(() => sut.GetStats().Written == 4, Timeout, "the accepted points written");

        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == TimeSeriesWriter.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();

        measured["bury.history.points.written"].ShouldBe(4);
        measured["bury.history.points.dropped"].ShouldBe(1);
        measured["bury.history.points.rejected"].ShouldBe(0);
        measured["bury.history.write.failures"].ShouldBe(0);
        measured["bury.history.buffer.points"].ShouldBe(0);
    }

    [Fact]
    public async Task TryEnqueue_200kPointsUnderLoad_AllReadableFromTheEmbeddedStore()
    {
        var folder = Directory.CreateTempSubdirectory("history-writer-").FullName;
        try
        {
            using var store = new SqliteStore(Path.Combine(folder, "history.db"));
            var sut = await StartSut(o =>
            {
                o.BatchSize = 5_000;
                o.BufferCapacity = 200_000;
                o.FlushInterval = TimeSpan.FromMilliseconds(50);
            }, store, TimeProvider.System);

            var accepted = LoadPoints(200_000).Count(p => sut.TryEnqueue(p));

            accepted.ShouldBe(200_000);
            await Eventually.Until(() => sut.GetStats().Written == 200_000, TimeSpan.FromMinutes(2), "all points written");
            var buckets = await store.QueryAsync(Query("n", T0, T0.AddDays(2), TimeSpan.FromDays(2), HistoryAggregate.Sum), CancellationToken.None);
            buckets.Sum(b => b.Value).ShouldBe(200_000);
            sut.GetStats().Dropped.ShouldBe(0);
            await sut.StopAsync(CancellationToken.None);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Distinct points over four units, one per second per unit, each with n = 1, so a Sum counts them.</summary>
    internal static IEnumerable<FigurePoint> LoadPoints(int count)
    {
        string[] units = ["ae", "utc", "greencar", "ivch"];
        for (var i = 0; i < count; i++)
        {
            yield return Point("ae", T0.AddSeconds(i / units.Length), [("unit", units[i % units.Length])], ("n", 1), ("wait", 12.5));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var writer in _started)
        {
            // Stopping twice is harmless; a stuck store must not hang the test run.
            _store.Release();
            await writer.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            writer.Dispose();
        }
    }
}
