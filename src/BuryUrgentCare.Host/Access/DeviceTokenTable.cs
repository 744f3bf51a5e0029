using System.Text;
using System.Text.Json;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Realtime;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Access;

/// <summary>
/// Device tokens shared by every node: each issue and revocation is a record on the compacted topic <c>uec.access</c>
/// (<see cref="KafkaOptions.AccessTopic"/>), key = token id, and every node reads the whole topic into its own
/// <see cref="AccessStore"/> — the figures table's pattern (a global table, as Kafka Streams keeps one). A screen given
/// a token by an admin on one node is let in by every node behind the proxy, and a revocation reaches every node within
/// a poll and closes the screen's hub connections there. A record is shared before it is applied: a token is handed
/// out, or reported revoked, only once the cluster has it.
/// </summary>
public sealed class DeviceTokenTable(
    KafkaConnection connection,
    AccessStore store,
    WallboardConnections connections,
    IOptions<AccessOptions> options,
    TimeProvider clock,
    ILogger<DeviceTokenTable> logger) : BackgroundService
{
    private readonly bool _shared = options.Value.DeviceTokens.Shared;

    /// <summary>The record format; a reader skips records of another version rather than misread them.</summary>
    public const string SchemaVersion = "1";

    public const string SchemaHeader = "schema-version";

    // An admin waits for the answer: a cluster that cannot take the record within 10 s is a 503, not a five-minute wait.
    private readonly Cluster.AnsweredProducer _producer = new(connection, TimeSpan.FromSeconds(10));
    private readonly string _topic = connection.Options.AccessTopic;
    private readonly Cluster.GlobalTableReader _reader = new(connection, connection.Options.AccessTopic, "device-token table",
        "tokens issued or revoked on other nodes are not seen here", clock, logger);

    /// <summary>Writes <paramref name="record"/> to the table and waits until the cluster has it (throws if it cannot).</summary>
    public async Task ShareAsync(DeviceTokenRecord record, CancellationToken cancellationToken)
    {
        if (_shared)
        {
            await _producer.ProduceAsync(_topic, Record(record), cancellationToken);
        }
    }

    /// <summary>Applies a record read from the table; a revocation closes the token's hub connections on this node.</summary>
    public void Received(DeviceTokenRecord record)
    {
        if (store.Apply(record))
        {
            connections.Abort(u => u.FindFirst(AccessClaims.Device)?.Value == record.Id);
        }
    }

    public static Message<string, byte[]> Record(DeviceTokenRecord record) => new()
    {
        Key = record.Id,
        Value = JsonSerializer.SerializeToUtf8Bytes(record, JsonSerializerOptions.Web),
        Headers = new Headers { { SchemaHeader, Encoding.UTF8.GetBytes(SchemaVersion) } },
    };

    /// <summary>The record, or null for one this node cannot use (another schema version, no key, not a record).</summary>
    public static DeviceTokenRecord? Read(string? key, byte[]? value, Headers? headers)
    {
        if (key is null || value is null || headers?.TryGetLastBytes(SchemaHeader, out var version) != true
            || Encoding.UTF8.GetString(version) != SchemaVersion)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DeviceTokenRecord>(value, JsonSerializerOptions.Web) is { } record
                && record.Id == key && record.Hash is { Length: > 0 } && record.Units is not null
                ? record
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => !_shared ? Task.CompletedTask : _reader.Start(message =>
    {
        if (Read(message.Key, message.Value, message.Headers) is { } record)
        {
            Received(record);
        }
        else
        {
            _reader.Unreadable(message.Key);
        }
    }, stoppingToken);

    // Registered as a singleton and as the hosted service (one instance): the container disposes it once for each.
    public override void Dispose()
    {
        _producer.Dispose();
        base.Dispose();
    }
}
