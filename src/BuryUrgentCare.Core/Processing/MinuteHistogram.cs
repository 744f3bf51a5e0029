namespace BuryUrgentCare.Processing;

/// <summary>
/// Counts of whole-minute durations, for medians, percentiles and means that can be updated by
/// adding and removing single values (an episode's contribution changes as its events arrive).
/// Durations of 0–<see cref="DenseMinutes"/> minutes sit in an array; the rare others (negative from
/// clock skew, or multi-day) in a sorted dictionary.
/// </summary>
/// <remarks>
/// The array grows on demand (powers of two up to <see cref="DenseMinutes"/>): a unit holds several of
/// these for every day of its horizon, most durations are under a few hours, and a full day's array
/// (5.6 KB) for each of them was most of what the core allocated per event.
/// </remarks>
internal sealed class MinuteHistogram
{
    private const int DenseMinutes = 24 * 60;
    private const int FirstDenseLength = 64;
    private int[] _dense = [];
    private SortedDictionary<int, int>? _sparse;
    private long _sum;

    public int Count { get; private set; }

    public void Update(int minutes, int sign)
    {
        Count += sign;
        _sum += (long)sign * minutes;
        if ((uint)minutes < DenseMinutes)
        {
            if (minutes >= _dense.Length)
            {
                Grow(minutes);
            }

            _dense[minutes] += sign;
            return;
        }

        _sparse ??= [];
        var n = _sparse.GetValueOrDefault(minutes) + sign;
        if (n == 0) _sparse.Remove(minutes); else _sparse[minutes] = n;
    }

    private void Grow(int minutes)
    {
        var length = Math.Max(FirstDenseLength, _dense.Length);
        while (length <= minutes)
        {
            length *= 2;
        }

        var dense = new int[Math.Min(length, DenseMinutes)];
        _dense.CopyTo(dense, 0);
        _dense = dense;
    }

    public double? Mean => Count == 0 ? null : (double)_sum / Count;

    /// <summary>Median; the mean of the two middle values for an even count (METRICS.md).</summary>
    public double? Median() => Median([]);

    /// <summary>
    /// Median of these durations together with <paramref name="more"/> (ascending), which are not kept here: waits
    /// still growing with the clock, read at the instant of the figure.
    /// </summary>
    public double? Median(ReadOnlySpan<int> more)
    {
        var count = Count + more.Length;
        if (count == 0)
        {
            return null;
        }

        var lower = ValueAtRank((count + 1) / 2, more);
        var upper = ValueAtRank((count / 2) + 1, more);
        return (lower + upper) / 2.0;
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least p % of values at or below it.</summary>
    public double? Percentile(double p) => Percentile(p, []);

    /// <summary>Nearest-rank percentile of these durations together with <paramref name="more"/> (ascending).</summary>
    public double? Percentile(double p, ReadOnlySpan<int> more)
    {
        var count = Count + more.Length;
        if (count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * count);
        return ValueAtRank(Math.Clamp(rank, 1, count), more);
    }

    /// <summary>The value at 1-based rank in ascending order of the kept values merged with <paramref name="more"/> (ascending).</summary>
    private int ValueAtRank(int rank, ReadOnlySpan<int> more)
    {
        var seen = 0;
        var next = 0; // the first of `more` not yet counted
        int value;
        if (_sparse is not null)
        {
            foreach (var (minutes, n) in _sparse)
            {
                if (minutes >= 0) break;
                if (Step(minutes, n, rank, more, ref next, ref seen, out value)) return value;
            }
        }

        // Minutes beyond the array's length have never been counted.
        for (var m = 0; m < _dense.Length; m++)
        {
            if (Step(m, _dense[m], rank, more, ref next, ref seen, out value)) return value;
        }

        if (_sparse is not null)
        {
            foreach (var (minutes, n) in _sparse)
            {
                if (minutes < 0) continue;
                if (Step(minutes, n, rank, more, ref next, ref seen, out value)) return value;
            }
        }

        for (; next < more.Length; next++)
        {
            if (++seen >= rank) return more[next];
        }

        throw new InvalidOperationException("rank beyond count");
    }

    /// <summary>Counts the values of <paramref name="more"/> below <paramref name="minutes"/>, then the <paramref name="n"/> kept at it; true once <paramref name="rank"/> is reached.</summary>
    private static bool Step(int minutes, int n, int rank, ReadOnlySpan<int> more, ref int next, ref int seen, out int value)
    {
        while (next < more.Length && more[next] < minutes)
        {
            value = more[next++];
            if (++seen >= rank) return true;
        }

        value = minutes;
        seen += n;
        return n > 0 && seen >= rank;
    }
}
