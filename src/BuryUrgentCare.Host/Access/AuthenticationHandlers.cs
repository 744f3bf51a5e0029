using System.Security.Claims;
using System.Text.Encodings.Web;
using BuryUrgentCare.Gateway;
using BuryUrgentCare.Realtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Access;

/// <summary>
/// The embedded default's development sign-in: every request is user "developer" with every staff role. On only when
/// <see cref="AccessMode.DevelopmentSignIn"/> says so (logged at start-up and shown on every page).
/// </summary>
internal sealed class DevelopmentSignInHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Development";
    public const string UserName = "developer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, UserName) };
        claims.AddRange(AccessRoles.Staff.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>
/// Integrators' API keys (<c>X-Api-Key</c>), checked against the SHA-256 hashes of <c>Gateway:Integrators</c> (two per
/// integrator during a rotation). A key in the query string is refused outright with 400: query strings are written to
/// proxy and server logs. The answers keep the gateway's contract: 401 problem+json with <c>WWW-Authenticate: ApiKey</c>.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IntegratorRegistry integrators,
    GatewayMetrics metrics,
    GatewayLogGate logGate)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Query parameters that look like an API key (compared case-insensitively).</summary>
    private static readonly string[] QueryNames = ["api_key", "apikey", "api-key", "key", IntegratorRegistry.HeaderName];

    private const string QueryKeyItem = "bury.access.query-key";

    public static bool HasQueryKey(HttpRequest request) => QueryNames.Any(request.Query.ContainsKey);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (HasQueryKey(Request))
        {
            Context.Items[QueryKeyItem] = true;
            return Task.FromResult(AuthenticateResult.Fail("API key in the query string"));
        }

        if (!Request.Headers.TryGetValue(IntegratorRegistry.HeaderName, out var key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (integrators.Authenticate(key) is not { } integrator)
        {
            return Task.FromResult(AuthenticateResult.Fail("API key not recognised"));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, integrator.Name), new(ClaimTypes.Role, AccessRoles.Integrator) };
        claims.AddRange(integrator.Units.Select(u => new Claim(AccessClaims.Unit, u)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // The gateway's counters and log line count requests to the gateway: a key sent to another endpoint is answered
        // the same way, but it is no gateway request (the other endpoints are counted by the request log).
        var atGateway = Request.Path.StartsWithSegments(GatewayApi.Path, StringComparison.OrdinalIgnoreCase);
        if (Context.Items.ContainsKey(QueryKeyItem))
        {
            if (atGateway)
            {
                metrics.Refused(null, "api-key-in-query");
                metrics.Request(null, StatusCodes.Status400BadRequest);
            }

            return AccessProblems.Write(Context, StatusCodes.Status400BadRequest, "API key in the query string",
                $"API keys are accepted only in the {IntegratorRegistry.HeaderName} header: a query string is written to proxy and server logs. " +
                "Nothing was read from this request. Treat the key as exposed and ask for a new one.", "api-key-in-query");
        }

        if (atGateway)
        {
            metrics.Refused(null, "unauthorized");
            metrics.Request(null, StatusCodes.Status401Unauthorized);
        }

        if (atGateway && logGate.ShouldLog(GatewayLogGate.Unauthorized, out var since))
        {
            LogUnauthorized(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown", since);
        }

        Response.Headers.WWWAuthenticate = "ApiKey";
        return AccessProblems.Write(Context, StatusCodes.Status401Unauthorized, "API key missing or not recognised",
            $"Send your integrator API key in the {IntegratorRegistry.HeaderName} header.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway request from {RemoteIp} without a valid API key: answered 401 ({Suppressed} more since the last such line)")]
    private static partial void LogUnauthorized(ILogger logger, string remoteIp, long suppressed);
}

/// <summary>
/// Wall screens' device tokens: <c>Authorization: Bearer bdt_…</c>, or, on the hub path only, SignalR's
/// <c>access_token</c> query parameter (browsers cannot set headers on a WebSocket). A device is a <c>viewer</c> limited
/// to the units its token names.
/// </summary>
internal sealed class DeviceTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DeviceToken";

    private const string RejectedItem = "bury.access.device-rejected";

    /// <summary>The bearer token of the request: the Authorization header, or <c>access_token</c> on the hub path only.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Path.StartsWithSegments(WallboardHub.Path) && request.Query.TryGetValue("access_token", out var token)
            ? token.ToString()
            : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { Length: > 0 } token)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (store.Authenticate(token) is not { } device)
        {
            Context.Items[RejectedItem] = true;
            return Task.FromResult(AuthenticateResult.Fail("Device token unknown or revoked"));
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "device:" + device.Name),
            new(ClaimTypes.Role, AccessRoles.Viewer),
            new(AccessClaims.Device, device.Id),
        };
        claims.AddRange(device.Units.Select(u => new Claim(AccessClaims.Unit, u)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Context.Items.ContainsKey(RejectedItem)
            ? AccessProblems.Write(Context, StatusCodes.Status401Unauthorized, "Device token not valid",
                "This screen's device token is unknown or has been revoked. Ask an administrator for a new one.", "device-token-revoked")
            : AccessProblems.Write(Context, StatusCodes.Status401Unauthorized, "Sign-in required",
                "Sign in as a member of staff, or present this screen's device token.", "sign-in-required");
    }
}

/// <summary>problem+json answers of access control.</summary>
internal static class AccessProblems
{
    public static Task Write(HttpContext context, int status, string title, string detail, string? reason = null)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        return TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: reason is null ? null : new Dictionary<string, object?> { ["reason"] = reason }).ExecuteAsync(context);
    }
}
