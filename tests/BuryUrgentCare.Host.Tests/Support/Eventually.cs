using System.Diagnostics;

namespace BuryUrgentCare.Support;

/// <summary>Waits on an observable condition with a timeout, instead of sleeping.</summary>
public static class Eventually
{
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!await condition())
        {
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}");
            }

            await ticker.WaitForNextTickAsync();
        }
    }
}
