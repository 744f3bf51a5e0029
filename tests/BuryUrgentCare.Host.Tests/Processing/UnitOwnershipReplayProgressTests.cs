using BuryUrgentCare.Contract;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>How far a replay is, over every partition it covers: for readiness, the log and the metrics.</summary>
public sealed class UnitOwnershipReplayProgressTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));

    private UnitOwnership CreateSut() => new(UnitCatalog.Bury, _clock, TimeSpan.FromSeconds(15));

    [Fact]
    public void ReplayProgress_CountsFinishedAndRunningPartitions_ReadinessSaysThePercent()
    {
        var sut = CreateSut();
        sut.Assigned(4, [(0, 0, 100), (1, 1000, 1900), (2, -1, -1)]);

        sut.Consumed(0, 99).ShouldBeTrue();   // partition 0 done: 100 of 1,000
        sut.Consumed(1, 1529);                // 530 more

        var progress = sut.ReplayProgress();
        progress.ShouldBe(new ReplayProgress(630, 1000, 1));
        progress.Percent.ShouldBe(63);
        sut.ReadinessProblem().ShouldBe("1 of 3 assigned partitions still replaying: 63 % of the log replayed (630 of 1,000 messages)");
    }

    [Fact]
    public void ReplayProgress_Done_HundredPercentAndReady()
    {
        var sut = CreateSut();
        sut.Assigned(4, [(0, 0, 10)]);

        sut.Consumed(0, 9);

        sut.ReplayProgress().ShouldBe(new ReplayProgress(10, 10, 0));
        sut.ReplayProgress().Percent.ShouldBe(100);
        sut.ReadinessProblem().ShouldBeNull();
    }

    [Fact]
    public void ReplayProgress_NeverHundredBeforeTheLastMessage()
    {
        var progress = new ReplayProgress(999_999, 1_000_000, 1);

        progress.Percent.ShouldBe(99);
        progress.Fraction.ShouldBeLessThan(1);
    }

    [Fact]
    public void ReplayProgress_RevokedPartitionLeavesTheTotals_NewReplayStartsFromZero()
    {
        var sut = CreateSut();
        sut.Assigned(4, [(0, 0, 100), (1, 0, 300)]);
        sut.Consumed(1, 49);

        sut.Revoked([1], "moved");

        sut.ReplayProgress().ShouldBe(new ReplayProgress(0, 100, 1));
        sut.Consumed(0, 99);
        sut.Assigned(4, [(3, 0, 40)]);
        sut.ReplayProgress().ShouldBe(new ReplayProgress(0, 40, 1));
    }

    [Fact]
    public void ReplayProgress_NothingToReplay_Complete()
    {
        var sut = CreateSut();
        sut.Assigned(4, [(0, -1, -1)]);

        sut.ReplayProgress().Fraction.ShouldBe(1);
        sut.ReplayProgress().Percent.ShouldBe(100);
    }
}
