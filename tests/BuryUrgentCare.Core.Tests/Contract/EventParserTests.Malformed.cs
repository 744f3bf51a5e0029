using System.Text;

namespace BuryUrgentCare.Contract;

/// <summary>Input that is not a JSON object in UTF-8, or is too large.</summary>
public sealed partial class EventParserTests
{
    [Fact]
    public void TryParse_EveryTruncation_RejectsMalformedJson()
    {
        var json = EventJson.For("ae.arrived").Data(new { arrivalMode = "ambulance", acuity = 2 }).With("x", new[] { 1, 2 }).Build();

        for (var length = 0; length < json.Length; length++)
        {
            ShouldReject(json[..length], RejectionReason.MalformedJson);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("[{\"specversion\":\"1.0\"}]")]
    [InlineData("\"ae.arrived\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void TryParse_NotAnObject_RejectsMalformedJson(string text)
    {
        ShouldReject(Encoding.UTF8.GetBytes(text), RejectionReason.MalformedJson);
    }

    [Fact]
    public void TryParse_ValidEventInsideAnArray_RejectsMalformedJson()
    {
        ShouldReject(Encoding.UTF8.GetBytes("[" + EventJson.For("ae.seen") + "]"), RejectionReason.MalformedJson);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("{}")]
    [InlineData(",")]
    [InlineData("]")]
    [InlineData("}")]
    [InlineData(" 1")]
    [InlineData("\0")]
    public void TryParse_TrailingGarbage_RejectsMalformedJson(string trailer)
    {
        ShouldReject(Encoding.UTF8.GetBytes(EventJson.For("ae.seen") + trailer), RejectionReason.MalformedJson);
    }

    [Fact]
    public void TryParse_TrailingWhitespace_Accepts()
    {
        Accept(Encoding.UTF8.GetBytes(EventJson.For("ae.seen") + " \r\n\t"));
    }

    [Theory]
    [InlineData("{\"specversion\":\"1.0\",}")] // trailing comma
    [InlineData("{'specversion':'1.0'}")]
    [InlineData("{specversion:\"1.0\"}")]
    [InlineData("{\"specversion\":\"1.0\" /* comment */}")]
    [InlineData("{\"specversion\":\"1.0\"} // comment")]
    [InlineData("{\"x\":NaN}")]
    [InlineData("{\"x\":01}")]
    [InlineData("{\"x\":\"a\\x41\"}")] // invalid escape
    [InlineData("{\"x\":\"\\u12\"}")] // short \u escape
    [InlineData("{\"x\":\"line\nbreak\"}")] // raw control character in a string
    [InlineData("{\"x\" \"y\"}")]
    [InlineData("{\"x\":}")]
    public void TryParse_InvalidJsonSyntax_RejectsMalformedJson(string text)
    {
        ShouldReject(Encoding.UTF8.GetBytes(text), RejectionReason.MalformedJson);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("subject")]
    [InlineData("type")]
    [InlineData("note")]
    public void TryParse_LoneSurrogateEscape_RejectsMalformedJson(string attribute)
    {
        // Syntactically a JSON string, but not Unicode text: it cannot be decoded, so it is not valid JSON for us.
        ShouldReject(EventJson.For("ae.seen").WithRaw(attribute, "\"evt-\\uD800\""), RejectionReason.MalformedJson);
        ShouldReject(EventJson.For("ae.seen").WithRaw(attribute, "\"\\uDC00x\""), RejectionReason.MalformedJson);
    }

    [Fact]
    public void TryParse_LoneSurrogateEscapeInNamesAndData_RejectsMalformedJson()
    {
        ShouldReject(EventJson.For("ae.seen").WithRaw("x\\uD800", "1"), RejectionReason.MalformedJson);
        ShouldReject(EventJson.For("ae.arrived").DataFieldRaw("arrivalMode", "\"\\uD83D\""), RejectionReason.MalformedJson);
        ShouldReject(EventJson.For("ae.arrived").DataFieldRaw("n\\uDE00", "\"x\""), RejectionReason.MalformedJson);
        ShouldReject(EventJson.For("capacity.declared").DataFieldRaw("resources", "{\"beds\\uD800\":1}"), RejectionReason.MalformedJson);
        ShouldReject(EventJson.For("ae.seen").WithRaw("x", "{\"y\":[\"\\uDBFF\"]}"), RejectionReason.MalformedJson);
    }

    public static TheoryData<byte[]> InvalidUtf8Sequences() =>
    [
        [0xFF],
        [0xC3, 0x28], // bad continuation
        [0xC0, 0xAF], // overlong '/'
        [0xED, 0xA0, 0x80], // UTF-8 encoded surrogate
        [0xF4, 0x90, 0x80, 0x80], // beyond U+10FFFF
        [0xE2, 0x82], // truncated sequence
        [0x80], // lone continuation byte
    ];

    [Theory]
    [MemberData(nameof(InvalidUtf8Sequences))]
    public void TryParse_InvalidUtf8InAString_RejectsMalformedJson(byte[] sequence)
    {
        var json = EventJson.For("ae.seen").With("note", "before|after").Build();
        var bar = Array.IndexOf(json, (byte)'|');

        byte[] bad = [.. json[..bar], .. sequence, .. json[(bar + 1)..]];

        ShouldReject(bad, RejectionReason.MalformedJson);
    }

    [Fact]
    public void TryParse_InvalidUtf8InSubject_RejectsMalformedJson()
    {
        var json = EventJson.For("ae.seen").With("subject", "att|").Build();
        json[Array.IndexOf(json, (byte)'|')] = 0xFE;

        ShouldReject(json, RejectionReason.MalformedJson);
    }

    [Theory]
    [InlineData("x", '[', ']')]
    [InlineData("x", '{', '}')]
    [InlineData("data", '[', ']')]
    public void TryParse_NestingDepth100_RejectsMalformedJson(string attribute, char open, char close)
    {
        var nested = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            nested.Append(open);
            if (open == '{' && i < 99)
            {
                nested.Append("\"k\":");
            }
        }

        nested.Append(close, 100);

        var builder = attribute == "data"
            ? EventJson.For("ae.arrived").DataFieldRaw("deep", nested.ToString())
            : EventJson.For("ae.seen").WithRaw(attribute, nested.ToString());

        ShouldReject(builder, RejectionReason.MalformedJson);
    }

    [Fact]
    public void TryParse_ModestNestingInAnExtension_Accepts()
    {
        Accept(EventJson.For("ae.seen").WithRaw("x", new string('[', 20) + new string(']', 20)));
    }

    [Fact]
    public void TryParse_Exactly64KiB_IsNotRejectedForSize()
    {
        var json = PadTo(EventJson.For("ae.arrived"), EventParser.MaxMessageBytes);

        json.Length.ShouldBe(64 * 1024);
        Accept(json).ArrivalMode.ShouldBe(ArrivalMode.WalkIn);
    }

    [Fact]
    public void TryParse_64KiBPlusOneByte_RejectsTooLarge()
    {
        var json = PadTo(EventJson.For("ae.arrived"), EventParser.MaxMessageBytes + 1);

        json.Length.ShouldBe((64 * 1024) + 1);
        var rejection = Reject(json);
        rejection.Reason.ShouldBe(RejectionReason.TooLarge);
        rejection.Detail.ShouldContain("65537");
    }

    [Fact]
    public void TryParse_OversizedGarbage_RejectsTooLargeBeforeAnythingElse()
    {
        var garbage = new byte[(64 * 1024) + 1];
        Array.Fill(garbage, (byte)0xFF);

        ShouldReject(garbage, RejectionReason.TooLarge);
        ShouldReject(new byte[1024 * 1024], RejectionReason.TooLarge);
    }

    /// <summary>Pads an event with an extension attribute so that it is exactly <paramref name="size"/> bytes.</summary>
    private static byte[] PadTo(EventJson builder, int size)
    {
        var unpadded = builder.With("padding", "").Build().Length;
        return builder.With("padding", new string('x', size - unpadded)).Build();
    }
}
