namespace BuryUrgentCare.Contract;

/// <summary>
/// Strict RFC 3339 <c>date-time</c> parsing over UTF-8: <c>YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)</c>.
/// The offset is mandatory (contract v1); a local time without one is ambiguous across BST and GMT.
/// </summary>
public static class Rfc3339
{
    /// <summary>Parses to UTC ticks. Returns false for any deviation from the grammar or an impossible date.</summary>
    public static bool TryParseUtcTicks(ReadOnlySpan<byte> s, out long utcTicks)
    {
        utcTicks = 0;
        if (s.Length < 20
            || s[4] != '-' || s[7] != '-' || (s[10] | 0x20) != 't' || s[13] != ':' || s[16] != ':'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            // Leap seconds (:60) are rejected: no clinical system emits them and .NET cannot represent them.
            return false;
        }

        var pos = 19;
        long fractionTicks = 0;
        if (s[pos] == '.')
        {
            pos++;
            var start = pos;
            long scale = TimeSpan.TicksPerSecond;
            while (pos < s.Length && IsDigit(s[pos]))
            {
                scale /= 10;
                fractionTicks += (s[pos] - '0') * scale; // digits beyond 100 ns contribute 0
                pos++;
            }

            if (pos == start)
            {
                return false;
            }
        }

        if (pos >= s.Length)
        {
            return false; // no offset
        }

        long offsetTicks;
        if ((s[pos] | 0x20) == 'z')
        {
            offsetTicks = 0;
            pos++;
        }
        else if (s[pos] is (byte)'+' or (byte)'-')
        {
            if (s.Length - pos != 6 || s[pos + 3] != ':'
                || !Digits(s, pos + 1, 2, out var oh) || !Digits(s, pos + 4, 2, out var om) || oh > 23 || om > 59)
            {
                return false;
            }

            offsetTicks = (oh * TimeSpan.TicksPerHour) + (om * TimeSpan.TicksPerMinute);
            if (s[pos] == '-')
            {
                offsetTicks = -offsetTicks;
            }

            pos += 6;
        }
        else
        {
            return false;
        }

        if (pos != s.Length)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        utcTicks = local - offsetTicks;
        return utcTicks >= DateTime.MinValue.Ticks && utcTicks <= DateTime.MaxValue.Ticks;
    }

    /// <summary>
    /// True when <paramref name="validTime"/>, a time <see cref="TryParseUtcTicks"/> accepted, is too short to hold an NHS
    /// number, so the parser need not scan it (every event has one). Its digit runs are the date's and clock's (4, 2, 2, 2,
    /// 2, 2), the offset's (2, 2) and the fraction's: only the fraction can run to ten digits, which takes at least 31
    /// bytes (19, the point, ten digits, <c>Z</c>); and a run of exactly three, which could open the 3-3-4 form, can only
    /// be the fraction, followed by <c>Z</c> or an offset of two digits, never by a separator and three digits.
    /// </summary>
    public static bool ShortEnoughToHoldNoNhsNumber(ReadOnlySpan<byte> validTime) => validTime.Length < 31;

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
