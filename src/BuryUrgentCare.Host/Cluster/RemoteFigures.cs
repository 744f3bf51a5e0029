using System.ComponentModel.DataAnnotations;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Cluster;

/// <summary>Settings of the figures table (section <c>FiguresTable</c>).</summary>
public sealed class FiguresTableOptions
{
    public const string Section = "FiguresTable";

    /// <summary>Write owned units' snapshots to <c>Kafka:FiguresTopic</c> and serve other nodes' units from it. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long another node's snapshot of a unit is taken as current after it was received. Its owner writes every unit
    /// at least once a tick (1 s); after this the unit is shown not live, with its last figures, on this node. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Other nodes' newest snapshots of the units this node does not own, from the figures table; read by the processing
/// loop (<see cref="Processing.LiveFigures"/>), which then leaves those units' publication to the table. Any thread.
/// </summary>
public sealed class RemoteFigures(UnitCatalog units, TimeProvider clock, IOptions<FiguresTableOptions> options)
{
    private readonly Entry?[] _latest = new Entry?[units.Count];
    private readonly long _freshFor = options.Value.FreshFor.Ticks;

    /// <summary>A unit's snapshot as another node wrote it, and when this node received it.</summary>
    public sealed record Entry(UnitSnapshot Snapshot, string Owner, DateTimeOffset Received);

    /// <summary>Records another node's snapshot of <paramref name="unit"/>.</summary>
    public void Received(int unit, UnitSnapshot snapshot, string owner) =>
        Volatile.Write(ref _latest[unit], new Entry(snapshot, owner, clock.GetUtcNow()));

    /// <summary>The unit's newest remote snapshot if it was received within <see cref="FiguresTableOptions.FreshFor"/> and is live.</summary>
    public Entry? Fresh(int unit, DateTimeOffset now) =>
        Volatile.Read(ref _latest[unit]) is { } entry && now.UtcTicks - entry.Received.UtcTicks <= _freshFor && entry.Snapshot.Liveness is not { IsLive: false }
            ? entry
            : null;

    /// <summary>The unit's newest remote snapshot, however old; null if no other node wrote one.</summary>
    public Entry? Last(int unit) => Volatile.Read(ref _latest[unit]);
}
