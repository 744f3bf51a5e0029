namespace BuryUrgentCare.Gateway;

public sealed class MiniJsonSchemaTests
{
    [Theory]
    [InlineData("\"string\"", "\"x\"", true)]
    [InlineData("\"string\"", "1", false)]
    [InlineData("\"integer\"", "3", true)]
    [InlineData("\"integer\"", "3.0", true)] // JSON Schema counts a zero fraction as an integer
    [InlineData("\"integer\"", "3.5", false)]
    [InlineData("\"number\"", "3.5", true)]
    [InlineData("\"boolean\"", "false", true)]
    [InlineData("\"boolean\"", "0", false)]
    [InlineData("\"null\"", "null", true)]
    [InlineData("\"object\"", "{}", true)]
    [InlineData("\"object\"", "[]", false)]
    [InlineData("\"array\"", "[]", true)]
    [InlineData("[\"object\", \"null\"]", "null", true)]
    [InlineData("[\"object\", \"null\"]", "\"x\"", false)]
    public void Type(string type, string instance, bool valid) =>
        IsValid($"{{\"type\": {type}}}", instance).ShouldBe(valid);

    [Fact]
    public void RequiredAndProperties_ReportThePathOfEachViolation()
    {
        var sut = Sut("""{"required": ["a", "b"], "properties": {"a": {"type": "object", "properties": {"c": {"type": "string"}}}}}""");

        var errors = sut.Validate("s.json", """{"a": {"c": 1}}""");

        errors.ShouldBe(["$: 'b' is required", "$.a.c: expected string, found number"], ignoreOrder: true);
    }

    [Fact]
    public void RequiredAndProperties_IgnoreValuesThatAreNotObjects() =>
        IsValid("""{"required": ["a"], "properties": {"a": false}}""", "\"text\"").ShouldBeTrue();

    [Theory]
    [InlineData("{\"a\": 1}", true)]
    [InlineData("{\"a\": 1, \"b\": 2}", false)]
    public void AdditionalPropertiesFalse_RejectsUndeclaredProperties(string instance, bool valid) =>
        IsValid("""{"properties": {"a": {}}, "additionalProperties": false}""", instance).ShouldBe(valid);

    [Theory]
    [InlineData("{\"name\": \"x\", \"beds\": 3}", true)]
    [InlineData("{\"name\": \"x\", \"beds\": -1}", false)]
    [InlineData("{\"name\": \"x\", \"beds\": \"3\"}", false)]
    public void AdditionalPropertiesSchema_AppliesToUndeclaredPropertiesOnly(string instance, bool valid) =>
        IsValid("""{"properties": {"name": {"type": "string"}}, "additionalProperties": {"type": "integer", "minimum": 0}}""", instance).ShouldBe(valid);

    [Theory]
    [InlineData("{}", false)]
    [InlineData("{\"a\": 1}", true)]
    public void MinProperties(string instance, bool valid) => IsValid("""{"minProperties": 1}""", instance).ShouldBe(valid);

    [Theory]
    [InlineData("\"walk-in\"", true)]
    [InlineData("\"Walk-in\"", false)]
    [InlineData("1", true)]
    [InlineData("\"1\"", false)]
    [InlineData("null", false)]
    public void Enum_ComparesJsonValuesExactly(string instance, bool valid) =>
        IsValid("""{"enum": ["walk-in", "ambulance", 1]}""", instance).ShouldBe(valid);

    [Theory]
    [InlineData("\"1.0\"", true)]
    [InlineData("1.0", false)]
    [InlineData("\"1.0 \"", false)]
    public void Const(string instance, bool valid) => IsValid("""{"const": "1.0"}""", instance).ShouldBe(valid);

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("5", true)]
    [InlineData("5.5", false)]
    [InlineData("\"9\"", true)] // the bounds only constrain numbers; type says the rest
    public void MinimumAndMaximum_AreInclusive(string instance, bool valid) =>
        IsValid("""{"minimum": 1, "maximum": 5}""", instance).ShouldBe(valid);

    [Theory]
    [InlineData("\"\"", false)]
    [InlineData("\"ab\"", true)]
    [InlineData("\"abc\"", false)]
    [InlineData("\"😀😀\"", true)] // two code points, four UTF-16 units
    [InlineData("\"é\"", true)]
    public void MinLengthAndMaxLength_CountCodePoints(string instance, bool valid) =>
        IsValid("""{"minLength": 1, "maxLength": 2}""", instance).ShouldBe(valid);

    [Theory]
    [InlineData("[0-9]", "\"ab1\"", true)] // unanchored: a match anywhere will do
    [InlineData("^[0-9]+$", "\"123\"", true)]
    [InlineData("^[0-9]+$", "\"123\\n\"", false)] // ECMA-262: $ is the very end, not before a final newline
    [InlineData("^\\\\d$", "\"٣\"", false)] // ECMA-262: \d is [0-9], not every Unicode digit
    [InlineData("[^ \\t]", "\"  \"", false)]
    public void Pattern_HasEcmaScriptSemantics(string pattern, string instance, bool valid) =>
        IsValid($"{{\"pattern\": \"{pattern}\"}}", instance).ShouldBe(valid);

    [Fact]
    public void AllOf_AppliesEverySubschema()
    {
        const string schema = """{"allOf": [{"type": "integer"}, {"minimum": 2}, {"maximum": 4}]}""";

        IsValid(schema, "3").ShouldBeTrue();
        Sut(schema).Validate("s.json", "5").Count.ShouldBe(1);
        Sut(schema).Validate("s.json", "\"x\"").Count.ShouldBe(1);
    }

    [Fact]
    public void Ref_ResolvesLocalDefsSiblingFilesAndSiblingDefs()
    {
        var sut = MiniJsonSchema.FromDocuments(new Dictionary<string, string>
        {
            ["base.json"] = """{"type": "object", "required": ["id"], "$defs": {"small": {"maximum": 3}, "viaLocal": {"$ref": "#/$defs/small"}}}""",
            ["event.json"] = """
                {"allOf": [{"$ref": "base.json"}],
                 "properties": {"n": {"$ref": "base.json#/$defs/viaLocal"}, "m": {"$ref": "#/$defs/tiny"}},
                 "$defs": {"tiny": {"maximum": 1}}}
                """,
        });

        sut.Validate("event.json", """{"id": 1, "n": 3, "m": 1}""").ShouldBeEmpty();
        sut.Validate("event.json", """{"n": 4, "m": 2}""").Count.ShouldBe(3);
    }

    [Fact]
    public void Ref_ToNothing_Throws() =>
        Should.Throw<InvalidOperationException>(() => Sut("""{"$ref": "#/$defs/missing"}""").Validate("s.json", "1"));

    [Fact]
    public void Ref_ToARemoteDocument_IsNotSupported() =>
        Should.Throw<NotSupportedException>(() => Sut("""{"$ref": "https://example.org/other.json"}""").Validate("s.json", "1"));

    [Theory]
    [InlineData("2026-11-22T09:41:07Z", true)]
    [InlineData("2026-06-01T10:00:00+01:00", true)]
    [InlineData("2026-11-22t09:41:07.123456789z", true)]
    [InlineData("2024-02-29T00:00:00-05:30", true)]
    [InlineData("2026-11-22T09:41:07", false)] // no offset
    [InlineData("2026-11-22 09:41:07Z", false)]
    [InlineData("2026-02-29T00:00:00Z", false)] // not a leap year
    [InlineData("2026-04-31T00:00:00Z", false)]
    [InlineData("2026-11-22T24:00:00Z", false)]
    [InlineData("2026-11-22T23:59:60Z", false)] // leap second: neither .NET nor the parser holds one
    [InlineData("2026-11-22T09:41:07+0100", false)]
    [InlineData("2026-11-22T09:41:07.Z", false)]
    [InlineData("2026-11-22T09:41:07Z\n", false)]
    [InlineData("26-11-22T09:41:07Z", false)]
    public void FormatDateTime_IsAssertedStrictly(string value, bool valid) =>
        IsValid("""{"format": "date-time"}""", $"\"{value.Replace("\n", "\\n", StringComparison.Ordinal)}\"").ShouldBe(valid);

    [Fact]
    public void BooleanSchemas()
    {
        IsValid("true", "{}").ShouldBeTrue();
        IsValid("""{"properties": {"a": false}}""", """{"a": 1}""").ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"minItems": 1}""")]
    [InlineData("""{"format": "email"}""")]
    [InlineData("""{"properties": {"a": {"oneOf": []}}}""")]
    public void UnsupportedKeywords_Throw_SoNoSchemaReliesOnOneThatIsIgnored(string schema) =>
        Should.Throw<NotSupportedException>(() => Sut(schema).Validate("s.json", """{"a": 1}"""));

    [Fact]
    public void Annotations_AreAllowed() =>
        IsValid("""{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "title": "t", "description": "d", "$comment": "c", "$defs": {}}""", "1")
            .ShouldBeTrue();

    private static MiniJsonSchema Sut(string schema) =>
        MiniJsonSchema.FromDocuments(new Dictionary<string, string> { ["s.json"] = schema });

    private static bool IsValid(string schema, string instance) => Sut(schema).Validate("s.json", instance).Count == 0;
}
