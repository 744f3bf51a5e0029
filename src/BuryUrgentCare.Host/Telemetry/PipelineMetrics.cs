using System.Diagnostics.Metrics;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Realtime;

namespace BuryUrgentCare.Telemetry;

/// <summary>
/// The consumer pipeline's instruments (Meter <c>BuryUrgentCare.Ingestion</c>) and the wallboard connections (Meter
/// <c>BuryUrgentCare.Realtime</c>). All observable: read from counters the pipeline keeps anyway, when a reader collects
/// (a Prometheus scrape), so the per-event cost of telemetry is nil beyond what <see cref="ConsumerState"/> and
/// <see cref="PublishLatency"/> record. Label values come from closed sets only: the configured units (and
/// <c>unknown</c> for an event whose unit could not be read), contract reason codes, partition numbers, the topic.
/// </summary>
public sealed class PipelineMetrics
{
    public const string RealtimeMeterName = "BuryUrgentCare.Realtime";
    public const string UnknownUnit = "unknown";

    private readonly UnitCatalog _units;
    private readonly IngestCounters _counters;
    private readonly ConsumerState _consumer;
    private readonly DeadLetterWriter _deadLetters;
    private readonly UnitOwnership _ownership;
    private readonly WallboardConnections _connections;
    private readonly TimeProvider _clock;
    private readonly KeyValuePair<string, object?> _topic;

    public PipelineMetrics(UnitCatalog units, LiveFigures figures, ConsumerState consumer, DeadLetterWriter deadLetters,
        UnitOwnership ownership, WallboardConnections connections, KafkaConnection kafka, TimeProvider clock, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(meters);
        _units = units ?? throw new ArgumentNullException(nameof(units));
        _counters = figures.Processor.Counters;
        _consumer = consumer ?? throw new ArgumentNullException(nameof(consumer));
        _deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        _ownership = ownership ?? throw new ArgumentNullException(nameof(ownership));
        _connections = connections ?? throw new ArgumentNullException(nameof(connections));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _topic = new("topic", kafka.Options.Topic);

        var ingest = meters.Create(PublishLatency.MeterName);
        ingest.CreateObservableGauge("bury.ingest.consumer.lag", ConsumerLag, "{message}",
            "Messages in each assigned partition not yet handled by this worker (librdkafka statistics, every second).");
        ingest.CreateObservableCounter("bury.ingest.events.consumed", Consumed, "{event}",
            "Messages read from the events topic per unit (replays included): applied, duplicate, expired or rejected.");
        ingest.CreateObservableCounter("bury.ingest.events.applied", () => PerUnit(u => u.Applied), "{event}",
            "Events applied to their unit's state, replays included.");
        ingest.CreateObservableCounter("bury.ingest.events.duplicates", () => PerUnit(u => u.Duplicates), "{event}",
            "Events whose id was already applied: counted once, ignored.");
        ingest.CreateObservableCounter("bury.ingest.events.late", () => PerUnit(u => u.Late), "{event}",
            "Applied events older than the start of their unit's day.");
        ingest.CreateObservableCounter("bury.ingest.events.expired", () => PerUnit(u => u.Expired), "{event}",
            "Events older than the replay horizon for episodes no longer held: not applied.");
        ingest.CreateObservableCounter("bury.ingest.events.rejected", Rejected, "{event}",
            "Events rejected, per unit and contract reason code (replays included).");
        ingest.CreateObservableCounter("bury.ingest.deadletters", DeadLettered, "{event}",
            "Rejected messages written to the dead-letter topic, per reason code (not again on replay).");
        ingest.CreateObservableCounter("bury.ingest.processing.time", ProcessingSeconds, "s",
            "Time spent handling consumed messages; divided by the rate of bury.ingest.events.consumed: mean time per event.");
        ingest.CreateObservableGauge("bury.ingest.replay.progress", () => _ownership.ReplayProgress().Fraction, "1",
            "Share of the current (or last) replay done, 0–1; 1 when there is nothing to replay.");
        ingest.CreateObservableGauge("bury.ingest.replay.remaining", ReplayRemaining, "{message}",
            "Messages the running replay still has to read before its units are live.");
        ingest.CreateObservableGauge("bury.ingest.partitions.replaying", () => _ownership.ReplayProgress().PartitionsReplaying, "{partition}",
            "Assigned partitions still replaying.");

        var realtime = meters.Create(RealtimeMeterName);
        realtime.CreateObservableGauge("bury.realtime.connections", ConnectionsByGroup, "{connection}",
            "Wallboard (SignalR) connections per group: each unit followed, and 'all' for those following every unit.");
        realtime.CreateObservableCounter("bury.realtime.connections.dropped", () => _connections.Dropped, "{connection}",
            "Wallboard connections dropped for not reading (send timeout or alert queue overflow).");
    }

    private IEnumerable<Measurement<long>> ConsumerLag()
    {
        foreach (var (partition, lag) in _consumer.Lag)
        {
            yield return new Measurement<long>(lag, _topic, new("partition", partition));
        }
    }

    private IEnumerable<Measurement<long>> PerUnit(Func<UnitIngestStatistics, long> value)
    {
        foreach (var unit in _counters.Read().Units)
        {
            if (_units.TryGetIndex(unit.Unit, out _))
            {
                yield return new Measurement<long>(value(unit), new KeyValuePair<string, object?>("unit", unit.Unit));
            }
        }
    }

    private IEnumerable<Measurement<long>> Consumed()
    {
        foreach (var unit in _counters.Read().Units)
        {
            var known = _units.TryGetIndex(unit.Unit, out _);
            var total = unit.Applied + unit.Duplicates + unit.Expired + unit.Rejected.Values.Sum();
            yield return new Measurement<long>(total, new KeyValuePair<string, object?>("unit", known ? unit.Unit : UnknownUnit));
        }
    }

    private IEnumerable<Measurement<long>> Rejected()
    {
        foreach (var unit in _counters.Read().Units)
        {
            var name = _units.TryGetIndex(unit.Unit, out _) ? unit.Unit : UnknownUnit;
            foreach (var (reason, count) in unit.Rejected)
            {
                yield return new Measurement<long>(count, new("unit", name), new("reason", reason));
            }
        }
    }

    private IEnumerable<Measurement<long>> DeadLettered()
    {
        for (var reason = 0; reason < RejectionReasons.Count; reason++)
        {
            var count = _deadLetters.WrittenFor((RejectionReason)reason);
            if (count > 0)
            {
                yield return new Measurement<long>(count, new KeyValuePair<string, object?>("reason", ((RejectionReason)reason).Code()));
            }
        }
    }

    private double ProcessingSeconds() => (double)_consumer.ProcessingTimestampTicks / _clock.TimestampFrequency;

    private long ReplayRemaining()
    {
        var progress = _ownership.ReplayProgress();
        return Math.Max(0, progress.Total - progress.Replayed);
    }

    private IEnumerable<Measurement<int>> ConnectionsByGroup()
    {
        var groups = _connections.CountByGroup();
        // Every unit of the catalogue, each time: a group nobody follows reads 0 rather than vanishing.
        foreach (var unit in _units.Units)
        {
            yield return new Measurement<int>(groups.GetValueOrDefault(unit.Id), new KeyValuePair<string, object?>("group", unit.Id));
        }

        yield return new Measurement<int>(groups.GetValueOrDefault(WallboardConnections.AllUnitsGroup),
            new KeyValuePair<string, object?>("group", WallboardConnections.AllUnitsGroup));
    }
}
