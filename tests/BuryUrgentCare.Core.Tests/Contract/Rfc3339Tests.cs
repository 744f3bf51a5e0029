using System.Globalization;
using System.Text;

namespace BuryUrgentCare.Contract;

public sealed class Rfc3339Tests
{
    private static bool TryParse(string text, out long ticks) => Rfc3339.TryParseUtcTicks(Encoding.UTF8.GetBytes(text), out ticks);

    [Fact]
    public void ShortEnoughToHoldNoNhsNumber_EveryValidTimeItClears_HoldsNone()
    {
        // The parser skips the NHS scan of a valid time under 31 bytes. Random valid times of every shape (fractions of
        // 0-9 digits, Z or an offset), digits chosen so that valid NHS numbers would be found if a shape could hold one.
        var random = new Random(20261207);
        var cleared = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var fraction = random.Next(11);
            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{random.Next(1, 10_000):D4}-{random.Next(1, 13):D2}-{random.Next(1, 29):D2}T")
                .Append(CultureInfo.InvariantCulture, $"{random.Next(24):D2}:{random.Next(60):D2}:{random.Next(60):D2}")
                .Append(fraction == 0 ? "" : "." + string.Concat(Enumerable.Range(0, fraction).Select(_ => (char)('0' + random.Next(10)))))
                .Append(random.Next(3) switch { 0 => "Z", 1 => "+", _ => "-" })
                .ToString();
            if (text[^1] != 'Z')
            {
                text += string.Create(CultureInfo.InvariantCulture, $"{random.Next(24):D2}:{random.Next(60):D2}");
            }

            var utf8 = Encoding.UTF8.GetBytes(text);
            Rfc3339.TryParseUtcTicks(utf8, out _).ShouldBeTrue(text);
            if (Rfc3339.ShortEnoughToHoldNoNhsNumber(utf8))
            {
                cleared++;
                NhsNumber.ContainsValid(utf8).ShouldBeFalse(text);
            }
        }

        cleared.ShouldBeGreaterThan(100_000); // with Z, fractions up to nine digits; with an offset, up to four
    }

    [Theory]
    [InlineData("2026-11-22T09:41:07Z", 639_309_372_670_000_000)]
    [InlineData("2026-06-01T10:00:00+01:00", 639_159_012_000_000_000)]
    [InlineData("0001-01-01T00:00:00Z", 0)]
    [InlineData("9999-12-31T23:59:59.9999999Z", 3_155_378_975_999_999_999)]
    [InlineData("1970-01-01T00:00:00Z", 621_355_968_000_000_000)]
    [InlineData("2026-11-22T09:41:07+23:59", 639_308_509_270_000_000)] // wider than DateTimeOffset allows, still valid RFC 3339
    [InlineData("2026-11-22T09:41:07-23:59", 639_310_236_070_000_000)]
    public void TryParseUtcTicks_KnownInstants_ReturnsExactTicks(string text, long expected)
    {
        TryParse(text, out var ticks).ShouldBeTrue();

        ticks.ShouldBe(expected);
    }

    [Theory]
    [InlineData("2026-11-22T09:41:07Z")]
    [InlineData("2026-11-22T09:41:07+00:00")]
    [InlineData("2026-11-22T09:41:07-00:00")]
    [InlineData("2026-06-01T10:00:00+01:00")]
    [InlineData("2026-03-29T00:59:59Z")] // the last UTC second before BST starts
    [InlineData("2026-03-29T02:00:00+01:00")]
    [InlineData("2026-10-25T01:30:00+01:00")] // the repeated hour when BST ends, first time
    [InlineData("2026-10-25T01:30:00+00:00")] // and second time
    [InlineData("2026-11-22T04:11:07-05:30")]
    [InlineData("2026-11-22T23:59:59+14:00")]
    [InlineData("2026-11-22T00:00:00-12:00")]
    [InlineData("2026-11-22T09:41:07.5Z")]
    [InlineData("2026-11-22T09:41:07.123Z")]
    [InlineData("2026-11-22T09:41:07.1234567Z")]
    [InlineData("2026-11-22T09:41:07.000+01:00")]
    [InlineData("2024-02-29T12:00:00Z")] // leap year
    [InlineData("2000-02-29T12:00:00Z")] // leap century
    [InlineData("2026-12-31T23:59:59Z")]
    [InlineData("2026-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00-01:00")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59+01:00")]
    public void TryParseUtcTicks_ValidRfc3339_MatchesDateTimeOffsetParse(string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None).UtcTicks;

        TryParse(text, out var ticks).ShouldBeTrue();

        ticks.ShouldBe(expected);
    }

    [Theory]
    [InlineData("2026-11-22T09:41:07.123456789Z", "2026-11-22T09:41:07.1234567Z")] // beyond 100 ns is truncated
    [InlineData("2026-11-22T09:41:07.99999999999999999999Z", "2026-11-22T09:41:07.9999999Z")]
    [InlineData("2026-11-22t09:41:07z", "2026-11-22T09:41:07Z")] // RFC 3339 §5.6: t and z may be lower case
    [InlineData("2026-11-22t10:41:07+01:00", "2026-11-22T09:41:07Z")]
    public void TryParseUtcTicks_EquivalentForms_ReturnSameTicks(string text, string canonical)
    {
        TryParse(text, out var ticks).ShouldBeTrue();

        ticks.ShouldBe(DateTimeOffset.Parse(canonical, CultureInfo.InvariantCulture, DateTimeStyles.None).UtcTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-22T09:41:07")] // no offset
    [InlineData("2026-11-22T09:41:07.5")] // no offset
    [InlineData("2026-11-22")]
    [InlineData("2026-11-22T09:41Z")] // seconds are required
    [InlineData("2026-11-22 09:41:07Z")]
    [InlineData("2026-11-22_09:41:07Z")]
    [InlineData("20261122T094107Z")] // ISO 8601 basic format
    [InlineData("2026-11-22T09:41:07+0100")]
    [InlineData("2026-11-22T09:41:07+01")]
    [InlineData("2026-11-22T09:41:07+1:00")]
    [InlineData("2026-11-22T09:41:07+01:00:00")]
    [InlineData("2026-11-22T09:41:07+24:00")]
    [InlineData("2026-11-22T09:41:07+01:60")]
    [InlineData("2026-11-22T09:41:07 Z")]
    [InlineData("2026-11-22T09:41:07ZZ")]
    [InlineData("2026-11-22T09:41:07Z ")]
    [InlineData(" 2026-11-22T09:41:07Z")]
    [InlineData("2026-11-22T09:41:07UTC")]
    [InlineData("2026-11-22T09:41:07.Z")] // empty fraction
    [InlineData("2026-11-22T09:41:07,5Z")] // comma fraction
    [InlineData("2026-02-30T00:00:00Z")] // impossible date
    [InlineData("2025-02-29T00:00:00Z")] // not a leap year
    [InlineData("1900-02-29T00:00:00Z")] // century, not a leap year
    [InlineData("2026-04-31T00:00:00Z")]
    [InlineData("2026-00-10T00:00:00Z")]
    [InlineData("2026-13-10T00:00:00Z")]
    [InlineData("2026-11-00T00:00:00Z")]
    [InlineData("2026-11-32T00:00:00Z")]
    [InlineData("2016-12-31T23:59:60Z")] // leap second
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-11-22T09:60:00Z")]
    [InlineData("0000-01-01T00:00:00Z")] // year 0 is not representable
    [InlineData("0001-01-01T00:00:00+00:01")] // before DateTime.MinValue in UTC
    [InlineData("9999-12-31T23:59:59-00:01")] // after DateTime.MaxValue in UTC
    [InlineData("+2026-11-22T09:41:07Z")]
    [InlineData("226-11-22T09:41:07Z")]
    [InlineData("2026-1-22T09:41:07Z")]
    [InlineData("2026/11/22T09:41:07Z")]
    [InlineData("2026-11-22T09.41.07Z")]
    [InlineData("2O26-11-22T09:41:07Z")] // letter O
    [InlineData("2026-11-22X09:41:07Z")]
    [InlineData("２０２６-11-22T09:41:07Z")] // full-width digits
    public void TryParseUtcTicks_InvalidText_ReturnsFalse(string text)
    {
        TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParseUtcTicks_EveryPrefixOfAValidTime_ReturnsFalseWithoutThrowing()
    {
        var valid = "2026-11-22T09:41:07.123+01:00"u8.ToArray();

        for (var length = 0; length < valid.Length; length++)
        {
            Rfc3339.TryParseUtcTicks(valid.AsSpan(0, length), out _).ShouldBeFalse($"prefix of {length} bytes");
        }
    }

    [Fact]
    public void TryParseUtcTicks_EveryDayOf2024And2026_MatchesDateTimeOffset()
    {
        foreach (var start in new[] { new DateTime(2024, 1, 1), new DateTime(2026, 1, 1) })
        {
            for (var day = start; day.Year == start.Year; day = day.AddDays(1))
            {
                var text = day.AddHours(13).AddMinutes(7).ToString("yyyy-MM-dd'T'HH:mm:ss'+01:00'", CultureInfo.InvariantCulture);

                TryParse(text, out var ticks).ShouldBeTrue(text);
                ticks.ShouldBe(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None).UtcTicks, text);
            }
        }
    }

    [Fact]
    public void TryParseUtcTicks_Failure_ReturnsZeroTicks()
    {
        TryParse("2026-02-30T00:00:00Z", out var ticks).ShouldBeFalse();

        ticks.ShouldBe(0);
    }
}
