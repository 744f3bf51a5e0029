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
    /// count. A push costs one message per wallboard connected, so the interval grows with them (see
    /// <see cref="WallboardsPerPublishInterval"/>): this is the interval with few connected. Default 30 ms: at most about 33
    /// pushes a second per busy unit, and no event waits longer than 30 ms for its push (issue 11: produce → wall p99
    /// ≤ 50 ms at 1,000 events/s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>
    /// How many connected wallboards one <see cref="PublishInterval"/> serves: with more, a busy unit is pushed less
    /// often — the interval is <see cref="PublishInterval"/> × connections ÷ this, between <see cref="PublishInterval"/> and
    /// <see cref="MaxPublishInterval"/>, judged on every tick — so the hub's messages a second stay about what it can
    /// send rather than queueing behind each other (a third more pushes tripled the tail at 1,000 wallboards:
    /// docs/performance.md). Default 250. A quiet unit is still pushed at once whatever the count.
    /// </summary>
    [Range(1, 1_000_000)]
    public int WallboardsPerPublishInterval { get; set; } = 250;

    /// <summary>The longest the publish interval grows to with many wallboards connected. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MaxPublishInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The publish interval with <paramref name="wallboards"/> connected (see <see cref="WallboardsPerPublishInterval"/>).</summary>
    public TimeSpan PublishIntervalFor(int wallboards)
    {
        var scaled = PublishInterval * Math.Max(1.0, wallboards / (double)WallboardsPerPublishInterval);
        var longest = MaxPublishInterval > PublishInterval ? MaxPublishInterval : PublishInterval; // a maximum set below the interval is the interval
        return scaled < longest ? scaled : longest;
    }

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
