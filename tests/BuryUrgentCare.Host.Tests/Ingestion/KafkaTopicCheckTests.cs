using BuryUrgentCare.Support;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>The rules of <see cref="KafkaTopicCheck"/>, without Kafka.</summary>
public sealed class KafkaTopicCheckRulesTests
{
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(48);
    private static readonly long Days30 = (long)TimeSpan.FromDays(30).TotalMilliseconds;

    [Fact]
    public void TopicsAsCreateTopicsMakesThem_HaveNoProblem() =>
        Problems(Topic(12, "delete", Days30), Topic(3, "delete", Days30)).ShouldBeEmpty();

    [Fact]
    public void SettingsTheClusterDidNotTell_AreNotJudged() =>
        Problems(Topic(4, null, null), Topic(4, null, null)).ShouldBeEmpty();

    [Fact]
    public void MissingTopics_AreEachNamedWithTheirKey()
    {
        var problems = Problems(null, null);

        problems.Count.ShouldBe(2);
        problems[0].ShouldContain("'uec.events' (Kafka:Topic) does not exist");
        problems[1].ShouldContain("'uec.events.deadletter' (Kafka:DeadLetterTopic) does not exist");
    }

    [Theory]
    [InlineData("compact")]
    [InlineData("compact,delete")]
    public void CompactedEventsTopic_IsAProblem(string policy) =>
        Problems(Topic(12, policy, Days30), Topic(3, "delete", Days30)).ShouldHaveSingleItem().ShouldContain("is compacted");

    [Fact]
    public void EventsKeptShorterThanTheReplayHorizon_IsAProblem() =>
        Problems(Topic(12, "delete", (long)TimeSpan.FromHours(24).TotalMilliseconds), Topic(3, "delete", Days30))
            .ShouldHaveSingleItem().ShouldContain("less than Processing:ReplayHorizon");

    [Fact]
    public void DeadLettersKeptShorterThanEvents_IsAProblem() =>
        Problems(Topic(12, "delete", Days30), Topic(3, "delete", (long)TimeSpan.FromDays(7).TotalMilliseconds))
            .ShouldHaveSingleItem().ShouldContain($"set its retention.ms to at least {Days30}");

    [Fact]
    public void DeadLettersKeptForEver_OutlastAnyEventRetention() =>
        Problems(Topic(12, "delete", Days30), Topic(3, "delete", -1)).ShouldBeEmpty();

    [Fact]
    public void EventsKeptForEver_NeedDeadLettersKeptForEver()
    {
        Problems(Topic(12, "delete", -1), Topic(3, "delete", -1)).ShouldBeEmpty();
        Problems(Topic(12, "delete", -1), Topic(3, "delete", Days30)).ShouldHaveSingleItem().ShouldContain("set its retention.ms to at least -1");
    }

    [Fact]
    public void Tables_MissingOrNotCompacted_AreEachNamedWithTheirKey_CompactedOrUntoldAreNot()
    {
        var options = new KafkaOptions();
        var tables = KafkaTopicCheck.Tables(options, figuresTable: true, checkpoints: false);
        List<string> With(TopicFacts? figures, TopicFacts? access) => KafkaTopicCheck.Problems(options, Horizon, new Dictionary<string, TopicFacts?>
        {
            ["uec.events"] = Topic(12, "delete", Days30),
            ["uec.events.deadletter"] = Topic(3, "delete", Days30),
            ["uec.figures"] = figures,
            ["uec.access"] = access,
            ["uec.workspace"] = Topic(1, "compact", null),
        }, tables);

        With(Topic(12, "compact", null), Topic(3, "compact,delete", null)).ShouldBeEmpty();
        With(Topic(12, null, null), Topic(3, null, null)).ShouldBeEmpty();
        var missing = With(null, null);
        missing.Count.ShouldBe(2);
        missing[0].ShouldContain("'uec.figures' (Kafka:FiguresTopic) does not exist: create it with cleanup.policy=compact");
        missing[1].ShouldContain("'uec.access' (Kafka:AccessTopic) does not exist");
        With(Topic(12, "delete", Days30), Topic(3, "compact", null)).ShouldHaveSingleItem()
            .ShouldContain("'uec.figures' (Kafka:FiguresTopic) is not compacted (cleanup.policy=delete)");
        KafkaTopicCheck.Tables(options, figuresTable: false, checkpoints: false).Select(t => t.Name)
            .ShouldBe(["uec.access", "uec.workspace"], "a host without the figures table does not need it");
    }

    private static TopicFacts Topic(int partitions, string? policy, long? retentionMs) => new(partitions, policy, retentionMs);

    [Fact]
    public void CheckpointTopicMissing_IsNamed_UnlessCheckpointsAreOff()
    {
        var topics = new Dictionary<string, TopicFacts?>
        {
            ["uec.events"] = Topic(12, "delete", Days30), ["uec.events.deadletter"] = Topic(3, "delete", Days30), ["uec.access"] = Topic(3, "compact", null),
            ["uec.workspace"] = Topic(1, "compact", null),
        };
        var options = new KafkaOptions();

        KafkaTopicCheck.Problems(options, Horizon, topics, KafkaTopicCheck.Tables(options, figuresTable: false, checkpoints: true)).ShouldHaveSingleItem()
            .ShouldContain("'uec.checkpoints' (Kafka:CheckpointTopic) does not exist");
        KafkaTopicCheck.Problems(options, Horizon, topics, KafkaTopicCheck.Tables(options, figuresTable: false, checkpoints: false)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("delete", true)]
    [InlineData("compact", false)]
    [InlineData("compact,delete", false)]
    public void CheckpointTopicNotCompacted_IsAProblem(string policy, bool problem) =>
        Problems(Topic(12, "delete", Days30), Topic(3, "delete", Days30), Topic(12, policy, Days30))
            .Any(p => p.Contains("'uec.checkpoints' (Kafka:CheckpointTopic) is not compacted", StringComparison.Ordinal)).ShouldBe(problem);

    private static List<string> Problems(TopicFacts? events, TopicFacts? deadLetters, TopicFacts? checkpoints = null) =>
        KafkaTopicCheck.Problems(new KafkaOptions(), Horizon, new Dictionary<string, TopicFacts?>
        {
            ["uec.events"] = events,
            ["uec.events.deadletter"] = deadLetters,
            ["uec.access"] = Topic(3, "compact", null),
            ["uec.workspace"] = Topic(1, "compact", null),
            ["uec.checkpoints"] = checkpoints ?? Topic(12, "compact", null),
        }, KafkaTopicCheck.Tables(new KafkaOptions(), figuresTable: false, checkpoints: true));
}

/// <summary>
/// <see cref="KafkaTopicCheck"/> against a real Kafka protocol endpoint (the in-process cluster, which answers metadata
/// but not DescribeConfigs: existence is what it can show).
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaTopicCheckTests(KafkaTestCluster kafka)
{
    private static readonly Dictionary<string, string?> Required = new()
    {
        ["Kafka:RequireTopics"] = "true",
        ["Kafka:TopicCheckTimeout"] = "00:00:03", // the in-process cluster never answers DescribeConfigs: wait less for it
    };

    [Fact]
    public void RequiredTopicsMissing_StartUpFailsNamingEach_AndCreatesNeither()
    {
        var topic = kafka.NewTopic();

        var failure = StartUpFailure(() => new BuryHost(kafka, topic, settings: Required));

        failure.Message.ShouldContain($"topic '{topic}' (Kafka:Topic) does not exist");
        failure.Message.ShouldContain($"topic '{topic}.deadletter' (Kafka:DeadLetterTopic) does not exist");
        failure.Message.ShouldContain($"topic '{topic}.figures' (Kafka:FiguresTopic) does not exist");
        failure.Message.ShouldContain($"topic '{topic}.access' (Kafka:AccessTopic) does not exist");
        failure.Message.ShouldContain($"topic '{topic}.checkpoints' (Kafka:CheckpointTopic) does not exist");
        failure.Message.ShouldContain($"topic '{topic}.workspace' (Kafka:WorkspaceTopic) does not exist");
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ShouldNotContain(topic);
    }

    [Fact]
    public void RequiredDeadLetterTopicMissing_StartUpFailsNamingIt()
    {
        var topic = kafka.NewTopic();
        Create(topic, topic + ".figures", topic + ".access", topic + ".checkpoints", topic + ".workspace");

        var failure = StartUpFailure(() => new BuryHost(kafka, topic, settings: Required));

        failure.Message.ShouldContain($"topic '{topic}.deadletter' (Kafka:DeadLetterTopic) does not exist");
        failure.Message.ShouldNotContain($"'{topic}' (Kafka:Topic)");
    }

    [Fact]
    public async Task RequiredTopicsPresent_HostStartsAndBecomesReady()
    {
        var topic = kafka.NewTopic();
        Create(topic, topic + ".deadletter", topic + ".figures", topic + ".access", topic + ".checkpoints", topic + ".workspace");

        await using var host = new BuryHost(kafka, topic, settings: Required);

        using var http = host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "readiness");
    }

    /// <summary>Topics appear on the in-process cluster on first produce (it has no CreateTopics).</summary>
    private void Create(params string[] topics)
    {
        using var producer = kafka.CreateProducer();
        foreach (var topic in topics)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = "FGH-ED", Value = "{}"u8.ToArray() });
        }

        producer.Flush(TimeSpan.FromSeconds(10)).ShouldBe(0);
    }

    /// <summary>
    /// The start-up error of a host that must not start. WebApplicationFactory now and then reports a failing start as
    /// ObjectDisposedException (see EscalationApiTests); another attempt shows the real error.
    /// </summary>
    private static InvalidOperationException StartUpFailure(Func<BuryHost> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var host = start();
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                continue;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("Kafka:RequireTopics", StringComparison.Ordinal))
            {
                return ex;
            }

            throw new ShouldAssertException("The host started; it must refuse to start without its topics.");
        }
    }
}
