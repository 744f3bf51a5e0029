namespace BuryUrgentCare.Contract;

/// <summary>
/// Finds NHS numbers inside text: 10 digits, optionally grouped 3-3-4 with a single space, hyphen or
/// dot in each gap (<c>943 476 5919</c>, <c>943-476-5919</c>, <c>943.476.5919</c>), whose last digit
/// is the modulus-11 check digit of the first nine (NHS Data Dictionary, "NHS Number"). A digit run
/// that is part of a longer run is not a match, and neither is a 10-digit run with a wrong check digit.
/// </summary>
public static class NhsNumber
{
    /// <summary>True if <paramref name="text"/> contains a valid NHS number anywhere.</summary>
    public static bool ContainsValid(ReadOnlySpan<byte> text)
    {
        // Fast exits: fewer than ten bytes, or than ten digits from the first, cannot hold a number. Most
        // names and values of an event are shorter than ten bytes.
        if (text.Length < 10)
        {
            return false;
        }

        var i = text.IndexOfAnyInRange((byte)'0', (byte)'9');
        if (i < 0 || text.Length - i < 10)
        {
            return false;
        }

        // One pass over the rest, run by run: a candidate is a whole digit run of exactly 10, or a whole
        // run of 3 that starts the grouped form (3, separator, 3, separator, 4). Every string of every
        // event is scanned (times, subjects …), so each byte is looked at once.
        while (true)
        {
            var run = CountDigits(text, i);
            if ((run == 10 && IsValidAt(text, i, UnspacedOffsets)) || (run == 3 && IsSpaced(text, i) && IsValidAt(text, i, SpacedOffsets)))
            {
                return true;
            }

            // The byte after the run is not a digit; the next run starts at the next digit after it.
            var next = i + run + 1;
            if (text.Length - next < 10)
            {
                return false; // neither form fits in what is left
            }

            var skip = text[next..].IndexOfAnyInRange((byte)'0', (byte)'9');
            if (skip < 0)
            {
                return false;
            }

            i = next + skip;
        }
    }

    private static bool IsValidAt(ReadOnlySpan<byte> text, int start, ReadOnlySpan<int> offsets)
    {
        Span<byte> digits = stackalloc byte[10];
        for (var k = 0; k < 10; k++)
        {
            digits[k] = (byte)(text[start + offsets[k]] - '0');
        }

        return IsValid(digits);
    }

    /// <summary>True if the string is, or contains, a valid NHS number.</summary>
    public static bool ContainsValid(string text) => ContainsValid(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Modulus-11 check of ten digit values (0–9 each).</summary>
    public static bool IsValid(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        for (var k = 0; k < 9; k++)
        {
            sum += digits[k] * (10 - k);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        // A check value of 10 means the number was never issued.
        return check != 10 && check == digits[9];
    }

    private static ReadOnlySpan<int> UnspacedOffsets => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static ReadOnlySpan<int> SpacedOffsets => [0, 1, 2, 4, 5, 6, 8, 9, 10, 11];

    /// <summary>
    /// True if the run of 3 at <paramref name="start"/> begins the grouped form. Hyphens and dots are how
    /// people write the number as often as spaces; each gap may hold any of the three, since a number
    /// typed with mixed separators identifies a person just the same.
    /// </summary>
    private static bool IsSpaced(ReadOnlySpan<byte> text, int start) =>
        text.Length - start >= 12
        && IsSeparator(text[start + 3]) && CountDigits(text, start + 4) == 3
        && IsSeparator(text[start + 7]) && CountDigits(text, start + 8) == 4;

    private static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'-' or (byte)'.';

    private static int CountDigits(ReadOnlySpan<byte> text, int start)
    {
        var end = start;
        while (end < text.Length && IsDigit(text[end]))
        {
            end++;
        }

        return end - start;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
