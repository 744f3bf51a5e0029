using System.Text;
using BuryUrgentCare.Support;
using Confluent.Kafka;

namespace BuryUrgentCare.Ingestion;

[Collection(KafkaCollection.Name)]
public sealed class DeadLetterTests(KafkaTestCluster kafka)
{
    [Fact]
    public async Task MalformedMessage_LandsOnDeadLetterTopicWithReasonAndOrigin_AndConsumingContinues()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "readiness");
        using var producer = kafka.CreateProducer();
        var bad = Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":");

        var delivered = await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = "FGH-ED", Value = bad });
        await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = "FGH-ED", Value = TestEvents.AeArrived("after-bad", DateTimeOffset.UtcNow) });

        using var reader = kafka.CreateConsumer(host.DeadLetterTopic);
        var dead = reader.Consume(TimeSpan.FromSeconds(30));
        dead.ShouldNotBeNull("nothing arrived on the dead-letter topic");
        dead.Message.Value.ShouldBe(bad);
        Header(dead, DeadLetterWriter.ReasonHeader).ShouldBe("malformed-json");
        Header(dead, DeadLetterWriter.DetailHeader).ShouldNotBeNullOrWhiteSpace();
        Header(dead, DeadLetterWriter.TopicHeader).ShouldBe(host.Topic);
        Header(dead, DeadLetterWriter.PartitionHeader).ShouldBe(delivered.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Header(dead, DeadLetterWriter.OffsetHeader).ShouldBe(delivered.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await Eventually.Until(
            async () => (await http.GetStringAsync("/api/units/FGH-ED")).Contains("\"inDepartment\":1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the valid event after the bad one is applied");
    }

    private static string Header(ConsumeResult<byte[]?, byte[]?> result, string key) =>
        Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(key));
}
