using System.Text.Json;
using Json.Schema;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// The published JSON Schemas (<c>docs/schemas</c>), built with JsonSchema.Net (draft 2020-12) in a
/// registry of their own, so a <c>$ref</c> to a sibling file resolves against that file's <c>$id</c>
/// and never reaches the network or the process-wide registry.
/// </summary>
internal sealed class PublishedSchemas
{
    private const string UnknownKeywords = "$unknownKeywords";

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        // 2020-12 treats format as an annotation by default; our schemas rely on date-time being asserted
        // (their pattern cannot tell that 30 February does not exist).
        RequireFormatValidation = true,
        // A misspelt keyword is otherwise ignored; Validate refuses a schema that has one.
        AddAnnotationForUnknownKeywords = true,
    };

    private readonly Dictionary<string, JsonSchema> _schemas;

    private PublishedSchemas(Dictionary<string, JsonSchema> schemas) => _schemas = schemas;

    /// <summary>Every <c>*.json</c> file of a directory, by file name. References are resolved when validating.</summary>
    public static PublishedSchemas FromDirectory(string directory)
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return new(Directory.GetFiles(directory, "*.json").ToDictionary(
            file => Path.GetFileName(file),
            file => JsonSchema.FromText(File.ReadAllText(file), options),
            StringComparer.Ordinal));
    }

    /// <summary>
    /// Validates <paramref name="instanceJson"/> against the schema in file <paramref name="schemaName"/>;
    /// returns every violation as "instance location: message (evaluation path)", empty when valid.
    /// </summary>
    /// <exception cref="RefResolutionException">A <c>$ref</c> names a schema that is not in the directory.</exception>
    /// <exception cref="InvalidOperationException">The schema uses a keyword JSON Schema does not define.</exception>
    public IReadOnlyList<string> Validate(string schemaName, string instanceJson)
    {
        if (!_schemas.TryGetValue(schemaName, out var schema))
        {
            throw new InvalidOperationException($"No schema document '{schemaName}'.");
        }

        using var instance = JsonDocument.Parse(instanceJson);
        var results = schema.Evaluate(instance.RootElement, Evaluation);
        var nodes = (results.Details ?? []).Prepend(results).ToList();

        var unknown = nodes.FirstOrDefault(node => node.Annotations?.ContainsKey(UnknownKeywords) == true);
        if (unknown is not null)
        {
            throw new InvalidOperationException($"{unknown.SchemaLocation} uses keywords JSON Schema does not define: {unknown.Annotations![UnknownKeywords]}.");
        }

        return [.. nodes
            .Where(node => node.Errors is { Count: > 0 })
            .SelectMany(node => node.Errors!.Select(error => $"{Location(node)}: {error.Value} ({node.EvaluationPath}/{error.Key})"))];
    }

    private static string Location(EvaluationResults node) =>
        node.InstanceLocation.ToString() is { Length: > 0 } pointer ? pointer : "/";
}
