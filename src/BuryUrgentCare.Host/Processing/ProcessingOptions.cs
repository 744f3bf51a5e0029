using System.ComponentModel.DataAnnotations;
using BuryUrgentCare.Simulation;

namespace BuryUrgentCare.Processing;

/// <summary>Live-figure processing (configuration section <c>Processing</c>).</summary>
public sealed class ProcessingOptions
{
    public const string Section = "Processing";

    /// <summary>
    /// How often every unit's figures are recomputed even without events, because figures such as the
    /// longest wait grow with the clock. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Shortest interval between two event-driven pushes of one unit. An event for a unit that no event pushed within the
    /// interval is pushed at once; the events that follow it within the interval are held and pushed together when it is
    /// up, so a busy unit is pushed at most once per interval and a quiet one is never held. The all-unit tick does not
    /// count. Default 40 ms: at most 25 pushes a second per busy unit, and no event waits longer than 40 ms for its push.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>
    /// How long the consumer may be without a Kafka broker before its units' figures are shown as stale rather than live
    /// (and readiness fails). Default 15 s: longer than a broker's routine restart, far shorter than a shift manager's glance.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How far back live state reaches; replayed from Kafka on start and on assignment. Default 48 h.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan ReplayHorizon { get; set; } = TimeSpan.FromHours(48);

    /// <summary>
    /// How often (wall time, on the injected clock) the worker writes its partitions' checkpoints to
    /// <c>Kafka:CheckpointTopic</c>; it also writes them at a graceful shutdown and before handing a partition over. On
    /// assignment a partition with a usable checkpoint is restored and read from its offset; one without replays from
    /// the horizon. Zero turns checkpoints off (neither written nor read: every start replays). Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Scale of the demand each feed is expected to carry, relative to Bury's (the simulator's calibrated profile): 1 for
    /// Bury, 2 for a system twice its size; 0 turns feed-silence detection off (<see cref="Figures.UnitSnapshot.Feed"/> absent).
    /// Default 1. See <see cref="FeedExpectation"/>.
    /// </summary>
    [Range(0.0, 1000.0)]
    public double ExpectedDemandScale { get; set; } = 1.0;

    /// <summary>The processing core's settings these options give (the live host, a rebuild and a reference in tests alike).</summary>
    public ProcessorSettings ToProcessorSettings() => new()
    {
        ReplayHorizon = ReplayHorizon,
        Feeds = ExpectedDemandScale > 0 ? FeedExpectation.FromProfile(SimulatorProfile.Default, ExpectedDemandScale) : null,
    };
}
