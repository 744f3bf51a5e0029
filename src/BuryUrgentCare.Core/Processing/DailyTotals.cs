namespace BuryUrgentCare.Processing;

/// <summary>
/// Per-local-day aggregates. An episode contributes to the day of each of its own instants
/// (arrival to the arrival day, departure to the departure day, …), so "today" is exact whatever
/// order events arrive in, and a late event lands on the day it belongs to.
/// </summary>
internal sealed class DailyTotals<T> where T : class, new()
{
    private readonly Dictionary<int, T> _days = [];

    // The day asked for last: an event's contributions mostly land on one day, asked for several times.
    private int _lastDay = int.MinValue;
    private T? _last;

    public T For(int day)
    {
        if (day == _lastDay)
        {
            return _last!;
        }

        if (!_days.TryGetValue(day, out var totals))
        {
            totals = new T();
            _days.Add(day, totals);
        }

        _lastDay = day;
        _last = totals;
        return totals;
    }

    /// <summary>The day's totals, or an empty instance when nothing happened that day.</summary>
    public T Peek(int day) => day == _lastDay ? _last! : _days.TryGetValue(day, out var totals) ? totals : Empty;

    /// <summary>Forgets days before <paramref name="firstKeptDay"/>.</summary>
    public void PruneBefore(int firstKeptDay)
    {
        if (_lastDay < firstKeptDay)
        {
            _lastDay = int.MinValue;
            _last = null;
        }

        foreach (var day in _days.Keys)
        {
            if (day < firstKeptDay)
            {
                _days.Remove(day);
            }
        }
    }

    private static readonly T Empty = new();
}
