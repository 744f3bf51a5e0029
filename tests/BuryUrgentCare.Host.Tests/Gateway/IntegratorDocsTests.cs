using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// The published contract (docs/schemas, docs/examples, docs/integrators.md) agrees with the parser that
/// enforces it: every example validates against its schema and is accepted by the real parser, and each
/// schema rejects bad variants of its example that the parser rejects too, with the documented reason.
/// </summary>
public sealed class IntegratorDocsTests
{
    // After every example's time, so none is "in the future".
    private static readonly DateTimeOffset ReceivedAt = new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero);

    private static readonly Lazy<PublishedSchemas> Schemas = new(() => PublishedSchemas.FromDirectory(Docs("schemas")));

    private readonly EventParser _parser = new(UnitCatalog.Bury);

    public static TheoryData<string> Types => [.. EventTypes.WireNames];

    [Fact]
    public void EveryTypeHasExactlyOneExampleAndOneSchema()
    {
        Directory.GetFiles(Docs("examples")).Select(Path.GetFileName).ShouldBe(EventTypes.WireNames.Select(t => t + ".json"), ignoreOrder: true);
        Directory.GetFiles(Docs("schemas")).Select(Path.GetFileName)
            .ShouldBe(EventTypes.WireNames.Select(t => t + ".schema.json").Append("envelope.schema.json"), ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Example_ValidatesAgainstItsSchema_AndIsAcceptedByTheParser(string type)
    {
        var example = File.ReadAllBytes(Example(type));

        Schemas.Value.Validate(SchemaOf(type), Text(example)).ShouldBeEmpty();
        _parser.TryParse(example, ReceivedAt, out var evt, out var rejection).ShouldBeTrue(rejection.ToString());
        evt.Type.WireName().ShouldBe(type);

        var json = JsonNode.Parse(example)!;
        evt.Unit.ShouldBe(UnitIndex((string)json["unit"]!));
        var time = DateTimeOffset.Parse((string)json["time"]!, System.Globalization.CultureInfo.InvariantCulture);
        time.Year.ShouldBe(2026);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Schema_RejectsBadVariantsOfItsExample_ThatTheParserAlsoRejects(string type)
    {
        var variants = Variants(type).ToList();
        variants.Count.ShouldBeGreaterThan(CommonVariants().Count(), "every type has variants of its own");

        foreach (var (name, mutate, reason) in variants)
        {
            var example = JsonNode.Parse(File.ReadAllText(Example(type)))!.AsObject();
            mutate(example);
            var bad = example.ToJsonString();

            Schemas.Value.Validate(SchemaOf(type), bad).ShouldNotBeEmpty($"{type}, {name}: the schema should reject it");
            _parser.TryParse(Encoding.UTF8.GetBytes(bad), ReceivedAt, out _, out var rejection).ShouldBeFalse($"{type}, {name}: the parser should reject it");
            rejection.Code.ShouldBe(reason, $"{type}, {name}");
        }
    }

    [Fact]
    public void RulesTheSchemaCannotExpress_AreEnforcedByTheParser_AsDocumented()
    {
        // Each of these is valid by the schema; the parser rejects it. docs/integrators.md lists them.
        var gaps = new (string Type, string Name, Func<string, string> Mutate, string Reason)[]
        {
            ("ae.arrived", "NHS number as subject", json => Set(json, e => e["subject"] = "943 476 5919"), "identifiable-data"),
            ("ae.arrived", "NHS number in an unknown data field", json => Set(json, e => e["data"]!["note"] = "9434765919"), "identifiable-data"),
            ("ae.seen", "time 10 minutes ahead of the receiver", json => Set(json, e => e["time"] = ReceivedAt.AddMinutes(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)), "future-time"),
            ("ivch.outcome", "an IVCH type for the ED unit", json => Set(json, e => e["unit"] = "FGH-ED"), "type-unit-mismatch"),
            ("ae.assessed", "acuity written 3.0", json => json.Replace("\"acuity\":3", "\"acuity\":3.0", StringComparison.Ordinal), "bad-value"),
            ("ae.seen", "an attribute given twice", json => "{\"id\":\"first\"," + json[1..], "bad-value"),
            ("utc.arrived", "streamedFrom.arrived after the UTC arrival", json => Set(json, e => e["data"]!["streamedFrom"]!["arrived"] = "2026-11-22T11:00:00Z"), "bad-value"),
            ("capacity.declared", "a resource with an empty name", json => Set(json, e => e["data"]!["resources"]![""] = 1), "bad-value"),
            ("ae.handover", "larger than 64 KiB", json => Set(json, e => e["padding"] = new string('x', EventParser.MaxMessageBytes)), "too-large"),
        };

        foreach (var (type, name, mutate, reason) in gaps)
        {
            var json = mutate(JsonNode.Parse(File.ReadAllText(Example(type)))!.ToJsonString());

            Schemas.Value.Validate(SchemaOf(type), json).ShouldBeEmpty($"{type}, {name}: JSON Schema cannot see this");
            _parser.TryParse(Encoding.UTF8.GetBytes(json), ReceivedAt, out _, out var rejection).ShouldBeFalse($"{type}, {name}");
            rejection.Code.ShouldBe(reason, $"{type}, {name}");
        }
    }

    [Fact]
    public void IntegratorGuide_ExplainsEveryReasonCode_DeadLetterHeader_AndLinksEverySchemaAndExample()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "integrators.md"));

        foreach (var code in RejectionReasons.AllCodes)
        {
            guide.ShouldContain($"| `{code}` |", customMessage: $"reason code {code} has a row in the table");
        }

        foreach (var header in new[] { DeadLetterWriter.ReasonHeader, DeadLetterWriter.DetailHeader, DeadLetterWriter.TopicHeader, DeadLetterWriter.PartitionHeader, DeadLetterWriter.OffsetHeader, DeadLetterWriter.RejectedAtHeader })
        {
            guide.ShouldContain($"`{header}`");
        }

        foreach (var type in EventTypes.WireNames)
        {
            guide.ShouldContain($"(schemas/{type}.schema.json)");
            guide.ShouldContain($"(examples/{type}.json)");
        }

        guide.ShouldContain("kcat -b");
        guide.ShouldContain(IntegratorOptions.DemoKey);
    }

    private static IEnumerable<(string Name, Action<JsonObject> Mutate, string Reason)> Variants(string type)
    {
        foreach (var variant in CommonVariants())
        {
            yield return variant;
        }

        if (type is not ("capacity.declared" or "census.declared"))
        {
            yield return ("without subject", e => e.Remove("subject"), "missing-field");
            yield return ("subject of 65 characters", e => e["subject"] = new string('s', 65), "bad-value");
        }

        switch (type)
        {
            case "utc.arrived":
                yield return ("streamedFrom without arrived", e => e["data"]!["streamedFrom"]!.AsObject().Remove("arrived"), "bad-value");
                yield return ("streamedFrom a string", e => e["data"]!["streamedFrom"] = "att-5e0a7d13", "bad-value");
                yield return ("streamedFrom.arrived without offset", e => e["data"]!["streamedFrom"]!["arrived"] = "2026-11-22T09:58:10", "bad-value");
                goto case "ae.arrived";
            case "ae.arrived":
                yield return ("arrivalMode helicopter", e => e["data"]!["arrivalMode"] = "helicopter", "bad-value");
                yield return ("without arrivalMode", e => e["data"]!.AsObject().Remove("arrivalMode"), "missing-field");
                yield return ("without data", e => e.Remove("data"), "missing-field");
                yield return ("acuity 6", e => e["data"]!["acuity"] = 6, "bad-value");
                yield return ("ageBand 90+", e => e["data"]!["ageBand"] = "90+", "bad-value");
                break;
            case "ae.assessed" or "utc.assessed":
                yield return ("acuity 0", e => e["data"]!["acuity"] = 0, "bad-value");
                yield return ("acuity as a string", e => e["data"]!["acuity"] = "3", "bad-value");
                yield return ("without acuity", e => e["data"]!.AsObject().Remove("acuity"), "missing-field");
                break;
            case "ae.admit-decision":
                yield return ("specialty a number", e => e["data"]!["specialty"] = 42, "bad-value");
                yield return ("specialty free text", e => e["data"]!["specialty"] = "Dr Smith's team", "bad-value");
                break;
            case "ae.departed":
                yield return ("a UTC disposition", e => e["data"]!["disposition"] = "referred-gp", "bad-value");
                yield return ("without disposition", e => e["data"]!.AsObject().Remove("disposition"), "missing-field");
                break;
            case "utc.departed":
                yield return ("an ED disposition", e => e["data"]!["disposition"] = "admitted", "bad-value");
                break;
            case "greencar.dispatched":
                yield return ("category C6", e => e["data"]!["category"] = "C6", "bad-value");
                yield return ("category lower case", e => e["data"]!["category"] = "c3", "bad-value");
                break;
            case "greencar.outcome" or "greencar.outcome-corrected":
                yield return ("outcome conveyed-gp", e => e["data"]!["outcome"] = "conveyed-gp", "bad-value");
                yield return ("without outcome", e => e["data"]!.AsObject().Remove("outcome"), "missing-field");
                break;
            case "ivch.call-received":
                yield return ("route 999", e => e["data"]!["route"] = "999", "bad-value");
                break;
            case "ivch.outcome" or "ivch.outcome-corrected":
                yield return ("booked as a string", e => e["data"]!["booked"] = "yes", "bad-value");
                yield return ("without disposition", e => e["data"]!.AsObject().Remove("disposition"), "missing-field");
                yield return ("an ED disposition", e => e["data"]!["disposition"] = "admitted", "bad-value");
                break;
            case "census.declared":
                yield return ("without subjects", e => e["data"]!.AsObject().Remove("subjects"), "missing-field");
                yield return ("subjects an object", e => e["data"]!["subjects"] = new JsonObject(), "bad-value");
                yield return ("a subject of 65 characters", e => e["data"]!["subjects"]!.AsArray().Add(new string('s', 65)), "bad-value");
                yield return ("a subject a number", e => e["data"]!["subjects"]!.AsArray().Add(42), "bad-value");
                break;
            case "capacity.declared":
                yield return ("a negative resource", e => e["data"]!["resources"]!["cubicles"] = -1, "bad-value");
                yield return ("a fractional resource", e => e["data"]!["resources"]!["cubicles"] = 2.5, "bad-value");
                yield return ("no resources", e => e["data"]!["resources"] = new JsonObject(), "bad-value");
                yield return ("without resources", e => e["data"]!.AsObject().Remove("resources"), "missing-field");
                break;
            default:
                // handover, seen, on-scene, clear, ivch.assessed, abandoned, entered-in-error: no data; the subject variants above are theirs.
                yield return ("data an array", e => e["data"] = new JsonArray(), "bad-value");
                break;
        }
    }

    /// <summary>Envelope mistakes, applicable to every type.</summary>
    private static IEnumerable<(string Name, Action<JsonObject> Mutate, string Reason)> CommonVariants() =>
    [
        ("without id", e => e.Remove("id"), "missing-field"),
        ("empty id", e => e["id"] = "", "bad-value"),
        ("id of 129 characters", e => e["id"] = new string('i', 129), "bad-value"),
        ("without source", e => e.Remove("source"), "missing-field"),
        ("blank source", e => e["source"] = " ", "bad-value"),
        ("specversion 0.3", e => e["specversion"] = "0.3", "bad-value"),
        ("without time", e => e.Remove("time"), "missing-field"),
        ("time without offset", e => e["time"] = "2026-11-22T09:41:07", "bad-time"),
        ("time on 30 February", e => e["time"] = "2026-02-30T09:41:07Z", "bad-time"),
        ("time with a space", e => e["time"] = "2026-11-22 09:41:07Z", "bad-time"),
        ("without unit", e => e.Remove("unit"), "missing-field"),
        ("unknown unit", e => e["unit"] = "FGH-XX", "unknown-unit"),
        ("unknown type", e => e["type"] = "ae.teleported", "unknown-type"),
        ("datacontenttype text/plain", e => e["datacontenttype"] = "text/plain", "bad-value"),
        ("data a string", e => e["data"] = "x", "bad-value"),
    ];

    private static string Set(string json, Action<JsonObject> mutate)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        mutate(node);
        return node.ToJsonString();
    }

    private static int UnitIndex(string unit) => UnitCatalog.Bury.TryGetIndex(unit, out var index) ? index : -1;

    private static string SchemaOf(string type) => type + ".schema.json";

    private static string Example(string type) => Path.Combine(Docs("examples"), type + ".json");

    private static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    private static string Docs(string folder) => Path.Combine(RepositoryFiles.Root, "docs", folder);
}
