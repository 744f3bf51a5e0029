using BuryUrgentCare.History;
using static BuryUrgentCare.History.TestPoints;

namespace BuryUrgentCare.Jobs;

public sealed class RetentionJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 0, 15, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = Now - TimeSpan.FromDays(30);

    private TempHistory _history = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _history.DisposeAsync();

    private RetentionJob CreateSut(TimeSpan? rollupRetention = null)
    {
        var options = new HistoryOptions { RawRetention = TimeSpan.FromDays(30), RollupRetention = rollupRetention ?? TimeSpan.Zero };
        return new RetentionJob(_history.Store, Microsoft.Extensions.Options.Options.Create(options));
    }

    private async Task SeedAsync()
    {
        await _history.Store.WriteAsync(
        [
            Unit("FGH-ED", Cutoff.AddDays(-1), "inDepartment", 1, "department"),
            Unit("FGH-ED", Cutoff.AddMilliseconds(-1), "inDepartment", 2, "department"),
            Unit("FGH-ED", Cutoff, "inDepartment", 3, "department"),
            Unit("FGH-ED", Now.AddMinutes(-1), "inDepartment", 4, "department"),
            Unit("BURY-IVCH", Cutoff.AddMilliseconds(-1), "callsToday", 5, "ivch"),
            Unit("BURY", Now.AddDays(-400), "total", 6, "daily_deflection"),
            Unit("BURY", Now.AddDays(-10), "total", 7, "daily_deflection"),
        ], CancellationToken.None);
    }

    [Fact]
    public async Task Execute_Embedded_DeletesExactlyTheRawPointsBeforeTheCutoffAndKeepsRollups()
    {
        await SeedAsync();

        var context = await JobRunner.RunAsync(CreateSut(), Now);

        context.Result.ShouldBe($"deleted 3 raw field values before {Cutoff:O}");
        var kept = await _history.ReadAsync("department", "inDepartment", "FGH-ED", Now.AddDays(-60), Now, TimeSpan.FromMilliseconds(1));
        kept.ShouldBe([new HistoryBucket(Cutoff, 3), new HistoryBucket(Now.AddMinutes(-1), 4)]);
        (await _history.ReadAsync("ivch", "callsToday", "BURY-IVCH", Now.AddDays(-60), Now, TimeSpan.FromDays(1))).ShouldBeEmpty();
        (await _history.ReadAsync("daily_deflection", "total", "BURY", Now.AddDays(-500), Now, TimeSpan.FromDays(500), HistoryAggregate.Sum))
            .ShouldBe([new HistoryBucket(Now.AddDays(-500), 13)]);
    }

    [Fact]
    public async Task Execute_RollupRetentionSet_DeletesOlderRollupsToo()
    {
        await SeedAsync();

        var context = await JobRunner.RunAsync(CreateSut(rollupRetention: TimeSpan.FromDays(365)), Now);

        context.Result!.ToString()!.ShouldEndWith($"; 1 rollup field values before {Now.AddDays(-365):O}");
        (await _history.ReadAsync("daily_deflection", "total", "BURY", Now.AddDays(-500), Now, TimeSpan.FromDays(500), HistoryAggregate.Sum))
            .ShouldBe([new HistoryBucket(Now.AddDays(-500), 7)]);
    }

    [Fact]
    public async Task Execute_RunAgain_DeletesNothingMore()
    {
        await SeedAsync();
        await JobRunner.RunAsync(CreateSut(), Now);

        var again = await JobRunner.RunAsync(CreateSut(), Now);

        again.Result.ShouldBe($"deleted 0 raw field values before {Cutoff:O}");
    }

    [Fact]
    public async Task Execute_InfluxDb_DelegatedToItsRetentionPolicy()
    {
        using var influx = new InfluxDbStore(new InfluxDbOptions { Url = new Uri("http://127.0.0.1:1") }, TimeSpan.FromDays(30));
        var sut = new RetentionJob(influx, Microsoft.Extensions.Options.Options.Create(new HistoryOptions()));

        var context = await JobRunner.RunAsync(sut, Now);

        context.Result.ShouldBe("delegated to InfluxDB retention policy");
    }
}
