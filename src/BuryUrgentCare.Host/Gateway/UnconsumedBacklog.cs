using BuryUrgentCare.Processing;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

/// <summary>
/// Back-pressure for a cluster that forgets: librdkafka's in-process cluster keeps only the last ~5 MiB of each
/// partition and evicts older messages whether or not anyone has read them, so an event the gateway answered 202
/// for, and which the consumer had not reached when 5 MiB more arrived behind it, is gone — the consumer's fetch
/// falls off the log start and resets to the new one (seen: 500,792 of 1,039,900 accepted events applied, batches
/// of 100 at concurrency 64). This counts the bytes of accepted events this worker's consumer has not handled yet
/// (<see cref="UnitOwnership.NextOffset"/>) plus those still awaiting Kafka's acknowledgement, and admits a request
/// only while they stay under <see cref="GatewayOptions.MaxUnconsumedBytes"/>; otherwise the gateway answers 503
/// with Retry-After and the integrator resends later. All partitions share one budget, so no single partition can
/// exceed it however the units hash. Off (limit 0) for a real cluster, whose retention is days.
/// Messages other producers write straight to Kafka are not counted: the limit's default leaves them the rest of
/// each partition's 5 MiB.
/// </summary>
public sealed class UnconsumedBacklog
{
    /// <summary>
    /// Bytes a message occupies in the in-process broker beyond its key and value: record header and the
    /// content-type header (~60 B) plus its share of a record batch's 61-byte header, rounded up — the
    /// gateway's single-event requests often travel one record to a batch.
    /// </summary>
    public const int MessageOverheadBytes = 128;

    private readonly object _lock = new();
    private readonly UnitOwnership _ownership;
    private readonly Dictionary<int, Queue<(long Offset, long Bytes)>> _pending = [];
    private long _unconsumed;
    private long _inFlight;

    public UnconsumedBacklog(IOptions<GatewayOptions> options, UnitOwnership ownership)
    {
        ArgumentNullException.ThrowIfNull(options);
        Limit = options.Value.MaxUnconsumedBytes ?? 0;
        _ownership = ownership;
    }

    /// <summary>The budget in bytes; 0 = no limit.</summary>
    public long Limit { get; }

    /// <summary>Accepted bytes the consumer has not handled yet, plus those awaiting acknowledgement.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                Prune();
                return _unconsumed + _inFlight;
            }
        }
    }

    /// <summary>Bytes one message of this key and value is counted as.</summary>
    public static long SizeOf(string key, int valueBytes) => valueBytes + key.Length + MessageOverheadBytes;

    /// <summary>
    /// Reserves <paramref name="bytes"/> for a request about to be produced, or refuses when that would take the
    /// backlog over the limit. An empty backlog admits any one request (its body is at most the limit, checked
    /// before), so a request is never refused forever.
    /// </summary>
    public bool TryReserve(long bytes)
    {
        if (Limit == 0 || bytes == 0)
        {
            return true;
        }

        lock (_lock)
        {
            Prune();
            var used = _unconsumed + _inFlight;
            if (used > 0 && used + bytes > Limit)
            {
                return false;
            }

            _inFlight += bytes;
            return true;
        }
    }

    /// <summary>
    /// The reserved request was answered by Kafka: its reservation becomes the delivered messages' bytes, each kept
    /// until the consumer has handled its offset. Failed deliveries are not counted (the request is answered 503).
    /// </summary>
    public void Delivered(long reserved, IEnumerable<(TopicPartitionOffset Position, long Bytes)> delivered)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        if (Limit == 0 || reserved == 0)
        {
            return;
        }

        lock (_lock)
        {
            _inFlight -= reserved;
            foreach (var (position, bytes) in delivered)
            {
                if (!_pending.TryGetValue(position.Partition.Value, out var queue))
                {
                    _pending[position.Partition.Value] = queue = new Queue<(long, long)>();
                }

                queue.Enqueue((position.Offset.Value, bytes));
                _unconsumed += bytes;
            }
        }
    }

    /// <summary>Forgets messages the consumer has handled. Offsets of one partition arrive nearly in order; one
    /// delivered out of order behind a higher one is released a little late, never early.</summary>
    private void Prune()
    {
        foreach (var (partition, queue) in _pending)
        {
            var next = _ownership.NextOffset(partition);
            while (queue.Count > 0 && queue.Peek().Offset < next)
            {
                _unconsumed -= queue.Dequeue().Bytes;
            }
        }
    }
}
