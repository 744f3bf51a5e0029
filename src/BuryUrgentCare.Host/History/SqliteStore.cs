using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace BuryUrgentCare.History;

/// <summary>
/// The embedded <see cref="ITimeSeriesStore"/>: one SQLite file in WAL mode, so the app keeps history
/// with no server. Same semantics as InfluxDB: a point is identified by measurement + tag set (the
/// series) + field + millisecond timestamp, and writing it again replaces it
/// (<c>INSERT OR REPLACE</c>); queries bucket by step in SQL.
/// </summary>
/// <remarks>
/// Tables: <c>series</c> (id, series key as line protocol writes it, measurement), <c>series_tags</c>
/// (tag key, tag value → series, for filters) and <c>points</c> (series, field, time in Unix ms, kind,
/// value; primary key series + field + time, <c>WITHOUT ROWID</c>). Unlike InfluxDB, a field may change
/// type between points; queries read only integer and float values.
/// </remarks>
public sealed class SqliteStore : ITimeSeriesStore, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS series (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            measurement TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS series_by_measurement ON series (measurement);
        CREATE TABLE IF NOT EXISTS series_tags (
            tag_key TEXT NOT NULL,
            tag_value TEXT NOT NULL,
            series_id INTEGER NOT NULL REFERENCES series (id),
            PRIMARY KEY (tag_key, tag_value, series_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS points (
            series_id INTEGER NOT NULL REFERENCES series (id),
            field TEXT NOT NULL,
            time INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            value NOT NULL,
            PRIMARY KEY (series_id, field, time)) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _seriesIds = new(StringComparer.Ordinal);
    private volatile bool _initialized;

    /// <param name="path">The database file; its folder is created if missing.</param>
    public SqliteStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<FigurePoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return;
        }

        for (var i = 0; i < points.Count; i++)
        {
            LineProtocol.Validate(points[i]);
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var newSeries = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            await using var insertSeries = connection.CreateCommand();
            insertSeries.Transaction = transaction;
            insertSeries.CommandText = "INSERT INTO series (key, measurement) VALUES ($key, $measurement) " +
                                       "ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id";
            var seriesKey = insertSeries.Parameters.Add("$key", SqliteType.Text);
            var seriesMeasurement = insertSeries.Parameters.Add("$measurement", SqliteType.Text);

            await using var insertTag = connection.CreateCommand();
            insertTag.Transaction = transaction;
            insertTag.CommandText = "INSERT OR IGNORE INTO series_tags (tag_key, tag_value, series_id) VALUES ($k, $v, $id)";
            var tagKey = insertTag.Parameters.Add("$k", SqliteType.Text);
            var tagValue = insertTag.Parameters.Add("$v", SqliteType.Text);
            var tagSeries = insertTag.Parameters.Add("$id", SqliteType.Integer);

            await using var insertPoint = connection.CreateCommand();
            insertPoint.Transaction = transaction;
            insertPoint.CommandText = "INSERT OR REPLACE INTO points (series_id, field, time, kind, value) VALUES ($s, $f, $t, $kind, $v)";
            var pointSeries = insertPoint.Parameters.Add("$s", SqliteType.Integer);
            var pointField = insertPoint.Parameters.Add("$f", SqliteType.Text);
            var pointTime = insertPoint.Parameters.Add("$t", SqliteType.Integer);
            var pointKind = insertPoint.Parameters.Add("$kind", SqliteType.Integer);
            var pointValue = insertPoint.Parameters.Add("$v", SqliteType.Blob);

            var keyBuilder = new StringBuilder(128);
            foreach (var point in points)
            {
                keyBuilder.Clear();
                LineProtocol.AppendSeriesKey(keyBuilder, point);
                var key = keyBuilder.ToString();
                if (!_seriesIds.TryGetValue(key, out var seriesId) && !newSeries.TryGetValue(key, out seriesId))
                {
                    seriesKey.Value = key;
                    seriesMeasurement.Value = point.Measurement;
                    seriesId = (long)(await insertSeries.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    foreach (var tag in point.Tags)
                    {
                        tagKey.Value = tag.Key;
                        tagValue.Value = tag.Value;
                        tagSeries.Value = seriesId;
                        await insertTag.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    // Cached only after commit: a rolled-back id must not be reused.
                    newSeries[key] = seriesId;
                }

                pointSeries.Value = seriesId;
                pointTime.Value = point.UnixMilliseconds;
                foreach (var field in point.Fields)
                {
                    pointField.Value = field.Key;
                    pointKind.Value = (int)field.Value.Kind;
                    (pointValue.SqliteType, pointValue.Value) = field.Value.Kind switch
                    {
                        FieldValueKind.Float => (SqliteType.Real, (object)field.Value.AsFloat()),
                        FieldValueKind.Integer => (SqliteType.Integer, field.Value.AsInteger()),
                        FieldValueKind.Boolean => (SqliteType.Integer, field.Value.AsBoolean() ? 1L : 0L),
                        _ => (SqliteType.Text, field.Value.AsString()),
                    };
                    await insertPoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new TimeSeriesStoreException($"Writing to the history file {Path} failed: {ex.Message}", isTransient: true,
                innerException: ex);
        }

        foreach (var (key, id) in newSeries)
        {
            _seriesIds[key] = id;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryBucket>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        if (query.From == query.To)
        {
            return [];
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var from = query.From.ToUnixTimeMilliseconds();
        var step = (long)query.Step.TotalMilliseconds;

        // Integer division of (time − from) ≥ 0 by step numbers the buckets from From, as the InfluxQL offset does.
        // SQLite's bare-column rule makes "value, MAX(time)" return the value of the latest row in each group.
        var aggregate = query.Aggregate switch
        {
            HistoryAggregate.Mean => "AVG(p.value)",
            HistoryAggregate.Max => "MAX(p.value)",
            HistoryAggregate.Min => "MIN(p.value)",
            HistoryAggregate.Sum => "SUM(p.value)",
            HistoryAggregate.Last => "p.value, MAX(p.time)",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Aggregate, "Unknown aggregate."),
        };

        var sql = new StringBuilder(512);
        sql.Append(CultureInfo.InvariantCulture, $"""
            SELECT (p.time - $from) / $step AS bucket, {aggregate}
            FROM points p
            WHERE p.series_id IN (SELECT s.id FROM series s WHERE s.measurement = $measurement
            """);
        for (var i = 0; i < query.Tags.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture,
                $" AND s.id IN (SELECT series_id FROM series_tags WHERE tag_key = $k{i} AND tag_value = $v{i})");
        }

        sql.Append("""
            )
              AND p.field = $field AND p.time >= $from AND p.time < $to AND p.kind IN (1, 2)
            GROUP BY bucket
            ORDER BY bucket
            """);

        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql.ToString();
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", query.To.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$step", step);
            command.Parameters.AddWithValue("$measurement", query.Measurement);
            command.Parameters.AddWithValue("$field", query.Field);
            for (var i = 0; i < query.Tags.Count; i++)
            {
                command.Parameters.AddWithValue($"$k{i}", query.Tags[i].Key);
                command.Parameters.AddWithValue($"$v{i}", query.Tags[i].Value);
            }

            var buckets = new List<HistoryBucket>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.IsDBNull(1))
                {
                    continue;
                }

                buckets.Add(new HistoryBucket(
                    DateTimeOffset.FromUnixTimeMilliseconds(from + reader.GetInt64(0) * step),
                    reader.GetDouble(1)));
            }

            return buckets;
        }
        catch (SqliteException ex)
        {
            throw new TimeSeriesStoreException($"Querying the history file {Path} failed: {ex.Message}", isTransient: true,
                innerException: ex);
        }
    }

    /// <summary>
    /// Deletes every point older than <paramref name="cutoff"/>, rollups included. Returns the number of field values
    /// deleted. The retention job uses <see cref="DeleteRawBeforeAsync"/> and <see cref="DeleteRollupsBeforeAsync"/>.
    /// </summary>
    public Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteAsync(cutoff, "", cancellationToken);

    /// <inheritdoc />
    public async Task<string> ApplyRetentionAsync(DateTimeOffset now, TimeSpan rawRetention, TimeSpan rollupRetention,
        CancellationToken cancellationToken)
    {
        var cutoff = now - rawRetention;
        var deleted = await DeleteRawBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var result = $"deleted {deleted} raw field values before {cutoff:O}";
        if (rollupRetention > TimeSpan.Zero)
        {
            var rollupCutoff = now - rollupRetention;
            var rollups = await DeleteRollupsBeforeAsync(rollupCutoff, cancellationToken).ConfigureAwait(false);
            result += $"; {rollups} rollup field values before {rollupCutoff:O}";
        }

        return result;
    }

    /// <summary>
    /// Deletes raw points (every measurement but the <c>daily_*</c> rollups) older than <paramref name="cutoff"/>: the
    /// embedded store's retention, for the retention job to call with now − <see cref="HistoryOptions.RawRetention"/>.
    /// Returns the number of field values deleted.
    /// </summary>
    public Task<int> DeleteRawBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteAsync(cutoff, " AND series_id NOT IN (SELECT id FROM series WHERE measurement LIKE 'daily\\_%' ESCAPE '\\')", cancellationToken);

    /// <summary>Deletes rollup points (<c>daily_*</c>) older than <paramref name="cutoff"/> (now −
    /// <see cref="HistoryOptions.RollupRetention"/>, when one is set). Returns the number of field values deleted.</summary>
    public Task<int> DeleteRollupsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteAsync(cutoff, " AND series_id IN (SELECT id FROM series WHERE measurement LIKE 'daily\\_%' ESCAPE '\\')", cancellationToken);

    private async Task<int> DeleteAsync(DateTimeOffset cutoff, string seriesFilter, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM points WHERE time < $cutoff" + seriesFilter;
            command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new TimeSeriesStoreException($"Deleting old points from the history file {Path} failed: {ex.Message}", isTransient: true,
                innerException: ex);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // NORMAL is durable in WAL mode except for the last transactions on power loss, which the event log
            // replay rewrites anyway; FULL would fsync every batch.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var folder = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        catch (SqliteException ex)
        {
            throw new TimeSeriesStoreException($"Opening the history file {Path} failed: {ex.Message}", isTransient: true,
                innerException: ex);
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Closes pooled connections so the file is released.</summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initLock.Dispose();
    }
}
