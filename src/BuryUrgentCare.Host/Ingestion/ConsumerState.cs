namespace BuryUrgentCare.Ingestion;

/// <summary>What the consumer loop reports to the rest of the host (readiness, lag inputs).</summary>
public sealed class ConsumerState
{
    private volatile bool _assigned;
    private long _consumed;

    /// <summary>True once the consumer group gave this worker its partitions.</summary>
    public bool Assigned
    {
        get => _assigned;
        internal set => _assigned = value;
    }

    public long Consumed => Interlocked.Read(ref _consumed);

    internal void CountConsumed() => Interlocked.Increment(ref _consumed);
}
