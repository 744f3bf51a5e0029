namespace BuryUrgentCare.Ingestion;

/// <summary>What the consumer loop reports to the rest of the host (readiness, lag inputs, telemetry).</summary>
public sealed class ConsumerState
{
    private volatile bool _assigned;
    private long _consumed;
    private long _processingTicks;
    private volatile IReadOnlyDictionary<int, long> _lag = new Dictionary<int, long>();

    /// <summary>True once the consumer group gave this worker its partitions.</summary>
    public bool Assigned
    {
        get => _assigned;
        internal set => _assigned = value;
    }

    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>
    /// Time spent handling consumed messages (processing core, dead-lettering, offset store), in
    /// <see cref="TimeProvider.TimestampFrequency"/> units of the host's clock, estimated from every 32nd message: with
    /// <see cref="Consumed"/> it gives the mean time per event. A sum, not a histogram, and sampled: the per-event cost
    /// of telemetry stays an increment and a branch.
    /// </summary>
    public long ProcessingTimestampTicks => Interlocked.Read(ref _processingTicks);

    /// <summary>
    /// Messages behind the partition's end, per assigned partition, as librdkafka's last statistics (every second) said;
    /// partitions whose lag it does not know yet are absent.
    /// </summary>
    public IReadOnlyDictionary<int, long> Lag => _lag;

    internal void CountConsumed() => Interlocked.Increment(ref _consumed);

    /// <summary>Only the consumer loop writes: an atomic store of the new sum is enough for readers on other threads.</summary>
    internal void AddProcessingTime(long timestampTicks) => Volatile.Write(ref _processingTicks, _processingTicks + timestampTicks);

    internal void SetLag(IReadOnlyDictionary<int, long> lag) => _lag = lag;
}
