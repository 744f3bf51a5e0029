using System.Globalization;
using System.Text;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Processing;
using Confluent.Kafka;

namespace BuryUrgentCare.Cluster;

/// <summary>
/// The figures table (issue 12): each unit's newest snapshot on the compacted topic <c>uec.figures</c>, key = unit, as
/// Kafka Streams' GlobalKTable keeps one. The worker that owns a unit writes it (<see cref="FiguresTablePublisher"/>);
/// every node reads the whole topic (<see cref="FiguresTableReader"/>) into <see cref="RemoteFigures"/>, so the API, the
/// hub, OPEL and alerts of any node cover every unit, whichever node's consumer owns it. Beside each department's
/// snapshot, its breach-risk list (key <c>{unit}/breach-risk</c>, header <see cref="RecordHeader"/> =
/// <see cref="BreachRiskRecord"/>), so the list, its page, the wallboard panel and the per-patient alerts are the same on
/// every node too.
/// </summary>
public static class FiguresTable
{
    /// <summary>The record format; a reader skips records of another version rather than misread them.</summary>
    public const string SchemaVersion = "1";

    public const string SchemaHeader = "schema-version";
    public const string OwnerHeader = "owner";
    public const string AsOfHeader = "as-of";

    /// <summary>What a record holds: absent for a unit's snapshot, <see cref="BreachRiskRecord"/> for a breach-risk list.</summary>
    public const string RecordHeader = "record";

    public const string BreachRiskRecord = "breach-risk";

    /// <summary>The key of a department's breach-risk list: apart from its snapshot's, so compaction keeps both.</summary>
    public static string BreachRiskKey(string unit) => unit + "/" + BreachRiskRecord;

    /// <summary>True for a breach-risk list's record (<see cref="ReadBreachRisk"/>), false for a snapshot's (<see cref="Read"/>).</summary>
    public static bool IsBreachRisk(Headers? headers) => Header(headers, RecordHeader) == BreachRiskRecord;

    /// <summary>The record of a department's breach-risk list: pseudonyms only, as the API serves it.</summary>
    public static Message<string, byte[]> Record(BreachRiskList list, string owner) => new()
    {
        Key = BreachRiskKey(list.Unit),
        Value = JsonSerializer.SerializeToUtf8Bytes(list, JsonSerializerOptions.Web),
        Headers = new Headers
        {
            { SchemaHeader, Encoding.UTF8.GetBytes(SchemaVersion) },
            { OwnerHeader, Encoding.UTF8.GetBytes(owner) },
            { AsOfHeader, Encoding.UTF8.GetBytes(list.AsOf.ToString("O", CultureInfo.InvariantCulture)) },
            { RecordHeader, Encoding.UTF8.GetBytes(BreachRiskRecord) },
        },
    };

    /// <summary>
    /// Reads a breach-risk list's record back, or null for one this node cannot use (another schema version, a key that
    /// is not a department's list, a value that is not its list).
    /// </summary>
    public static (int Unit, BreachRiskList List, string Owner)? ReadBreachRisk(UnitCatalog units, string? key, byte[]? value, Headers? headers)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (key is null || value is null || !IsBreachRisk(headers) || Header(headers, SchemaHeader) != SchemaVersion
            || Header(headers, OwnerHeader) is not { } owner)
        {
            return null;
        }

        try
        {
            var list = JsonSerializer.Deserialize<BreachRiskList>(value, JsonSerializerOptions.Web);
            return list is not null && units.TryGetIndex(list.Unit, out var unit) && key == BreachRiskKey(list.Unit)
                && units[unit].Service is ServiceKind.Ae or ServiceKind.Utc && list.Patients is not null
                ? (unit, list, owner)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The record of one unit's snapshot.</summary>
    public static Message<string, byte[]> Record(UnitSnapshot snapshot, string owner) => new()
    {
        Key = snapshot.Unit,
        Value = JsonSerializer.SerializeToUtf8Bytes(snapshot, JsonSerializerOptions.Web),
        Headers = new Headers
        {
            { SchemaHeader, Encoding.UTF8.GetBytes(SchemaVersion) },
            { OwnerHeader, Encoding.UTF8.GetBytes(owner) },
            { AsOfHeader, Encoding.UTF8.GetBytes(snapshot.AsOf.ToString("O", CultureInfo.InvariantCulture)) },
        },
    };

    /// <summary>
    /// Reads a record back: the unit's snapshot and the owner that wrote it, or null for a record this node cannot use
    /// (another schema version, an unknown unit, a value that is not a snapshot) — logged by the caller, never guessed.
    /// </summary>
    public static (UnitSnapshot Snapshot, string Owner)? Read(UnitCatalog units, string? key, byte[]? value, Headers? headers)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (key is null || value is null || !units.TryGetIndex(key, out var index)
            || Header(headers, SchemaHeader) != SchemaVersion || Header(headers, OwnerHeader) is not { } owner)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(value);
            var root = json.RootElement;
            // The figures' type follows from the unit's service (the JSON names no type, as the API's does not).
            var figuresType = units[index].Service switch
            {
                ServiceKind.Ae => typeof(EmergencyDepartmentFigures),
                ServiceKind.Utc => typeof(UrgentTreatmentCentreFigures),
                ServiceKind.GreenCar => typeof(GreenCarFigures),
                _ => typeof(IvchFigures),
            };
            var figures = (ServiceFigures?)root.GetProperty("figures").Deserialize(figuresType, JsonSerializerOptions.Web);
            if (figures is null || root.GetProperty("unit").GetString() != key)
            {
                return null;
            }

            var snapshot = new UnitSnapshot(
                key,
                root.GetProperty("name").GetString() ?? key,
                root.GetProperty("service").GetString() ?? "",
                root.GetProperty("asOf").GetDateTimeOffset(),
                figures)
            {
                Capacity = root.TryGetProperty("capacity", out var capacity)
                    ? capacity.Deserialize<Dictionary<string, long>>(JsonSerializerOptions.Web) ?? []
                    : new Dictionary<string, long>(),
                Liveness = root.TryGetProperty("liveness", out var liveness) ? liveness.Deserialize<UnitLiveness>(JsonSerializerOptions.Web) : null,
                Feed = root.TryGetProperty("feed", out var feed) ? feed.Deserialize<FeedStatus>(JsonSerializerOptions.Web) : null,
            };
            return (snapshot, owner);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}

/// <summary>
/// This node, as the owner named on the figures-table records it writes: host name and an id per start (one per host
/// instance, not per process: tests run two nodes in one process).
/// </summary>
public sealed record NodeIdentity(string Id)
{
    public static NodeIdentity New() => new($"{Environment.MachineName}/{Guid.NewGuid().ToString("N")[..8]}");
}
