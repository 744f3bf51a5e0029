using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

/// <summary>An authenticated caller of the gateway.</summary>
public sealed class Integrator(string name, byte[] keyHash, int requestsPerMinute)
{
    public string Name { get; } = name;

    public int RequestsPerMinute { get; } = requestsPerMinute;

    internal byte[] KeyHash { get; } = keyHash;
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

    public IntegratorRegistry(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _integrators = options.Value.Integrators
            .Select(i => new Integrator(i.Name, Convert.FromHexString(i.KeySha256), i.RequestsPerMinute))
            .ToArray();
    }

    public IReadOnlyList<Integrator> All => _integrators;

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
            // No early exit: every hash is compared whatever matched before.
            if (CryptographicOperations.FixedTimeEquals(hash, integrator.KeyHash))
            {
                match = integrator;
            }
        }

        return match;
    }
}
