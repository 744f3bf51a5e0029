using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BuryUrgentCare.Contract;

/// <summary>
/// Builds contract v1 events as UTF-8 JSON for tests. <see cref="For"/> starts from a valid event of
/// the given type (envelope plus the minimal required <c>data</c>), so a test states only what it changes:
/// <code>EventJson.For("ae.arrived").Data(new { arrivalMode = "ambulance" }).Without("subject").Build()</code>
/// Attributes keep their insertion order; <see cref="Append"/> and <see cref="AppendRaw"/> add a second
/// attribute of the same name, and the <c>Raw</c> variants write a JSON value exactly as given (escapes,
/// malformed values). Attribute and data field names are written verbatim between quotes, so a test can
/// send an escaped name such as <c>t\u0079pe</c>. Non-ASCII text is written as UTF-8, not escaped.
/// </summary>
internal sealed class EventJson
{
    public const string DefaultId = "evt-0001";
    public const string DefaultSource = "urn:bury:fgh:ed-epr";
    public const string DefaultTime = "2026-11-22T09:41:07Z";
    public const string DefaultSubject = "att-0001";

    /// <summary><see cref="DefaultTime"/> as a value.</summary>
    public static readonly DateTimeOffset DefaultTimeValue = new(2026, 11, 22, 9, 41, 7, TimeSpan.Zero);

    /// <summary>A receiver clock a little after <see cref="DefaultTime"/>: default events are neither future nor stale.</summary>
    public static readonly DateTimeOffset ReceivedAt = new(2026, 11, 22, 9, 45, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions NodeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<(string Name, string Json)> _attributes = [];

    // The fields of data while it is built field by field (names verbatim, values raw); null otherwise.
    private List<(string Name, string Json)>? _dataFields;

    private EventJson()
    {
    }

    /// <summary>Every contract v1.1 type (v1's, then the corrections), in contract order.</summary>
    public static IReadOnlyList<string> AllTypes { get; } =
    [
        "ae.arrived", "ae.handover", "ae.assessed", "ae.seen", "ae.admit-decision", "ae.departed",
        "utc.arrived", "utc.assessed", "utc.seen", "utc.departed",
        "greencar.dispatched", "greencar.on-scene", "greencar.outcome", "greencar.clear",
        "ivch.call-received", "ivch.assessed", "ivch.outcome", "ivch.abandoned",
        "capacity.declared",
        "ae.entered-in-error", "utc.entered-in-error",
        "greencar.outcome-corrected", "greencar.entered-in-error",
        "ivch.outcome-corrected", "ivch.entered-in-error",
        "census.declared",
        "ae.referred",
    ];

    /// <summary>A valid event of <paramref name="type"/> for a unit that accepts it.</summary>
    public static EventJson For(string type)
    {
        var builder = new EventJson()
            .With("specversion", "1.0")
            .With("id", DefaultId)
            .With("source", DefaultSource)
            .With("type", type)
            .With("time", DefaultTime)
            .With("unit", UnitFor(type));
        if (type is not ("capacity.declared" or "census.declared"))
        {
            builder.With("subject", DefaultSubject);
        }

        return DefaultData(type) is { } data ? builder.Data(data) : builder;
    }

    /// <summary>The Bury unit whose service accepts <paramref name="type"/> (<c>FGH-ED</c> for capacity).</summary>
    public static string UnitFor(string type) => type[..type.IndexOf('.', StringComparison.Ordinal)] switch
    {
        "ae" => "FGH-ED",
        "utc" => "FGH-UTC",
        "greencar" => "BURY-GREENCAR",
        "ivch" => "BURY-IVCH",
        _ => "FGH-ED",
    };

    /// <summary>The minimal valid <c>data</c> of a type; null for types that carry none.</summary>
    public static object? DefaultData(string type) => type switch
    {
        "ae.arrived" or "utc.arrived" => new { arrivalMode = "walk-in" },
        "ae.assessed" or "utc.assessed" => new { acuity = 3 },
        "ae.departed" or "utc.departed" => new { disposition = "discharged" },
        "greencar.dispatched" => new { category = "C2" },
        "greencar.outcome" or "greencar.outcome-corrected" => new { outcome = "see-and-treat" },
        "ivch.call-received" => new { route = "111" },
        "ivch.outcome" or "ivch.outcome-corrected" => new { disposition = "self-care" },
        "capacity.declared" => new { resources = new { cubicles = 24 } },
        "census.declared" => new { subjects = new[] { "att-0002", "att-0003" } },
        "ae.referred" => new { specialty = "acute-medicine" },
        _ => null,
    };

    /// <summary>Sets an attribute (replacing it in place if present) to <paramref name="value"/> serialized as JSON.</summary>
    public EventJson With(string name, object? value) => WithRaw(name, ToJson(value));

    /// <summary>Sets an attribute to a raw JSON value, written exactly as given.</summary>
    public EventJson WithRaw(string name, string json)
    {
        if (name == "data")
        {
            _dataFields = null;
        }

        return Set(name, json);
    }

    private EventJson Set(string name, string json)
    {
        var index = _attributes.FindIndex(a => a.Name == name);
        if (index >= 0)
        {
            _attributes[index] = (name, json);
        }
        else
        {
            _attributes.Add((name, json));
        }

        return this;
    }

    /// <summary>Adds an attribute at the end even if one of that name exists (a duplicate).</summary>
    public EventJson Append(string name, object? value) => AppendRaw(name, ToJson(value));

    /// <summary>Adds an attribute with a raw JSON value at the end, even if one of that name exists.</summary>
    public EventJson AppendRaw(string name, string json)
    {
        if (name == "data")
        {
            _dataFields = null;
        }

        _attributes.Add((name, json));
        return this;
    }

    /// <summary>Removes every attribute named <paramref name="name"/>.</summary>
    public EventJson Without(string name)
    {
        if (name == "data")
        {
            _dataFields = null;
        }

        _attributes.RemoveAll(a => a.Name == name);
        return this;
    }

    /// <summary>Replaces <c>data</c>; <c>null</c> removes the attribute.</summary>
    public EventJson Data(object? data) => data is null ? Without("data") : With("data", data);

    /// <summary>Sets one field inside <c>data</c>, creating <c>data</c> if needed.</summary>
    public EventJson DataField(string name, object? value) => DataFieldRaw(name, ToJson(value));

    /// <summary>Sets one field inside <c>data</c> to a raw JSON value, written exactly as given.</summary>
    public EventJson DataFieldRaw(string name, string json)
    {
        var fields = CurrentDataFields();
        var index = fields.FindIndex(f => f.Name == name);
        if (index >= 0)
        {
            fields[index] = (name, json);
        }
        else
        {
            fields.Add((name, json));
        }

        return Set("data", "{" + string.Join(",", fields.Select(f => "\"" + f.Name + "\":" + f.Json)) + "}");
    }

    /// <summary>Removes one field from <c>data</c>.</summary>
    public EventJson WithoutDataField(string name)
    {
        var fields = CurrentDataFields();
        fields.RemoveAll(f => f.Name == name);
        return Set("data", "{" + string.Join(",", fields.Select(f => "\"" + f.Name + "\":" + f.Json)) + "}");
    }

    /// <summary>The event as UTF-8 bytes.</summary>
    public byte[] Build() => Encoding.UTF8.GetBytes(ToString());

    /// <summary>The event as JSON text.</summary>
    public override string ToString() =>
        "{" + string.Join(",", _attributes.Select(a => "\"" + a.Name + "\":" + a.Json)) + "}";

    /// <summary>A JSON string literal for <paramref name="text"/> (non-ASCII kept as is).</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, NodeOptions);

    private List<(string Name, string Json)> CurrentDataFields()
    {
        if (_dataFields is null)
        {
            var current = _attributes.FindLast(a => a.Name == "data").Json;
            var data = current is not null && JsonNode.Parse(current) is JsonObject o ? o : [];
            _dataFields = [.. data.Select(p => (p.Key, p.Value?.ToJsonString(NodeOptions) ?? "null"))];
        }

        return _dataFields;
    }

    private static string ToJson(object? value) => value is JsonNode node
        ? node.ToJsonString(NodeOptions)
        : JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), NodeOptions);
}
