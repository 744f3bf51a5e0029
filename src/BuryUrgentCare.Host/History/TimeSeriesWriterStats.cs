namespace BuryUrgentCare.History;

/// <summary>A snapshot of what a <see cref="TimeSeriesWriter"/> has done since it was created.</summary>
/// <param name="Enqueued">Points accepted by <see cref="TimeSeriesWriter.TryEnqueue"/>.</param>
/// <param name="Written">Points the store acknowledged.</param>
/// <param name="Dropped">Points refused because the buffer was full or the writer had stopped, plus points
/// neither written nor spilled when the shutdown timeout ran out, plus spilled points that could not be read back.</param>
/// <param name="Rejected">Points in batches the store refused as invalid (not retried).</param>
/// <param name="FailedAttempts">Write attempts that failed (each retry counts).</param>
/// <param name="Buffered">Points waiting in the buffer now (not counting the batch being written or the spill).</param>
/// <param name="LastError">The message of the last failure, or null if none yet.</param>
/// <param name="LastErrorAt">When the last failure happened.</param>
public sealed record TimeSeriesWriterStats(
    long Enqueued,
    long Written,
    long Dropped,
    long Rejected,
    long FailedAttempts,
    int Buffered,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    /// <summary>When the store began failing the batch the writer is retrying now; null while writes succeed.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>Points waiting on disk in the spill now (<see cref="HistoryOptions.SpillPath"/>), this process's or left
    /// by an earlier one; 0 without a spill.</summary>
    public long Spilled { get; init; }

    /// <summary>Points this writer has moved to the spill since it was created.</summary>
    public long SpilledTotal { get; init; }
}
