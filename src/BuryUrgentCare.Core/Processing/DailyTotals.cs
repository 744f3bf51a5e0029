namespace BuryUrgentCare.Processing;

/// <summary>
/// Per-local-day aggregates. An episode contributes to the day of each of its own instants
/// (arrival to the arrival day, departure to the departure day, …), so "today" is exact whatever
/// order events arrive in, and a late event lands on the day it belongs to.
/// </summary>
/// <remarks>
/// A struct, held in its unit's state (a field, never <c>readonly</c>, never copied), so that finding the day an event
/// lands on reads the state object itself, not an object of its own first. The default value holds no day.
/// </remarks>
internal struct DailyTotals<T> where T : class, new()
{
    private Dictionary<int, T>? _days;

    // The day asked for last (when _last is set): an event's contributions mostly land on one day, asked for several times.
    private int _lastDay;
    private T? _last;

    public T For(int day)
    {
        if (day == _lastDay && _last is not null)
        {
            return _last;
        }

        _days ??= [];
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
    public readonly T Peek(int day) =>
        day == _lastDay && _last is not null ? _last : _days is not null && _days.TryGetValue(day, out var totals) ? totals : Empty;

    /// <summary>Forgets days before <paramref name="firstKeptDay"/>.</summary>
    public void PruneBefore(int firstKeptDay)
    {
        if (_lastDay < firstKeptDay)
        {
            _last = null;
        }

        if (_days is not { } days)
        {
            return;
        }

        foreach (var day in days.Keys)
        {
            if (day < firstKeptDay)
            {
                days.Remove(day);
            }
        }
    }

    private static readonly T Empty = new();
}
