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

    public static void WriteInstants(BinaryWriter writer, params ReadOnlySpan<long> instants)
    {
        foreach (var instant in instants)
        {
            writer.Write(instant);
        }
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
