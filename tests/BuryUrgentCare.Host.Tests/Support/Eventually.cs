using System.Diagnostics;

namespace BuryUrgentCare.Support;

/// <summary>
/// Waits for an observable condition instead of sleeping a guessed time: polls it until it holds or the
/// timeout passes, then fails with what was awaited.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string? because = null, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var elapsed = Stopwatch.StartNew();
        Exception? lastError = null;
        while (true)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                {
                    return;
                }

                lastError = null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A condition that cannot be evaluated yet (server restarting) counts as not met.
                lastError = ex;
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Condition not met within {timeout}{(because is null ? "" : ": " + because)}." +
                    (lastError is null ? "" : $" Last error: {lastError.Message}"), lastError);
            }

            // The one wait in the tests: the gap between two polls of the condition, never a guess at readiness.
            await Task.Delay(pollInterval ?? DefaultPollInterval).ConfigureAwait(false);
        }
    }

    public static Task Until(Func<bool> condition, TimeSpan timeout, string? because = null, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Until(() => Task.FromResult(condition()), timeout, because, pollInterval);
    }

    /// <summary>Polls <paramref name="probe"/> until it gives a value (not null), and returns that value.</summary>
    public static async Task<T> Value<T>(Func<Task<T?>> probe, TimeSpan timeout, string? because = null)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? found = null;
        await Until(async () => (found = await probe().ConfigureAwait(false)) is not null, timeout, because).ConfigureAwait(false);
        return found!.Value;
    }
}
