namespace BuryUrgentCare.Processing;

/// <summary>
/// The small pieces of the unit checkpoint's binary format (<see cref="StreamProcessor.Checkpoint"/>): little-endian
/// (<see cref="BinaryWriter"/>), counts before lists, and every count and code checked on the way back in, so a corrupt
/// checkpoint is refused with a reason instead of allocating gigabytes or indexing out of an array.
/// </summary>
internal static class CheckpointFormat
{
    public static void WriteSubject(BinaryWriter writer, UInt128 subject)
    {
        writer.Write((ulong)subject);
        writer.Write((ulong)(subject >> 64));
    }

    public static UInt128 ReadSubject(BinaryReader reader)
    {
        var low = reader.ReadUInt64();
        return new UInt128(reader.ReadUInt64(), low);
    }

    public static void WriteSubjects(BinaryWriter writer, ReadOnlySpan<UInt128> subjects)
    {
        writer.Write(subjects.Length);
        foreach (var subject in subjects)
        {
            WriteSubject(writer, subject);
        }
    }

    public static UInt128[] ReadSubjects(BinaryReader reader)
    {
        var subjects = new UInt128[ReadCount(reader, minimumBytesEach: 16)];
        for (var i = 0; i < subjects.Length; i++)
        {
            subjects[i] = ReadSubject(reader);
        }

        return subjects;
    }

    /// <summary>
    /// Writes instants relative to <paramref name="origin"/> (an episode's last event, the previous id's time), in few
    /// bytes: most are whole seconds a few hours apart. Code 0 is "not known" (<see cref="long.MinValue"/>); an odd code
    /// is the zigzag-encoded difference in whole seconds; code 2 is followed by the instant's raw ticks.
    /// </summary>
    public static void WriteInstants(BinaryWriter writer, long origin, params ReadOnlySpan<long> instants)
    {
        foreach (var instant in instants)
        {
            var difference = instant - origin;
            if (instant == long.MinValue)
            {
                writer.Write((byte)0);
            }
            else if (difference % TimeSpan.TicksPerSecond == 0 && Math.Abs(difference / TimeSpan.TicksPerSecond) < 1L << 60)
            {
                var seconds = difference / TimeSpan.TicksPerSecond;
                writer.Write7BitEncodedInt64((long)(((ulong)((seconds << 1) ^ (seconds >> 63)) << 1) | 1));
            }
            else
            {
                writer.Write((byte)2);
                writer.Write(instant);
            }
        }
    }

    /// <summary>An instant <see cref="WriteInstants"/> wrote relative to <paramref name="origin"/>.</summary>
    public static long ReadInstant(BinaryReader reader, long origin)
    {
        var code = (ulong)reader.Read7BitEncodedInt64();
        if (code == 0)
        {
            return long.MinValue;
        }

        if (code == 2)
        {
            return reader.ReadInt64();
        }

        if ((code & 1) == 0)
        {
            throw new InvalidDataException($"instant code {code}");
        }

        var zigzag = code >> 1;
        var seconds = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        return origin + (seconds * TimeSpan.TicksPerSecond);
    }

    public static void WriteCodes(BinaryWriter writer, params ReadOnlySpan<byte> codes) => writer.Write(codes);

    /// <summary>A code below <paramref name="limit"/> (the size of its vocabulary).</summary>
    public static byte ReadCode(BinaryReader reader, int limit)
    {
        var code = reader.ReadByte();
        return code < limit ? code : throw new InvalidDataException($"code {code} outside its vocabulary of {limit}");
    }

    /// <summary>A count of items of at least <paramref name="minimumBytesEach"/> bytes that the rest of the bytes can hold.</summary>
    public static int ReadCount(BinaryReader reader, int minimumBytesEach)
    {
        var count = reader.ReadInt32();
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        return count >= 0 && (long)count * minimumBytesEach <= left
            ? count
            : throw new InvalidDataException($"a count of {count} where {left} bytes are left");
    }
}
