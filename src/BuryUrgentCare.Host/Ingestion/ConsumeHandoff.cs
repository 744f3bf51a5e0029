namespace BuryUrgentCare.Ingestion;

/// <summary>
/// The hand-off between the thread that polls Kafka and the thread that processes what it polled: a bounded queue the
/// processing side takes in batches, so polling (librdkafka's fetch, the message copies of the .NET client) and
/// processing (parse, apply, publish) run on two cores instead of one — at replay speed each is about half the work.
/// </summary>
/// <remarks>
/// <para>A rebalance callback runs on the polling thread and changes what processing reads (replay targets, which
/// units a worker owns, the figures of a revoked unit). <see cref="Quiesced"/> runs such work only once everything
/// polled before it has been processed and while the processing thread is parked, so processing never sees a
/// partition's messages after it was revoked, nor the assignment's bookkeeping half-done.</para>
/// <para>A full queue parks the polling thread (back-pressure to the fetch, not memory); <see cref="Fail"/> releases it
/// when processing has stopped for good.</para>
/// </remarks>
public sealed class ConsumeHandoff<T>(int capacity) where T : class
{
    private readonly Queue<T> _queue = new(capacity);
    private readonly object _gate = new(); // Monitor.Wait and Pulse need a monitor, not a System.Threading.Lock
    private bool _busy;       // the processing thread holds a batch (or is publishing) and has not said Done
    private bool _paused;     // a Quiesced action runs: processing takes nothing
    private bool _completed;  // no more items will be added
    private bool _failed;     // processing stopped: adding would wait for ever

    /// <summary>Items waiting to be taken.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Polling side: queues an item, waiting while the queue is full. False once processing has failed.</summary>
    public bool Add(T item)
    {
        lock (_gate)
        {
            while (_queue.Count >= capacity && !_failed)
            {
                Monitor.Wait(_gate);
            }

            if (_failed)
            {
                return false;
            }

            _queue.Enqueue(item);
            if (_queue.Count == 1)
            {
                Monitor.PulseAll(_gate);
            }

            return true;
        }
    }

    /// <summary>
    /// Processing side: waits up to <paramref name="wait"/> for items (for as long as a <see cref="Quiesced"/> action runs,
    /// whatever the wait), then takes up to <paramref name="batch"/>'s length of them and holds the processing turn until
    /// <see cref="Done"/>. Returns how many were taken — 0 when the wait ran out, so the caller can do its timed work in
    /// its turn — or -1 once <see cref="Complete"/> was called and the queue is empty (no turn is held then).
    /// </summary>
    public int Take(T[] batch, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            if (_queue.Count == 0 && !_completed && !_paused && wait > TimeSpan.Zero)
            {
                Monitor.Wait(_gate, wait);
            }

            while (_paused)
            {
                Monitor.Wait(_gate);
            }

            if (_queue.Count == 0 && _completed)
            {
                return -1;
            }

            var wasFull = _queue.Count >= capacity;
            var taken = 0;
            while (taken < batch.Length && _queue.TryDequeue(out var item))
            {
                batch[taken++] = item;
            }

            if (wasFull)
            {
                Monitor.PulseAll(_gate); // the polling thread may be parked on a full queue
            }

            _busy = true;
            return taken;
        }
    }

    /// <summary>Processing side: the turn taken by <see cref="Take"/> is over (the batch is processed).</summary>
    public void Done()
    {
        lock (_gate)
        {
            _busy = false;
            Monitor.PulseAll(_gate); // a Quiesced action may be waiting for this turn to end
        }
    }

    /// <summary>
    /// Polling side (a rebalance callback): waits until every item queued so far has been processed and the processing
    /// thread is between turns, runs <paramref name="action"/> while it takes nothing, then lets it go on.
    /// </summary>
    public void Quiesced(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            while ((_queue.Count > 0 || _busy) && !_failed)
            {
                Monitor.Wait(_gate);
            }

            _paused = true;
        }

        try
        {
            action();
        }
        finally
        {
            lock (_gate)
            {
                _paused = false;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Polling side: nothing more will be added; processing drains the queue and then sees -1.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Processing side: it has stopped for good; a parked or later <see cref="Add"/> returns false.</summary>
    public void Fail()
    {
        lock (_gate)
        {
            _failed = true;
            _busy = false;
            Monitor.PulseAll(_gate);
        }
    }
}
