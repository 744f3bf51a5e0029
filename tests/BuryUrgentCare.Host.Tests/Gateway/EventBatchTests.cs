using System.Text;

namespace BuryUrgentCare.Gateway;

public sealed class EventBatchTests
{
    [Fact]
    public void OneObject_IsOneEvent_WithoutSurroundingWhitespaceOrByteOrderMark()
    {
        var body = Bytes("\uFEFF \r\n{\"id\": \"a\" }\n\n");

        EventBatch.Split(body, 1000, out var events, out _).ShouldBe(BatchProblem.None);

        Text(events.ShouldHaveSingleItem()).ShouldBe("{\"id\": \"a\" }");
    }

    [Fact]
    public void Array_EachElementIsItsExactOriginalBytes()
    {
        const string first = "{ \"id\" : \"a\",\"data\":{\"n\":[1, 2.50, 3e2], \"s\":\"caf\\u00e9 \\\"q\\\"\"} }";
        const string second = "{\"id\":\"b\"}";
        var body = Bytes($"[\n\t{first} ,\r\n{second}\n]");

        EventBatch.Split(body, 1000, out var events, out _).ShouldBe(BatchProblem.None);

        events.Select(Text).ShouldBe([first, second]);
    }

    [Fact]
    public void ArrayElementsThatAreNotObjects_AreStillEvents_ForTheParserToReject()
    {
        EventBatch.Split(Bytes("[1, \"x\", null, [2]]"), 1000, out var events, out _).ShouldBe(BatchProblem.None);

        events.Select(Text).ShouldBe(["1", "\"x\"", "null", "[2]"]);
    }

    [Fact]
    public void MoreEventsThanAllowed_IsTooManyEvents_AndExactlyTheLimitIsFine()
    {
        EventBatch.Split(Bytes("[{},{},{}]"), 3, out var events, out _).ShouldBe(BatchProblem.None);
        events.Count.ShouldBe(3);

        EventBatch.Split(Bytes("[{},{},{},{}]"), 3, out events, out var detail).ShouldBe(BatchProblem.TooManyEvents);
        events.ShouldBeEmpty();
        detail.ShouldContain("at most 3");
    }

    [Theory]
    [InlineData("", BatchProblem.Empty)]
    [InlineData(" \n ", BatchProblem.Empty)]
    [InlineData("[]", BatchProblem.EmptyArray)]
    [InlineData("[ ]", BatchProblem.EmptyArray)]
    [InlineData("42", BatchProblem.NotObjectOrArray)]
    [InlineData("\"event\"", BatchProblem.NotObjectOrArray)]
    [InlineData("{\"id\":", BatchProblem.MalformedJson)]
    [InlineData("[{}, {]", BatchProblem.MalformedJson)]
    [InlineData("[{},]", BatchProblem.MalformedJson)]
    [InlineData("{} {}", BatchProblem.MalformedJson)]
    [InlineData("[{}] x", BatchProblem.MalformedJson)]
    [InlineData("{'id':'a'}", BatchProblem.MalformedJson)]
    public void BodiesThatAreNotAnEventOrAnArrayOfEvents_SayWhy(string body, BatchProblem expected)
    {
        EventBatch.Split(Bytes(body), 1000, out var events, out var detail).ShouldBe(expected);

        events.ShouldBeEmpty();
        detail.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void MalformedDetail_NamesThePosition_NotThePayload()
    {
        EventBatch.Split(Bytes("[{\"subject\":\"9434765919\"}, {\"id\": oops}]"), 1000, out _, out var detail).ShouldBe(BatchProblem.MalformedJson);

        detail.ShouldContain("Byte");
        detail.ShouldNotContain("9434765919");
        detail.ShouldNotContain("oops");
    }

    [Theory]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"evt-1\"}", "evt-1")]
    [InlineData("{\"data\":{\"id\":\"inner\"},\"\\u0069d\":\"escaped-name\"}", "escaped-name")]
    [InlineData("{\"id\":\"evt-1\",", "evt-1")]
    [InlineData("{\"id\":42}", null)]
    [InlineData("{\"id\":\"\"}", null)]
    [InlineData("{\"type\":\"ae.seen\"}", null)]
    [InlineData("[\"id\"]", null)]
    [InlineData("not json", null)]
    [InlineData("{\"id\":\"patient-943 476 5919\"}", null)]
    [InlineData("{\"id\":\"\\uD800\"}", null)]
    public void ReadId_EchoesOnlyAUsableIdWithoutIdentifiableData(string json, string? expected) =>
        EventBatch.ReadId(Bytes(json)).ShouldBe(expected);

    [Fact]
    public void ReadId_LongerThanTheContractAllows_IsNotEchoed() =>
        EventBatch.ReadId(Bytes($"{{\"id\":\"{new string('a', 129)}\"}}")).ShouldBeNull();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);
}
