using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static BuryUrgentCare.History.TestPoints;

using BuryUrgentCare.Support;

namespace BuryUrgentCare.History;

/// <summary>The writer against a real influxd: volume, and an outage that loses nothing.</summary>
[Collection(InfluxDbCollection.Name)]
public sealed class TimeSeriesWriterInfluxDbTests(InfluxDbFixture influx)
{
    private static TimeSeriesWriter CreateSut(ITimeSeriesStore store, Action<HistoryOptions>? configure = null)
    {
        var options = new HistoryOptions
        {
            BatchSize = 5_000,
            BufferCapacity = 200_000,
            FlushInterval = TimeSpan.FromMilliseconds(50),
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        configure?.Invoke(options);
        return new TimeSeriesWriter(store, Options.Create(options), TimeProvider.System, NullLogger<TimeSeriesWriter>.Instance);
    }

    private static Task<double> CountAsync(ITimeSeriesStore store) =>
        store.QueryAsync(Query("n", T0, T0.AddDays(2), TimeSpan.FromDays(2), HistoryAggregate.Sum), CancellationToken.None)
            .ContinueWith(t => t.Result.Sum(b => b.Value), TaskScheduler.Default);

    [Fact]
    public async Task TryEnqueue_200kPointsUnderLoad_AllReadableFromInfluxDb()
    {
        using var store = influx.CreateStore(InfluxDbFixture.NewDatabaseName("load"));
        using var sut = CreateSut(store);
        await sut.StartAsync(CancellationToken.None);

        var accepted = TimeSeriesWriterTests.LoadPoints(200_000).Count(p => sut.TryEnqueue(p));

        accepted.ShouldBe(200_000);
        await Eventually.Until(() => sut.GetStats().Written == 200_000, TimeSpan.FromMinutes(2), "all points written");
        (await CountAsync(store)).ShouldBe(200_000);
        var stats = sut.GetStats();
        stats.Dropped.ShouldBe(0);
        stats.FailedAttempts.ShouldBe(0);
        await sut.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WriteAsync_InfluxdStoppedForAWhileThenRestarted_NothingLost()
    {
        using var store = influx.CreateStore(InfluxDbFixture.NewDatabaseName("outage"));
        using var sut = CreateSut(store);
        await sut.StartAsync(CancellationToken.None);
        var points = TimeSeriesWriterTests.LoadPoints(20_001).ToList();
        sut.TryEnqueue(points[0]).ShouldBeTrue();
        await Eventually.Until(() => sut.GetStats().Written == 1, TimeSpan.FromSeconds(30), "the first point written while influxd is up");

        await influx.StopAsync();
        try
        {
            foreach (var point in points.Skip(1))
            {
                sut.TryEnqueue(point).ShouldBeTrue();
            }

            await Eventually.Until(() => sut.GetStats().FailedAttempts >= 3, TimeSpan.FromSeconds(30), "writes failing while influxd is down");
            sut.GetStats().Written.ShouldBe(1);
        }
        finally
        {
            await influx.StartAsync();
        }

        await Eventually.Until(() => sut.GetStats().Written == 20_001, TimeSpan.FromSeconds(60), "the backlog written after the restart");
        (await CountAsync(store)).ShouldBe(20_001);
        var stats = sut.GetStats();
        stats.Dropped.ShouldBe(0);
        stats.Rejected.ShouldBe(0);
        stats.LastError.ShouldNotBeNull();
        await sut.StopAsync(CancellationToken.None);
    }
}
