using System.Globalization;
using static BuryUrgentCare.History.TestPoints;

namespace BuryUrgentCare.History;

public class LineProtocolTests
{
    private const long T0Ms = 1793606400000; // TestPoints.T0

    private static string Format(string measurement, (string, string)[] tags, params (string, FieldValue)[] fields) =>
        LineProtocol.Format(Point(measurement, T0, tags, fields));

    [Fact]
    public void Format_SimplePoint_MeasurementTagsFieldsAndMillisecondTimestamp()
    {
        Format("ae", [("unit", "ae")], ("inDepartment", 42)).ShouldBe($"ae,unit=ae inDepartment=42i {T0Ms}");
    }

    [Fact]
    public void Format_MeasurementWithCommaAndSpace_EscapesBoth()
    {
        Format("my meas,ure", [], ("v", 1)).ShouldBe($@"my\ meas\,ure v=1i {T0Ms}");
    }

    [Fact]
    public void Format_MeasurementWithEqualsSign_LeavesItAsIs()
    {
        Format("a=b", [], ("v", 1)).ShouldBe($"a=b v=1i {T0Ms}");
    }

    [Fact]
    public void Format_TagKeyAndValueWithCommaEqualsAndSpace_EscapesAll()
    {
        Format("m", [("tag key,=", "A&E, Fairfield=FGH")], ("v", 1))
            .ShouldBe($@"m,tag\ key\,\==A&E\,\ Fairfield\=FGH v=1i {T0Ms}");
    }

    [Fact]
    public void Format_FieldKeyWithCommaEqualsAndSpace_EscapesAll()
    {
        Format("m", [], ("field key,=x", 1.5)).ShouldBe($@"m field\ key\,\=x=1.5 {T0Ms}");
    }

    [Fact]
    public void Format_StringFieldWithQuotesAndBackslashes_EscapesBoth()
    {
        Format("m", [], ("note", @"say ""hi"" C:\dir\")).ShouldBe($@"m note=""say \""hi\"" C:\\dir\\"" {T0Ms}");
    }

    [Fact]
    public void Format_StringFieldWithCommaSpaceEqualsAndNewline_KeepsThemInsideTheQuotes()
    {
        Format("m", [], ("note", "a, b = c\nd")).ShouldBe($"m note=\"a, b = c\nd\" {T0Ms}");
    }

    [Fact]
    public void Format_BackslashInsideTagValue_WrittenAsIs()
    {
        Format("m", [("path", @"C:\dir\sub")], ("v", 1)).ShouldBe($@"m,path=C:\dir\sub v=1i {T0Ms}");
    }

    [Fact]
    public void Format_Unicode_WrittenAsIs()
    {
        Format("café", [("unité", "Urgences ✓ 🚑")], ("durée", "é")).ShouldBe($@"café,unité=Urgences\ ✓\ 🚑 durée=""é"" {T0Ms}");
    }

    [Theory]
    [InlineData(42L, "42i")]
    [InlineData(-7L, "-7i")]
    [InlineData(0L, "0i")]
    [InlineData(long.MaxValue, "9223372036854775807i")]
    [InlineData(long.MinValue, "-9223372036854775808i")]
    public void Format_IntegerField_HasISuffix(long value, string expected)
    {
        Format("m", [], ("v", FieldValue.Integer(value))).ShouldBe($"m v={expected} {T0Ms}");
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(5.0, "5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(1e20, "1E+20")]
    [InlineData(1.5e-7, "1.5E-07")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(78.33333333333333, "78.33333333333333")]
    public void Format_FloatField_ShortestRoundTrippableWithoutSuffix(double value, string expected)
    {
        var line = Format("m", [], ("v", FieldValue.Float(value)));

        line.ShouldBe($"m v={expected} {T0Ms}");
        double.Parse(expected, CultureInfo.InvariantCulture).ShouldBe(value);
    }

    [Fact]
    public void Format_FloatUnderCommaDecimalCulture_UsesInvariantPoint()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Format("m", [], ("v", 1.5), ("n", 1234567)).ShouldBe($"m v=1.5,n=1234567i {T0Ms}");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Format_BooleanFields_TrueAndFalse()
    {
        Format("m", [], ("a", true), ("b", false)).ShouldBe($"m a=true,b=false {T0Ms}");
    }

    [Fact]
    public void Format_TagsOutOfOrder_SortedByKeyOrdinal()
    {
        Format("m", [("unit", "ae"), ("acuity", "2"), ("Zone", "x")], ("v", 1))
            .ShouldBe($"m,Zone=x,acuity=2,unit=ae v=1i {T0Ms}");
    }

    [Fact]
    public void Format_Timestamp_MillisecondsWithSubMillisecondTicksTruncated()
    {
        var at = T0.AddTicks(12_345_678); // 1234.5678 ms

        LineProtocol.Format(Point("m", at, [], ("v", 1))).ShouldBe($"m v=1i {T0Ms + 1234}");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void FloatFieldValue_NotFinite_ThrowsSayingSo(double value)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => FieldValue.Float(value));

        ex.Message.ShouldContain("finite");
    }

    [Fact]
    public void Format_NoFields_ThrowsSayingAFieldIsNeeded()
    {
        var ex = Should.Throw<ArgumentException>(() => Format("m", [("unit", "ae")]));

        ex.Message.ShouldContain("no fields");
    }

    [Fact]
    public void Format_DefaultFieldValue_Throws()
    {
        Should.Throw<ArgumentException>(() => Format("m", [], ("v", default(FieldValue)))).Message.ShouldContain("no value");
    }

    [Theory]
    [InlineData("", "unit", "ae", "v")]
    [InlineData("m", "", "ae", "v")]
    [InlineData("m", "unit", "", "v")]
    [InlineData("m", "unit", "ae", "")]
    [InlineData("m\nx", "unit", "ae", "v")]
    [InlineData("m", "unit", "a\nb", "v")]
    [InlineData("m", "unit", "a\rb", "v")]
    [InlineData("m", "unit", @"trailing\", "v")]
    [InlineData("m", "unit", @"a\ b", "v")]
    [InlineData("m", "unit", @"a\,b", "v")]
    [InlineData("m", "unit", @"a\=b", "v")]
    [InlineData("m", "unit", @"a\\b", "v")]
    [InlineData(@"m\", "unit", "ae", "v")]
    [InlineData("m", "unit", "ae", @"v\")]
    [InlineData("#m", "unit", "ae", "v")]
    [InlineData("m", "time", "ae", "v")]
    [InlineData("m", "unit", "ae", "time")]
    public void Format_NameLineProtocolCannotCarry_ThrowsArgumentException(string measurement, string tagKey, string tagValue, string field)
    {
        Should.Throw<ArgumentException>(() => Format(measurement, [(tagKey, tagValue)], (field, 1)));
    }

    [Fact]
    public void Format_DuplicateTagKey_Throws()
    {
        Should.Throw<ArgumentException>(() => Format("m", [("unit", "ae"), ("unit", "utc")], ("v", 1))).Message.ShouldContain("twice");
    }

    [Fact]
    public void Format_DuplicateFieldKey_Throws()
    {
        Should.Throw<ArgumentException>(() => Format("m", [], ("v", 1), ("v", 2))).Message.ShouldContain("twice");
    }

    [Fact]
    public void AppendLine_SeveralPoints_OneLineEachEndingInNewline()
    {
        var builder = new System.Text.StringBuilder();
        LineProtocol.AppendLine(builder, Unit("ae", T0, "v", 1));
        LineProtocol.AppendLine(builder, Unit("utc", T0, "v", 2));

        builder.ToString().ShouldBe($"ae,unit=ae v=1i {T0Ms}\nae,unit=utc v=2i {T0Ms}\n");
    }
}
