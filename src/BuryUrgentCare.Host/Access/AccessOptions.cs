using System.ComponentModel.DataAnnotations;

namespace BuryUrgentCare.Access;

/// <summary>Who may see and do what (configuration section <c>Auth</c>; <c>docs/access-control.md</c>).</summary>
public sealed class AccessOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Forces authentication even on the embedded default: no development sign-in, so every request needs a staff
    /// sign-in, a device token or an API key. Default false.
    /// </summary>
    public bool Required { get; set; }

    /// <summary>
    /// The development sign-in: every request without other credentials is a user "developer" holding every staff role.
    /// Unset (the default) means on exactly when the embedded Kafka cluster runs, no identity provider is configured and
    /// <see cref="Required"/> is false. <c>true</c> turns it on with a real cluster too (tests against a local mock
    /// cluster; never with patient data); it cannot be combined with <see cref="Required"/>. <c>false</c> turns it off.
    /// </summary>
    public bool? DevelopmentSignIn { get; set; }

    /// <summary>Staff sign-in through OpenID Connect (Microsoft Entra ID, NHS CIS2, any OIDC provider).</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Wall-screen device tokens.</summary>
    public DeviceTokenOptions DeviceTokens { get; set; } = new();

    /// <summary>
    /// Serve <c>/metrics</c> (Prometheus) to anyone who can reach the port, as before access control. Default false: the
    /// admin role is needed. It holds counts and integrator names, no patient data; set true where the scraper cannot
    /// authenticate and the port is reachable only from the monitoring network.
    /// </summary>
    public bool AnonymousMetrics { get; set; }

    /// <summary>
    /// Reads (<c>GET /api/…</c>) each caller — signed-in name or device, at one remote address — may make a minute, as a
    /// token bucket holding a minute's allowance (<see cref="ReadRateLimit"/>); over it, 429 with <c>Retry-After</c>.
    /// 0 turns the limit off. Default 1,200 (20 a second sustained).
    /// </summary>
    [Range(0, 1_000_000)]
    public int ReadRequestsPerMinute { get; set; } = 1200;
}

/// <summary>OpenID Connect staff sign-in (<c>Auth:Oidc</c>): a cookie for the pages, bearer tokens for the API.</summary>
public sealed class OidcOptions
{
    /// <summary>
    /// The issuer, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c> (Entra ID) or the NHS CIS2 authority.
    /// Empty (the default): no identity provider is configured.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The client (application) id registered with the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (keep it in a secret store or environment variable, never in appsettings.json).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The audience API bearer tokens must carry. Default: <see cref="ClientId"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the user's roles or groups. Default <c>roles</c> (Entra ID app roles).</summary>
    [Required]
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// The provider's role (or group id) → this system's role, e.g. <c>"UEC.Manager": "manager"</c>. A value already
    /// named like one of our roles maps to itself; anything else is ignored.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    /// <summary>Scopes asked for at sign-in besides <c>openid</c> and <c>profile</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Whether the provider's metadata must be fetched over HTTPS. Default true; false only for a loopback test issuer.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long a staff sign-in cookie lasts without use. Default 8 h (a shift).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>Wall-screen device tokens (<c>Auth:DeviceTokens</c>).</summary>
public sealed class DeviceTokenOptions
{
    /// <summary>
    /// The SQLite file holding the tokens' hashes and the audit log, relative to the content root or absolute.
    /// Default <c>data/access.db</c>.
    /// </summary>
    [Required]
    public string StorePath { get; set; } = Path.Combine("data", "access.db");

    /// <summary>How often a token's last-seen time is written (it is updated in memory on every use). Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LastSeenWriteInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Share tokens with every node through the device-token table (<c>Kafka:AccessTopic</c>). Default true. False keeps
    /// them in this node's file only: one node, or tests that inject broker errors and need no other client asking.
    /// </summary>
    public bool Shared { get; set; } = true;
}

/// <summary>How the host authenticates, decided once at start-up from <see cref="AccessOptions"/> and the Kafka mode.</summary>
public sealed record AccessMode(bool DevelopmentSignIn, bool Oidc)
{
    /// <summary>
    /// The mode, or an exception whose message says what to configure: a real Kafka cluster (real data) with no identity
    /// provider is refused, unless the development sign-in is asked for explicitly.
    /// </summary>
    public static AccessMode Resolve(AccessOptions options, bool kafkaEmbedded)
    {
        ArgumentNullException.ThrowIfNull(options);
        var oidc = options.Oidc.IsConfigured;
        if (options.Required && options.DevelopmentSignIn == true)
        {
            throw new InvalidOperationException("Auth:Required=true and Auth:DevelopmentSignIn=true contradict each other: remove one.");
        }

        if (oidc && (string.IsNullOrWhiteSpace(options.Oidc.ClientId)))
        {
            throw new InvalidOperationException("Auth:Oidc:Authority is set but Auth:Oidc:ClientId is not: set the client id registered with the identity provider.");
        }

        var development = options.DevelopmentSignIn ?? (kafkaEmbedded && !oidc && !options.Required);
        // Unconfigured access on a real cluster is refused. Auth:Required=true says it is meant: no staff sign-in, only
        // device tokens and API keys (wall screens and integrators) — nothing is open, so there is nothing to refuse.
        if (!development && !oidc && !kafkaEmbedded && !options.Required)
        {
            throw new InvalidOperationException(
                "Refusing to start: a real Kafka cluster is configured (Kafka:BootstrapServers) but no identity provider, so nobody " +
                "could sign in and the development sign-in must not guard real patient data. Set Auth:Oidc:Authority, " +
                "Auth:Oidc:ClientId and Auth:Oidc:ClientSecret (docs/access-control.md); or Auth:Required=true to serve only wall " +
                "screens' device tokens and integrators' API keys; or run the embedded default without Kafka:BootstrapServers.");
        }

        return new AccessMode(development, oidc);
    }
}
