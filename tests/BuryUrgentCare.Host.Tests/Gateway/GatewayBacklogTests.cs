using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static BuryUrgentCare.Gateway.GatewayTestSupport;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// The test cluster, like the embedded default, is librdkafka's in-process one: each partition keeps only its last
/// ~5 MiB and evicts older messages, read or not. An event answered 202 must still be applied, so the gateway must
/// refuse (503, Retry-After) before the consumer falls that far behind — not accept and lose.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class GatewayBacklogTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // The embedded default's limit (GatewayOptions.EmbeddedMaxUnconsumedBytes, 2 MiB), set explicitly because the
    // test cluster is not "embedded" to the host: it is given a bootstrap address.
    private static readonly Dictionary<string, string?> EmbeddedLimit = new() { ["Gateway:MaxUnconsumedBytes"] = "2097152" };

    [Fact]
    public async Task ConsumerNotReading_GatewayAnswers503WithRetryAfter_BeforeTheClusterEvictsAnAcceptedEvent()
    {
        // No consumer at all: the extreme of a consumer that falls behind.
        await using var host = Host(kafka, EmbeddedLimit, services => services.Remove(
            services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(EventConsumer))));
        using var http = host.CreateHttpClient();

        // 30 batches of 1,000 events to one unit (one partition): ~7 MiB, more than the partition keeps.
        var accepted = 0;
        HttpResponseMessage? refused = null;
        for (var batch = 0; batch < 30 && refused is null; batch++)
        {
            var response = await Post(http, Batch(batch, 1000));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted += (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32();
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        using (refused)
        {
            refused.ShouldNotBeNull($"all {accepted} events were accepted although the consumer read none of them");
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(1));
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().ShouldBe("backlog-full");
        }

        // Every accepted event is still on the topic: nothing was evicted.
        var (low, high) = Watermarks(host.Topic, "FGH-ED");
        low.ShouldBe(0, "the cluster evicted accepted events the consumer had not read");
        high.ShouldBe(accepted);
    }

    [Fact]
    public async Task PostingFasterThanTheConsumerReads_EveryAcceptedEventIsApplied_AndRefusedRequestsSucceedOnRetry()
    {
        await using var host = Host(kafka, EmbeddedLimit);
        using var http = host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "consumer assignment");

        // 40,000 events (~10 MiB) to one unit from 8 concurrent senders, each request resent until accepted.
        const int batches = 40;
        const int perBatch = 1000;
        var refusals = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, batches), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, _) =>
        {
            var body = Batch(batch, perBatch);
            await Eventually.Until(async () =>
            {
                using var response = await Post(http, body);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref refusals);
                    return false;
                }

                response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
                return true;
            }, Timeout, $"batch {batch} accepted", pollInterval: TimeSpan.FromMilliseconds(50));
        });

        await Eventually.Until(async () => await Applied(http, "FGH-ED") >= batches * perBatch, Timeout, "every accepted event applied");
        // Exactly: the ids are distinct, so a duplicate would show as more, an evicted event as fewer. (The partition's
        // low watermark does move here — the cluster drops messages the consumer has already read, which is harmless.)
        (await Applied(http, "FGH-ED")).ShouldBe(batches * perBatch);
    }

    /// <summary>Valid arrivals at FGH-ED with ids and subjects of letters only (a ten-digit run could be an NHS number).</summary>
    private static byte[] Batch(int batch, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var events = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var tag = Letters(batch) + "x" + Letters(i);
            events[i] = TestEvents.Event("ae.arrived", "FGH-ED", "att-" + tag, now.AddMinutes(-1), new { arrivalMode = "walk-in", ageBand = "18-64" }, id: "evt-backlog-" + tag);
        }

        return Array(events);
    }

    private static string Letters(int value) => string.Concat(value.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('g' + (c - '0'))));

    private (long Low, long High) Watermarks(string topic, string unit)
    {
        using var consumer = kafka.CreateConsumer(topic);
        var partition = KafkaPartitioner.Murmur2Partition(unit, kafka.PartitionCount(topic));
        var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10));
        return (marks.Low.Value, marks.High.Value);
    }

    private static async Task<long> Applied(HttpClient http, string unit)
    {
        var stats = await http.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        return stats.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unit").GetString() == unit).GetProperty("applied").GetInt64();
    }
}
