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
}
