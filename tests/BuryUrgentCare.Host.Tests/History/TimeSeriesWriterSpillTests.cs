using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BuryUrgentCare.History.TestPoints;

using BuryUrgentCare.Support;

namespace BuryUrgentCare.History;

/// <summary>The writer with a <see cref="HistorySpill"/>: outages longer than the memory buffer, and shutdowns while the store is down.</summary>
public sealed class TimeSeriesWriterSpillTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeTimeSeriesStore _store;
    private readonly List<TimeSeriesWriter> _started = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("history-writer-spill-").FullName;
    private bool _storeDown;

    public TimeSeriesWriterSpillTests()
    {
        _store = new FakeTimeSeriesStore(_time)
        {
            Failure = attempt => _storeDown ? new TimeSeriesStoreException($"down #{attempt}", isTransient: true) : null,
        };
    }

    private string SpillPath => Path.Combine(_folder, "data", "history-spill.db");

    private async Task<TimeSeriesWriter> StartSut(Action<HistoryOptions>? configure = null, string? spillPath = null,
        IMeterFactory? meterFactory = null)
    {
        var options = new HistoryOptions
        {
            BatchSize = 5,
            BufferCapacity = 10,
            FlushInterval = TimeSpan.FromSeconds(1),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromSeconds(4),
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var sut = new TimeSeriesWriter(_store, Options.Create(options), _time, NullLogger<TimeSeriesWriter>.Instance, meterFactory,
            new HistorySpill(spillPath ?? SpillPath));
        await sut.StartAsync(CancellationToken.None);
        _started.Add(sut);
        return sut;
    }

    private static FigurePoint Numbered(int i) => Unit("ae", T0.AddMilliseconds(i), "n", i);

    private static IEnumerable<long> Range(int start, int count) => Enumerable.Range(start, count).Select(i => (long)i);

    private IEnumerable<long> WrittenNumbers() => _store.Written.Select(p => p.Fields[0].Value.AsInteger());

    private long PointsInSpillFile()
    {
        using var reader = new HistorySpill(SpillPath);
        return reader.Count;
    }

    /// <summary>Moves the fake clock on by <paramref name="step"/> per poll until the condition holds.</summary>
    private Task AdvanceUntil(Func<bool> condition, TimeSpan step, string because) =>
        FakeClock.AdvanceUntil(_time, step, condition, Timeout, because);

    [Fact]
    public async Task StoreDownLongerThanTheBuffer_NothingDropped_AndOnRecoveryEveryPointWrittenInOrder()
    {
        _storeDown = true;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var sut = await StartSut(meterFactory: meterFactory);

        // Ten times the buffer, a buffer-full at a time, as the snapshot job would over a long outage.
        for (var round = 0; round < 10; round++)
        {
            for (var i = round * 10; i < round * 10 + 10; i++)
            {
                sut.TryEnqueue(Numbered(i)).ShouldBeTrue($"point {i}");
            }

            var spilled = round * 10 + 5; // all but the batch being retried
            await AdvanceUntil(() => sut.GetStats() is { Buffered: 0 } s && s.Spilled == spilled, TimeSpan.FromMilliseconds(100),
                $"round {round} moved to disk");
        }

        var failing = sut.GetStats();
        failing.Dropped.ShouldBe(0);
        failing.Written.ShouldBe(0);
        failing.Spilled.ShouldBe(95); // all but the batch being retried
        failing.SpilledTotal.ShouldBe(95);
        PointsInSpillFile().ShouldBe(95);
        ReadGauge(meterFactory, "bury.history.spill.points").ShouldBe(95);

        _storeDown = false;
        await AdvanceUntil(() => _store.WrittenCount == 100, TimeSpan.FromSeconds(1), "the batch, then the spill, written");

        WrittenNumbers().ShouldBe(Range(0, 100));
        var recovered = sut.GetStats();
        recovered.Dropped.ShouldBe(0);
        recovered.Spilled.ShouldBe(0);
        recovered.SpilledTotal.ShouldBe(95);
        PointsInSpillFile().ShouldBe(0);
    }

    [Fact]
    public async Task StoreFailsAgainWhileTheSpillDrains_NewPointsQueueBehindTheSpill_StillAllInOrder()
    {
        _storeDown = true;
        var sut = await StartSut();
        for (var i = 0; i < 10; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        await AdvanceUntil(() => sut.GetStats().Spilled == 5, TimeSpan.FromMilliseconds(100), "the second batch on disk");

        // The store takes the batch in hand, then fails once on the first batch read back from the spill.
        var failedAgain = false;
        _store.Failure = _ =>
        {
            if (_store.WrittenCount != 5 || failedAgain)
            {
                return null;
            }

            failedAgain = true;
            return new TimeSeriesStoreException("down again", isTransient: true);
        };
        await AdvanceUntil(() => Volatile.Read(ref failedAgain), TimeSpan.FromMilliseconds(100), "the spill's batch failing");
        _store.Attempts[^1].Batch.Select(p => p.Fields[0].Value.AsInteger()).ShouldBe(Range(5, 5));
        for (var i = 10; i < 18; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        await AdvanceUntil(() => _store.WrittenCount == 18, TimeSpan.FromMilliseconds(100), "everything written");
        WrittenNumbers().ShouldBe(Range(0, 18));
        sut.GetStats().Spilled.ShouldBe(0);
    }

    [Fact]
    public async Task StoppedWhileTheStoreIsDown_PointsKeptOnDisk_AndANewWriterWritesThemBeforeNewerPoints()
    {
        _storeDown = true;
        var first = await StartSut(o => o.BufferCapacity = 100);
        for (var i = 0; i < 12; i++)
        {
            first.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        await AdvanceUntil(() => first.GetStats().Spilled == 7, TimeSpan.FromMilliseconds(100), "all but the batch in hand on disk");
        var stopping = first.StopAsync(CancellationToken.None);
        await AdvanceUntil(() => stopping.IsCompleted, TimeSpan.FromMilliseconds(250), "shutdown");
        await stopping;
        first.Dispose();

        var stopped = first.GetStats();
        stopped.Dropped.ShouldBe(0);
        stopped.Written.ShouldBe(0);
        stopped.Spilled.ShouldBe(12);
        PointsInSpillFile().ShouldBe(12);

        _storeDown = false;
        var second = await StartSut(o => o.FlushInterval = TimeSpan.FromHours(1));
        second.TryEnqueue(Numbered(12)).ShouldBeTrue();
        second.TryEnqueue(Numbered(13)).ShouldBeTrue();
        second.TryEnqueue(Numbered(14)).ShouldBeTrue();
        second.TryEnqueue(Numbered(15)).ShouldBeTrue();
        second.TryEnqueue(Numbered(16)).ShouldBeTrue();

        await Eventually.Until(() => _store.WrittenCount == 17, Timeout, "the old points, then the new");
        WrittenNumbers().ShouldBe(Range(0, 17));
        second.GetStats().Spilled.ShouldBe(0);
        PointsInSpillFile().ShouldBe(0);
    }

    [Fact]
    public async Task StoppedWhileTheStoreIsDown_NothingOnDiskYet_WhatTheShutdownTimeoutLeavesIsSpilledNotDropped()
    {
        _storeDown = true;
        var sut = await StartSut(o => o.FlushInterval = TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        var stopping = sut.StopAsync(CancellationToken.None);
        await AdvanceUntil(() => stopping.IsCompleted, TimeSpan.FromMilliseconds(250), "shutdown giving up on the store");
        await stopping;

        var stats = sut.GetStats();
        stats.FailedAttempts.ShouldBeGreaterThan(0);
        stats.Dropped.ShouldBe(0);
        stats.Spilled.ShouldBe(3);
        sut.Dispose();
        using var spill = new HistorySpill(SpillPath);
        spill.ReadOldest(10).Points.Select(p => p.Fields[0].Value.AsInteger()).ShouldBe(Range(0, 3));
    }

    [Fact]
    public async Task SpillFull_NewerPointsStayInMemory_ThenTheNewestAreDroppedAndCounted()
    {
        _storeDown = true;
        var sut = await StartSut(o => o.SpillCapacity = 20);
        (int Spilled, int Buffered)[] after = [(5, 0), (15, 0), (20, 5)];
        for (var round = 0; round < after.Length; round++)
        {
            for (var i = round * 10; i < round * 10 + 10; i++)
            {
                sut.TryEnqueue(Numbered(i)).ShouldBeTrue($"point {i}");
            }

            var (spilled, buffered) = after[round];
            await AdvanceUntil(() => sut.GetStats() is var s && s.Spilled == spilled && s.Buffered == buffered,
                TimeSpan.FromMilliseconds(100), $"round {round}");
        }

        var accepted = Enumerable.Range(30, 10).Where(i => sut.TryEnqueue(Numbered(i))).ToList();

        accepted.ShouldBe(Enumerable.Range(30, 5));
        var full = sut.GetStats();
        full.Dropped.ShouldBe(5);
        full.Spilled.ShouldBe(20);
        full.Buffered.ShouldBe(10);

        _storeDown = false;
        await AdvanceUntil(() => _store.WrittenCount == 35, TimeSpan.FromSeconds(1), "everything accepted written");
        WrittenNumbers().ShouldBe(Range(0, 35));
        sut.GetStats().Dropped.ShouldBe(5);
    }

    [Fact]
    public async Task SpillUnavailable_FallsBackToTheMemoryBuffer_DropsTheNewestAndCountsThem()
    {
        var file = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(file, "");
        _storeDown = true;
        var sut = await StartSut(spillPath: Path.Combine(file, "history-spill.db"));
        for (var i = 0; i < 10; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        // The second attempt comes after the writer tried (and failed) to spill what was waiting.
        await AdvanceUntil(() => _store.AttemptCount >= 2, TimeSpan.FromMilliseconds(100), "a retry");
        var accepted = Enumerable.Range(10, 15).Where(i => sut.TryEnqueue(Numbered(i))).ToList();
        await AdvanceUntil(() => _store.AttemptCount >= 5, TimeSpan.FromMilliseconds(100), "more retries, the spill failing each time");

        // The batch in hand and the points taken for the spill stay in memory, so the buffer has room for ten more.
        accepted.ShouldBe(Enumerable.Range(10, 10));
        var failing = sut.GetStats();
        failing.Dropped.ShouldBe(5);
        failing.Spilled.ShouldBe(0);
        failing.SpilledTotal.ShouldBe(0);

        _storeDown = false;
        await AdvanceUntil(() => _store.WrittenCount == 20, TimeSpan.FromSeconds(1), "everything accepted written from memory");
        WrittenNumbers().ShouldBe(Range(0, 20));
        sut.GetStats().Dropped.ShouldBe(5);
    }

    [Fact]
    public async Task StoreHealthy_TheSpillIsNeverTouched()
    {
        var sut = await StartSut(o =>
        {
            o.FlushInterval = TimeSpan.FromHours(1);
            o.BufferCapacity = 100;
        });
        for (var i = 0; i < 23; i++)
        {
            sut.TryEnqueue(Numbered(i)).ShouldBeTrue();
        }

        await Eventually.Until(() => _store.WrittenCount == 20, Timeout, "the full batches");
        await sut.StopAsync(CancellationToken.None);

        WrittenNumbers().ShouldBe(Range(0, 23));
        sut.GetStats().SpilledTotal.ShouldBe(0);
        PointsInSpillFile().ShouldBe(0);
        File.Exists(SpillPath).ShouldBeFalse();
    }

    private static long ReadGauge(IMeterFactory meterFactory, string name)
    {
        long? value = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, measured, _, _) => value = measured);
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? throw new InvalidOperationException($"No measurement of {name}.");
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

        Directory.Delete(_folder, recursive: true);
    }
}
