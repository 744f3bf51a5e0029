using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace BuryUrgentCare.Access;

/// <summary>A wall screen's device token as the admin list shows it (never the token itself: only its hash is kept).</summary>
public sealed record DeviceTokenInfo(
    string Id,
    string Name,
    IReadOnlyList<string> Units,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy);

/// <summary>
/// What every node must know of a device token (<see cref="DeviceTokenTable"/>): its identity, scope and hash, and whether
/// and by whom it was revoked. Never the token itself.
/// </summary>
public sealed record DeviceTokenRecord(
    string Id,
    string Name,
    IReadOnlyList<string> Units,
    string Hash,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    public DeviceTokenInfo Info(DateTimeOffset? lastSeenAt) => new(Id, Name, Units, CreatedAt, CreatedBy, lastSeenAt, RevokedAt, RevokedBy);
}

/// <summary>A token just issued: <see cref="Token"/> is shown this once and stored nowhere.</summary>
public sealed record IssuedDeviceToken(string Token, DeviceTokenInfo Device);

/// <summary>One line of the audit log: who did what to what, when.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Detail);

/// <summary>
/// The embedded SQLite file of access control (<see cref="DeviceTokenOptions.StorePath"/>): device tokens (SHA-256
/// hashes only) and the audit log. Active tokens are held in memory by hash, so authenticating a request reads no file;
/// last-seen times are kept in memory on every use and written at most once per <see cref="DeviceTokenOptions.LastSeenWriteInterval"/>.
/// The file is created on first use, so a host that never issues a token writes nothing.
/// </summary>
public sealed class AccessStore(string path, TimeProvider clock, TimeSpan lastSeenWriteInterval)
{
    /// <summary>Every device token starts with this, so the host tells it from an identity provider's bearer token.</summary>
    public const string TokenPrefix = "bdt_";

    private readonly object _gate = new();
    private ConcurrentDictionary<string, Active>? _active;

    public string Path { get; } = path;

    /// <summary>Issues a token for <paramref name="units"/> (empty: every unit). The token is returned once; its hash is stored.</summary>
    public IssuedDeviceToken Issue(string name, IReadOnlyList<string> units, string actor)
    {
        var (token, record) = NewToken(name, units, actor);
        Apply(record);
        return new IssuedDeviceToken(token, record.Info(null));
    }

    /// <summary>
    /// A new token and its record, not yet stored: the caller shares the record with the other nodes first
    /// (<see cref="DeviceTokenTable"/>), then <see cref="Apply"/>s it, so a token no other node could learn of is never handed out.
    /// </summary>
    public (string Token, DeviceTokenRecord Record) NewToken(string name, IReadOnlyList<string> units, string actor)
    {
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var id = "dt-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return (token, new DeviceTokenRecord(id, name, units, Hash(token), clock.GetUtcNow(), actor, null, null));
    }

    /// <summary>The revocation of the active token <paramref name="id"/> as a record to share and apply; null if there is no such active token.</summary>
    public DeviceTokenRecord? RevocationOf(string id, string actor)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, name, units, hash, created_at, created_by FROM device_tokens WHERE id = $id AND revoked_at IS NULL";
        select.Parameters.AddWithValue("$id", id);
        using var reader = select.ExecuteReader();
        return reader.Read()
            ? new DeviceTokenRecord(reader.GetString(0), reader.GetString(1), Units(reader.GetString(2)), reader.GetString(3), Time(reader, 4)!.Value,
                reader.GetString(5), clock.GetUtcNow(), actor)
            : null;
    }

    /// <summary>
    /// Applies a token's record, made here or read from the table another node wrote: a new token becomes active, a
    /// revocation ends it. Idempotent and order-tolerant: a revocation is never undone by an older record of the same token.
    /// </summary>
    /// <returns>True if the token is now revoked here and was not before (its connections must be closed).</returns>
    public bool Apply(DeviceTokenRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        bool revokedNow, revoked;
        using (var connection = Open())
        {
            using var transaction = connection.BeginTransaction();
            bool wasRevoked;
            using (var before = connection.CreateCommand())
            {
                before.Transaction = transaction;
                before.CommandText = "SELECT revoked_at IS NOT NULL FROM device_tokens WHERE id = $id";
                before.Parameters.AddWithValue("$id", record.Id);
                wasRevoked = before.ExecuteScalar() is long flag && flag == 1;
            }

            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO device_tokens (id, name, units, hash, created_at, created_by, revoked_at, revoked_by)
                VALUES ($id, $name, $units, $hash, $at, $by, $revokedAt, $revokedBy)
                ON CONFLICT(id) DO UPDATE SET
                  revoked_at = COALESCE(device_tokens.revoked_at, excluded.revoked_at),
                  revoked_by = COALESCE(device_tokens.revoked_by, excluded.revoked_by)
                """;
            upsert.Parameters.AddWithValue("$id", record.Id);
            upsert.Parameters.AddWithValue("$name", record.Name);
            upsert.Parameters.AddWithValue("$units", string.Join(',', record.Units));
            upsert.Parameters.AddWithValue("$hash", record.Hash);
            upsert.Parameters.AddWithValue("$at", record.CreatedAt.ToUnixTimeMilliseconds());
            upsert.Parameters.AddWithValue("$by", record.CreatedBy);
            upsert.Parameters.AddWithValue("$revokedAt", (object?)record.RevokedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$revokedBy", (object?)record.RevokedBy ?? DBNull.Value);
            upsert.ExecuteNonQuery();
            transaction.Commit();
            revokedNow = !wasRevoked && record.RevokedAt is not null;
            revoked = wasRevoked || revokedNow; // a revocation is never undone (the upsert keeps it)
        }

        var active = ActiveTokens();
        if (revoked)
        {
            foreach (var (hash, entry) in active)
            {
                if (entry.Info.Id == record.Id)
                {
                    active.TryRemove(hash, out _);
                }
            }
        }
        else
        {
            active.TryAdd(record.Hash, new Active(record.Info(null)));
        }

        return revokedNow;
    }

    /// <summary>The active (not revoked) device the token belongs to, with its last-seen time updated; null if unknown or revoked.</summary>
    public DeviceTokenInfo? Authenticate(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }

        if (!ActiveTokens().TryGetValue(Hash(token), out var active))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        active.LastSeen = now;
        if (active.Written is not { } written || now - written >= lastSeenWriteInterval)
        {
            active.Written = now;
            using var connection = Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE device_tokens SET last_seen_at = $at WHERE id = $id";
            update.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$id", active.Info.Id);
            update.ExecuteNonQuery();
        }

        return active.Info;
    }

    /// <summary>Every token, newest first, with its last-seen time (the in-memory one where newer than the file's).</summary>
    public IReadOnlyList<DeviceTokenInfo> List()
    {
        var seen = ActiveTokens().Values.ToDictionary(a => a.Info.Id, a => a.LastSeen, StringComparer.Ordinal);
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, name, units, created_at, created_by, last_seen_at, revoked_at, revoked_by FROM device_tokens ORDER BY created_at DESC, id";
        using var reader = select.ExecuteReader();
        var list = new List<DeviceTokenInfo>();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var lastSeen = seen.TryGetValue(id, out var memory) && memory is not null ? memory : Time(reader, 5);
            list.Add(new DeviceTokenInfo(id, reader.GetString(1), Units(reader.GetString(2)), Time(reader, 3)!.Value, reader.GetString(4),
                lastSeen, Time(reader, 6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return list;
    }

    /// <summary>Revokes the token; false if there is no such active token. Takes effect on the next request.</summary>
    public bool Revoke(string id, string actor) => RevocationOf(id, actor) is { } revocation && Apply(revocation);

    /// <summary>Appends a line to the audit log.</summary>
    public AuditEntry Audit(string actor, string action, string target, string? detail)
    {
        var at = clock.GetUtcNow();
        using var connection = Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO audit (at, actor, action, target, detail) VALUES ($at, $actor, $action, $target, $detail); SELECT last_insert_rowid();";
        insert.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$actor", actor);
        insert.Parameters.AddWithValue("$action", action);
        insert.Parameters.AddWithValue("$target", target);
        insert.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new AuditEntry(id, at, actor, action, target, detail);
    }

    /// <summary>The newest <paramref name="count"/> audit lines, newest first.</summary>
    public IReadOnlyList<AuditEntry> AuditLog(int count)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT $count";
        select.Parameters.AddWithValue("$count", count);
        using var reader = select.ExecuteReader();
        var list = new List<AuditEntry>();
        while (reader.Read())
        {
            list.Add(new AuditEntry(reader.GetInt64(0), Time(reader, 1)!.Value, reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return list;
    }

    /// <summary>The salt of the configuration fingerprint's value hashes: random, made once per store.</summary>
    public byte[] ConfigurationSalt()
    {
        using var connection = Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO settings (name, value) VALUES ('configuration-salt', $salt); SELECT value FROM settings WHERE name = 'configuration-salt';";
        insert.Parameters.AddWithValue("$salt", RandomNumberGenerator.GetBytes(32));
        return (byte[])insert.ExecuteScalar()!;
    }

    /// <summary>The configuration's keys and salted value hashes as last recorded (<see cref="ConfigurationAudit"/>); empty before the first.</summary>
    public Dictionary<string, string> ConfigurationFingerprint()
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT key, hash FROM config_fingerprint";
        using var reader = select.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    /// <summary>Replaces the recorded configuration fingerprint.</summary>
    public void SaveConfigurationFingerprint(IReadOnlyDictionary<string, string> fingerprint)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM config_fingerprint";
            clear.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO config_fingerprint (key, hash) VALUES ($key, $hash)";
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var hash = insert.Parameters.Add("$hash", SqliteType.Text);
        foreach (var (k, h) in fingerprint)
        {
            key.Value = k;
            hash.Value = h;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Hex SHA-256 of a token, as stored.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private ConcurrentDictionary<string, Active> ActiveTokens()
    {
        if (_active is { } loaded)
        {
            return loaded;
        }

        lock (_gate)
        {
            if (_active is null)
            {
                var active = new ConcurrentDictionary<string, Active>(StringComparer.Ordinal);
                using var connection = Open();
                using var select = connection.CreateCommand();
                select.CommandText = "SELECT id, name, units, created_at, created_by, last_seen_at, hash FROM device_tokens WHERE revoked_at IS NULL";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var info = new DeviceTokenInfo(reader.GetString(0), reader.GetString(1), Units(reader.GetString(2)), Time(reader, 3)!.Value,
                        reader.GetString(4), Time(reader, 5), null, null);
                    active[reader.GetString(6)] = new Active(info) { LastSeen = info.LastSeenAt, Written = info.LastSeenAt };
                }

                _active = active;
            }

            return _active;
        }
    }

    private SqliteConnection Open()
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS device_tokens (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, units TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
              created_at INTEGER NOT NULL, created_by TEXT NOT NULL, last_seen_at INTEGER,
              revoked_at INTEGER, revoked_by TEXT);
            CREATE TABLE IF NOT EXISTS audit (
              id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
              target TEXT NOT NULL, detail TEXT);
            CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS config_fingerprint (key TEXT PRIMARY KEY COLLATE NOCASE, hash TEXT NOT NULL);
            """;
        create.ExecuteNonQuery();
        return connection;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    private static string[] Units(string text) => text.Length == 0 ? [] : text.Split(',');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class Active(DeviceTokenInfo info)
    {
        public DeviceTokenInfo Info { get; } = info;

        public DateTimeOffset? LastSeen { get; set; }

        public DateTimeOffset? Written { get; set; }
    }
}
