using Microsoft.Data.Sqlite;
using static BuryUrgentCare.History.TestPoints;

namespace BuryUrgentCare.History;

public sealed class HistorySpillTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("history-spill-").FullName;

    private string SpillPath => Path.Combine(_folder, "data", "spill.db");

    private HistorySpill CreateSut() => new(SpillPath);

    private static FigurePoint Numbered(int i) => Unit("ae", T0.AddMilliseconds(i), "n", i);

    private static long[] Numbers(IEnumerable<FigurePoint> points) => [.. points.Select(p => p.Fields[0].Value.AsInteger())];

    [Fact]
    public void ReadOldest_AfterAppend_EveryFieldKindTagAndTimestampComesBackExactly()
    {
        // Sub-millisecond ticks and a non-UTC offset too: the spill gives back what it was given; truncating is the stores' job.
        var at = new DateTimeOffset(2026, 3, 29, 1, 30, 15, 123, TimeSpan.FromHours(1)).AddTicks(4567);
        var point = Point("department_acuity", at, [("unit", "ae"), ("acuity", "2"), ("note", "Bury \"St\" Édmund, =x\\")],
            ("float", 1.5), ("tiny", double.Epsilon), ("negativeZero", -0.0), ("huge", double.MaxValue),
            ("integer", long.MinValue), ("max", long.MaxValue), ("yes", true), ("no", false),
            ("text", "line\nbreak \"quoted\" ünïcödé 🚑"), ("empty", ""), ("none", default(FieldValue)));
        using var sut = CreateSut();

        sut.Append([point]);
        var read = sut.ReadOldest(10).Points.ShouldHaveSingleItem();

        read.Measurement.ShouldBe(point.Measurement);
        read.Tags.ShouldBe(point.Tags);
        read.Fields.Select(f => f.Key).ShouldBe(point.Fields.Select(f => f.Key));
        for (var i = 0; i < point.Fields.Count; i++)
        {
            read.Fields[i].Value.Kind.ShouldBe(point.Fields[i].Value.Kind, point.Fields[i].Key);
            read.Fields[i].Value.ShouldBe(point.Fields[i].Value, point.Fields[i].Key);
        }

        BitConverter.DoubleToInt64Bits(read.Fields[2].Value.AsFloat()).ShouldBe(BitConverter.DoubleToInt64Bits(-0.0));
        read.Timestamp.UtcTicks.ShouldBe(at.UtcTicks);
        read.Timestamp.Offset.ShouldBe(at.Offset);
        read.UnixMilliseconds.ShouldBe(point.UnixMilliseconds);
    }

    [Fact]
    public void ReadOldest_SeveralAppendsAndAPrepend_InArrivalOrderWithThePrependedFirst()
    {
        using var sut = CreateSut();

        sut.Append([.. Enumerable.Range(10, 5).Select(Numbered)]);
        sut.Append([.. Enumerable.Range(15, 5).Select(Numbered)]);
        sut.Prepend([.. Enumerable.Range(0, 10).Select(Numbered)]);
        sut.Append([Numbered(20)]);

        sut.Count.ShouldBe(21);
        Numbers(sut.ReadOldest(100).Points).ShouldBe(Enumerable.Range(0, 21).Select(i => (long)i));
    }

    [Fact]
    public void DeleteThrough_WhatWasRead_RemovesOnlyThat()
    {
        using var sut = CreateSut();
        sut.Append([.. Enumerable.Range(0, 10).Select(Numbered)]);

        var chunk = sut.ReadOldest(4);
        Numbers(chunk.Points).ShouldBe([0, 1, 2, 3]);
        sut.Count.ShouldBe(10); // reading does not remove
        sut.DeleteThrough(chunk.LastSeq);

        sut.Count.ShouldBe(6);
        Numbers(sut.ReadOldest(100).Points).ShouldBe([4, 5, 6, 7, 8, 9]);
    }

    [Fact]
    public void Count_ANewSpillOverTheSameFile_FindsWhatTheLastOneLeft()
    {
        using (var first = CreateSut())
        {
            first.Append([.. Enumerable.Range(0, 7).Select(Numbered)]);
        }

        using var sut = CreateSut();

        sut.Count.ShouldBe(7);
        Numbers(sut.ReadOldest(100).Points).ShouldBe(Enumerable.Range(0, 7).Select(i => (long)i));
    }

    [Fact]
    public void CountAndReadOldest_NoFileYet_ZeroAndNothingCreated()
    {
        using var sut = CreateSut();

        sut.Count.ShouldBe(0);
        sut.ReadOldest(10).Rows.ShouldBe(0);
        sut.DeleteThrough(100);

        File.Exists(SpillPath).ShouldBeFalse();
    }

    [Fact]
    public void ReadOldest_ARowItCannotDecode_LeftOutOfThePointsButCountedAndDeletedWithThem()
    {
        using var sut = CreateSut();
        sut.Append([Numbered(0)]);
        using (var connection = new SqliteConnection($"Data Source={SpillPath};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO spill (point) VALUES (x'0203')";
            insert.ExecuteNonQuery();
        }

        sut.Append([Numbered(2)]);

        var chunk = sut.ReadOldest(10);
        Numbers(chunk.Points).ShouldBe([0, 2]);
        chunk.Rows.ShouldBe(3);
        sut.DeleteThrough(chunk.LastSeq);
        sut.ReadOldest(10).Rows.ShouldBe(0);
    }

    [Fact]
    public void Append_FolderIsAFile_ThrowsAndAfterwardsStillThrowsRatherThanHalfWorking()
    {
        var file = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(file, "");
        using var sut = new HistorySpill(Path.Combine(file, "spill.db"));

        Should.Throw<IOException>(() => sut.Append([Numbered(0)]));
        Should.Throw<IOException>(() => sut.Append([Numbered(1)]));
        sut.Count.ShouldBe(0);
    }

    public void Dispose()
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
