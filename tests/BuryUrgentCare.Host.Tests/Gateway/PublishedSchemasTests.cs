using System.Text.Json.Nodes;
using BuryUrgentCare.Support;
using Json.Schema;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// How the published schemas are loaded and what a rejection says. That every example validates, and
/// that the schemas reject what the parser rejects, is <see cref="IntegratorDocsTests"/>.
/// </summary>
public sealed class PublishedSchemasTests
{
    private static readonly Lazy<PublishedSchemas> Published = new(() => PublishedSchemas.FromDirectory(Docs("schemas")));

    [Fact]
    public void Validate_InvalidEvent_NamesEachViolationWithItsLocationAndRule()
    {
        var arrival = Example("ae.arrived");
        arrival.Remove("unit");
        arrival["data"]!["acuity"] = 6;

        var errors = Published.Value.Validate("ae.arrived.schema.json", arrival.ToJsonString());

        errors.ShouldContain(e => e.StartsWith("/data/acuity: ", StringComparison.Ordinal) && e.Contains('5') && e.Contains("maximum", StringComparison.Ordinal), string.Join("\n", errors));
        errors.ShouldContain(e => e.StartsWith("/: ", StringComparison.Ordinal) && e.Contains("unit", StringComparison.Ordinal) && e.Contains("required", StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Fact]
    public void Validate_DateTimeThatDoesNotExist_IsRejectedByTheFormat()
    {
        // The dateTime pattern allows day 30 in any month: only an asserted format catches 30 February.
        var seen = Example("ae.seen");
        seen["time"] = "2026-02-30T09:41:07Z";

        var errors = Published.Value.Validate("ae.seen.schema.json", seen.ToJsonString());

        errors.ShouldHaveSingleItem().ShouldStartWith("/time: ");
        errors[0].ShouldContain("/format)");
    }

    [Fact]
    public void Validate_SchemaWithAMisspeltKeyword_IsRefusedRatherThanTheKeywordIgnored()
    {
        using var directory = new TemporarySchemaDirectory(("typo.schema.json", """{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string", "maxLenght": 3}"""));
        var sut = PublishedSchemas.FromDirectory(directory.Path);

        Should.Throw<InvalidOperationException>(() => sut.Validate("typo.schema.json", "\"abcd\"")).Message.ShouldContain("maxLenght");
    }

    [Fact]
    public void Validate_RefToAFileThatIsNotThere_Throws()
    {
        using var directory = new TemporarySchemaDirectory(("a.schema.json", """{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://schemas.example/a.schema.json", "allOf": [{"$ref": "missing.schema.json"}]}"""));
        var sut = PublishedSchemas.FromDirectory(directory.Path);

        Should.Throw<RefResolutionException>(() => sut.Validate("a.schema.json", "{}")).Message.ShouldContain("missing.schema.json");
    }

    private static JsonObject Example(string type) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Docs("examples"), type + ".json")))!.AsObject();

    private static string Docs(string folder) => Path.Combine(RepositoryFiles.Root, "docs", folder);

    private sealed class TemporarySchemaDirectory : IDisposable
    {
        public TemporarySchemaDirectory(params (string Name, string Text)[] files)
        {
            Path = Directory.CreateTempSubdirectory("schemas-").FullName;
            foreach (var (name, text) in files)
            {
                File.WriteAllText(System.IO.Path.Combine(Path, name), text);
            }
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
