namespace BuryUrgentCare.Processing;

/// <summary>
/// <see cref="SortedTicks"/> holds a removal back until the next change (the withdraw/re-add rule removes
/// and re-adds the same instant on most events). Every read must still see exactly the multiset a plain
/// sorted list would hold, whatever the sequence of operations.
/// </summary>
public sealed class SortedTicksModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomOperations_SameAsSortedList(int seed)
    {
        var random = new Random(seed);
        var set = new SortedTicks();
        var model = new List<long>();
        for (var step = 0; step < 20_000; step++)
        {
            var t = (long)random.Next(0, 60); // few distinct values: many repeats
            switch (random.Next(9))
            {
                case 0:
                case 1:
                    set.Add(t);
                    Insert(model, t);
                    break;
                case 2:
                    set.Remove(t).ShouldBe(model.Remove(t));
                    break;
                case 3:
                case 4:
                    // withdraw and re-add, as Contribute(-1) … Contribute(+1) does
                    set.Update(t, -1);
                    model.Remove(t);
                    set.Update(t, +1);
                    Insert(model, t);
                    break;
                case 5:
                    // withdraw one instant, add another (the episode's instant moved)
                    var other = (long)random.Next(0, 60);
                    set.Update(t, -1);
                    model.Remove(t);
                    set.Update(other, +1);
                    Insert(model, other);
                    break;
                case 6:
                    set.RemoveBefore(t / 4);
                    model.RemoveAll(x => x < t / 4);
                    break;
                default:
                    set.Remove(t).ShouldBe(model.Remove(t)); // a removal left held while reads happen
                    break;
            }

            set.Count.ShouldBe(model.Count);
            if (model.Count > 0)
            {
                set.Min.ShouldBe(model[0]);
            }

            var probe = (long)random.Next(-1, 62);
            set.CountBefore(probe).ShouldBe(model.Count(x => x < probe));
            set.CountAtOrBefore(probe).ShouldBe(model.Count(x => x <= probe));
            if (model.Count > 0)
            {
                // reading by position (the waits so far to assessment) skips a held removal too
                var position = random.Next(model.Count);
                set[position].ShouldBe(model[position]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomOperations_OutOfOrderAtScale_SameAsSortedList(int seed)
    {
        // Events read out of order (a replay of many partitions, a backfill): instants far from the end go to the side
        // array and are merged later; every read must still see exactly the sorted multiset, held removal included.
        var random = new Random(seed);
        var set = new SortedTicks();
        var model = new List<long>();
        var clock = 0L;
        for (var step = 0; step < 30_000; step++)
        {
            clock += random.Next(0, 3);
            var t = random.Next(4) == 0 ? clock : (long)random.Next(0, (int)clock + 1); // now, or anywhere before it
            switch (random.Next(10))
            {
                case < 5:
                    set.Add(t);
                    Insert(model, t);
                    break;
                case 5:
                case 6:
                    // an episode's instant moved: withdraw one present, add another
                    if (model.Count > 0)
                    {
                        var present = model[random.Next(model.Count)];
                        set.Update(present, -1);
                        model.Remove(present);
                    }

                    set.Update(t, +1);
                    Insert(model, t);
                    break;
                case 7:
                    set.Remove(t).ShouldBe(model.Remove(t));
                    break;
                case 8:
                    if (random.Next(50) == 0)
                    {
                        var cutoff = clock - 2_000;
                        set.RemoveBefore(cutoff);
                        model.RemoveAll(x => x < cutoff);
                    }

                    break;
                default:
                    if (model.Count > 0)
                    {
                        var position = random.Next(model.Count);
                        set[position].ShouldBe(model[position]); // positions merge the side array first
                    }

                    break;
            }

            set.Count.ShouldBe(model.Count);
            if (model.Count > 0)
            {
                set.Min.ShouldBe(model[0]);
            }

            var probe = (long)random.Next(-1, (int)clock + 2);
            set.CountBefore(probe).ShouldBe(CountBelow(model, probe));
            set.CountAtOrBefore(probe).ShouldBe(CountBelow(model, probe + 1));
        }
    }

    /// <summary>How many of the sorted <paramref name="model"/> are strictly below <paramref name="t"/>.</summary>
    private static int CountBelow(List<long> model, long t)
    {
        int lo = 0, hi = model.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (model[mid] < t) lo = mid + 1; else hi = mid;
        }

        return lo;
    }

    [Fact]
    public void Remove_AbsentThenAdd_AddsIt()
    {
        var set = new SortedTicks();
        set.Add(10);
        set.RemoveBefore(20);

        set.Remove(10).ShouldBeFalse();
        set.Add(10);

        set.Count.ShouldBe(1);
        set.Min.ShouldBe(10);
    }

    [Fact]
    public void Remove_HeldThenOtherRemove_BothGone()
    {
        var set = new SortedTicks();
        foreach (var t in new long[] { 5, 10, 10, 20 })
        {
            set.Add(t);
        }

        set.Remove(10).ShouldBeTrue();
        set.Remove(10).ShouldBeTrue();
        set.Remove(10).ShouldBeFalse();

        set.Count.ShouldBe(2);
        set.CountAtOrBefore(10).ShouldBe(1);
        set.Remove(5).ShouldBeTrue();
        set.Min.ShouldBe(20);
    }

    private static void Insert(List<long> model, long t)
    {
        var index = model.BinarySearch(t);
        model.Insert(index < 0 ? ~index : index, t);
    }
}
