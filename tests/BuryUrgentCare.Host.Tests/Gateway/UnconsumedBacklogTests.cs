using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Gateway;

public sealed class UnconsumedBacklogTests
{
    private const string Topic = "uec.events";
    private readonly UnitOwnership _ownership = new(UnitCatalog.Bury, new FakeTimeProvider(), TimeSpan.FromSeconds(15));

    [Fact]
    public void Reserve_RefusesPastTheLimit_UntilTheConsumerHasHandledWhatWasDelivered()
    {
        var backlog = CreateSut(limit: 1000);

        backlog.TryReserve(600).ShouldBeTrue();
        backlog.Delivered(600, [Delivered(partition: 2, offset: 0, bytes: 300), Delivered(2, 1, 300)]);
        backlog.TryReserve(600).ShouldBeFalse("600 unread + 600 is over 1,000");
        backlog.Bytes.ShouldBe(600);

        _ownership.Assigned(4, [(2, 0, 0)]);
        _ownership.Consumed(2, 0); // the first message handled: 300 bytes left unread
        backlog.Bytes.ShouldBe(300);
        backlog.TryReserve(600).ShouldBeTrue();
        backlog.Bytes.ShouldBe(900, "300 unread + 600 reserved");
    }

    [Fact]
    public void EmptyBacklog_AdmitsAnyOneRequest_SoNoRequestIsRefusedForever()
    {
        var backlog = CreateSut(limit: 1000);

        backlog.TryReserve(1500).ShouldBeTrue();
        backlog.TryReserve(1).ShouldBeFalse();
    }

    [Fact]
    public void InFlightReservations_Count_AndAreReleasedWhenKafkaAnswers_EvenIfNothingWasPersisted()
    {
        var backlog = CreateSut(limit: 1000);

        backlog.TryReserve(800).ShouldBeTrue();
        backlog.TryReserve(300).ShouldBeFalse("800 are still awaiting acknowledgement");
        backlog.Delivered(800, []); // every delivery failed: the request is answered 503, nothing counted
        backlog.Bytes.ShouldBe(0);
        backlog.TryReserve(300).ShouldBeTrue();
    }

    [Fact]
    public void RevokedPartition_KeepsItsMessagesCounted_AsNothingSaysTheyWereRead()
    {
        var backlog = CreateSut(limit: 1000);
        _ownership.Assigned(4, [(1, 0, 0)]);
        backlog.TryReserve(400).ShouldBeTrue();
        backlog.Delivered(400, [Delivered(1, 5, 400)]);

        _ownership.Revoked([1], "rebalance");

        backlog.Bytes.ShouldBe(400);
    }

    [Fact]
    public void NoLimit_AdmitsEverything_AndCountsNothing()
    {
        var backlog = CreateSut(limit: null);

        backlog.TryReserve(long.MaxValue / 2).ShouldBeTrue();
        backlog.Delivered(long.MaxValue / 2, [Delivered(0, 0, 100)]);
        backlog.Bytes.ShouldBe(0);
    }

    private UnconsumedBacklog CreateSut(long? limit) =>
        new(Options.Create(new GatewayOptions { MaxUnconsumedBytes = limit }), _ownership);

    private static (TopicPartitionOffset, long) Delivered(int partition, long offset, long bytes) =>
        (new TopicPartitionOffset(Topic, partition, offset), bytes);
}
