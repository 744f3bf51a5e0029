using System.Text;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// The checkpoint records' layout (<see cref="StateCheckpoints"/>): a checkpoint larger than a chunk comes back whole, and
/// one that is not all there, or not of this format, or of another events topic, is never used.
/// </summary>
public sealed class StateCheckpointsTests
{
    private const string Topic = "uec.events";
    private static readonly DateTimeOffset TakenAt = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Assemble_CheckpointOfSeveralChunks_ComesBackAsItWasWritten()
    {
        var big = new byte[(StateCheckpoints.ChunkBytes * 2) + 100];
        new Random(5).NextBytes(big);
        var written = new PartitionCheckpoint(3, 1234, TakenAt, [("FGH-ED", big), ("FGH-UTC", [7, 8, 9]), ("BURY-IVCH", [])]);

        var records = StateCheckpoints.Records(Topic, written);
        var (found, problems) = StateCheckpoints.Assemble(Topic, records);

        records.Count.ShouldBe(3);
        records.Select(r => r.Key).ShouldBe(["uec.events/3/0", "uec.events/3/1", "uec.events/3/2"]);
        problems.ShouldBeEmpty();
        var read = found.ShouldHaveSingleItem().Value;
        (read.Partition, read.Offset, read.TakenAt).ShouldBe((3, 1234L, TakenAt));
        read.Units.Select(u => u.Unit).ShouldBe(["FGH-ED", "FGH-UTC", "BURY-IVCH"]);
        read.Units.Select(u => Convert.ToHexString(u.State)).ShouldBe(written.Units.Select(u => Convert.ToHexString(u.State)));
    }

    [Fact]
    public void Assemble_ChunkOfAnOlderCheckpoint_LeavesThePartitionOut_SayingWhy()
    {
        var older = StateCheckpoints.Records(Topic, Checkpoint(offset: 100));
        var newer = StateCheckpoints.Records(Topic, Checkpoint(offset: 200));

        // Compaction kept the newer first chunk; the newer second chunk never arrived (a crash between the two writes).
        var (found, problems) = StateCheckpoints.Assemble(Topic, [newer[0], older[1]]);

        found.ShouldBeEmpty();
        problems.ShouldHaveSingleItem().ShouldBe("uec.events/0/0: chunk 1 of 2 missing or of another checkpoint");
    }

    [Fact]
    public void Assemble_AnotherFormatVersionOrAnotherEventsTopic_IsNotUsed()
    {
        var record = StateCheckpoints.Records(Topic, new PartitionCheckpoint(1, 5, TakenAt, [("FGH-ED", [1])])).Single();
        record.Headers.Remove("format-version");
        record.Headers.Add("format-version", "2"u8.ToArray());

        var (found, problems) = StateCheckpoints.Assemble(Topic, [record]);
        var (otherTopic, none) = StateCheckpoints.Assemble("uec.other", StateCheckpoints.Records(Topic, Checkpoint(offset: 9)));

        found.ShouldBeEmpty();
        problems.ShouldHaveSingleItem().ShouldBe("uec.events/1/0: format version 2, not 1");
        otherTopic.ShouldBeEmpty();
        none.ShouldBeEmpty();
    }

    private static PartitionCheckpoint Checkpoint(long offset) =>
        new(0, offset, TakenAt, [("FGH-ED", Encoding.UTF8.GetBytes(new string('x', StateCheckpoints.ChunkBytes + 1)))]);
}
