using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>A unit is live only while its partition is held here, replayed, and the consumer has a broker.</summary>
public sealed class UnitOwnershipTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(15);
    private const int Partitions = 4;

    private readonly FakeTimeProvider _clock = new(T0);

    private UnitOwnership CreateSut() => new(UnitCatalog.Bury, _clock, StaleAfter);

    private static int Ed => 0;

    private static int PartitionOfEd => KafkaPartitioner.Murmur2Partition("FGH-ED", Partitions);

    [Fact]
    public void Start_EveryUnitUnassigned_NotReady()
    {
        var sut = CreateSut();

        for (var unit = 0; unit < UnitCatalog.Bury.Count; unit++)
        {
            sut.Of(unit).State.ShouldBe(UnitLiveness.Unassigned);
        }

        sut.ReadinessProblem().ShouldNotBeNull();
    }

    [Fact]
    public void Assigned_ReplayingWithProgress_ThenLiveOnceTheTargetIsReached()
    {
        var sut = CreateSut();
        sut.Assigned(Partitions, [(PartitionOfEd, 100, 200)]);

        sut.Of(Ed).State.ShouldBe(UnitLiveness.Replaying);
        sut.ReadinessProblem().ShouldBe("1 of 1 assigned partitions still replaying: 0 % of the log replayed (0 of 100 messages)");
        sut.Consumed(PartitionOfEd, 149).ShouldBeFalse();
        sut.Of(Ed).Progress.ShouldBe(0.5);

        sut.Consumed(PartitionOfEd, 199).ShouldBeTrue();

        sut.Of(Ed).State.ShouldBe(UnitLiveness.Live);
        sut.ReadinessProblem().ShouldBeNull();
    }

    [Fact]
    public void Assigned_NothingToReplay_LiveAtOnce_OtherPartitionsUnitsUnassigned()
    {
        var sut = CreateSut();

        sut.Assigned(Partitions, [(PartitionOfEd, -1, -1)]);

        sut.Of(Ed).State.ShouldBe(UnitLiveness.Live);
        for (var unit = 1; unit < UnitCatalog.Bury.Count; unit++)
        {
            var expected = sut.PartitionOf(unit) == PartitionOfEd ? UnitLiveness.Live : UnitLiveness.Unassigned;
            sut.Of(unit).State.ShouldBe(expected, UnitCatalog.Bury[unit].Id);
        }
    }

    [Fact]
    public void BrokerUnreachable_StaleOnlyAfterStaleAfter_SinceTheFirstReport_AndLiveAgainWhenItIsBack()
    {
        var sut = CreateSut();
        sut.Assigned(Partitions, [(PartitionOfEd, -1, -1)]);

        sut.BrokerUnreachable("no broker is up");
        _clock.Advance(StaleAfter - TimeSpan.FromSeconds(1));
        sut.Of(Ed).State.ShouldBe(UnitLiveness.Live); // a broker's routine restart is not an outage
        _clock.Advance(TimeSpan.FromSeconds(1));

        var stale = sut.Of(Ed);
        stale.State.ShouldBe(UnitLiveness.Stale);
        stale.Since.ShouldBe(T0);
        stale.Reason!.ShouldContain("no broker is up");
        sut.ReadinessProblem()!.ShouldContain("no connection to Kafka");

        sut.BrokerReachable();
        sut.Of(Ed).State.ShouldBe(UnitLiveness.Live);
        sut.ReadinessProblem().ShouldBeNull();
    }

    [Fact]
    public void Revoked_Unassigned_WithTheReason_AndSinceKeptWhileUnchanged()
    {
        var sut = CreateSut();
        sut.Assigned(Partitions, [(PartitionOfEd, -1, -1)]);
        _clock.Advance(TimeSpan.FromMinutes(1));

        sut.Revoked([PartitionOfEd], "this unit's partition moved to another worker");
        var first = sut.Of(Ed);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var later = sut.Of(Ed);

        first.State.ShouldBe(UnitLiveness.Unassigned);
        first.Reason.ShouldBe("this unit's partition moved to another worker");
        later.Since.ShouldBe(first.Since);
    }
}
