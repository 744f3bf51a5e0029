using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BuryUrgentCare.Support;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// The whole bad-input corpus through Kafka and one real host: every rejected case lands on the
/// dead-letter topic exactly once, byte for byte, with its reason; every accepted case is applied; the
/// ingest statistics count each reason; the figures move only for accepted events; and the worker is
/// still consuming afterwards. (The parser-level theory over the same files is <c>CorpusTests</c> in
/// the Core tests.)
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class BadInputCorpusTests(KafkaTestCluster kafka)
{
    private const string Key = "FGH-ED";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Corpus_ProducedToKafka_DeadLettersEachRejectOnce_AppliesTheRest_AndKeepsConsuming()
    {
        var cases = CorpusCase.LoadAll();
        var rejects = cases.Where(c => !c.ShouldBeAccepted).ToList();
        var accepts = cases.Where(c => c.ShouldBeAccepted).ToList();
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "consumer assignment");

        // The placeholders are expanded against the host's clock: the real one, read now.
        var now = DateTimeOffset.UtcNow;
        var sent = new Dictionary<TopicPartitionOffset, (CorpusCase Case, byte[] Message)>();
        using (var producer = kafka.CreateProducer())
        {
            foreach (var corpusCase in cases)
            {
                var message = corpusCase.Materialise(now);
                var delivered = await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = Key, Value = message });
                sent.Add(delivered.TopicPartitionOffset, (corpusCase, message));
            }

            // A valid event after all of them: applied only if the worker survived the corpus.
            await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = Key, Value = TestEvents.AeArrived("corpus-sentinel", now.AddMinutes(-1)) });
        }

        // The sentinel is the last message of its partition: once it is applied, every case was dealt with.
        IngestStatsResponse stats = null!;
        await Eventually.Until(
            async () => Unit(stats = await Stats(http), Key).Applied == accepts.Count + 1,
            Timeout,
            $"{accepts.Count} accepted cases and the sentinel applied");
        var processedBy = DateTimeOffset.UtcNow;

        // Dead-letter topic: each rejected case exactly once, its exact bytes, its reason and origin.
        var deadLetters = ReadAll(host.DeadLetterTopic, rejects.Count);
        var byOrigin = deadLetters.GroupBy(d => Origin(d, host.Topic)).ToDictionary(g => g.Key, g => g.ToList());
        var problems = new List<string>();
        foreach (var (origin, (corpusCase, message)) in sent)
        {
            var landed = byOrigin.GetValueOrDefault(origin) ?? [];
            if (corpusCase.ShouldBeAccepted)
            {
                if (landed.Count != 0) problems.Add($"{corpusCase.FileName}: accepted case was dead-lettered as {Header(landed[0], DeadLetterWriter.ReasonHeader)}");
                continue;
            }

            if (landed.Count != 1)
            {
                problems.Add($"{corpusCase.FileName}: on the dead-letter topic {landed.Count} times");
                continue;
            }

            var dead = landed[0];
            if (Header(dead, DeadLetterWriter.ReasonHeader) != corpusCase.Expected) problems.Add($"{corpusCase.FileName}: dlq-reason {Header(dead, DeadLetterWriter.ReasonHeader)}");
            if (!(dead.Message.Value ?? []).AsSpan().SequenceEqual(message)) problems.Add($"{corpusCase.FileName}: dead-lettered bytes differ from those sent ({dead.Message.Value?.Length ?? -1} vs {message.Length} bytes)");
            if (string.IsNullOrWhiteSpace(Header(dead, DeadLetterWriter.DetailHeader))) problems.Add($"{corpusCase.FileName}: no dlq-detail");
            if (Encoding.UTF8.GetString(dead.Message.Key ?? []) != Key) problems.Add($"{corpusCase.FileName}: key not kept");
        }

        problems.ShouldBeEmpty();
        deadLetters.Count.ShouldBe(rejects.Count, "nothing but the rejected cases is on the dead-letter topic");

        // Statistics: every message consumed, each reason counted, rejections without a readable unit under (unknown).
        stats = await Stats(http);
        stats.Consumed.ShouldBe(cases.Count + 1);
        stats.DeadLettered.ShouldBe(rejects.Count);
        stats.Rejected.ShouldBe(rejects.GroupBy(c => c.Expected).ToDictionary(g => g.Key, g => (long)g.Count()), ignoreOrder: true);
        stats.Units.Sum(u => u.Rejected.Values.Sum()).ShouldBe(rejects.Count);
        Unit(stats, "(unknown)").Rejected["unknown-unit"].ShouldBe(rejects.Count(c => c.Expected == "unknown-unit"));
        var ed = Unit(stats, Key);
        (ed.Duplicates, ed.Late).ShouldBe((0L, 1L), "accept--late-yesterday is the one late event");
        stats.Units.Where(u => u.Unit != Key).ShouldAllBe(u => u.Applied == 0 && u.Duplicates == 0);

        // Figures: moved by the accepted cases and the sentinel only (each is a new FGH-ED patient).
        JsonElement[] units = [];
        await Eventually.Until(
            async () => (units = (await http.GetFromJsonAsync<JsonElement[]>("/api/units"))!).All(u => u.GetProperty("asOf").GetDateTimeOffset() >= processedBy),
            Timeout,
            "figures published after the corpus was processed");
        var figures = units.ToDictionary(u => u.GetProperty("unit").GetString()!, u => u.GetProperty("figures"));
        // accept--late-yesterday arrived 24 h before it was processed and nothing has come since: by the time the figures are
        // published it is unverified (H16, no event for more than 24 h), counted on its own rather than in department.
        (figures[Key].GetProperty("inDepartment").GetInt32() + figures[Key].GetProperty("unverifiedNoRecentEvent").GetInt32())
            .ShouldBe(accepts.Count + 1);
        figures["FGH-UTC"].GetProperty("inDepartment").GetInt32().ShouldBe(0);
        figures["FGH-UTC"].GetProperty("arrivalsToday").GetInt32().ShouldBe(0);
        figures["BURY-GREENCAR"].GetProperty("incidentsToday").GetInt32().ShouldBe(0);
        figures["BURY-IVCH"].GetProperty("callsToday").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task GetStats_FreshHost_ListsEveryUnitWithZeroCountsAndNoUnknownRow()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();

        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/ingest/stats"));

        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["consumed", "deadLettered", "rejected", "units"]);
        root.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unit").GetString())
            .ShouldBe(["FGH-ED", "FGH-UTC", "BURY-GREENCAR", "BURY-IVCH"]);
        root.GetProperty("units")[0].EnumerateObject().Select(p => p.Name).ShouldBe(["unit", "applied", "duplicates", "late", "expired", "rejected"]);
        root.GetProperty("rejected").EnumerateObject().ShouldBeEmpty();
    }

    private static async Task<IngestStatsResponse> Stats(HttpClient http) =>
        (await http.GetFromJsonAsync<IngestStatsResponse>("/api/ingest/stats"))!;

    private static Processing.UnitIngestStatistics Unit(IngestStatsResponse stats, string unit) =>
        stats.Units.SingleOrDefault(u => u.Unit == unit) ?? throw new ShouldAssertException($"no statistics row for {unit}");

    /// <summary>Reads the topic until <paramref name="expected"/> messages arrived, then checks its end offsets hold no more.</summary>
    private List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic, int expected)
    {
        using var reader = kafka.CreateConsumer(topic);
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + Timeout;
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            if (reader.Consume(deadline - DateTime.UtcNow) is { Message: not null } result)
            {
                results.Add(result);
            }
        }

        results.Count.ShouldBe(expected, $"dead letters read from {topic} before the timeout");
        var held = 0L;
        foreach (var partition in reader.Assignment)
        {
            var watermarks = reader.QueryWatermarkOffsets(partition, Timeout);
            held += watermarks.High.Value - watermarks.Low.Value;
        }

        held.ShouldBe(expected, $"messages held by the partitions of {topic} read here");
        return results;
    }

    private static TopicPartitionOffset Origin(ConsumeResult<byte[]?, byte[]?> dead, string topic) => new(
        topic,
        new Partition(int.Parse(Header(dead, DeadLetterWriter.PartitionHeader), CultureInfo.InvariantCulture)),
        new Offset(long.Parse(Header(dead, DeadLetterWriter.OffsetHeader), CultureInfo.InvariantCulture)));

    private static string Header(ConsumeResult<byte[]?, byte[]?> result, string key) =>
        result.Message.Headers.TryGetLastBytes(key, out var value) ? Encoding.UTF8.GetString(value) : "";
}
