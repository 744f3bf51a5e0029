using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

/// <summary>An authenticated caller of the gateway.</summary>
public sealed class Integrator(string name, IReadOnlyList<byte[]> keyHashes, int requestsPerMinute, IReadOnlyList<string>? units = null)
{
    public Integrator(string name, byte[] keyHash, int requestsPerMinute)
        : this(name, [keyHash], requestsPerMinute)
    {
    }

    public string Name { get; } = name;

    /// <summary>Requests per minute, shared by the integrator's keys (a rotation does not double the allowance).</summary>
    public int RequestsPerMinute { get; } = requestsPerMinute;

    /// <summary>The units this integrator may send events for; empty means every unit.</summary>
    public IReadOnlyList<string> Units { get; } = units ?? [];

    /// <summary>One key, or two while a rotation is under way.</summary>
    internal IReadOnlyList<byte[]> KeyHashes { get; } = keyHashes;

    /// <summary>Whether this integrator may send events for <paramref name="unit"/>.</summary>
    public bool MaySend(string unit) => Units.Count == 0 || Units.Contains(unit, StringComparer.Ordinal);
}

/// <summary>
/// Tells integrators apart by API key. Only SHA-256 hashes of the keys are held; a presented key is
/// hashed and compared with every integrator's hash in constant time, so neither the comparison nor
/// the number of comparisons reveals how close a guess came or which integrator it nearly matched.
/// </summary>
public sealed class IntegratorRegistry
{
    public const string HeaderName = "X-Api-Key";

    // Kestrel already bounds header size; this only keeps hashing cheap for absurd values.
    private const int MaxKeyLength = 1024;

    private readonly Integrator[] _integrators;
    private readonly Dictionary<string, Integrator> _byName;

    public IntegratorRegistry(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _integrators = options.Value.Integrators
            .Select(i => new Integrator(i.Name, i.KeyHashes().Select(Convert.FromHexString).ToArray(), i.RequestsPerMinute, i.Units))
            .ToArray();
        _byName = _integrators.ToDictionary(i => i.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<Integrator> All => _integrators;

    /// <summary>The integrator of that configured name (an authenticated caller's), or null.</summary>
    public Integrator? Find(string? name) => name is not null && _byName.TryGetValue(name, out var integrator) ? integrator : null;

    /// <summary>True if an integrator uses the public demo key (<see cref="IntegratorOptions.DemoKey"/>).</summary>
    public bool AcceptsDemoKey => Authenticate(IntegratorOptions.DemoKey) is not null;

    /// <summary>The integrator whose key this is, or null for a missing or unknown key.</summary>
    public Integrator? Authenticate(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > MaxKeyLength)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(apiKey), hash);
        Integrator? match = null;
        foreach (var integrator in _integrators)
        {
            foreach (var keyHash in integrator.KeyHashes)
            {
                // No early exit: every hash is compared whatever matched before.
                if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
                {
                    match = integrator;
                }
            }
        }

        return match;
    }
}
