using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using BuryUrgentCare.Support;
using Confluent.Kafka;

namespace BuryUrgentCare.Gateway;

/// <summary>Integrators, requests and Kafka reads for the gateway tests.</summary>
internal static class GatewayTestSupport
{
    public const string Key = "k3y-for-the-ed-epr-integrator";
    public const string OtherKey = "k3y-for-the-ivch-telephony";

    /// <summary>Host settings registering integrator <paramref name="index"/> of <c>Gateway:Integrators</c>.</summary>
    public static Dictionary<string, string?> Integrator(string name, string key, int? requestsPerMinute = null, int index = 0, Dictionary<string, string?>? into = null)
    {
        var settings = into ?? [];
        settings[$"Gateway:Integrators:{index}:Name"] = name;
        settings[$"Gateway:Integrators:{index}:KeySha256"] = IntegratorOptions.HashKey(key);
        if (requestsPerMinute is { } limit)
        {
            settings[$"Gateway:Integrators:{index}:RequestsPerMinute"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>A host with one integrator (<see cref="Key"/>) plus any extra settings.</summary>
    public static BuryHost Host(KafkaTestCluster kafka, Dictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var all = Integrator("fgh-ed-epr", Key);
        foreach (var (name, value) in settings ?? [])
        {
            all[name] = value;
        }

        return new BuryHost(kafka, kafka.NewTopic(), settings: all, services: services);
    }

    public static Task<HttpResponseMessage> Post(HttpClient http, byte[] body, string? key = Key, bool chunked = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, GatewayApi.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (key is not null)
        {
            request.Headers.Add(IntegratorRegistry.HeaderName, key);
        }

        if (chunked)
        {
            request.Content = new StreamContent(new NonSeekableStream(body));
            request.Headers.TransferEncodingChunked = true;
        }

        return http.SendAsync(request);
    }

    /// <summary>A JSON array of the given events, written with uneven whitespace so exact-bytes handling shows.</summary>
    public static byte[] Array(params byte[][] events)
    {
        var body = new List<byte>();
        body.AddRange("[\n  "u8.ToArray());
        for (var i = 0; i < events.Length; i++)
        {
            if (i > 0) body.AddRange(" ,\r\n\t"u8.ToArray());
            body.AddRange(events[i]);
        }

        body.AddRange("\n]\n"u8.ToArray());
        return [.. body];
    }

    /// <summary>Reads the topic until <paramref name="count"/> messages arrived or the timeout passes.</summary>
    public static List<ConsumeResult<byte[]?, byte[]?>> Read(KafkaTestCluster kafka, string topic, int count, TimeSpan timeout)
    {
        using var consumer = kafka.CreateConsumer(topic);
        var read = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (read.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false, Message: not null } result)
            {
                read.Add(result);
            }
        }

        consumer.Close();
        return read;
    }

    /// <summary>How many messages the topic holds over all its partitions (sum of high watermarks).</summary>
    public static long MessageCount(KafkaTestCluster kafka, string topic)
    {
        using var consumer = kafka.CreateConsumer(topic);
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        return metadata.Topics.Single().Partitions
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
    }

    public static string Text(byte[]? utf8) => utf8 is null ? "" : Encoding.UTF8.GetString(utf8);

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>
/// A producer whose every send fails as a broker outage would (message timed out): the seam that lets the
/// 503 path be tested without taking a cluster down. A proxy, so only the members the gateway calls exist.
/// </summary>
public class FailingProducer : DispatchProxy
{
    public static IProducer<string, byte[]> Create() => DispatchProxy.Create<IProducer<string, byte[]>, FailingProducer>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IProducer<string, byte[]>.ProduceAsync) => Task.FromException<DeliveryResult<string, byte[]>>(
            new ProduceException<string, byte[]>(
                new Error(ErrorCode.Local_MsgTimedOut, "Local: Message timed out"),
                new DeliveryResult<string, byte[]> { Status = PersistenceStatus.NotPersisted })),
        nameof(IProducer<string, byte[]>.Flush) => targetMethod.ReturnType == typeof(int) ? 0 : null,
        nameof(IDisposable.Dispose) => null,
        _ => throw new NotSupportedException($"{targetMethod?.Name} is not part of the fake"),
    };
}
