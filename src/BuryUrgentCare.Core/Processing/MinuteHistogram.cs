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
    public double? Median()
    {
        if (Count == 0)
        {
            return null;
        }

        var lower = ValueAtRank((Count + 1) / 2);
        var upper = ValueAtRank((Count / 2) + 1);
        return (lower + upper) / 2.0;
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least p % of values at or below it.</summary>
    public double? Percentile(double p)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * Count);
        return ValueAtRank(Math.Clamp(rank, 1, Count));
    }

    /// <summary>The value at 1-based rank in ascending order.</summary>
    private int ValueAtRank(int rank)
    {
        var seen = 0;
        if (_sparse is not null)
        {
            foreach (var (minutes, n) in _sparse)
            {
                if (minutes >= 0) break;
                seen += n;
                if (seen >= rank) return minutes;
            }
        }

        // Minutes beyond the array's length have never been counted.
        for (var m = 0; m < _dense.Length; m++)
        {
            seen += _dense[m];
            if (seen >= rank) return m;
        }

        foreach (var (minutes, n) in _sparse!)
        {
            if (minutes < 0) continue;
            seen += n;
            if (seen >= rank) return minutes;
        }

        throw new InvalidOperationException("rank beyond count");
    }
}
