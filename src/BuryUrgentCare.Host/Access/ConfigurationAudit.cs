using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace BuryUrgentCare.Access;

/// <summary>
/// Configuration changes in the audit log. Configuration is files and environment variables, changed outside the host,
/// so who changed it cannot be known here; what changed can: at start-up the settings of the audited sections are
/// compared with those the last start recorded (in <see cref="AccessStore"/>), and while running every reload of the
/// configuration files is compared with the settings before it. Each difference is one audit line naming the keys
/// added, changed and removed — never a value: a value is kept only as a salted hash, so a secret (an OIDC client
/// secret, a Kafka password) is neither logged nor recoverable from the store.
/// </summary>
public sealed partial class ConfigurationAudit(IConfiguration configuration, AccessStore store, AuditLog audit, ILogger<ConfigurationAudit> logger)
    : IHostedService, IDisposable
{
    /// <summary>The sections whose settings shape what the system shows or who may see it.</summary>
    public static readonly string[] Sections =
        ["Auth", "Gateway", "Kafka", "Processing", "Escalation", "History", "Realtime", "FiguresTable", "Simulator", "Jobs"];

    /// <summary>Who the audit line names: the host cannot tell who edited a file or an environment variable.</summary>
    public const string Actor = "configuration";

    /// <summary>Key names listed in one audit line at most; the rest are counted.</summary>
    private const int MaxKeysListed = 20;

    private readonly Lock _gate = new();
    private IDisposable? _reloads;
    private Dictionary<string, string> _current = [];
    private byte[] _salt = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _salt = store.ConfigurationSalt();
            _current = Fingerprint(configuration, _salt);
            var recorded = store.ConfigurationFingerprint();
            Compare(recorded, _current, recorded.Count == 0 ? "first start" : "start-up");
            store.SaveConfigurationFingerprint(_current);
        }

        _reloads = ChangeToken.OnChange(configuration.GetReloadToken, OnReload);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _reloads?.Dispose();

    private void OnReload()
    {
        try
        {
            lock (_gate)
            {
                var next = Fingerprint(configuration, _salt);
                Compare(_current, next, "reload");
                _current = next;
                store.SaveConfigurationFingerprint(next);
            }
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            LogAuditFailed(logger, ex);
        }
    }

    private void Compare(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, string when)
    {
        if (before.Count == 0)
        {
            audit.Record(Actor, "configuration.recorded", when, $"{after.Count} settings of {string.Join(", ", Sections)}");
            return;
        }

        var added = after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var changed = after.Where(p => before.TryGetValue(p.Key, out var old) && old != p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        if (added.Count + removed.Count + changed.Count == 0)
        {
            return;
        }

        var parts = new List<string>();
        foreach (var (label, keys) in new[] { ("changed", changed), ("added", added), ("removed", removed) })
        {
            if (keys.Count > 0)
            {
                var listed = string.Join(", ", keys.Take(MaxKeysListed));
                parts.Add(keys.Count > MaxKeysListed ? $"{label}: {listed} and {keys.Count - MaxKeysListed} more" : $"{label}: {listed}");
            }
        }

        audit.Record(Actor, "configuration.changed", when, string.Join("; ", parts));
    }

    /// <summary>Every set key of the audited sections with a salted hash of its value (keys compared case-insensitively, as configuration does).</summary>
    internal static Dictionary<string, string> Fingerprint(IConfiguration configuration, byte[] salt)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in Sections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    result[key] = Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(value)));
                }
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not audit a configuration reload")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception);
}
