using System.Globalization;
using BuryUrgentCare.Processing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// With <see cref="KafkaOptions.RequireTopics"/> and a real cluster, checks before the consumer starts that the topics
/// exist and are configured as this host relies on, and otherwise stops start-up with every problem named, instead of
/// a worker waiting silently for a topic that was never made (or, worse, a broker auto-creating it with one partition).
/// Topic settings are read with DescribeConfigs; a cluster that refuses it (no <c>DescribeConfigs</c> ACL, or
/// librdkafka's in-process cluster) gets existence checked only, and a warning says what was not verified.
/// </summary>
public sealed partial class KafkaTopicCheck(
    KafkaConnection connection,
    IOptions<ProcessingOptions> processing,
    IOptions<Cluster.FiguresTableOptions> figuresTable,
    ILogger<KafkaTopicCheck> logger) : IHostedService
{
    /// <summary>
    /// The compacted topics this host keeps state in (the latest record per key, read whole at start), with their setting,
    /// what a node would lose if their records expired, and what else may be done when one is missing.
    /// </summary>
    internal static IReadOnlyList<(string Name, string Key, string Holds, string Otherwise)> Tables(KafkaOptions options, bool figuresTable, bool checkpoints) =>
    [
        .. figuresTable ? [(options.FiguresTopic, "Kafka:FiguresTopic", "each unit's newest figures, by which other nodes serve it", "")] : Array.Empty<(string, string, string, string)>(),
        (options.AccessTopic, "Kafka:AccessTopic", "the wall screens' device tokens and their revocations", ""),
        (options.WorkspaceTopic, "Kafka:WorkspaceTopic", "the escalation calls' declared levels, actions and acknowledgements", ""),
        .. checkpoints
            ? [(options.CheckpointTopic, "Kafka:CheckpointTopic", "each events partition's checkpoint (an idle partition's only one)",
                ", or set Processing:CheckpointInterval to 00:00:00 to replay from the horizon on every start")]
            : Array.Empty<(string, string, string, string)>(),
    ];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = connection.Options;
        if (!options.RequireTopics || connection.IsEmbedded)
        {
            return Task.CompletedTask;
        }

        return CheckAsync(options, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CheckAsync(KafkaOptions options, CancellationToken cancellationToken)
    {
        var config = connection.ConsumerConfig();
        // A metadata request may create a missing topic on a broker with auto.create.topics.enable; this check must see it missing.
        config.AllowAutoCreateTopics = false;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();

        Metadata metadata;
        try
        {
            // All topics: a request naming a topic could create it.
            metadata = await Task.Run(() => admin.GetMetadata(options.TopicCheckTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException(
                $"Kafka at {connection.BootstrapServers} did not answer within {options.TopicCheckTimeout} (Kafka:TopicCheckTimeout), " +
                $"so the topics could not be checked (Kafka:RequireTopics): {ex.Error.Code}: {ex.Error.Reason}. " +
                "Check Kafka:BootstrapServers and the Kafka:Client security settings.", ex);
        }

        var tables = Tables(options, figuresTable.Value.Enabled, checkpoints: processing.Value.CheckpointInterval > TimeSpan.Zero);
        var names = new[] { options.Topic, options.DeadLetterTopic }.Concat(tables.Select(t => t.Name));
        var facts = names.Distinct(StringComparer.Ordinal).ToDictionary(
            name => name,
            name => metadata.Topics.FirstOrDefault(t => t.Topic == name) is { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 } topic
                ? new TopicFacts(topic.Partitions.Count, null, null)
                : null,
            StringComparer.Ordinal);

        var existing = facts.Where(f => f.Value is not null).Select(f => f.Key).ToList();
        if (existing.Count > 0)
        {
            try
            {
                var described = await admin.DescribeConfigsAsync(
                    existing.Select(name => new ConfigResource { Type = ResourceType.Topic, Name = name }),
                    new DescribeConfigsOptions { RequestTimeout = options.TopicCheckTimeout }).ConfigureAwait(false);
                foreach (var result in described)
                {
                    facts[result.ConfigResource.Name] = facts[result.ConfigResource.Name]! with
                    {
                        CleanupPolicy = result.Entries.TryGetValue("cleanup.policy", out var policy) ? policy.Value : null,
                        RetentionMs = result.Entries.TryGetValue("retention.ms", out var retention)
                            && long.TryParse(retention.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : null,
                    };
                }
            }
            catch (KafkaException ex)
            {
                LogConfigsUnknown(logger, string.Join(", ", existing), ex.Error.Code, ex.Error.Reason);
            }
        }

        var problems = Problems(options, processing.Value.ReplayHorizon, facts, tables);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The Kafka topics on {connection.BootstrapServers} are not as this host needs them (Kafka:RequireTopics is true):" +
                string.Concat(problems.Select(p => Environment.NewLine + " - " + p)) + Environment.NewLine +
                "infra/kafka/create-topics.sh creates them as docs/deployment.md describes.");
        }

        foreach (var (name, topic) in facts)
        {
            LogTopicChecked(logger, name, topic!.Partitions, topic.CleanupPolicy ?? "unknown", Describe(topic.RetentionMs));
        }
    }

    /// <summary>
    /// What is wrong with the topics, one sentence each; empty when nothing is. <paramref name="topics"/> holds, per topic
    /// name, what the cluster said (null: the topic does not exist); settings the cluster did not say are not judged.
    /// </summary>
    /// <param name="tables">The compacted topics the host keeps state in (<see cref="Tables"/>): each must exist and be compacted.</param>
    internal static List<string> Problems(KafkaOptions options, TimeSpan replayHorizon, IReadOnlyDictionary<string, TopicFacts?> topics,
        IReadOnlyList<(string Name, string Key, string Holds, string Otherwise)>? tables = null)
    {
        var problems = new List<string>();
        var events = topics.GetValueOrDefault(options.Topic);
        var deadLetters = topics.GetValueOrDefault(options.DeadLetterTopic);
        foreach (var (name, key, topic) in new[] { (options.Topic, "Kafka:Topic", events), (options.DeadLetterTopic, "Kafka:DeadLetterTopic", deadLetters) })
        {
            if (topic is null)
            {
                problems.Add($"topic '{name}' ({key}) does not exist: create it, or correct {key}");
            }
            else if (topic.CleanupPolicy?.Contains("compact", StringComparison.OrdinalIgnoreCase) == true)
            {
                problems.Add($"topic '{name}' ({key}) is compacted (cleanup.policy={topic.CleanupPolicy}): Kafka would keep only the " +
                    "last message per key (per unit), losing events; set cleanup.policy=delete");
            }
        }

        if (events?.RetentionMs is { } eventsMs && eventsMs >= 0 && TimeSpan.FromMilliseconds(eventsMs) < replayHorizon)
        {
            problems.Add($"topic '{options.Topic}' keeps events for {Describe(eventsMs)} (retention.ms={eventsMs}), less than " +
                $"Processing:ReplayHorizon ({replayHorizon}): a restarted host could not rebuild the episodes still open");
        }

        // retention.ms -1 is "for ever", longer than any number.
        if (events?.RetentionMs is { } kept && deadLetters?.RetentionMs is { } deadKept
            && (deadKept == -1 ? long.MaxValue : deadKept) < (kept == -1 ? long.MaxValue : kept))
        {
            problems.Add($"topic '{options.DeadLetterTopic}' keeps rejections for {Describe(deadKept)}, less than '{options.Topic}' keeps " +
                $"events ({Describe(kept)}): set its retention.ms to at least {kept}");
        }

        foreach (var (name, key, holds, otherwise) in tables ?? [])
        {
            var table = topics.GetValueOrDefault(name);
            if (table is null)
            {
                problems.Add($"topic '{name}' ({key}) does not exist: create it with cleanup.policy=compact, or correct {key}{otherwise}");
            }
            else if (table.CleanupPolicy is { } policy && !policy.Contains("compact", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"topic '{name}' ({key}) is not compacted (cleanup.policy={policy}): it holds {holds}, read whole at " +
                    "start, and with deletion its older records would expire and be forgotten; set cleanup.policy=compact");
            }
        }

        return problems;
    }

    private static string Describe(long? retentionMs) => retentionMs switch
    {
        null => "unknown",
        -1 => "for ever",
        var ms => TimeSpan.FromMilliseconds(ms.Value).ToString("g", CultureInfo.InvariantCulture),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka topic {Topic} checked: {Partitions} partitions, cleanup.policy {CleanupPolicy}, retention {Retention}")]
    private static partial void LogTopicChecked(ILogger logger, string topic, int partitions, string cleanupPolicy, string retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka topics {Topics} exist, but their settings could not be read ({Code}: {Reason}): retention and cleanup.policy were not verified. Grant this client DescribeConfigs on them, or check them by hand (docs/deployment.md)")]
    private static partial void LogConfigsUnknown(ILogger logger, string topics, ErrorCode code, string reason);
}

/// <summary>What the cluster says of one topic: its partitions, and the settings it would tell (null: not told).</summary>
internal sealed record TopicFacts(int Partitions, string? CleanupPolicy, long? RetentionMs);
