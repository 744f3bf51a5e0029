using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using BuryUrgentCare.Contract;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

/// <summary>The HTTP gateway <c>POST /api/events</c> (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The contract's cap on events in one request (CONTRACT.md, Transport).</summary>
    public const int ContractMaxEventsPerRequest = 1000;

    /// <summary>
    /// Who may post, one entry per integrator, each with its own key and rate limit. Empty (the default)
    /// means nobody can post — except with the embedded Kafka cluster, where a demo integrator
    /// (<see cref="IntegratorOptions.DemoName"/>, key <see cref="IntegratorOptions.DemoKey"/>) is registered
    /// so a fresh checkout can be tried with curl.
    /// </summary>
    public List<IntegratorOptions> Integrators { get; set; } = [];

    /// <summary>
    /// Largest request body. The contract allows 1,000 events of up to 64 KiB each (62.5 MiB), but real
    /// events are ~300 B, so a full batch is ~300 KB; 16 MiB (the default) admits a full batch averaging
    /// 16 KiB per event while keeping one request's memory bounded. Larger bodies get 413.
    /// Range 64 KiB (one largest event) to 256 MiB.
    /// </summary>
    [Range(typeof(long), "65536", "268435456")]
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most events in one JSON array; more get 413. Default and maximum 1,000 (the contract's cap).</summary>
    [Range(1, ContractMaxEventsPerRequest)]
    public int MaxEventsPerRequest { get; set; } = ContractMaxEventsPerRequest;

    /// <summary>
    /// How long the gateway waits for Kafka to acknowledge a request's events (the gateway producer's
    /// <c>message.timeout.ms</c>) before answering 503. Default 30 s; range 1 s to 5 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="MaxUnconsumedBytes"/> with the embedded cluster.</summary>
    public const long EmbeddedMaxUnconsumedBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Most bytes of accepted events the consumer may have left unread before the gateway answers 503 with
    /// Retry-After (see <see cref="UnconsumedBacklog"/>). It exists because librdkafka's in-process cluster evicts
    /// a partition's oldest messages past ~5 MiB, read or not: an accepted event must be read before that.
    /// Default: 2 MiB (≈ 6,000 events) with the embedded cluster — under half a partition, leaving the rest to
    /// producers writing to Kafka directly; unset (no limit) with a real cluster, whose retention is days.
    /// Range 0 (no limit) to 4 MiB.
    /// </summary>
    [Range(typeof(long), "0", "4194304")]
    public long? MaxUnconsumedBytes { get; set; }
}

/// <summary>One integrator allowed to post events (an entry of <c>Gateway:Integrators</c>).</summary>
public sealed class IntegratorOptions
{
    /// <summary>Name of the embedded default's demo integrator.</summary>
    public const string DemoName = "demo";

    /// <summary>API key of the embedded default's demo integrator: public, so never valid with a real cluster.</summary>
    public const string DemoKey = "demo-key";

    /// <summary>Who this is, e.g. <c>fgh-ed-epr</c>; names metrics and logs. Letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; unique.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Name must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string Name { get; set; } = "";

    /// <summary>
    /// Hex SHA-256 of the integrator's API key (64 hex digits), e.g. from
    /// <c>printf %s "$KEY" | sha256sum</c>. The key itself is never stored in configuration.
    /// </summary>
    [Required]
    [RegularExpression("^[0-9A-Fa-f]{64}$", ErrorMessage = "KeySha256 must be the 64 hex digits of the key's SHA-256.")]
    public string KeySha256 { get; set; } = "";

    /// <summary>
    /// Hex SHA-256 of a second key, valid beside <see cref="KeySha256"/> while a key is rotated: add the new key's hash
    /// here, let the integrator switch, then move it to <see cref="KeySha256"/> and empty this. Optional.
    /// </summary>
    [RegularExpression("^[0-9A-Fa-f]{64}$", ErrorMessage = "SecondKeySha256 must be the 64 hex digits of the key's SHA-256.")]
    public string? SecondKeySha256 { get; set; }

    /// <summary>
    /// The units this integrator may send events for (e.g. <c>FGH-ED</c>, <c>FGH-UTC</c>); an event for another unit is
    /// rejected as <c>unknown-unit</c>. Empty (the default) means every unit.
    /// </summary>
    public List<string> Units { get; set; } = [];

    /// <summary>The key hashes in force: <see cref="KeySha256"/>, and <see cref="SecondKeySha256"/> during a rotation.</summary>
    internal IEnumerable<string> KeyHashes() =>
        string.IsNullOrWhiteSpace(SecondKeySha256) ? [KeySha256] : [KeySha256, SecondKeySha256];

    /// <summary>Requests (not events) per minute, as a token bucket that holds a minute's allowance; both keys of a rotation share it. Default 600.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Hex SHA-256 of a key, as <see cref="KeySha256"/> expects it.</summary>
    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    internal static IntegratorOptions Demo() => new() { Name = DemoName, KeySha256 = HashKey(DemoKey) };
}

/// <summary>
/// Validates what data annotations on <see cref="GatewayOptions"/> cannot: every integrator entry,
/// and that names and keys are unique (two integrators sharing a key could not be told apart).
/// </summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBodyBytes < EventParser.MaxMessageBytes)
        {
            failures.Add($"Gateway:MaxBodyBytes must be at least {EventParser.MaxMessageBytes} (one event of the largest size).");
        }

        for (var i = 0; i < options.Integrators.Count; i++)
        {
            var integrator = options.Integrators[i];
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(integrator, new ValidationContext(integrator), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"Gateway:Integrators:{i}: {r.ErrorMessage}"));
            }
        }

        foreach (var duplicate in options.Integrators.GroupBy(i => i.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"Gateway:Integrators: the name '{duplicate.Key}' is used {duplicate.Count()} times; names must be unique.");
        }

        foreach (var duplicate in options.Integrators.SelectMany(i => i.KeyHashes().Select(h => (Integrator: i, Hash: h)))
                     .GroupBy(k => k.Hash, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"Gateway:Integrators: {string.Join(", ", duplicate.Select(k => k.Integrator.Name))} share one key; every integrator needs its own.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
