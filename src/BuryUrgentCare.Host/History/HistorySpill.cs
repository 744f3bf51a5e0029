using System.Text;
using Microsoft.Data.Sqlite;

namespace BuryUrgentCare.History;

/// <summary>
/// A queue of figure points on disk, in arrival order: where the <see cref="TimeSeriesWriter"/> puts what it cannot
/// keep in memory while the store is down, and what it could not write before the process stopped. One SQLite file in
/// WAL mode, one row a point (<c>seq</c> in arrival order, the point serialised), one transaction per call.
/// </summary>
/// <remarks>
/// Only the writer's loop uses it, but calls are serialised anyway, so a stray caller cannot corrupt the
/// connection. Nothing touches the disk until the first call that needs to: a spill whose file does not
/// exist counts 0 without creating it, so a healthy writer never makes the file. Every failure (disk full, IO
/// error, a path that cannot be created) surfaces as the exception SQLite or the file system threw; the next
/// call tries again, reopening the file if it never opened.
/// </remarks>
public sealed class HistorySpill : IDisposable
{
    // One version byte leads every row, so that a file written by an older build can be read, or recognised as
    // unreadable, rather than misread.
    private const byte FormatVersion = 1;

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS spill (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            point BLOB NOT NULL);
        """;

    private readonly object _gate = new();
    private readonly string _connectionString;
    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _encoder;
    private SqliteConnection? _connection;
    private long _count;
    private bool _disposed;

    /// <param name="path">The SQLite file; it and its folder are created on the first write.</param>
    public HistorySpill(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);

        // No pooling: the spill holds one connection for its life, and a closed spill must let go of the file.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        _encoder = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>The full path of the spill file.</summary>
    public string Path { get; }

    /// <summary>Points on disk now; 0 while the file does not exist. Opens the file if it exists and is not open yet.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return Open(create: false) is null ? 0 : _count;
            }
        }
    }

    /// <summary>Adds <paramref name="points"/> after every point on disk, in one transaction: all of them or none.</summary>
    public void Append(IReadOnlyList<FigurePoint> points) => Insert(points, atFront: false);

    /// <summary>
    /// Adds <paramref name="points"/> before every point on disk, in one transaction. For points that arrived before
    /// everything already spilled: the batch the writer held in memory while it moved newer points here.
    /// </summary>
    public void Prepend(IReadOnlyList<FigurePoint> points) => Insert(points, atFront: true);

    /// <summary>
    /// Reads, without removing, up to <paramref name="max"/> of the oldest points. <see cref="SpillChunk.LastSeq"/>
    /// is what to pass to <see cref="DeleteThrough"/> once they are written. A row that cannot be decoded is left out
    /// of <see cref="SpillChunk.Points"/> but counted in <see cref="SpillChunk.Rows"/>, and deleted with the others.
    /// </summary>
    public SpillChunk ReadOldest(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            var connection = Open(create: false);
            if (connection is null)
            {
                return new SpillChunk([], 0, 0);
            }

            using var command = connection.CreateCommand();
            command.CommandText = "SELECT seq, point FROM spill ORDER BY seq LIMIT $max";
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            var points = new List<FigurePoint>();
            long lastSeq = 0;
            var rows = 0;
            while (reader.Read())
            {
                lastSeq = reader.GetInt64(0);
                rows++;
                if (TryDecode((byte[])reader.GetValue(1), out var point))
                {
                    points.Add(point);
                }
            }

            return new SpillChunk(points, lastSeq, rows);
        }
    }

    /// <summary>Removes every point up to and including <paramref name="seq"/> (from <see cref="ReadOldest"/>).</summary>
    public void DeleteThrough(long seq)
    {
        lock (_gate)
        {
            var connection = Open(create: false);
            if (connection is null)
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM spill WHERE seq <= $seq";
            command.Parameters.AddWithValue("$seq", seq);
            _count -= command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
            _encoder.Dispose();
            _buffer.Dispose();
        }
    }

    private void Insert(IReadOnlyList<FigurePoint> points, bool atFront)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var connection = Open(create: true)!;
            using var transaction = connection.BeginTransaction();
            long? firstSeq = null;
            if (atFront)
            {
                // Explicit keys below the smallest present one; AUTOINCREMENT goes on numbering appends above the largest.
                using var min = connection.CreateCommand();
                min.Transaction = transaction;
                min.CommandText = "SELECT MIN(seq) FROM spill";
                if (min.ExecuteScalar() is long smallest)
                {
                    firstSeq = smallest - points.Count;
                }
            }

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO spill (seq, point) VALUES ($seq, $point)";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var blob = insert.Parameters.Add("$point", SqliteType.Blob);
            for (var i = 0; i < points.Count; i++)
            {
                seq.Value = firstSeq is { } first ? first + i : DBNull.Value;
                blob.Value = Encode(points[i]);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            _count += points.Count;
        }
    }

    /// <summary>The open connection; null when <paramref name="create"/> is false and the file does not exist.</summary>
    private SqliteConnection? Open(bool create)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is not null)
        {
            return _connection;
        }

        if (!create && !File.Exists(Path))
        {
            return null;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = Schema;
            command.ExecuteNonQuery();
            command.CommandText = "SELECT COUNT(*) FROM spill";
            _count = (long)command.ExecuteScalar()!;
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _connection = connection;
        return connection;
    }

    private byte[] Encode(in FigurePoint point)
    {
        _buffer.SetLength(0);
        var w = _encoder;
        w.Write(FormatVersion);
        w.Write(point.Measurement);
        w.Write7BitEncodedInt(point.Tags.Count);
        foreach (var tag in point.Tags)
        {
            w.Write(tag.Key);
            w.Write(tag.Value);
        }

        w.Write7BitEncodedInt(point.Fields.Count);
        foreach (var field in point.Fields)
        {
            w.Write(field.Key);
            var value = field.Value;
            w.Write((byte)value.Kind);
            switch (value.Kind)
            {
                case FieldValueKind.Float:
                    w.Write(value.AsFloat());
                    break;
                case FieldValueKind.Integer:
                    w.Write(value.AsInteger());
                    break;
                case FieldValueKind.Boolean:
                    w.Write(value.AsBoolean());
                    break;
                case FieldValueKind.String:
                    w.Write(value.AsString());
                    break;
                default:
                    break;
            }
        }

        // Ticks and offset, not Unix ms: the point comes back exactly as it went in, and the stores truncate as usual.
        w.Write(point.Timestamp.UtcTicks);
        w.Write((short)point.Timestamp.Offset.TotalMinutes);
        w.Flush();
        return _buffer.ToArray();
    }

    private static bool TryDecode(byte[] bytes, out FigurePoint point)
    {
        try
        {
            point = Decode(bytes);
            return true;
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ArgumentException or FormatException
                                       or DecoderFallbackException)
        {
            point = default;
            return false;
        }
    }

    private static FigurePoint Decode(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        if (r.ReadByte() != FormatVersion)
        {
            throw new InvalidDataException("Unknown spill row format.");
        }

        var measurement = r.ReadString();
        var tags = new KeyValuePair<string, string>[r.Read7BitEncodedInt()];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = KeyValuePair.Create(r.ReadString(), r.ReadString());
        }

        var fields = new KeyValuePair<string, FieldValue>[r.Read7BitEncodedInt()];
        for (var i = 0; i < fields.Length; i++)
        {
            var key = r.ReadString();
            var value = (FieldValueKind)r.ReadByte() switch
            {
                FieldValueKind.None => default,
                FieldValueKind.Float => FieldValue.Float(r.ReadDouble()),
                FieldValueKind.Integer => FieldValue.Integer(r.ReadInt64()),
                FieldValueKind.Boolean => FieldValue.Boolean(r.ReadBoolean()),
                FieldValueKind.String => FieldValue.String(r.ReadString()),
                var kind => throw new InvalidDataException($"Unknown field kind {kind}."),
            };
            fields[i] = KeyValuePair.Create(key, value);
        }

        var utcTicks = r.ReadInt64();
        var offset = TimeSpan.FromMinutes(r.ReadInt16());
        var timestamp = new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(offset);
        return new FigurePoint(measurement, tags, fields, timestamp);
    }
}

/// <summary>The oldest points of a <see cref="HistorySpill"/>, as <see cref="HistorySpill.ReadOldest"/> found them.</summary>
/// <param name="Points">The points, oldest first.</param>
/// <param name="LastSeq">The position of the last row read: what to delete through once the points are written.</param>
/// <param name="Rows">Rows read; more than <c>Points.Count</c> when some could not be decoded.</param>
public readonly record struct SpillChunk(IReadOnlyList<FigurePoint> Points, long LastSeq, int Rows);
