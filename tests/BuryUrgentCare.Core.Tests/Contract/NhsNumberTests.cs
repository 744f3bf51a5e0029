using System.Text;

namespace BuryUrgentCare.Contract;

/// <summary>
/// NHS number detection. Reference values, checked by hand (weights 10…2 on the first nine digits,
/// check = 11 − sum mod 11, 11 → 0, 10 → invalid):
/// 943 476 5919: sum 299, 299 mod 11 = 2, check 9 (valid).
/// 401 023 2137: sum 92, 92 mod 11 = 4, check 7 (valid).
/// 500 001 0000: sum 55, 55 mod 11 = 0, check 11 → 0 (valid).
/// 000 000 006x: sum 12, 12 mod 11 = 1, check 10 (never valid, whatever x is).
/// </summary>
public sealed class NhsNumberTests
{
    private static byte[] Digits(string text) => [.. text.Select(c => (byte)(c - '0'))];

    /// <summary>An independent modulus-11 check value of nine digits (10 means "no valid number").</summary>
    private static int ReferenceCheckValue(string nine)
    {
        var sum = 0;
        for (var k = 0; k < 9; k++)
        {
            sum += (nine[k] - '0') * (10 - k);
        }

        return (11 - (sum % 11)) % 11;
    }

    [Theory]
    [InlineData("9434765919")]
    [InlineData("4010232137")]
    [InlineData("5000010000")] // check value 11 → 0
    [InlineData("0000000000")] // all zeros: sum 0, check 0
    public void IsValid_CorrectCheckDigit_ReturnsTrue(string number)
    {
        NhsNumber.IsValid(Digits(number)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("9434765918")]
    [InlineData("9434765910")]
    [InlineData("4010232138")]
    [InlineData("5000010001")]
    [InlineData("9434765991")] // transposed last digits
    public void IsValid_WrongCheckDigit_ReturnsFalse(string number)
    {
        NhsNumber.IsValid(Digits(number)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("000000006")]
    [InlineData("100000001")]
    public void IsValid_CheckValueTen_ReturnsFalseForEveryLastDigit(string nine)
    {
        ReferenceCheckValue(nine).ShouldBe(10);

        for (var last = 0; last <= 9; last++)
        {
            NhsNumber.IsValid(Digits(nine + last)).ShouldBeFalse($"{nine}{last}");
        }
    }

    [Fact]
    public void IsValid_AgreesWithReferenceForManyNumbers()
    {
        var random = new Random(943_476_591);
        for (var i = 0; i < 2_000; i++)
        {
            var nine = random.Next(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            var check = ReferenceCheckValue(nine);
            for (var last = 0; last <= 9; last++)
            {
                NhsNumber.IsValid(Digits(nine + last)).ShouldBe(check == last, $"{nine}{last}");
            }
        }
    }

    [Theory]
    [InlineData("9434765919")]
    [InlineData("943 476 5919")]
    [InlineData("nhs:9434765919")]
    [InlineData("9434765919;")]
    [InlineData("x943 476 5919x")]
    [InlineData("patient 943 476 5919, bay 4")]
    [InlineData("12 943 476 5919")] // a shorter digit run before the spaced form does not hide it
    [InlineData("943 476 5919 12")]
    [InlineData("1234 9434765919")]
    [InlineData("9434765918 then 4010232137")] // first candidate invalid, second valid
    [InlineData("5000010000")]
    [InlineData("café 9434765919")] // non-ASCII before it
    [InlineData("-9434765919")]
    [InlineData("9434765919.5")]
    [InlineData("943-476-5919")] // hyphens and dots identify a person as spaces do
    [InlineData("943.476.5919")]
    [InlineData("943-476.5919")] // mixed separators too
    [InlineData("943 476-5919")]
    [InlineData("nhs-943-476-5919")]
    [InlineData("ref 943.476.5919.")]
    [InlineData("12-943-476-5919")] // a shorter run before the grouped form does not hide it
    public void ContainsValid_TextWithValidNumber_ReturnsTrue(string text)
    {
        NhsNumber.ContainsValid(text).ShouldBeTrue();
        NhsNumber.ContainsValid(Encoding.UTF8.GetBytes(text)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("no digits here")]
    [InlineData("943476591")] // nine digits
    [InlineData("9434765918")] // wrong check digit
    [InlineData("943 476 5918")]
    [InlineData("94347659190")] // 11-digit run
    [InlineData("19434765919")] // 11-digit run
    [InlineData("943476591900")] // 12-digit run
    [InlineData("943 476 59190")]
    [InlineData("9943 476 5919")]
    [InlineData("943 4765 919")]
    [InlineData("943-476-5918")] // wrong check digit, hyphenated
    [InlineData("943.476.5918")] // wrong check digit, dotted
    [InlineData("943--476-5919")] // two separators in a gap
    [InlineData("943-476-59190")]
    [InlineData("1943.476.5919")]
    [InlineData("943_476_5919")]
    [InlineData("943/476/5919")]
    [InlineData("2026-12-05")] // a date
    [InlineData("2026-12-05T09:41:07.123Z")]
    [InlineData("943  476 5919")]
    [InlineData("943\t476\t5919")]
    [InlineData("943 476 591")]
    [InlineData("0000000060")] // check value 10
    [InlineData("000 000 0061")]
    [InlineData("１２３４５６７８９０")] // full-width digits are not ASCII digits
    public void ContainsValid_TextWithoutValidNumber_ReturnsFalse(string text)
    {
        NhsNumber.ContainsValid(text).ShouldBeFalse();
        NhsNumber.ContainsValid(Encoding.UTF8.GetBytes(text)).ShouldBeFalse();
    }

    [Fact]
    public void ContainsValid_NumberAtTheVeryEnd_ReturnsTrue()
    {
        NhsNumber.ContainsValid("aaaaaaaaaaaaaaaaaaaa9434765919"u8).ShouldBeTrue();
        NhsNumber.ContainsValid("aaaaaaaaaaaaaaaaaaaa943 476 5919"u8).ShouldBeTrue();
    }

    [Fact]
    public void ContainsValid_SpacedFormCutShort_ReturnsFalse()
    {
        NhsNumber.ContainsValid("943 476 "u8).ShouldBeFalse();
        NhsNumber.ContainsValid("943 476 59"u8).ShouldBeFalse();
        NhsNumber.ContainsValid("943 "u8).ShouldBeFalse();
    }

    [Fact]
    public void ContainsValid_EveryValidNumberInRandomText_IsFound()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 1_000; i++)
        {
            var nine = random.Next(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            var check = ReferenceCheckValue(nine);
            if (check == 10)
            {
                continue;
            }

            var number = nine + check;
            var spaced = $"{number[..3]} {number[3..6]} {number[6..]}";
            var hyphenated = $"{number[..3]}-{number[3..6]}-{number[6..]}";
            var dotted = $"{number[..3]}.{number[3..6]}.{number[6..]}";
            NhsNumber.ContainsValid($"ref {number} end").ShouldBeTrue(number);
            NhsNumber.ContainsValid($"ref {spaced} end").ShouldBeTrue(spaced);
            NhsNumber.ContainsValid($"ref-{hyphenated}-end").ShouldBeTrue(hyphenated);
            NhsNumber.ContainsValid($"ref.{dotted}.end").ShouldBeTrue(dotted);
            NhsNumber.ContainsValid($"ref {number}{random.Next(10)} end").ShouldBeFalse(number + "x");
        }
    }
}
