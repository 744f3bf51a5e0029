using System.Diagnostics.Metrics;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The event → publish latency (<c>bury.ingest.publish.latency</c>): per unit, from the consumer reading the first event
/// its published figures do not yet include to the publication of live figures that do. Recorded once per publication,
/// not per event; an event's only cost is a timestamp when its unit had nothing pending. Replayed events are not timed
/// (the consumer does not report them), and a publication of figures that are not live records nothing. Single-threaded:
/// the consumer loop reports events and (through <see cref="SnapshotStore"/>) publications.
/// </summary>
public sealed class PublishLatency
{
    /// <summary>The meter of the consumer pipeline, shared with the other ingestion instruments.</summary>
    public const string MeterName = "BuryUrgentCare.Ingestion";

    // Seconds: the wallboard promise is "within a second"; coalescing (PublishInterval) sits around 0.05–0.2 s.
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10];

    private readonly TimeProvider _clock;
    private readonly long[] _pendingSince; // clock timestamp of the first unpublished event per unit; 0: none
    private readonly Histogram<double> _latency;

    public PublishLatency(UnitCatalog units, TimeProvider clock, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(meters);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _pendingSince = new long[units.Count];
        _latency = meters.Create(MeterName).CreateHistogram("bury.ingest.publish.latency", "s",
            "From the consumer reading an event to the publication of its unit's live figures that include it (first unpublished event per publication).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    /// <summary>A live (not replayed) event of <paramref name="unit"/> was applied.</summary>
    public void Applied(int unit)
    {
        if (_pendingSince[unit] == 0)
        {
            _pendingSince[unit] = Math.Max(1, _clock.GetTimestamp());
        }
    }

    /// <summary>The unit's figures were published.</summary>
    public void Published(int unit, UnitSnapshot snapshot)
    {
        var since = _pendingSince[unit];
        if (since == 0)
        {
            return;
        }

        _pendingSince[unit] = 0;
        if (snapshot.Liveness is not { IsLive: false })
        {
            _latency.Record(_clock.GetElapsedTime(since).TotalSeconds);
        }
    }
}
