namespace BuryUrgentCare.Processing;

/// <summary>
/// Per-local-day aggregates. An episode contributes to the day of each of its own instants
/// (arrival to the arrival day, departure to the departure day, …), so "today" is exact whatever
/// order events arrive in, and a late event lands on the day it belongs to.
/// </summary>
internal sealed class DailyTotals<T> where T : new()
{
    private readonly Dictionary<int, T> _days = [];

    public T For(int day)
    {
        if (!_days.TryGetValue(day, out var totals))
        {
            totals = new T();
            _days.Add(day, totals);
        }

        return totals;
    }

    /// <summary>The day's totals, or an empty instance when nothing happened that day.</summary>
    public T Peek(int day) => _days.TryGetValue(day, out var totals) ? totals : Empty;

    /// <summary>Forgets days before <paramref name="firstKeptDay"/>.</summary>
    public void PruneBefore(int firstKeptDay)
    {
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
