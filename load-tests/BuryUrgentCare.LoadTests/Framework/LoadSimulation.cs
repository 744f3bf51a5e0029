using System.Diagnostics;

namespace BuryUrgentCare.LoadTests.Framework;

/// <summary>
/// How load is applied (NBomber's load simulations). <see cref="Inject"/> is the open model: operations start at a
/// fixed rate whether or not earlier ones finished, so a slow system queues work as real traffic would. <see cref="Ramp"/>
/// moves that rate linearly. <see cref="KeepConstant"/> is the closed model: a fixed number of copies, each starting its
/// next operation when the last finished.
/// </summary>
public abstract record LoadSimulation(TimeSpan During)
{
    public static LoadSimulation Inject(double perSecond, TimeSpan during) => new RateSimulation(perSecond, perSecond, during);

    public static LoadSimulation Ramp(double fromPerSecond, double toPerSecond, TimeSpan during) => new RateSimulation(fromPerSecond, toPerSecond, during);

    public static LoadSimulation KeepConstant(int copies, TimeSpan during) => new ConcurrencySimulation(copies, during);

    /// <summary>Runs <paramref name="operation"/> under this simulation; <paramref name="progress"/> sees the fraction done.</summary>
    public abstract Task Run(Func<long, CancellationToken, Task> operation, Action<double>? progress, CancellationToken cancellationToken);
}

/// <summary>Open model: operation <c>n</c> starts at the instant the rate's integral reaches <c>n</c>.</summary>
public sealed record RateSimulation(double FromPerSecond, double ToPerSecond, TimeSpan During) : LoadSimulation(During)
{
    public override async Task Run(Func<long, CancellationToken, Task> operation, Action<double>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var running = new List<Task>();
        long issued = 0;
        var seconds = During.TotalSeconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (elapsed >= seconds)
            {
                break;
            }

            // Operations due by now: ∫ rate dt from 0 to elapsed, with the rate moving linearly from From to To.
            var due = (long)((FromPerSecond * elapsed) + ((ToPerSecond - FromPerSecond) * elapsed * elapsed / (2 * seconds)));
            while (issued < due)
            {
                running.Add(operation(issued++, cancellationToken));
            }

            if (running.Count > 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }

            progress?.Invoke(elapsed / seconds);
            await Task.Delay(1, CancellationToken.None);
        }

        await Task.WhenAll(running);
        progress?.Invoke(1);
    }
}

/// <summary>Closed model: <see cref="Copies"/> loops, each awaiting its operation before starting the next.</summary>
public sealed record ConcurrencySimulation(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override async Task Run(Func<long, CancellationToken, Task> operation, Action<double>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long next = -1;
        var copies = Enumerable.Range(0, Copies).Select(async _ =>
        {
            await Task.Yield();
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetElapsedTime(started) < During)
            {
                await operation(Interlocked.Increment(ref next), cancellationToken);
            }
        }).ToList();
        while (copies.Any(c => !c.IsCompleted))
        {
            progress?.Invoke(Math.Min(1, Stopwatch.GetElapsedTime(started) / During));
            await Task.WhenAny(Task.WhenAll(copies), Task.Delay(200, CancellationToken.None));
        }

        await Task.WhenAll(copies);
        progress?.Invoke(1);
    }
}
