namespace BuryUrgentCare.Contract;

/// <summary>
/// The NHS-number scan walks text run by run. It must find exactly what checking every digit run
/// (10 digits, or 3-3-4 with a space, hyphen or dot in each gap) one position at a time finds, on any text.
/// </summary>
public sealed class NhsNumberScanModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ContainsValid_RandomText_SameAsPositionByPositionScan(int seed)
    {
        var random = new Random(seed);
        var alphabet = "0123456789012345678901234567890123456789    --..:TZabc"u8.ToArray();
        var found = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var text = new byte[random.Next(0, 40)];
            for (var k = 0; k < text.Length; k++)
            {
                text[k] = alphabet[random.Next(alphabet.Length)];
            }

            var expected = Reference(text);
            found += expected ? 1 : 0;
            NhsNumber.ContainsValid(text).ShouldBe(expected, System.Text.Encoding.ASCII.GetString(text));
        }

        found.ShouldBeGreaterThan(100); // the sample reaches both answers
    }

    /// <summary>The scan as first written: every position that starts a digit run is a candidate.</summary>
    private static bool Reference(ReadOnlySpan<byte> text)
    {
        static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
        static bool IsGap(byte b) => b == ' ' || b == '-' || b == '.';
        static int Run(ReadOnlySpan<byte> t, int start)
        {
            var end = start;
            while (end < t.Length && IsDigit(t[end])) end++;
            return end - start;
        }

        Span<byte> digits = stackalloc byte[10];
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsDigit(text[i]) || (i > 0 && IsDigit(text[i - 1])))
            {
                continue;
            }

            var run = Run(text, i);
            int[]? offsets = run == 10 ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
                : run == 3 && text.Length - i >= 12 && IsGap(text[i + 3]) && Run(text, i + 4) == 3 && IsGap(text[i + 7]) && Run(text, i + 8) == 4
                    ? [0, 1, 2, 4, 5, 6, 8, 9, 10, 11]
                    : null;
            if (offsets is null)
            {
                continue;
            }

            for (var k = 0; k < 10; k++)
            {
                digits[k] = (byte)(text[i + offsets[k]] - '0');
            }

            if (NhsNumber.IsValid(digits))
            {
                return true;
            }
        }

        return false;
    }
}
