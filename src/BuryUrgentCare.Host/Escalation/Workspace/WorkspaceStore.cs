using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>
/// The workspace's embedded SQLite file (<see cref="WorkspaceOptions.StorePath"/>): declared levels, the action log and
/// alert acknowledgements, each row with who and when, and the figures at the time as JSON. Rows are only ever added
/// (declarations, acknowledgements) or changed in place with who changed them (an action's status, owner, due time): the
/// log of who did what is also in the host's log (<see cref="EscalationWorkspace"/>). Times are stored as Unix
/// milliseconds, so they sort and compare as numbers. Thread-safe: each call opens its own pooled connection.
/// </summary>
public sealed class WorkspaceStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS declarations (
            id INTEGER PRIMARY KEY,
            level INTEGER NOT NULL,
            declared_by TEXT NOT NULL,
            reason TEXT,
            at INTEGER NOT NULL,
            figures TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS actions (
            id INTEGER PRIMARY KEY,
            level INTEGER NOT NULL,
            text TEXT NOT NULL,
            owner TEXT NOT NULL,
            due INTEGER NOT NULL,
            status TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_by TEXT,
            updated_at INTEGER,
            figures TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS acknowledgements (
            id INTEGER PRIMARY KEY,
            alert_id TEXT NOT NULL,
            alert_raised_at INTEGER NOT NULL,
            message TEXT NOT NULL,
            by TEXT NOT NULL,
            at INTEGER NOT NULL,
            note TEXT);
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _connectionString;

    /// <param name="path">The database file; its folder is created if missing, its tables if new.</param>
    public WorkspaceStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, Schema);
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    public DeclaredLevel Declare(int level, string declaredBy, string? reason, DateTimeOffset at, FiguresAtTheTime figures)
    {
        using var connection = Open();
        var id = Insert(connection, "INSERT INTO declarations (level, declared_by, reason, at, figures) VALUES ($a, $b, $c, $d, $e)",
            level, declaredBy, reason, at.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(figures, Json));
        return new DeclaredLevel(id, level, declaredBy, reason, at, figures);
    }

    public EscalationAction AddAction(int level, string text, string owner, DateTimeOffset due, string createdBy, DateTimeOffset at, FiguresAtTheTime figures)
    {
        using var connection = Open();
        var id = Insert(connection,
            "INSERT INTO actions (level, text, owner, due, status, created_by, created_at, figures) VALUES ($a, $b, $c, $d, $e, $f, $g, $h)",
            level, text, owner, due.ToUnixTimeMilliseconds(), ActionStatus.Open, createdBy, at.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(figures, Json));
        return new EscalationAction(id, level, text, owner, FromMs(due.ToUnixTimeMilliseconds()), ActionStatus.Open, createdBy, FromMs(at.ToUnixTimeMilliseconds()), null, null, figures);
    }

    /// <summary>Changes an action's status, owner or due time (null leaves it); null when there is no such action.</summary>
    public EscalationAction? UpdateAction(long id, string? status, string? owner, DateTimeOffset? due, string updatedBy, DateTimeOffset at)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE actions SET status = coalesce($status, status), owner = coalesce($owner, owner), due = coalesce($due, due),
                updated_by = $by, updated_at = $at
            WHERE id = $id
            """;
        command.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("$owner", (object?)owner ?? DBNull.Value);
        command.Parameters.AddWithValue("$due", due is { } d ? d.ToUnixTimeMilliseconds() : DBNull.Value);
        command.Parameters.AddWithValue("$by", updatedBy);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() == 0 ? null : Actions(connection, "WHERE id = $arg", id).Single();
    }

    public AcknowledgementRecord Acknowledge(string alertId, DateTimeOffset alertRaisedAt, string message, string by, DateTimeOffset at, string? note)
    {
        using var connection = Open();
        var id = Insert(connection, "INSERT INTO acknowledgements (alert_id, alert_raised_at, message, by, at, note) VALUES ($a, $b, $c, $d, $e, $f)",
            alertId, alertRaisedAt.ToUnixTimeMilliseconds(), message, by, at.ToUnixTimeMilliseconds(), note);
        return new AcknowledgementRecord(id, alertId, FromMs(alertRaisedAt.ToUnixTimeMilliseconds()), message, by, FromMs(at.ToUnixTimeMilliseconds()), note);
    }

    /// <summary>The newest <paramref name="latest"/> of each, newest first, with the cards.</summary>
    public WorkspaceState Read(int latest, IReadOnlyList<ActionCard> cards, DateTimeOffset asOf)
    {
        using var connection = Open();
        var declarations = Declarations(connection, latest);
        var actions = Actions(connection, "ORDER BY id DESC LIMIT $arg", latest);
        var acknowledgements = Acknowledgements(connection, latest);
        return new WorkspaceState(asOf, declarations.FirstOrDefault(), declarations, actions, acknowledgements, cards);
    }

    private static List<DeclaredLevel> Declarations(SqliteConnection connection, int latest) =>
        Query(connection, "SELECT id, level, declared_by, reason, at, figures FROM declarations ORDER BY id DESC LIMIT $arg", latest,
            r => new DeclaredLevel(r.GetInt64(0), r.GetInt32(1), r.GetString(2), Text(r, 3), FromMs(r.GetInt64(4)), Figures(r.GetString(5))));

    private static List<EscalationAction> Actions(SqliteConnection connection, string where, long argument) =>
        Query(connection, "SELECT id, level, text, owner, due, status, created_by, created_at, updated_by, updated_at, figures FROM actions " + where, argument,
            r => new EscalationAction(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), FromMs(r.GetInt64(4)), r.GetString(5), r.GetString(6),
                FromMs(r.GetInt64(7)), Text(r, 8), r.IsDBNull(9) ? null : FromMs(r.GetInt64(9)), Figures(r.GetString(10))));

    private static List<AcknowledgementRecord> Acknowledgements(SqliteConnection connection, int latest) =>
        Query(connection, "SELECT id, alert_id, alert_raised_at, message, by, at, note FROM acknowledgements ORDER BY id DESC LIMIT $arg", latest,
            r => new AcknowledgementRecord(r.GetInt64(0), r.GetString(1), FromMs(r.GetInt64(2)), r.GetString(3), r.GetString(4), FromMs(r.GetInt64(5)), Text(r, 6)));

    /// <summary>Reads every row of a query with one parameter, <c>$arg</c>.</summary>
    private static List<T> Query<T>(SqliteConnection connection, string sql, long argument, Func<SqliteDataReader, T> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$arg", argument);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(row(reader));
        }

        return list;
    }

    private static string? Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static FiguresAtTheTime Figures(string json) => JsonSerializer.Deserialize<FiguresAtTheTime>(json, Json) ?? FiguresAtTheTime.None;

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs an INSERT whose parameters are named $a, $b, … in order; returns the new row's id.</summary>
    private static long Insert(SqliteConnection connection, string sql, params object?[] values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql + "; SELECT last_insert_rowid();";
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (char)('a' + i), values[i] ?? DBNull.Value);
        }

        return (long)command.ExecuteScalar()!;
    }
}
