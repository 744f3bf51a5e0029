using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>
/// This node's copy of the shared workspace log (<see cref="WorkspaceLog"/>), in an embedded SQLite file
/// (<see cref="WorkspaceOptions.StorePath"/>): declared levels, the action log and alert acknowledgements, each row with
/// who and when, and the figures at the time as JSON. Rows change only by <see cref="Apply"/>, one log record at a time in
/// the log's order, and the offset of the next record to apply is kept in the same transaction: a record is applied
/// exactly once, and every node that applied the same records holds the same rows. A row created by a record has that
/// record's offset as its id. Times are stored as Unix milliseconds, so they sort and compare as numbers. Thread-safe:
/// each call opens its own pooled connection.
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

    // Added when the log became shared: a file without it was written by a node on its own (see TakeUnsharedAsync).
    // Idempotent: a position of 0 is made only where there is none.
    private const string LogSchema = "CREATE TABLE IF NOT EXISTS log_position (next_offset INTEGER NOT NULL); " +
        "INSERT INTO log_position SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM log_position);";

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
        HasUnshared = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'log_position'") == 0
            && HoldsRows(connection);
        if (!HasUnshared)
        {
            Execute(connection, LogSchema);
        }
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>
    /// True when the file holds rows this node wrote on its own before the log was shared (their ids are its own, not log
    /// offsets): <see cref="TakeUnsharedAsync"/> hands them over, once they are on the shared log, before anything is applied.
    /// </summary>
    public bool HasUnshared { get; private set; }

    /// <summary>The offset of the next log record to apply (0 for a new file).</summary>
    public long NextOffset
    {
        get
        {
            using var connection = Open();
            return Scalar(connection, "SELECT next_offset FROM log_position");
        }
    }

    /// <summary>
    /// The rows written before the log was shared, as changes in the order they were made (with each action as it now
    /// stands), for the caller to put on the shared log: <paramref name="share"/> is given them and, once it completes,
    /// they are deleted here and the file reads the log from its start, where the caller's records now are. If
    /// <paramref name="share"/> throws, nothing changes here (and the next attempt shares them all again).
    /// </summary>
    public async Task TakeUnsharedAsync(Func<IReadOnlyList<WorkspaceChange>, Task> share)
    {
        ArgumentNullException.ThrowIfNull(share);
        List<WorkspaceChange> changes = [];
        using (var connection = Open())
        {
            changes.AddRange(Declarations(connection, int.MaxValue).Select(d => new LevelDeclared(d.At, d.DeclaredBy, d.Level, d.Reason, d.Figures)));
            changes.AddRange(Actions(connection, "ORDER BY id LIMIT $arg", int.MaxValue).Select(a =>
                new ActionAdded(a.CreatedAt, a.CreatedBy, a.Level, a.Text, a.Owner, a.Due, a.Figures, a.Status, a.UpdatedBy, a.UpdatedAt)));
            changes.AddRange(Acknowledgements(connection, int.MaxValue).Select(k => new AlertAcknowledged(k.At, k.By, k.AlertId, k.AlertRaisedAt, k.Message, k.Note)));
        }

        await share([.. changes.OrderBy(c => c.At)]);
        using (var connection = Open())
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, "DELETE FROM declarations; DELETE FROM actions; DELETE FROM acknowledgements; " + LogSchema);
            transaction.Commit();
        }

        HasUnshared = false;
    }

    /// <summary>
    /// The log has lost what this copy holds (an in-process cluster starts empty on every start; a topic deleted and made
    /// again): the rows become this node's own again, to be put on the log by <see cref="TakeUnsharedAsync"/> as before
    /// the log was shared. Nothing is deleted here.
    /// </summary>
    public void ForgetLogPosition()
    {
        using var connection = Open();
        Execute(connection, "DROP TABLE IF EXISTS log_position");
        HasUnshared = HoldsRows(connection);
        if (!HasUnshared)
        {
            Execute(connection, LogSchema);
        }
    }

    /// <summary>
    /// Applies the log record at <paramref name="offset"/> and moves the position past it, in one transaction. Returns
    /// what it created or changed, or null when it changed nothing: a record already applied (a re-read), an update of
    /// an action this log does not hold, or a record this node cannot read (<paramref name="change"/> null: passed over).
    /// </summary>
    public object? Apply(long offset, WorkspaceChange? change)
    {
        if (HasUnshared)
        {
            throw new InvalidOperationException("The rows written before the log was shared must be taken (TakeUnsharedAsync) before the log is applied.");
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        if (offset < Scalar(connection, "SELECT next_offset FROM log_position"))
        {
            return null;
        }

        object? done = change switch
        {
            LevelDeclared d => Declare(connection, offset, d),
            ActionAdded a => AddAction(connection, offset, a),
            ActionUpdated u => UpdateAction(connection, u),
            AlertAcknowledged k => Acknowledge(connection, offset, k),
            _ => null, // unreadable, or a kind this version does not know
        };
        using (var position = connection.CreateCommand())
        {
            position.CommandText = "UPDATE log_position SET next_offset = $next";
            position.Parameters.AddWithValue("$next", offset + 1);
            position.ExecuteNonQuery();
        }

        transaction.Commit();
        return done;
    }

    /// <summary>Whether the log holds action <paramref name="id"/>.</summary>
    public bool HasAction(long id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM actions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static DeclaredLevel Declare(SqliteConnection connection, long id, LevelDeclared d)
    {
        Insert(connection, "INSERT INTO declarations (id, level, declared_by, reason, at, figures) VALUES ($a, $b, $c, $d, $e, $f)",
            id, d.Level, d.By, d.Reason, d.At.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(d.Figures, Json));
        return new DeclaredLevel(id, d.Level, d.By, d.Reason, FromMs(d.At.ToUnixTimeMilliseconds()), d.Figures);
    }

    private static EscalationAction AddAction(SqliteConnection connection, long id, ActionAdded a)
    {
        Insert(connection,
            "INSERT INTO actions (id, level, text, owner, due, status, created_by, created_at, updated_by, updated_at, figures) VALUES ($a, $b, $c, $d, $e, $f, $g, $h, $i, $j, $k)",
            id, a.Level, a.Text, a.Owner, a.Due.ToUnixTimeMilliseconds(), a.Status, a.By, a.At.ToUnixTimeMilliseconds(), a.UpdatedBy,
            a.UpdatedAt?.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(a.Figures, Json));
        return Actions(connection, "WHERE id = $arg", id).Single();
    }

    private static EscalationAction? UpdateAction(SqliteConnection connection, ActionUpdated u)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE actions SET status = coalesce($status, status), owner = coalesce($owner, owner), due = coalesce($due, due),
                updated_by = $by, updated_at = $at
            WHERE id = $id
            """;
        command.Parameters.AddWithValue("$status", (object?)u.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("$owner", (object?)u.Owner ?? DBNull.Value);
        command.Parameters.AddWithValue("$due", u.Due is { } d ? d.ToUnixTimeMilliseconds() : DBNull.Value);
        command.Parameters.AddWithValue("$by", u.By);
        command.Parameters.AddWithValue("$at", u.At.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", u.ActionId);
        return command.ExecuteNonQuery() == 0 ? null : Actions(connection, "WHERE id = $arg", u.ActionId).Single();
    }

    private static AcknowledgementRecord Acknowledge(SqliteConnection connection, long id, AlertAcknowledged k)
    {
        Insert(connection, "INSERT INTO acknowledgements (id, alert_id, alert_raised_at, message, by, at, note) VALUES ($a, $b, $c, $d, $e, $f, $g)",
            id, k.AlertId, k.AlertRaisedAt.ToUnixTimeMilliseconds(), k.Message, k.By, k.At.ToUnixTimeMilliseconds(), k.Note);
        return new AcknowledgementRecord(id, k.AlertId, FromMs(k.AlertRaisedAt.ToUnixTimeMilliseconds()), k.Message, k.By, FromMs(k.At.ToUnixTimeMilliseconds()), k.Note);
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

    private static bool HoldsRows(SqliteConnection connection) => Scalar(connection, "SELECT (SELECT count(*) FROM declarations) + (SELECT count(*) FROM actions) + (SELECT count(*) FROM acknowledgements)") > 0;

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Runs an INSERT whose parameters are named $a, $b, … in order.</summary>
    private static void Insert(SqliteConnection connection, string sql, params object?[] values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (char)('a' + i), values[i] ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
