namespace BuryUrgentCare.Contract;

public sealed class RejectionTests
{
    [Theory]
    [InlineData(RejectionReason.MalformedJson, "malformed-json")]
    [InlineData(RejectionReason.MissingField, "missing-field")]
    [InlineData(RejectionReason.UnknownType, "unknown-type")]
    [InlineData(RejectionReason.UnknownUnit, "unknown-unit")]
    [InlineData(RejectionReason.BadValue, "bad-value")]
    [InlineData(RejectionReason.BadTime, "bad-time")]
    [InlineData(RejectionReason.FutureTime, "future-time")]
    [InlineData(RejectionReason.TooLarge, "too-large")]
    [InlineData(RejectionReason.IdentifiableData, "identifiable-data")]
    [InlineData(RejectionReason.TypeUnitMismatch, "type-unit-mismatch")]
    public void Code_EachReason_ReturnsItsWireCode(RejectionReason reason, string expected)
    {
        reason.Code().ShouldBe(expected);
        new Rejection(reason, "detail").Code.ShouldBe(expected);
    }

    [Fact]
    public void AllCodes_CoverEveryReasonOnce()
    {
        RejectionReasons.Count.ShouldBe(Enum.GetValues<RejectionReason>().Length);
        RejectionReasons.AllCodes.ShouldBeUnique();
        RejectionReasons.AllCodes.ShouldBe(Enum.GetValues<RejectionReason>().Select(r => r.Code()));
    }

    [Fact]
    public void ToString_JoinsCodeAndDetail()
    {
        new Rejection(RejectionReason.BadTime, "time must have an offset").ToString().ShouldBe("bad-time: time must have an offset");
    }
}
