using System.ComponentModel.DataAnnotations;

namespace BuryUrgentCare.Simulation;

/// <summary>The built-in traffic simulator (configuration section <c>Simulator</c>).</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>
    /// Whether the simulator feeds Kafka. Unset (the default): on with the embedded cluster, off when
    /// <c>Kafka:BootstrapServers</c> points at a real one — set it to true to feed a real cluster too.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// How fast simulated time runs: 1 (default) is real time; 60 makes an hour a minute. Above 1 the
    /// whole host runs on the accelerated clock, so figures and events agree on "now".
    /// </summary>
    [Range(1.0, 3600.0)]
    public double SpeedUp { get; set; } = 1;

    /// <summary>Seed of the traffic model; the same seed and start give the same day. Default 20261122.</summary>
    public int Seed { get; set; } = 20261122;

    /// <summary>How often the simulator emits the events that fell due. Default 1 s (of real time).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// History from day one: how many local days before today the simulator writes into the history store at start-up
    /// (<see cref="HistoryBackfill"/>), marked simulated, so trends exist on a fresh machine. Unset (the default): 90 with
    /// the embedded cluster, 0 (none) when <c>Kafka:BootstrapServers</c> points at a real one. Days the store has
    /// already are not written again. Only while the simulator is enabled.
    /// </summary>
    [Range(0, 3660)]
    public int? BackfillDays { get; set; }

    /// <summary>
    /// The spacing of the backfilled snapshots for the days raw history keeps (<c>History:RawRetention</c>); older days
    /// get their last minute only, which their daily rollup reads. Default 5 minutes, the trends API's default step
    /// (measured on two busy cores, 90 days: 10 s and 350,000 points; 1 minute: 32 s and 1.7 million). A multiple of the
    /// snapshot interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan BackfillStep { get; set; } = TimeSpan.FromMinutes(5);
}
