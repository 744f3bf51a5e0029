namespace BuryUrgentCare.History;

/// <summary>
/// Where figure history is kept: InfluxDB in production (<see cref="InfluxDbStore"/>), an embedded
/// SQLite file by default (<see cref="SqliteStore"/>). Both follow the same contract, which the same
/// tests check against both.
/// </summary>
public interface ITimeSeriesStore
{
    /// <summary>
    /// Writes points. Idempotent: a point with the same measurement, tag set and timestamp as a stored
    /// one overwrites the fields it carries (other fields of the stored point stay), as InfluxDB does —
    /// so a batch retried after an ambiguous failure, or the event log replayed, never double counts.
    /// </summary>
    /// <exception cref="ArgumentException">A point breaks line-protocol rules (see <see cref="LineProtocol.Validate"/>).</exception>
    /// <exception cref="TimeSeriesStoreException">The store refused or could not be reached;
    /// <see cref="TimeSeriesStoreException.IsTransient"/> says whether retrying may help.</exception>
    Task WriteAsync(IReadOnlyList<FigurePoint> points, CancellationToken cancellationToken);

    /// <summary>
    /// Aggregates one numeric field into buckets of <see cref="HistoryQuery.Step"/> aligned to
    /// <see cref="HistoryQuery.From"/>, in time order; buckets without points are absent.
    /// </summary>
    /// <exception cref="TimeSeriesStoreException">The store refused or could not be reached.</exception>
    Task<IReadOnlyList<HistoryBucket>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Applies retention as of <paramref name="now"/>: raw points older than <paramref name="rawRetention"/> and, when
    /// <paramref name="rollupRetention"/> is positive, daily rollups older than it are removed — by the store here, or by
    /// the store's own engine (InfluxDB's retention policies), which the answer then says. Returns what was done, for
    /// the job log. Idempotent.
    /// </summary>
    /// <exception cref="TimeSeriesStoreException">The store refused or could not be reached.</exception>
    Task<string> ApplyRetentionAsync(DateTimeOffset now, TimeSpan rawRetention, TimeSpan rollupRetention, CancellationToken cancellationToken);
}
