using System.Threading.Channels;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The latest published snapshot of every unit, readable from any thread, and a wake-up signal for
/// the broadcaster. Holding only the latest per unit means a slow SignalR send can never back up
/// processing: it simply sends the newest figures when it gets to them.
/// </summary>
public sealed class SnapshotStore
{
    private readonly UnitCatalog _units;
    private readonly UnitSnapshot?[] _latest;
    private readonly int[] _pending;
    private readonly Channel<int> _changed;
    private readonly PublishLatency? _latency;

    /// <param name="latency">Told of every publication, to time event → publish; none in tests that do not measure it.</param>
    public SnapshotStore(UnitCatalog units, PublishLatency? latency = null)
    {
        _units = units;
        _latency = latency;
        _latest = new UnitSnapshot?[units.Count];
        _pending = new int[units.Count];
        // At most one signal per unit is ever queued (see _pending), so the bound is never hit.
        _changed = Channel.CreateBounded<int>(new BoundedChannelOptions(units.Count) { SingleReader = true });
    }

    public UnitCatalog Units => _units;

    public ChannelReader<int> Changes => _changed.Reader;

    /// <summary>Called by the processing loop.</summary>
    public void Publish(int unit, UnitSnapshot snapshot)
    {
        Volatile.Write(ref _latest[unit], snapshot);
        _latency?.Published(unit, snapshot);
        if (Interlocked.Exchange(ref _pending[unit], 1) == 0)
        {
            _changed.Writer.TryWrite(unit);
        }
    }

    /// <summary>Called by the broadcaster before it reads the snapshot it is about to send.</summary>
    public UnitSnapshot? Take(int unit)
    {
        Interlocked.Exchange(ref _pending[unit], 0);
        return Volatile.Read(ref _latest[unit]);
    }

    public UnitSnapshot? Get(int unit) => Volatile.Read(ref _latest[unit]);

    public bool TryGet(string unitId, out UnitSnapshot? snapshot)
    {
        snapshot = null;
        if (!_units.TryGetIndex(unitId, out var index))
        {
            return false;
        }

        snapshot = Get(index);
        return true;
    }

    public IReadOnlyList<UnitSnapshot> All()
    {
        var all = new List<UnitSnapshot>(_latest.Length);
        foreach (var snapshot in _latest)
        {
            if (snapshot is not null) all.Add(snapshot);
        }

        return all;
    }
}
