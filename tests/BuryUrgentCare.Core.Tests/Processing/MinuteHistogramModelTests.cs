namespace BuryUrgentCare.Processing;

/// <summary>
/// <see cref="MinuteHistogram"/> grows its dense array on demand. Medians, percentiles and means must be
/// those of the plain multiset of values, across every growth step and the sparse negatives and multi-day values.
/// </summary>
public sealed class MinuteHistogramModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomUpdates_SameAsSortedList(int seed)
    {
        var random = new Random(seed);
        var histogram = new MinuteHistogram();
        var model = new List<int>();
        for (var step = 0; step < 5_000; step++)
        {
            if (model.Count > 0 && random.Next(3) == 0)
            {
                var value = model[random.Next(model.Count)];
                histogram.Update(value, -1);
                model.Remove(value);
            }
            else
            {
                var value = random.Next(10) switch
                {
                    0 => random.Next(-30, 0),
                    1 => random.Next(1_400, 4_000),
                    2 => random.Next(60, 1_440),
                    _ => random.Next(0, 70),
                };
                histogram.Update(value, +1);
                model.Add(value);
            }

            model.Sort();
            histogram.Count.ShouldBe(model.Count);
            if (model.Count == 0)
            {
                histogram.Median().ShouldBeNull();
                continue;
            }

            histogram.Median().ShouldBe((model[(model.Count - 1) / 2] + model[model.Count / 2]) / 2.0);
            var p95 = (int)Math.Ceiling(0.95 * model.Count);
            histogram.Percentile(95).ShouldBe(model[Math.Clamp(p95, 1, model.Count) - 1]);
            histogram.Mean!.Value.ShouldBe(model.Average(x => (double)x), 1e-9);
        }
    }

    /// <summary>
    /// The time-to-assessment figures merge the kept durations with waits still running (ascending, passed in):
    /// the median and centile must be those of the two multisets together.
    /// </summary>
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void MedianAndPercentile_WithMoreValues_SameAsSortedListOfBoth(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var histogram = new MinuteHistogram();
            var kept = Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(10) == 0 ? random.Next(-20, 0) : random.Next(0, 2_000)).ToList();
            foreach (var value in kept)
            {
                histogram.Update(value, +1);
            }

            var more = Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(0, 2_000)).Order().ToArray();
            var all = kept.Concat(more).Order().ToList();
            if (all.Count == 0)
            {
                histogram.Median(more).ShouldBeNull();
                histogram.Percentile(95, more).ShouldBeNull();
                continue;
            }

            histogram.Median(more).ShouldBe((all[(all.Count - 1) / 2] + all[all.Count / 2]) / 2.0, $"trial {trial}");
            var p95 = (int)Math.Ceiling(0.95 * all.Count);
            histogram.Percentile(95, more).ShouldBe(all[Math.Clamp(p95, 1, all.Count) - 1], $"trial {trial}");
            histogram.Count.ShouldBe(kept.Count); // the waits are read, never kept
        }
    }
}
