using System.Diagnostics;
using HdrHistogram;

namespace BuryUrgentCare.LoadTests.Framework;

/// <summary>
/// One step's measurements (NBomber's step statistics): latencies in an HdrHistogram (microseconds, 3 significant
/// digits, up to an hour), per-second histograms for the latency-over-time plot, ok/fail counts and status codes.
/// Thread-safe: load runs record from many tasks at once.
/// </summary>
public sealed class StepStats(string name)
{
    private const long HighestMicros = 3_600_000_000;
    private readonly object _lock = new();
    private readonly LongHistogram _all = new(HighestMicros, 3);
    private readonly SortedDictionary<int, LongHistogram> _perSecond = [];
    private readonly SortedDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly long _started = Stopwatch.GetTimestamp();

    public string Name { get; } = name;

    public long Ok { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Units of work behind the ok operations (events in a batch of 100 count 100).</summary>
    public long Items { get; private set; }

    public TimeSpan Duration { get; set; }

    /// <summary>A successful operation that took <paramref name="latency"/>.</summary>
    public void RecordOk(TimeSpan latency, string? status = null, long items = 1) => Record(latency, true, status, items);

    /// <summary>A failed operation (timed out, refused, never visible); its latency is recorded when it is known.</summary>
    public void RecordFail(string status, TimeSpan? latency = null) => Record(latency, false, status, 0);

    private void Record(TimeSpan? latency, bool ok, string? status, long items)
    {
        var second = (int)Stopwatch.GetElapsedTime(_started).TotalSeconds;
        lock (_lock)
        {
            if (ok)
            {
                Ok++;
                Items += items;
            }
            else
            {
                Failed++;
            }

            if (status is not null)
            {
                _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            }

            if (latency is { } value)
            {
                var micros = Math.Clamp((long)(value.Ticks / 10), 1, HighestMicros);
                _all.RecordValue(micros);
                if (!_perSecond.TryGetValue(second, out var bucket))
                {
                    _perSecond[second] = bucket = new LongHistogram(HighestMicros, 2);
                }

                bucket.RecordValue(micros);
            }
        }
    }

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _all.TotalCount;
            }
        }
    }

    /// <summary>Latency at a percentile, in milliseconds (0 when nothing was recorded).</summary>
    public double Percentile(double percentile)
    {
        lock (_lock)
        {
            return _all.TotalCount == 0 ? 0 : _all.GetValueAtPercentile(percentile) / 1000.0;
        }
    }

    public double MaxMs
    {
        get
        {
            lock (_lock)
            {
                return _all.TotalCount == 0 ? 0 : _all.GetMaxValue() / 1000.0;
            }
        }
    }

    public IReadOnlyDictionary<string, long> Statuses
    {
        get
        {
            lock (_lock)
            {
                return new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal);
            }
        }
    }

    public double ItemsPerSecond => Duration > TimeSpan.Zero ? Items / Duration.TotalSeconds : 0;

    /// <summary>(second, p50 ms, p99 ms, max ms) for each second that recorded a latency.</summary>
    public IReadOnlyList<(int Second, double P50, double P99, double Max)> Timeline()
    {
        lock (_lock)
        {
            return [.. _perSecond.Select(p => (p.Key, p.Value.GetValueAtPercentile(50) / 1000.0, p.Value.GetValueAtPercentile(99) / 1000.0, p.Value.GetMaxValue() / 1000.0))];
        }
    }

    /// <summary>(percentile, ms) points of the whole distribution, for the percentile plot.</summary>
    public IReadOnlyList<(double Percentile, double Ms)> Distribution()
    {
        lock (_lock)
        {
            if (_all.TotalCount == 0)
            {
                return [];
            }

            double[] percentiles = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];
            return [.. percentiles.Select(p => (p, _all.GetValueAtPercentile(p) / 1000.0))];
        }
    }
}
