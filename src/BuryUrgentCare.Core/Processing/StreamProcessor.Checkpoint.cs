using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace BuryUrgentCare.Processing;

/// <summary>
/// A unit's checkpoint (hazard H19, issue 12): everything the processor holds for the unit, so a host that restores it
/// and then applies the log after the offset it was taken at shows exactly the figures of a host that never stopped —
/// including patients in the department longer than the replay horizon, whose arrival a replay from the horizon would
/// never see. Pure: bytes in, bytes out; where they are kept, and with which log offset, is the host's business.
/// </summary>
/// <remarks>
/// <para>Format (version <see cref="CheckpointFormatVersion"/>, little-endian): the version byte; the unit id; when the
/// first record was received and the unit's feed last sent; the unit's ingest counters; its deduplication window (ids
/// and event times, oldest first); its declared capacity; the silence cutoff, the latest census and the episodes held
/// (open, closed within the horizon, held without their start), sorted by subject. Equal states write equal bytes.</para>
/// <para>The aggregates (in department, stages, today's totals, …) are not written: each is the sum of the episodes'
/// contributions, and restoring adds each episode once — the rebuild <c>IncrementalUpkeepModelTests</c> holds the
/// incremental upkeep to. A restored state is therefore the one a never-stopped host has, except for a day total an
/// episode forgotten beyond the horizon still counts in: only a day that ended before the horizon (every instant of a
/// forgotten episode is older than the horizon, unless an event was stamped after the episode's end), which no
/// figure shows.</para>
/// <para>Taking one costs nothing per event: the host asks for it on a timer, between events.</para>
/// </remarks>
public sealed partial class StreamProcessor
{
    /// <summary>The checkpoint format this processor writes.</summary>
    public const byte CheckpointFormatVersion = 3; // 2: an A&E attendance's referral to a specialty (ae.referred); 3: and its specialty

    /// <summary>
    /// The oldest format this processor still reads. A refused checkpoint means a replay from the horizon, which loses a
    /// patient in for longer than it (hazard H19): so an upgrade that changes the format keeps reading the one before,
    /// and a restart after the upgrade restores as any other. Older ones are refused and replay.
    /// </summary>
    public const byte OldestReadableCheckpointFormatVersion = 2;

    /// <summary>The unit's checkpoint: what <see cref="TryRestore"/> needs to continue exactly where this processor is.</summary>
    public byte[] Checkpoint(int unit)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(CheckpointFormatVersion);
            writer.Write(_units[unit].Id);
            writer.Write(_firstRecordTicks);
            writer.Write(_lastFeedEventTicks[unit]);
            _counters.Write(unit, writer);
            _seen[unit].Write(writer);
            _states[unit].Write(writer);
        }

        return bytes.ToArray();
    }

    /// <summary>
    /// Replaces the unit's state by the one <paramref name="checkpoint"/> holds. Nothing is changed unless the whole
    /// checkpoint reads: of this format version, of this unit, consistent throughout.
    /// </summary>
    /// <param name="problem">Why the checkpoint was refused (null when restored).</param>
    public bool TryRestore(int unit, byte[] checkpoint, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Length == 0 || checkpoint[0] is < OldestReadableCheckpointFormatVersion or > CheckpointFormatVersion)
        {
            problem = checkpoint.Length == 0
                ? "empty"
                : $"format version {checkpoint[0]}, not {OldestReadableCheckpointFormatVersion}–{CheckpointFormatVersion}";
            return false;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(checkpoint, writable: false), Encoding.UTF8);
            var version = reader.ReadByte();
            var id = reader.ReadString();
            if (id != _units[unit].Id)
            {
                problem = $"a checkpoint of {id}, not of {_units[unit].Id}";
                return false;
            }

            var firstRecord = reader.ReadInt64();
            var lastFeedEvent = reader.ReadInt64();
            var counters = IngestCounters.Read(reader);
            var seen = DeduplicationWindow.Read(reader, _settings.MaxRememberedIdsPerUnit);
            var state = _states[unit].Read(reader, version);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException("bytes after the end");
            }

            _states[unit] = state;
            _seen[unit] = seen;
            _lastFeedEventTicks[unit] = lastFeedEvent;
            counters(_counters, unit);
            if (firstRecord != 0 && (_firstRecordTicks == 0 || firstRecord < _firstRecordTicks))
            {
                _firstRecordTicks = firstRecord;
            }

            problem = null;
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            problem = $"unreadable ({ex.Message})";
            return false;
        }
    }
}
