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
/// <para>A struct, held in its day's totals (a field, never <c>readonly</c>, never copied): updating it reads the day's
/// object and the array, not an object of its own between them. The default value is an empty histogram.</para>
/// </remarks>
internal struct MinuteHistogram
{
    private const int DenseMinutes = 24 * 60;
    private const int FirstDenseLength = 64;
    private int[]? _dense; // null: nothing counted in 0 … DenseMinutes yet
    private SortedDictionary<int, int>? _sparse;
    private long _sum;

    public int Count { readonly get; private set; }

    public void Update(int minutes, int sign)
    {
        Count += sign;
        _sum += (long)sign * minutes;
        if ((uint)minutes < DenseMinutes)
        {
            if (_dense is null || minutes >= _dense.Length)
            {
                Grow(minutes);
            }

            _dense![minutes] += sign;
            return;
        }

        _sparse ??= [];
        var n = _sparse.GetValueOrDefault(minutes) + sign;
        if (n == 0) _sparse.Remove(minutes); else _sparse[minutes] = n;
    }

    private void Grow(int minutes)
    {
        _dense ??= [];
        var length = Math.Max(FirstDenseLength, _dense.Length);
        while (length <= minutes)
        {
            length *= 2;
        }

        var dense = new int[Math.Min(length, DenseMinutes)];
        _dense.CopyTo(dense, 0);
        _dense = dense;
    }

    public readonly double? Mean => Count == 0 ? null : (double)_sum / Count;

    /// <summary>Median; the mean of the two middle values for an even count (METRICS.md).</summary>
    public readonly double? Median() => Median([]);

    /// <summary>
    /// Median of these durations together with <paramref name="more"/> (ascending), which are not kept here: waits
    /// still growing with the clock, read at the instant of the figure.
    /// </summary>
    public readonly double? Median(ReadOnlySpan<int> more)
    {
        var count = Count + more.Length;
        if (count == 0)
        {
            return null;
        }

        var (lower, upper) = ValuesAtRanks((count + 1) / 2, (count / 2) + 1, more); // one walk for both middle values
        return (lower + upper) / 2.0;
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least p % of values at or below it.</summary>
    public readonly double? Percentile(double p) => Percentile(p, []);

    /// <summary>Nearest-rank percentile of these durations together with <paramref name="more"/> (ascending).</summary>
    public readonly double? Percentile(double p, ReadOnlySpan<int> more)
    {
        var count = Count + more.Length;
        if (count == 0)
        {
            return null;
        }

        var rank = Math.Clamp((int)Math.Ceiling(p / 100.0 * count), 1, count);
        return ValuesAtRanks(rank, rank, more).Lower;
    }

    /// <summary>
    /// The values at 1-based ranks <paramref name="lower"/> ≤ <paramref name="upper"/> in ascending order of the kept values
    /// merged with <paramref name="more"/> (ascending), in one walk.
    /// </summary>
    private readonly (int Lower, int Upper) ValuesAtRanks(int lower, int upper, ReadOnlySpan<int> more)
    {
        var walk = new RankWalk(lower, upper);
        var next = 0; // the first of `more` not yet counted
        if (_sparse is not null)
        {
            foreach (var (minutes, n) in _sparse)
            {
                if (minutes >= 0) break;
                if (walk.Take(minutes, n, more, ref next)) return walk.Values;
            }
        }

        // Minutes beyond the array's length have never been counted.
        var dense = _dense ?? [];
        for (var m = 0; m < dense.Length; m++)
        {
            if (walk.Take(m, dense[m], more, ref next)) return walk.Values;
        }

        if (_sparse is not null)
        {
            foreach (var (minutes, n) in _sparse)
            {
                if (minutes < 0) continue;
                if (walk.Take(minutes, n, more, ref next)) return walk.Values;
            }
        }

        while (next < more.Length)
        {
            if (walk.Count(more[next++], 1)) return walk.Values;
        }

        throw new InvalidOperationException("rank beyond count");
    }

    /// <summary>A walk up the values in ascending order, noting the values at two ranks.</summary>
    private struct RankWalk(int lower, int upper)
    {
        private int _seen;
        private bool _lowerFound;

        public (int Lower, int Upper) Values;

        /// <summary>Counts the values of <paramref name="more"/> below <paramref name="minutes"/>, then the <paramref name="n"/> kept at it; true once the upper rank is reached.</summary>
        public bool Take(int minutes, int n, ReadOnlySpan<int> more, ref int next)
        {
            while (next < more.Length && more[next] < minutes)
            {
                if (Count(more[next++], 1)) return true;
            }

            return n > 0 && Count(minutes, n);
        }

        /// <summary>Counts <paramref name="n"/> values of <paramref name="value"/>; true once the upper rank is reached.</summary>
        public bool Count(int value, int n)
        {
            _seen += n;
            if (!_lowerFound && _seen >= lower)
            {
                _lowerFound = true;
                Values.Lower = value;
            }

            if (_seen < upper) return false;
            Values.Upper = value;
            return true;
        }
    }
}
