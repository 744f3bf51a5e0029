using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;

namespace BuryUrgentCare.Processing;

/// <summary>
/// Which units this worker holds and whether their figures are live (<see cref="UnitLiveness"/>): a unit is live only
/// while its partition is assigned here, replayed to where it stood at assignment, and the consumer has a broker.
/// A unit's partition is the one Kafka's murmur2 partitioner gives its key, so a unit with no events yet is still
/// known to be held (or not). Written by the consumer loop; read by <see cref="LiveFigures"/> (the same thread) and by
/// readiness (any thread: <see cref="ReadinessProblem"/> takes the lock).
/// </summary>
public sealed class UnitOwnership
{
    private readonly object _lock = new();
    private readonly UnitCatalog _units;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _staleAfter;
    private readonly Dictionary<int, Replay?> _assigned = [];  // partition → replay still running, or null once replayed
    private readonly Dictionary<int, long> _next = [];         // partition → offset after the last message handled
    private readonly UnitLiveness[] _liveness;
    private readonly int[] _seenPartition;
    private int _partitionCount;
    private long _replayTotal;      // messages to replay in the partitions of the current replay (finished ones included)
    private long _replayedFinished; // of those, the messages of partitions whose replay has finished
    private DateTimeOffset? _brokerTroubleSince;
    private volatile bool _inBrokerTrouble; // _brokerTroubleSince is not null, readable without the lock
    private string _brokerTrouble = "";
    private string _unassignedReason = "waiting for the consumer group to assign this unit's partition";
    private int _replaying;         // partitions whose replay is still running (consumer thread writes, under the lock)
    private int _version;           // bumped on every change of who holds what, a replay's end and broker trouble

    /// <summary>
    /// Changes whenever a unit's liveness may have changed other than by the passing of time or a replay's progress:
    /// assignment, revocation, the end of a replay, a unit seen on another partition, broker trouble and its end. A reader
    /// that saw the same version (and is within its tick) need not ask <see cref="Of"/> again: the per-message check is one
    /// integer comparison.
    /// </summary>
    public int Version => Volatile.Read(ref _version);

    /// <param name="staleAfter">How long the consumer may be without a broker before its units are stale.</param>
    public UnitOwnership(UnitCatalog units, TimeProvider clock, TimeSpan staleAfter)
    {
        _units = units ?? throw new ArgumentNullException(nameof(units));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _staleAfter = staleAfter;
        var now = clock.GetUtcNow();
        _liveness = [.. units.Units.Select(_ => new UnitLiveness(UnitLiveness.Unassigned, now, _unassignedReason))];
        _seenPartition = [.. units.Units.Select(_ => -1)];
    }

    /// <summary>A partition being replayed: from its start offset to the end it had at assignment.</summary>
    private sealed class Replay(long start, long target)
    {
        public long Start { get; } = start;
        public long Target { get; } = target;
        public long Next { get; set; } = start;

        public double Progress => Target <= Start ? 1 : Math.Clamp((double)(Next - Start) / (Target - Start), 0, 1);
    }

    /// <summary>
    /// The partition of a unit: where its events have been seen, else where murmur2 of its UTF-8 id puts it (as the
    /// contract's producers partition). Seen wins, so a producer partitioning otherwise still gets an honest answer.
    /// </summary>
    public int PartitionOf(int unit)
    {
        lock (_lock)
        {
            return _seenPartition[unit] >= 0 ? _seenPartition[unit]
                : _partitionCount == 0 ? -1
                : KafkaPartitioner.Murmur2Partition(_units[unit].Id, _partitionCount);
        }
    }

    /// <summary>An event of <paramref name="unit"/> was read from <paramref name="partition"/>.</summary>
    public void Seen(int unit, int partition)
    {
        // Called for every message; the consumer loop is the only writer, so the usual "no change" needs no lock.
        if (Volatile.Read(ref _seenPartition[unit]) == partition)
        {
            return;
        }

        lock (_lock)
        {
            _seenPartition[unit] = partition;
            _version++;
        }
    }

    /// <summary>Partitions assigned: each with the offset replay starts at and the end it must reach (equal: nothing to replay).</summary>
    public void Assigned(int partitionCount, IEnumerable<(int Partition, long Start, long Target)> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        lock (_lock)
        {
            _partitionCount = partitionCount;
            if (!_assigned.Values.Any(r => r is not null))
            {
                // A new replay: progress counts from here (an assignment that adds partitions mid-replay adds to it).
                (_replayTotal, _replayedFinished) = (0, 0);
            }

            foreach (var (partition, start, target) in partitions)
            {
                ForgetReplay(partition);
                var replay = target > start ? new Replay(start, target) : null;
                _assigned[partition] = replay;
                _replayTotal += replay is null ? 0 : replay.Target - replay.Start;
            }

            CountReplaying();
            _version++;
        }
    }

    /// <summary>Partitions revoked (rebalance) or lost (the group gave up on this worker): their units are no longer held.</summary>
    public void Revoked(IEnumerable<int> partitions, string reason)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        lock (_lock)
        {
            foreach (var partition in partitions)
            {
                ForgetReplay(partition);
                _assigned.Remove(partition);
                _next.Remove(partition);
            }

            _unassignedReason = reason;
            CountReplaying();
            _version++;
        }
    }

    /// <summary>The partitions this worker holds now.</summary>
    public int[] AssignedPartitions()
    {
        lock (_lock)
        {
            return [.. _assigned.Keys];
        }
    }

    /// <summary>A message of <paramref name="partition"/> at <paramref name="offset"/> was handled. Returns true when that finished its replay.</summary>
    public bool Consumed(int partition, long offset)
    {
        // Called for every message: only the position moves unless a replay runs or the broker was in trouble (a message
        // read is proof it is not). Both flags are written by the consumer loop only, which is the caller.
        if (Volatile.Read(ref _replaying) == 0 && !_inBrokerTrouble)
        {
            lock (_lock)
            {
                _next[partition] = offset + 1; // the gateway's backlog reads it (UnconsumedBacklog)
            }

            return false;
        }

        lock (_lock)
        {
            BrokerHealthy();
            _next[partition] = offset + 1;
            if (!_assigned.TryGetValue(partition, out var replay) || replay is null)
            {
                return false;
            }

            replay.Next = offset + 1;
            if (replay.Next < replay.Target)
            {
                return false;
            }

            _assigned[partition] = null;
            _replayedFinished += replay.Target - replay.Start;
            CountReplaying();
            _version++;
            return true;
        }
    }

    /// <summary>
    /// The offset after the last message of <paramref name="partition"/> this worker handled (applied or dead-lettered),
    /// or -1 when it has handled none since the partition was assigned. Everything below it is safe from retention.
    /// </summary>
    public long NextOffset(int partition)
    {
        lock (_lock)
        {
            return _next.TryGetValue(partition, out var next) ? next : -1;
        }
    }

    /// <summary>The consumer cannot reach a broker (first report starts the clock).</summary>
    public void BrokerUnreachable(string reason)
    {
        lock (_lock)
        {
            if (_brokerTroubleSince is null)
            {
                _brokerTroubleSince = _clock.GetUtcNow();
                _inBrokerTrouble = true;
                _version++;
            }

            _brokerTrouble = reason;
        }
    }

    /// <summary>The consumer has a broker again.</summary>
    public void BrokerReachable()
    {
        lock (_lock)
        {
            BrokerHealthy();
        }
    }

    /// <summary>Whether any assigned partition is still replaying.</summary>
    public bool Replaying
    {
        get
        {
            lock (_lock)
            {
                return _assigned.Values.Any(r => r is not null);
            }
        }
    }

    /// <summary>The unit's liveness now; <see cref="UnitLiveness.Since"/> is kept while the state and reason stay the same.</summary>
    public UnitLiveness Of(int unit)
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            var partition = PartitionOf(unit);
            string state;
            string? reason = null;
            double? progress = null;
            var since = now;
            if (partition < 0 || !_assigned.TryGetValue(partition, out var replay))
            {
                (state, reason) = (UnitLiveness.Unassigned, _unassignedReason);
            }
            else if (replay is not null)
            {
                (state, reason, progress) = (UnitLiveness.Replaying, "rebuilding the figures from the event log", Math.Round(replay.Progress, 3));
            }
            else if (_brokerTroubleSince is { } troubleSince && now - troubleSince >= _staleAfter)
            {
                (state, reason, since) = (UnitLiveness.Stale, $"no connection to Kafka: {_brokerTrouble}", troubleSince);
            }
            else
            {
                state = UnitLiveness.Live;
            }

            // Asked after every message: the same answer is the same object, so nothing is allocated while nothing changes.
            var previous = _liveness[unit];
            if (previous.State == state && previous.Reason == reason)
            {
                if (previous.Progress == progress)
                {
                    return previous;
                }

                since = previous.Since;
            }

            var next = new UnitLiveness(state, since, reason, progress);
            _liveness[unit] = next;
            return next;
        }
    }

    /// <summary>Why this worker is not ready to serve live figures, or null when it is (readiness).</summary>
    public string? ReadinessProblem()
    {
        lock (_lock)
        {
            if (_assigned.Count == 0)
            {
                return "no partition assigned: " + _unassignedReason;
            }

            var replaying = _assigned.Count(a => a.Value is not null);
            if (replaying > 0)
            {
                return $"{replaying} of {_assigned.Count} assigned partitions still replaying: {ReplayProgressLocked()}";
            }

            return _brokerTroubleSince is { } since && _clock.GetUtcNow() - since >= _staleAfter
                ? $"no connection to Kafka since {since:O}: {_brokerTrouble}"
                : null;
        }
    }

    /// <summary>
    /// How far the current replay is over all the partitions it covers (finished ones included); once every partition is
    /// replayed, the last replay's totals with nothing remaining. Any thread.
    /// </summary>
    public ReplayProgress ReplayProgress()
    {
        lock (_lock)
        {
            return ReplayProgressLocked();
        }
    }

    private ReplayProgress ReplayProgressLocked()
    {
        var replayed = _replayedFinished;
        var replaying = 0;
        foreach (var replay in _assigned.Values)
        {
            if (replay is not null)
            {
                replayed += Math.Clamp(replay.Next - replay.Start, 0, replay.Target - replay.Start);
                replaying++;
            }
        }

        return new ReplayProgress(replayed, _replayTotal, replaying);
    }

    /// <summary>A partition's replay still running is taken out of the totals (revoked, or assigned anew).</summary>
    private void ForgetReplay(int partition)
    {
        if (_assigned.TryGetValue(partition, out var replay) && replay is not null)
        {
            _replayTotal -= replay.Target - replay.Start;
        }
    }

    private void BrokerHealthy()
    {
        if (_brokerTroubleSince is not null)
        {
            _version++;
        }

        _brokerTroubleSince = null;
        _inBrokerTrouble = false;
        _brokerTrouble = "";
    }

    private void CountReplaying() => Volatile.Write(ref _replaying, _assigned.Values.Count(r => r is not null));
}

/// <summary>Progress of a replay: messages replayed of those the replay covers, and partitions still replaying.</summary>
public readonly record struct ReplayProgress(long Replayed, long Total, int PartitionsReplaying)
{
    /// <summary>Replayed share of the log, 0–1 (1 when there was nothing to replay).</summary>
    public double Fraction => Total <= 0 ? 1 : Math.Clamp((double)Replayed / Total, 0, 1);

    /// <summary>Whole percent replayed, rounded down: 100 % only once it is done.</summary>
    public int Percent => Replayed >= Total ? 100 : (int)Math.Min(99, Math.Floor(Fraction * 100));

    /// <summary>E.g. "63 % of the log replayed (12,345 of 19,600 messages)".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Percent} % of the log replayed ({Replayed:N0} of {Total:N0} messages)");
}
