namespace BuryUrgentCare.Processing;

public sealed class SortedTicksTests
{
    [Fact]
    public void Counts_Empty_Zero()
    {
        var set = new SortedTicks();

        set.Count.ShouldBe(0);
        set.CountBefore(100).ShouldBe(0);
        set.CountAtOrBefore(100).ShouldBe(0);
        set.Remove(100).ShouldBeFalse();
    }

    [Fact]
    public void Add_OutOfOrderWithRepeats_KeptSortedWithMinFirst()
    {
        var set = new SortedTicks();
        foreach (var t in new long[] { 50, 10, 30, 30, 70, 10, 20 })
        {
            set.Add(t);
        }

        // sorted: 10 10 20 30 30 50 70
        set.Count.ShouldBe(7);
        set.Min.ShouldBe(10);
        set.CountBefore(10).ShouldBe(0);
        set.CountAtOrBefore(10).ShouldBe(2);
        set.CountBefore(30).ShouldBe(3);
        set.CountAtOrBefore(30).ShouldBe(5);
        set.CountBefore(31).ShouldBe(5);
        set.CountAtOrBefore(69).ShouldBe(6);
        set.CountAtOrBefore(70).ShouldBe(7);
        set.CountBefore(long.MaxValue).ShouldBe(7);
        set.CountAtOrBefore(long.MinValue).ShouldBe(0);
    }

    [Fact]
    public void Remove_OneOccurrence_OtherCopiesStay()
    {
        var set = new SortedTicks();
        set.Add(10);
        set.Add(10);
        set.Add(5);

        set.Remove(10).ShouldBeTrue();

        set.Count.ShouldBe(2);
        set.CountAtOrBefore(10).ShouldBe(2);
        set.CountBefore(10).ShouldBe(1);
        set.Remove(7).ShouldBeFalse();
        set.Remove(5).ShouldBeTrue();
        set.Min.ShouldBe(10);
    }

    [Fact]
    public void Update_PlusAndMinusSign_AddsAndRemoves()
    {
        var set = new SortedTicks();

        set.Update(42, +1);
        set.Update(40, +1);
        set.Update(42, -1);

        set.Count.ShouldBe(1);
        set.Min.ShouldBe(40);
    }

    [Fact]
    public void Add_BeyondInitialCapacity_GrowsAndStaysSorted()
    {
        var set = new SortedTicks();
        // 1000 values in a scrambled order: i * 7919 mod 1000 visits each of 0..999 once
        for (var i = 0; i < 1000; i++)
        {
            set.Add(i * 7919L % 1000);
        }

        set.Count.ShouldBe(1000);
        set.Min.ShouldBe(0);
        for (var t = 0; t < 1000; t += 97)
        {
            set.CountBefore(t).ShouldBe(t);
            set.CountAtOrBefore(t).ShouldBe(t + 1);
        }
    }

    [Fact]
    public void RemoveBefore_Cutoff_DropsStrictlyEarlierOnly()
    {
        var set = new SortedTicks();
        foreach (var t in new long[] { 1, 2, 3, 3, 4 })
        {
            set.Add(t);
        }

        set.RemoveBefore(3);

        set.Count.ShouldBe(3);
        set.Min.ShouldBe(3);
        set.CountAtOrBefore(3).ShouldBe(2);

        set.RemoveBefore(0);
        set.Count.ShouldBe(3);
        set.RemoveBefore(100);
        set.Count.ShouldBe(0);
    }

    [Fact]
    public void Ticks_NegativeAndExtremeValues_Ordered()
    {
        var set = new SortedTicks();
        set.Add(0);
        set.Add(-5);
        set.Add(long.MaxValue);

        set.Min.ShouldBe(-5);
        set.CountBefore(0).ShouldBe(1);
        set.CountAtOrBefore(long.MaxValue).ShouldBe(3);
    }
}
