namespace BuryUrgentCare.Processing;

public sealed class MinuteHistogramTests
{
    private static MinuteHistogram Of(params int[] minutes)
    {
        var histogram = new MinuteHistogram();
        foreach (var m in minutes)
        {
            histogram.Update(m, +1);
        }

        return histogram;
    }

    [Fact]
    public void Figures_Empty_MedianPercentileAndMeanAbsent()
    {
        var histogram = new MinuteHistogram();

        histogram.Count.ShouldBe(0);
        histogram.Median().ShouldBeNull();
        histogram.Percentile(95).ShouldBeNull();
        histogram.Mean.ShouldBeNull();
    }

    [Fact]
    public void Median_OddCount_MiddleValue()
    {
        // 3 7 | 9 | 20 400
        Of(20, 3, 400, 9, 7).Median().ShouldBe(9);
        Of(42).Median().ShouldBe(42);
    }

    [Fact]
    public void Median_EvenCount_MeanOfTheTwoMiddleValues()
    {
        // 1 4 | 5 8 → (4 + 5) ÷ 2
        Of(8, 1, 5, 4).Median().ShouldBe(4.5);
        // 10 | 11 → 10.5
        Of(11, 10).Median().ShouldBe(10.5);
        // repeated middle: 2 3 3 9 → 3
        Of(3, 9, 2, 3).Median().ShouldBe(3);
    }

    [Fact]
    public void Percentile_95_NearestRank()
    {
        // 1..20: rank ⌈0.95 × 20⌉ = 19 → 19
        Of([.. Enumerable.Range(1, 20)]).Percentile(95).ShouldBe(19);
        // 1..10: rank ⌈9.5⌉ = 10 → 10
        Of([.. Enumerable.Range(1, 10)]).Percentile(95).ShouldBe(10);
        // 1..100: rank 95 → 95
        Of([.. Enumerable.Range(1, 100)]).Percentile(95).ShouldBe(95);
        // 1..21: rank ⌈19.95⌉ = 20 → 20
        Of([.. Enumerable.Range(1, 21)]).Percentile(95).ShouldBe(20);
        // one value: itself
        Of(7).Percentile(95).ShouldBe(7);
    }

    [Fact]
    public void Percentile_ZeroAndHundred_MinimumAndMaximum()
    {
        var histogram = Of(5, 1, 9);

        // rank ⌈0⌉ = 0 is clamped to 1: the minimum
        histogram.Percentile(0).ShouldBe(1);
        histogram.Percentile(100).ShouldBe(9);
    }

    [Fact]
    public void Values_NegativeAndBeyondADay_RankedWithTheRest()
    {
        // -5 -1 0 | 30 | 1439 1440 3000 — negatives (clock skew) first, multi-day stays last
        var histogram = Of(1440, -1, 30, 3000, 0, -5, 1439);

        histogram.Count.ShouldBe(7);
        histogram.Median().ShouldBe(30);
        // ⌈6.65⌉ = 7th = 3000
        histogram.Percentile(95).ShouldBe(3000);
        histogram.Percentile(0).ShouldBe(-5);
        // (-5 - 1 + 0 + 30 + 1439 + 1440 + 3000) ÷ 7 = 5903 ÷ 7
        histogram.Mean!.Value.ShouldBe(5903.0 / 7, 1e-9);
    }

    [Fact]
    public void Median_EvenCountStraddlingDenseAndSparse_MeanOfBoth()
    {
        // -3 | 2000 → (−3 + 2000) ÷ 2
        Of(2000, -3).Median().ShouldBe(998.5);
        // 100 1439 | 1440 5000 → (1439 + 1440) ÷ 2
        Of(5000, 100, 1440, 1439).Median().ShouldBe(1439.5);
        // only negatives: -10 -2 → −6
        Of(-2, -10).Median().ShouldBe(-6);
        // only beyond a day: 1500 1600 1700 → 1600
        Of(1700, 1500, 1600).Median().ShouldBe(1600);
    }

    [Fact]
    public void Update_Removal_RestoresPreviousFigures()
    {
        var histogram = Of(10, 20, 30);

        histogram.Update(20, -1);
        histogram.Update(-4, +1);
        histogram.Update(-4, -1);
        histogram.Update(2000, +1);
        histogram.Update(2000, -1);

        histogram.Count.ShouldBe(2);
        histogram.Median().ShouldBe(20);
        histogram.Mean.ShouldBe(20);

        histogram.Update(10, -1);
        histogram.Update(30, -1);
        histogram.Median().ShouldBeNull();
        histogram.Mean.ShouldBeNull();
    }

    [Fact]
    public void Mean_WholeMinutes_NotRounded()
    {
        // (31 + 30 + 46) ÷ 3 = 35.666…
        Of(31, 30, 46).Mean!.Value.ShouldBe(107.0 / 3, 1e-9);
    }
}
