using static BuryUrgentCare.History.TestPoints;

namespace BuryUrgentCare.History;

/// <summary>
/// The <see cref="ITimeSeriesStore"/> contract, run against every store by a subclass per store, so the
/// embedded default and InfluxDB answer the same questions the same way.
/// </summary>
public abstract class TimeSeriesStoreContractTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly List<IDisposable> _created = [];

    /// <summary>A fresh, empty store that no other test uses.</summary>
    protected abstract ITimeSeriesStore CreateEmptyStore();

    private ITimeSeriesStore CreateSut()
    {
        var store = CreateEmptyStore();
        if (store is IDisposable disposable)
        {
            _created.Add(disposable);
        }

        return store;
    }

    [Fact]
    public async Task WriteAsync_ThenQuery_ReturnsTheWrittenValuesPerBucket()
    {
        var sut = CreateSut();
        await sut.WriteAsync(
        [
            Unit("ae", T0, "inDepartment", 40),
            Unit("ae", T0.AddMinutes(1), "inDepartment", 41),
            Unit("ae", T0.AddMinutes(2), "inDepartment", 39),
        ], CancellationToken.None);

        var buckets = await sut.QueryAsync(Query("inDepartment", T0, T0.AddMinutes(3), Minute, HistoryAggregate.Last), CancellationToken.None);

        buckets.ShouldBe([new(T0, 40), new(T0.AddMinutes(1), 41), new(T0.AddMinutes(2), 39)]);
    }

    [Fact]
    public async Task WriteAsync_SameSeriesAndTimestamp_OverwritesTheValue()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "inDepartment", 1)], CancellationToken.None);

        await sut.WriteAsync([Unit("ae", T0, "inDepartment", 5)], CancellationToken.None);

        var buckets = await sut.QueryAsync(Query("inDepartment", T0, T0.AddHours(1), TimeSpan.FromHours(1), HistoryAggregate.Sum), CancellationToken.None);
        buckets.ShouldBe([new(T0, 5)]);
    }

    [Fact]
    public async Task WriteAsync_SameBatchWrittenTwice_CountsOnce()
    {
        var sut = CreateSut();
        FigurePoint[] batch = [Unit("ae", T0, "n", 1), Unit("ae", T0.AddSeconds(1), "n", 1), Unit("utc", T0, "n", 1)];

        await sut.WriteAsync(batch, CancellationToken.None);
        await sut.WriteAsync(batch, CancellationToken.None);

        var buckets = await sut.QueryAsync(Query("n", T0, T0.AddHours(1), TimeSpan.FromHours(1), HistoryAggregate.Sum), CancellationToken.None);
        buckets.ShouldBe([new(T0, 3)]);
    }

    [Fact]
    public async Task WriteAsync_SameTimestampOtherField_KeepsTheEarlierField()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "a", 1)], CancellationToken.None);

        await sut.WriteAsync([Unit("ae", T0, "b", 2)], CancellationToken.None);

        (await sut.QueryAsync(Query("a", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Last), CancellationToken.None)).ShouldBe([new(T0, 1)]);
        (await sut.QueryAsync(Query("b", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Last), CancellationToken.None)).ShouldBe([new(T0, 2)]);
    }

    [Fact]
    public async Task WriteAsync_SameTimestampOtherTags_KeepsBothPoints()
    {
        var sut = CreateSut();

        await sut.WriteAsync([Unit("ae", T0, "n", 3), Unit("utc", T0, "n", 4)], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Sum), CancellationToken.None)).ShouldBe([new(T0, 7)]);
    }

    [Fact]
    public async Task WriteAsync_TagsInAnyOrder_SameSeries()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Point("ae_by_acuity", T0, [("unit", "ae"), ("acuity", "2")], ("n", 1))], CancellationToken.None);

        await sut.WriteAsync([Point("ae_by_acuity", T0, [("acuity", "2"), ("unit", "ae")], ("n", 9))], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Sum, "ae_by_acuity"), CancellationToken.None))
            .ShouldBe([new(T0, 9)]);
    }

    [Theory]
    [InlineData(HistoryAggregate.Mean, 20.0, 5.5)]
    [InlineData(HistoryAggregate.Max, 30.0, 7.0)]
    [InlineData(HistoryAggregate.Min, 10.0, 4.0)]
    [InlineData(HistoryAggregate.Sum, 60.0, 11.0)]
    [InlineData(HistoryAggregate.Last, 30.0, 4.0)]
    public async Task QueryAsync_Aggregate_ReducesEachBucket(HistoryAggregate aggregate, double first, double second)
    {
        var sut = CreateSut();
        await sut.WriteAsync(
        [
            Unit("ae", T0, "wait", 10.0),
            Unit("ae", T0.AddMinutes(4), "wait", 20.0),
            Unit("ae", T0.AddMinutes(9), "wait", 30.0),
            Unit("ae", T0.AddMinutes(10), "wait", 7.0),
            Unit("ae", T0.AddMinutes(19), "wait", 4.0),
        ], CancellationToken.None);

        var buckets = await sut.QueryAsync(Query("wait", T0, T0.AddMinutes(20), TimeSpan.FromMinutes(10), aggregate), CancellationToken.None);

        buckets.ShouldBe([new(T0, first), new(T0.AddMinutes(10), second)]);
    }

    [Fact]
    public async Task QueryAsync_IntegerField_MeanIsNotTruncated()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "n", 1), Unit("ae", T0.AddSeconds(1), "n", 2)], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Mean), CancellationToken.None)).ShouldBe([new(T0, 1.5)]);
    }

    [Fact]
    public async Task QueryAsync_FromNotOnAStepBoundary_BucketsStartAtFrom()
    {
        var sut = CreateSut();
        await sut.WriteAsync(
        [
            Unit("ae", T0.AddMinutes(6), "n", 100),
            Unit("ae", T0.AddMinutes(7), "n", 1),
            Unit("ae", T0.AddMinutes(16), "n", 2),
            Unit("ae", T0.AddMinutes(17), "n", 4),
        ], CancellationToken.None);

        var from = T0.AddMinutes(7);
        var buckets = await sut.QueryAsync(Query("n", from, from.AddMinutes(20), TimeSpan.FromMinutes(10), HistoryAggregate.Sum), CancellationToken.None);

        buckets.ShouldBe([new(from, 3), new(from.AddMinutes(10), 4)]);
    }

    [Fact]
    public async Task QueryAsync_FromInclusiveToExclusive()
    {
        var sut = CreateSut();
        await sut.WriteAsync(
        [
            Unit("ae", T0.AddMilliseconds(-1), "n", 100),
            Unit("ae", T0, "n", 1),
            Unit("ae", T0.AddMinutes(10).AddMilliseconds(-1), "n", 2),
            Unit("ae", T0.AddMinutes(10), "n", 100),
        ], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddMinutes(10), TimeSpan.FromMinutes(10), HistoryAggregate.Sum), CancellationToken.None))
            .ShouldBe([new(T0, 3)]);
    }

    [Fact]
    public async Task QueryAsync_BucketsWithoutPoints_AreAbsent()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "n", 1), Unit("ae", T0.AddMinutes(3), "n", 2)], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddMinutes(5), Minute, HistoryAggregate.Sum), CancellationToken.None))
            .ShouldBe([new(T0, 1), new(T0.AddMinutes(3), 2)]);
    }

    [Fact]
    public async Task QueryAsync_TagFilter_OnlyMatchingSeries()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "n", 3), Unit("utc", T0, "n", 4)], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Sum, "ae", ("unit", "utc")), CancellationToken.None))
            .ShouldBe([new(T0, 4)]);
    }

    [Fact]
    public async Task QueryAsync_SeveralTagFilters_AllMustMatch()
    {
        var sut = CreateSut();
        await sut.WriteAsync(
        [
            Point("ae_by_acuity", T0, [("unit", "ae"), ("acuity", "2")], ("n", 1)),
            Point("ae_by_acuity", T0, [("unit", "ae"), ("acuity", "3")], ("n", 10)),
            Point("ae_by_acuity", T0, [("unit", "utc"), ("acuity", "2")], ("n", 100)),
        ], CancellationToken.None);

        var query = Query("n", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Sum, "ae_by_acuity", ("unit", "ae"), ("acuity", "2"));

        (await sut.QueryAsync(query, CancellationToken.None)).ShouldBe([new(T0, 1)]);
    }

    [Fact]
    public async Task QueryAsync_TagFilterMatchingNothing_ReturnsNoBuckets()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "n", 3)], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Sum, "ae", ("unit", "ivch")), CancellationToken.None))
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task QueryAsync_OtherMeasurementWithSameField_NotIncluded()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "n", 3), Unit("ae", T0, "n", 50, measurement: "utc")], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddMinutes(1), Minute, HistoryAggregate.Sum), CancellationToken.None)).ShouldBe([new(T0, 3)]);
    }

    [Fact]
    public async Task QueryAsync_EmptyStore_ReturnsNoBuckets()
    {
        var sut = CreateSut();

        (await sut.QueryAsync(Query("n", T0, T0.AddDays(1), TimeSpan.FromHours(1), HistoryAggregate.Mean), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task QueryAsync_RangeBeforeAnyPoint_ReturnsNoBuckets()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "n", 3)], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0.AddDays(-1), T0, TimeSpan.FromHours(1), HistoryAggregate.Sum), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task QueryAsync_EmptyRange_ReturnsNoBuckets()
    {
        var sut = CreateSut();
        await sut.WriteAsync([Unit("ae", T0, "n", 3)], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0, Minute, HistoryAggregate.Sum), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task QueryAsync_ReversedRange_ThrowsArgumentException()
    {
        var sut = CreateSut();

        await Should.ThrowAsync<ArgumentException>(() => sut.QueryAsync(Query("n", T0, T0.AddMinutes(-1), Minute, HistoryAggregate.Sum), CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_InvalidPoint_ThrowsArgumentException()
    {
        var sut = CreateSut();

        await Should.ThrowAsync<ArgumentException>(() => sut.WriteAsync([Point("ae", T0, [("unit", "")], ("n", 1))], CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_EmptyBatch_DoesNothing()
    {
        var sut = CreateSut();

        await sut.WriteAsync([], CancellationToken.None);

        (await sut.QueryAsync(Query("n", T0, T0.AddDays(1), TimeSpan.FromDays(1), HistoryAggregate.Sum), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task QueryAsync_TrickyMeasurementFieldAndTagValues_RoundTrip()
    {
        var sut = CreateSut();
        const string measurement = "figures, ae=1";
        const string field = "field key, =x";
        (string, string)[] tags = [("unit", "A&E, Fairfield=FGH"), ("ward", @"St Mary's ""East"""), ("path", @"C:\dir\sub"), ("emoji", "🚑 ✓")];
        await sut.WriteAsync([Point(measurement, T0, tags, (field, 2.5)), Point(measurement, T0, [("unit", "other")], (field, 100.0))],
            CancellationToken.None);

        var buckets = await sut.QueryAsync(Query(field, T0, T0.AddMinutes(1), Minute, HistoryAggregate.Sum, measurement, tags), CancellationToken.None);

        buckets.ShouldBe([new(T0, 2.5)]);
    }

    public void Dispose()
    {
        foreach (var disposable in _created)
        {
            disposable.Dispose();
        }

        DisposeCore();
        GC.SuppressFinalize(this);
    }

    protected virtual void DisposeCore()
    {
    }
}

public sealed class SqliteStoreTests : TimeSeriesStoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("history-sqlite-").FullName;

    protected override ITimeSeriesStore CreateEmptyStore() => new SqliteStore(Path.Combine(_folder, $"{Guid.NewGuid():N}.db"));

    [Fact]
    public async Task WriteAsync_MissingFolder_CreatesIt()
    {
        var path = Path.Combine(_folder, "nested", "deeper", "history.db");
        using var store = new SqliteStore(path);

        await store.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None);

        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public async Task WriteAsync_ReopenedFile_KeepsThePoints()
    {
        var path = Path.Combine(_folder, "reopen.db");
        using (var first = new SqliteStore(path))
        {
            await first.WriteAsync([Unit("ae", T0, "n", 7)], CancellationToken.None);
        }

        using var second = new SqliteStore(path);
        (await second.QueryAsync(Query("n", T0, T0.AddMinutes(1), TimeSpan.FromMinutes(1), HistoryAggregate.Last), CancellationToken.None))
            .ShouldBe([new(T0, 7)]);
    }

    [Fact]
    public async Task DeleteBeforeAsync_OlderPoints_Deleted()
    {
        using var store = new SqliteStore(Path.Combine(_folder, "retention.db"));
        await store.WriteAsync([Unit("ae", T0, "n", 1), Unit("ae", T0.AddDays(1), "n", 2)], CancellationToken.None);

        var deleted = await store.DeleteBeforeAsync(T0.AddHours(1), CancellationToken.None);

        deleted.ShouldBe(1);
        (await store.QueryAsync(Query("n", T0, T0.AddDays(2), TimeSpan.FromDays(2), HistoryAggregate.Sum), CancellationToken.None))
            .ShouldBe([new(T0, 2)]);
    }

    protected override void DisposeCore()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[Collection(InfluxDbCollection.Name)]
public sealed class InfluxDbStoreTests(InfluxDbFixture influx) : TimeSeriesStoreContractTests
{
    protected override ITimeSeriesStore CreateEmptyStore() => influx.CreateStore(InfluxDbFixture.NewDatabaseName("store"));

    [Fact]
    public async Task WriteAsync_ServerRefusesTheData_ThrowsNonTransientWithTheServerError()
    {
        using var store = influx.CreateStore(InfluxDbFixture.NewDatabaseName("store"));
        await store.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None);

        // Same field, another type: InfluxDB answers 400 "field type conflict".
        var ex = await Should.ThrowAsync<TimeSeriesStoreException>(() => store.WriteAsync([Unit("ae", T0.AddSeconds(1), "n", 1.5)], CancellationToken.None));

        ex.IsTransient.ShouldBeFalse();
        ex.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        ex.ResponseBody.ShouldNotBeNull().ShouldContain("field type conflict");
    }

    [Fact]
    public async Task QueryAsync_MissingDatabaseWithoutCreate_ThrowsWithTheServerError()
    {
        var options = influx.Options(InfluxDbFixture.NewDatabaseName("missing"));
        options.CreateDatabase = false;
        using var store = new InfluxDbStore(options, InfluxDbFixture.TestRetention);

        var ex = await Should.ThrowAsync<TimeSeriesStoreException>(() =>
            store.QueryAsync(Query("n", T0, T0.AddMinutes(1), TimeSpan.FromMinutes(1), HistoryAggregate.Sum), CancellationToken.None));

        ex.Message.ShouldContain("database not found");
    }

    [Fact]
    public async Task WriteAsync_Gzip_Accepted()
    {
        var options = influx.Options(InfluxDbFixture.NewDatabaseName("gzip"));
        options.Gzip = true;
        using var store = new InfluxDbStore(options, InfluxDbFixture.TestRetention);

        await store.WriteAsync([Unit("ae", T0, "n", 4), Unit("utc", T0, "n", 5)], CancellationToken.None);

        (await store.QueryAsync(Query("n", T0, T0.AddMinutes(1), TimeSpan.FromMinutes(1), HistoryAggregate.Sum), CancellationToken.None))
            .ShouldBe([new(T0, 9)]);
    }

    [Fact]
    public async Task WriteAsync_ServerDown_ThrowsTransient()
    {
        var options = new InfluxDbOptions { Url = new Uri("http://127.0.0.1:1"), Database = "x" };
        using var store = new InfluxDbStore(options, InfluxDbFixture.TestRetention);

        var ex = await Should.ThrowAsync<TimeSeriesStoreException>(() => store.WriteAsync([Unit("ae", T0, "n", 1)], CancellationToken.None));

        ex.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public void BuildQuery_FromOffTheStepGrid_GroupsWithOffsetSoBucketsStartAtFrom()
    {
        var from = T0.AddMinutes(7);
        var query = Query("inDepartment", from, from.AddHours(1), TimeSpan.FromMinutes(10), HistoryAggregate.Mean, "ae", ("unit", "it's"));

        InfluxDbStore.BuildQuery(query).ShouldBe(
            $"SELECT mean(\"inDepartment\") FROM \"ae\" WHERE \"unit\"='it\\'s' AND time >= {from.ToUnixTimeMilliseconds()}ms " +
            $"AND time < {from.AddHours(1).ToUnixTimeMilliseconds()}ms GROUP BY time(600000ms, 420000ms) fill(none)");
    }
}
