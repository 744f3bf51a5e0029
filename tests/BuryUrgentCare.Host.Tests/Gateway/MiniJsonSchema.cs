using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// A JSON Schema (draft 2020-12) validator for exactly the keywords our published schemas use, because
/// no validator package restores here. Keywords: <c>type</c>, <c>required</c>, <c>properties</c>,
/// <c>additionalProperties</c>, <c>minProperties</c>, <c>enum</c>, <c>const</c>, <c>minimum</c>,
/// <c>maximum</c>, <c>minLength</c>, <c>maxLength</c>, <c>pattern</c>, <c>allOf</c>, <c>$ref</c> (to a
/// sibling file and/or a <c>#/$defs/…</c> pointer) and <c>format: date-time</c> (asserted, strictly).
/// Any other keyword throws: a schema must never rely on one this validator silently ignores.
/// </summary>
public sealed partial class MiniJsonSchema
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default"];

    private readonly Dictionary<string, JsonElement> _documents;

    private MiniJsonSchema(Dictionary<string, JsonElement> documents) => _documents = documents;

    /// <summary>Every <c>*.json</c> file of a directory, by file name (the names <c>$ref</c> uses).</summary>
    public static MiniJsonSchema FromDirectory(string directory) =>
        new(Directory.GetFiles(directory, "*.json").ToDictionary(
            file => Path.GetFileName(file),
            file => JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone(),
            StringComparer.Ordinal));

    /// <summary>Schemas given as text, by the file name other schemas refer to them with.</summary>
    public static MiniJsonSchema FromDocuments(IReadOnlyDictionary<string, string> documents) =>
        new(documents.ToDictionary(d => d.Key, d => JsonDocument.Parse(d.Value).RootElement.Clone(), StringComparer.Ordinal));

    public IEnumerable<string> DocumentNames => _documents.Keys;

    /// <summary>Validates <paramref name="instance"/> against the schema document <paramref name="schemaName"/>; returns every violation.</summary>
    public IReadOnlyList<string> Validate(string schemaName, JsonElement instance)
    {
        var errors = new List<string>();
        Validate(Document(schemaName), schemaName, instance, "$", errors);
        return errors;
    }

    /// <inheritdoc cref="Validate(string, JsonElement)"/>
    public IReadOnlyList<string> Validate(string schemaName, string instanceJson)
    {
        using var document = JsonDocument.Parse(instanceJson);
        return Validate(schemaName, document.RootElement);
    }

    private JsonElement Document(string name) =>
        _documents.TryGetValue(name, out var document) ? document : throw new InvalidOperationException($"No schema document '{name}'.");

    private void Validate(JsonElement schema, string document, JsonElement instance, string path, List<string> errors)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return;
            case JsonValueKind.False:
                errors.Add($"{path}: no value is allowed here");
                return;
            case JsonValueKind.Object:
                break;
            default:
                throw new NotSupportedException($"A schema must be an object or a boolean, not {schema.ValueKind} ({document}).");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    var types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(t => t.GetString()!).ToArray() : [value.GetString()!];
                    if (!types.Any(t => HasType(instance, t)))
                    {
                        errors.Add($"{path}: expected {string.Join(" or ", types)}, found {Describe(instance)}");
                    }

                    break;
                case "required":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var name in value.EnumerateArray().Select(n => n.GetString()!))
                        {
                            if (!instance.TryGetProperty(name, out _))
                            {
                                errors.Add($"{path}: '{name}' is required");
                            }
                        }
                    }

                    break;
                case "properties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in value.EnumerateObject())
                        {
                            if (instance.TryGetProperty(property.Name, out var member))
                            {
                                Validate(property.Value, document, member, $"{path}.{property.Name}", errors);
                            }
                        }
                    }

                    break;
                case "additionalProperties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        var declared = schema.TryGetProperty("properties", out var properties)
                            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
                            : [];
                        foreach (var member in instance.EnumerateObject().Where(m => !declared.Contains(m.Name)))
                        {
                            Validate(value, document, member.Value, $"{path}.{member.Name}", errors);
                        }
                    }

                    break;
                case "minProperties":
                    if (instance.ValueKind == JsonValueKind.Object && instance.EnumerateObject().Count() < value.GetInt32())
                    {
                        errors.Add($"{path}: needs at least {value.GetInt32()} properties");
                    }

                    break;
                case "enum":
                    if (!value.EnumerateArray().Any(option => JsonElement.DeepEquals(option, instance)))
                    {
                        errors.Add($"{path}: {instance.GetRawText()} is not one of {value.GetRawText()}");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(value, instance))
                    {
                        errors.Add($"{path}: must be {value.GetRawText()}, found {instance.GetRawText()}");
                    }

                    break;
                case "minimum":
                    if (instance.ValueKind == JsonValueKind.Number && Number(instance) < Number(value))
                    {
                        errors.Add($"{path}: {instance.GetRawText()} is less than the minimum {value.GetRawText()}");
                    }

                    break;
                case "maximum":
                    if (instance.ValueKind == JsonValueKind.Number && Number(instance) > Number(value))
                    {
                        errors.Add($"{path}: {instance.GetRawText()} is more than the maximum {value.GetRawText()}");
                    }

                    break;
                case "minLength":
                    if (instance.ValueKind == JsonValueKind.String && Length(instance) < value.GetInt32())
                    {
                        errors.Add($"{path}: shorter than {value.GetInt32()} characters");
                    }

                    break;
                case "maxLength":
                    if (instance.ValueKind == JsonValueKind.String && Length(instance) > value.GetInt32())
                    {
                        errors.Add($"{path}: longer than {value.GetInt32()} characters");
                    }

                    break;
                case "pattern":
                    if (instance.ValueKind == JsonValueKind.String && !EcmaRegex(value.GetString()!).IsMatch(instance.GetString()!))
                    {
                        errors.Add($"{path}: does not match the pattern {value.GetString()}");
                    }

                    break;
                case "format":
                    if (value.GetString() != "date-time")
                    {
                        throw new NotSupportedException($"format '{value.GetString()}' is not supported ({document}).");
                    }

                    if (instance.ValueKind == JsonValueKind.String && !IsDateTime(instance.GetString()!))
                    {
                        errors.Add($"{path}: not an RFC 3339 date-time");
                    }

                    break;
                case "allOf":
                    foreach (var subschema in value.EnumerateArray())
                    {
                        Validate(subschema, document, instance, path, errors);
                    }

                    break;
                case "$ref":
                    var (target, targetDocument) = Resolve(value.GetString()!, document);
                    Validate(target, targetDocument, instance, path, errors);
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new NotSupportedException($"Keyword '{keyword.Name}' is not supported by MiniJsonSchema ({document}).");
                    }

                    break;
            }
        }
    }

    /// <summary><c>file.json</c>, <c>file.json#/$defs/x</c> or <c>#/$defs/x</c>, relative to the referring document.</summary>
    private (JsonElement Schema, string Document) Resolve(string reference, string document)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? reference : reference[..hash];
        var pointer = hash < 0 ? "" : reference[(hash + 1)..];
        var name = file.Length == 0 ? document : file;
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal))
        {
            throw new NotSupportedException($"$ref '{reference}' must name a sibling file ({document}).");
        }

        var schema = Document(name);
        foreach (var token in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty(key, out schema))
            {
                throw new InvalidOperationException($"$ref '{reference}' points at nothing ({document}).");
            }
        }

        return (schema, name);
    }

    /// <summary>
    /// ECMA-262 semantics where they matter for us: an unanchored search, <c>\d</c> meaning [0-9] only, and a
    /// final <c>$</c> matching only at the very end (.NET's also matches before a final newline).
    /// </summary>
    internal static Regex EcmaRegex(string pattern)
    {
        if (pattern.EndsWith('$') && !pattern.EndsWith(@"\$", StringComparison.Ordinal))
        {
            pattern = pattern[..^1] + @"\z";
        }

        return new Regex(pattern, RegexOptions.ECMAScript);
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        // JSON Schema: any number with a zero fractional part, so 3.0 is an integer (our parser is stricter).
        "integer" => instance.ValueKind == JsonValueKind.Number && decimal.Truncate(Number(instance)) == Number(instance),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"type '{type}' is not a JSON Schema type."),
    };

    private static decimal Number(JsonElement number) =>
        number.TryGetDecimal(out var value)
            ? value
            : (decimal)Math.Clamp(number.GetDouble(), (double)decimal.MinValue, (double)decimal.MaxValue);

    /// <summary>Characters as JSON Schema counts them: Unicode code points, not UTF-16 units.</summary>
    private static int Length(JsonElement text) => text.GetString()!.EnumerateRunes().Count();

    private static string Describe(JsonElement instance) => instance.ValueKind.ToString().ToLowerInvariant();

    /// <summary>RFC 3339 <c>date-time</c>: the grammar (offset mandatory) and a date that exists.</summary>
    internal static bool IsDateTime(string text)
    {
        var match = DateTimeGrammar().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        return year >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    // Hours 00-23, minutes and seconds 00-59 (no leap second: .NET and our parser cannot hold one),
    // optional fraction, then Z or a ±hh:mm offset; T and Z in either case, as RFC 3339 allows.
    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>0[1-9]|1[0-2])-(?<d>0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeGrammar();
}
