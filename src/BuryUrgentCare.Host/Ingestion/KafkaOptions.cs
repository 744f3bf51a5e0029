using System.ComponentModel.DataAnnotations;

namespace BuryUrgentCare.Ingestion;

/// <summary>Kafka connection and topics (configuration section <c>Kafka</c>).</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>
    /// Brokers of a real cluster, e.g. <c>kafka1:9092,kafka2:9092</c>. Empty (the default) starts
    /// librdkafka's in-process cluster instead — the embedded default for one machine and for tests.
    /// </summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Topic every source writes to. Default <c>uec.events</c>.</summary>
    [Required]
    public string Topic { get; set; } = "uec.events";

    /// <summary>Where rejected messages go, whole, with reason headers. Default <c>uec.events.deadletter</c>.</summary>
    [Required]
    public string DeadLetterTopic { get; set; } = "uec.events.deadletter";

    /// <summary>
    /// The figures table: each unit's newest snapshot, written by the worker that owns the unit and read whole by every
    /// node, so any node serves every unit (compacted, key = unit). Default <c>uec.figures</c>.
    /// </summary>
    [Required]
    public string FiguresTopic { get; set; } = "uec.figures";

    /// <summary>
    /// The device-token table (<see cref="Access.DeviceTokenTable"/>): every device token issued or revoked, key = token
    /// id, so every node lets in and shuts out the same wall screens. Must be compacted. Default <c>uec.access</c>.
    /// </summary>
    [Required]
    public string AccessTopic { get; set; } = "uec.access";

    /// <summary>
    /// The escalation workspace log (<see cref="Escalation.Workspace.WorkspaceLog"/>): every level declared, action added
    /// or updated and alert acknowledged, in one order on partition 0, applied by every node to its own copy, so every
    /// node shows the same workspace. Kept for good: compacted (each record has a key of its own, so compaction removes
    /// nothing) or with unlimited retention. Default <c>uec.workspace</c>.
    /// </summary>
    [Required]
    public string WorkspaceTopic { get; set; } = "uec.workspace";

    /// <summary>
    /// Where each worker keeps its partitions' checkpoints: the state of their units and the offset it is consistent with,
    /// restored on assignment before the rest of the log is read (hazard H19: a patient in longer than the replay horizon
    /// is not lost on restart; issue 12: a restart replays only the tail). Compacted, key = events topic/partition/chunk
    /// (<see cref="StateCheckpoints"/>). Default <c>uec.checkpoints</c>; written every <c>Processing:CheckpointInterval</c>.
    /// </summary>
    [Required]
    public string CheckpointTopic { get; set; } = "uec.checkpoints";

    /// <summary>Consumer group of the processing workers. Default <c>bury-urgent-care</c>.</summary>
    [Required]
    public string GroupId { get; set; } = "bury-urgent-care";

    /// <summary>
    /// Longest a broker holds a fetch open waiting for data (<c>fetch.wait.max.ms</c>). Low keeps
    /// event-to-wallboard latency low; librdkafka's default of 500 ms also caps the in-process cluster at
    /// ≈ 9,000 events/s. Default 10 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan FetchWaitMax { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Whether the brokers answer offset-by-time lookups (<c>ListOffsets</c> with a timestamp), used to
    /// rewind to the replay horizon. Real Kafka does; librdkafka's in-process cluster does not (it answers
    /// "end"), so with it set this to false and the worker replays everything the cluster holds.
    /// Default true; always false for the embedded cluster.
    /// </summary>
    public bool SupportsTimestampLookup { get; set; } = true;

    /// <summary>
    /// With a real cluster, check the topics before consuming and refuse to start, naming each problem, when one is
    /// missing or mis-configured (<see cref="KafkaTopicCheck"/>): the events and dead-letter topics exist, neither is
    /// compacted, the events topic keeps at least <c>Processing:ReplayHorizon</c>, and the dead-letter topic keeps at
    /// least as long as the events topic. Default false: a missing topic is logged and consumed once it appears, which
    /// suits a topic created after the host (and the tests, whose topics appear on first produce). The deployment files
    /// (infra/compose.yaml, infra/k8s/) set it true. Ignored for the embedded cluster.
    /// </summary>
    public bool RequireTopics { get; set; }

    /// <summary>How long the topic check (<see cref="RequireTopics"/>) waits for the cluster to answer before start-up
    /// fails. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TopicCheckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra librdkafka settings (e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>), applied to every client.</summary>
    public Dictionary<string, string> Client { get; set; } = [];

    public bool IsEmbedded => string.IsNullOrWhiteSpace(BootstrapServers);
}
