using System.Security.Claims;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Realtime;
using Confluent.Kafka;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BuryUrgentCare.Access;

/// <summary>
/// Access control: who the caller is (development sign-in, staff OpenID Connect sign-in, wall-screen device tokens,
/// integrator API keys) and what each role may do. Every endpoint names its policy where it is mapped; the fallback
/// policy denies any endpoint that names none, so a new endpoint is closed until someone decides who may use it.
/// </summary>
public static partial class AccessExtensions
{
    /// <summary>The default scheme: picks the real one from what the request carries.</summary>
    public const string Scheme = "Bury";

    /// <summary>The staff sign-in cookie's scheme (with OpenID Connect).</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>
    /// Registers authentication and authorization. Decides the mode once (<see cref="AccessMode.Resolve"/>): throws, and
    /// so stops the host, when a real Kafka cluster is configured without an identity provider.
    /// </summary>
    public static IHostApplicationBuilder AddAccessControl(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        var kafka = builder.Configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        var mode = AccessMode.Resolve(settings, kafka.IsEmbedded);
        builder.Services.AddSingleton(mode);
        builder.Services.AddOptions<AccessOptions>().Bind(builder.Configuration.GetSection(AccessOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton(sp =>
        {
            var tokens = sp.GetRequiredService<IOptions<AccessOptions>>().Value.DeviceTokens;
            return new AccessStore(Path.GetFullPath(tokens.StorePath, contentRoot), sp.GetRequiredService<TimeProvider>(), tokens.LastSeenWriteInterval);
        });
        builder.Services.AddSingleton<AuditLog>();
        // Its reader is started with the Kafka clients, after the topic check (KafkaIngestionExtensions).
        builder.Services.AddSingleton<DeviceTokenTable>();
        builder.Services.AddHostedService<ConfigurationAudit>();

        var authentication = builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bury Urgent Care", o => o.ForwardDefaultSelector = context => SelectScheme(context, mode))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, DeviceTokenAuthenticationHandler>(DeviceTokenAuthenticationHandler.SchemeName, null);
        if (mode.DevelopmentSignIn)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, DevelopmentSignInHandler>(DevelopmentSignInHandler.SchemeName, null);
        }

        if (mode.Oidc)
        {
            AddOpenIdConnect(authentication, settings.Oidc);
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Viewer, p => p.RequireRole(AccessRoles.Granting(AccessRoles.Viewer)))
            .AddPolicy(AccessPolicies.Manager, p => p.RequireRole(AccessRoles.Granting(AccessRoles.Manager)))
            .AddPolicy(AccessPolicies.Commissioner, p => p.RequireRole(AccessRoles.Granting(AccessRoles.Commissioner)))
            .AddPolicy(AccessPolicies.Admin, p => p.RequireRole(AccessRoles.Granting(AccessRoles.Admin)))
            // Only an API key makes an integrator: no other sign-in (not even the development one) posts events.
            .AddPolicy(AccessPolicies.Integrator, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(AccessRoles.Integrator))
            .AddPolicy(AccessPolicies.SignedIn, p => p.RequireAuthenticatedUser())
            // An endpoint that names no policy is refused to everyone. A request matching no endpoint (a 404, or a
            // static file, served before authorization) is let through so it answers as before.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(c => c.Resource is HttpContext http && http.GetEndpoint() is null)
                .Build());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return builder;
    }

    /// <summary>
    /// Authentication, authorization and the unit scope, in that order; to be called after the static files (which stay
    /// public: scripts, styles, the vendored libraries — the pages themselves are endpoints with policies).
    /// </summary>
    public static WebApplication UseAccessControl(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var mode = app.Services.GetRequiredService<AccessMode>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccessExtensions).FullName!);
        if (mode.DevelopmentSignIn)
        {
            LogDevelopmentSignIn(logger);
        }
        else
        {
            LogAccessMode(logger, mode.Oidc);
        }

        app.UseAuthentication();
        var reads = app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.ReadRequestsPerMinute;
        app.Use(ReadRateLimit.Middleware(reads, new TokenBuckets(app.Services.GetRequiredService<TimeProvider>()), logger));
        app.UseAuthorization();
        app.Use(RefuseOtherUnits);
        return app;
    }

    /// <summary>
    /// <c>GET /api/access/me</c>, the device-token admin API (<c>/api/access/devices</c>), the audit log
    /// (<c>/api/access/audit</c>) and, with OpenID Connect, <c>/signin</c> and <c>/signout</c>.
    /// </summary>
    public static WebApplication MapAccessApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/access").WithTags("Access");
        api.MapGet("/me", GetMe).RequireAuthorization(AccessPolicies.SignedIn)
            .WithSummary("Who the caller is: name, roles, units, whether the development sign-in is on (role: any signed-in caller)");
        var devices = api.MapGroup("/devices").RequireAuthorization(AccessPolicies.Admin);
        devices.MapGet("/", ListDevices).WithSummary("Every device token with its last-seen time (role: admin)");
        devices.MapPost("/", IssueDevice).WithSummary("Issue a wall screen's device token, shown once (role: admin)");
        devices.MapDelete("/{id}", RevokeDevice).WithSummary("Revoke a device token; its screens go dark at once (role: admin)");
        api.MapGet("/audit", GetAudit).RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("The newest audit log lines (role: admin)");

        if (app.Services.GetRequiredService<AccessMode>().Oidc)
        {
            app.MapGet("/signin", (string? returnUrl) => TypedResults.Challenge(
                new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
                .AllowAnonymous().ExcludeFromDescription();
            app.MapGet("/signout", () => TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [CookieScheme, OpenIdConnectDefaults.AuthenticationScheme]))
                .RequireAuthorization(AccessPolicies.SignedIn).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>Who is calling, as the pages need it.</summary>
    public sealed record Me(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Units, bool DevelopmentSignIn, string? Device);

    public static Ok<Me> GetMe(ClaimsPrincipal user, AccessMode mode)
    {
        ArgumentNullException.ThrowIfNull(user);
        return TypedResults.Ok(new Me(user.Actor(),
            [.. AccessRoles.All.Where(r => AccessRoles.Has(user, r))],
            [.. user.FindAll(AccessClaims.Unit).Select(c => c.Value)],
            user.Identity?.AuthenticationType == DevelopmentSignInHandler.SchemeName,
            user.FindFirst(AccessClaims.Device)?.Value));
    }

    /// <summary>A device token to issue: a name for the screen (e.g. "ED majors corridor") and the units it may show.</summary>
    public sealed record IssueDeviceRequest(string? Name, IReadOnlyList<string>? Units);

    public static Ok<IReadOnlyList<DeviceTokenInfo>> ListDevices(AccessStore store) => TypedResults.Ok(store.List());

    public static async Task<Results<Created<IssuedDeviceToken>, ValidationProblem, ProblemHttpResult>> IssueDevice(
        IssueDeviceRequest request, ClaimsPrincipal user, AccessStore store, DeviceTokenTable table, AuditLog audit, Contract.UnitCatalog units,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["Name the screen (1-100 characters), e.g. \"ED majors corridor\"."];
        }

        var scope = request.Units ?? [];
        if (scope.Count == 0 || scope.Any(u => !units.TryGetIndex(u, out _)))
        {
            errors["units"] = ["List the units the screen may show, each a known unit id (e.g. FGH-ED)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid");
        }

        // Shared with every node before it is handed out: a token only this node knew would fail behind a load balancer.
        var (token, record) = store.NewToken(name, [.. scope.Distinct(StringComparer.Ordinal)], user.Actor());
        if (await Share(table, record, cancellationToken) is { } unavailable)
        {
            return unavailable;
        }

        table.Received(record);
        audit.Record(user, "device-token.issued", record.Id, $"{name} for {string.Join(", ", record.Units)}");
        return TypedResults.Created($"/api/access/devices/{record.Id}", new IssuedDeviceToken(token, record.Info(null)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeDevice(
        string id, ClaimsPrincipal user, AccessStore store, DeviceTokenTable table, AuditLog audit, CancellationToken cancellationToken)
    {
        if (store.RevocationOf(id, user.Actor()) is not { } revocation)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such active device token",
                detail: "The token was never issued or is already revoked.");
        }

        // Every node shuts the screen out, not only this one: the revocation is on the table before it is reported done.
        if (await Share(table, revocation, cancellationToken) is { } unavailable)
        {
            return unavailable;
        }

        // Applied here at once (and closing the screens connected here); the other nodes apply it as they read the table.
        table.Received(revocation);
        audit.Record(user, "device-token.revoked", id, null);
        return TypedResults.NoContent();
    }

    /// <summary>Writes a token record to the shared table; a 503 problem if the cluster could not take it (nothing changed).</summary>
    private static async Task<ProblemHttpResult?> Share(DeviceTokenTable table, DeviceTokenRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await table.ShareAsync(record, cancellationToken);
            return null;
        }
        catch (KafkaException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Device tokens cannot be changed now",
                detail: $"The device-token table could not be written ({ex.Error.Code}): nothing was changed. Try again shortly.");
        }
    }

    public static Ok<IReadOnlyList<AuditEntry>> GetAudit(AccessStore store, int? count) =>
        TypedResults.Ok(store.AuditLog(Math.Clamp(count ?? 200, 1, 5_000)));

    /// <summary>Which scheme authenticates this request, from what it carries.</summary>
    internal static string SelectScheme(HttpContext context, AccessMode mode)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(Gateway.IntegratorRegistry.HeaderName) || ApiKeyAuthenticationHandler.HasQueryKey(request))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        if (DeviceTokenAuthenticationHandler.BearerToken(request) is { Length: > 0 } token)
        {
            return token.StartsWith(AccessStore.TokenPrefix, StringComparison.Ordinal) || !mode.Oidc
                ? DeviceTokenAuthenticationHandler.SchemeName
                : JwtBearerDefaults.AuthenticationScheme;
        }

        if (mode.Oidc && (!mode.DevelopmentSignIn || request.Cookies.ContainsKey(CookieName)))
        {
            return CookieScheme;
        }

        return mode.DevelopmentSignIn ? DevelopmentSignInHandler.SchemeName : DeviceTokenAuthenticationHandler.SchemeName;
    }

    private const string CookieName = "bury.signin";

    private static void AddOpenIdConnect(AuthenticationBuilder authentication, OidcOptions oidc)
    {
        authentication
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = oidc.SessionLifetime;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context =>
                {
                    if (IsApiRequest(context.Request))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }

                    // A page: on to the identity provider, back to the page after.
                    return context.HttpContext.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme,
                        new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString });
                };
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                o.SignInScheme = CookieScheme;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                // Secure whenever the request is (always, behind TLS); a loopback test issuer runs on plain HTTP.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SaveTokens = false;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                foreach (var scope in oidc.Scopes)
                {
                    o.Scope.Add(scope);
                }

                o.TokenValidationParameters = new TokenValidationParameters { NameClaimType = "name", RoleClaimType = ClaimTypes.Role };
                o.Events.OnTokenValidated = context =>
                {
                    MapRoles(context.Principal, oidc);
                    return Task.CompletedTask;
                };
            })
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.Authority = oidc.Authority;
                o.Audience = string.IsNullOrWhiteSpace(oidc.Audience) ? oidc.ClientId : oidc.Audience;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters { NameClaimType = "name", RoleClaimType = ClaimTypes.Role };
                o.Events = new JwtBearerEvents
                {
                    // SignalR's browser client sends the token as access_token on the WebSocket: accepted on the hub only.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments(WallboardHub.Path) && context.Request.Query.TryGetValue("access_token", out var token))
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        MapRoles(context.Principal, oidc);
                        return Task.CompletedTask;
                    },
                };
            });
    }

    /// <summary>Adds our roles to the identity from the provider's role claim, through <see cref="OidcOptions.RoleMap"/>.</summary>
    internal static void MapRoles(ClaimsPrincipal? principal, OidcOptions oidc)
    {
        if (principal?.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        var granted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in identity.FindAll(oidc.RoleClaim).ToList())
        {
            var role = oidc.RoleMap.TryGetValue(claim.Value, out var mapped) ? mapped : claim.Value;
            // Staff roles only: an integrator is an API key, never a person signing in.
            if (AccessRoles.Staff.Contains(role, StringComparer.Ordinal) && granted.Add(role))
            {
                identity.AddClaim(new Claim(ClaimTypes.Role, role));
            }
        }
    }

    private static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments(WallboardHub.Path) || request.Path.StartsWithSegments("/metrics");

    private static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    /// <summary>
    /// A caller limited to some units (a wall screen's device token, a unit-scoped integrator) may not ask for another
    /// unit, by route (<c>/api/units/{unit}</c>, <c>/wallboard/{unit}</c>) or by query (<c>?unit=</c>).
    /// </summary>
    private static Task RefuseOtherUnits(HttpContext context, RequestDelegate next)
    {
        var unit = context.GetRouteValue("unit") as string ?? (context.Request.Query.TryGetValue("unit", out var query) ? query.ToString() : null);
        if (unit is { Length: > 0 } && context.User.Identity?.IsAuthenticated == true && !context.User.AllowsUnit(unit))
        {
            return AccessProblems.Write(context, StatusCodes.Status403Forbidden, "Unit not allowed",
                "These credentials are limited to other units.", "unit-not-allowed");
        }

        return next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEVELOPMENT SIGN-IN IS ON: every request without other credentials is signed in as 'developer' with every staff role (viewer, manager, commissioner, admin). Not for patient data. It is on because the embedded Kafka cluster runs and no identity provider is configured (Auth:Oidc:Authority); --Auth:Required=true turns it off")]
    private static partial void LogDevelopmentSignIn(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Access control: sign-in required (staff OpenID Connect: {Oidc}; device tokens and integrator API keys always)")]
    private static partial void LogAccessMode(ILogger logger, bool oidc);
}

/// <summary>
/// Answers a refused request with problem+json (401 sign-in required, 403 role missing) where the scheme wrote no
/// body of its own (the API key and device token schemes do), and leaves page redirects to the identity provider alone.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (context.Response.HasStarted || authorizeResult.Succeeded)
        {
            return;
        }

        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            await AccessProblems.Write(context, StatusCodes.Status401Unauthorized, "Sign-in required",
                "Sign in as a member of staff, or present a device token or API key.", "sign-in-required");
        }
        else if (context.Response.StatusCode == StatusCodes.Status403Forbidden)
        {
            await AccessProblems.Write(context, StatusCodes.Status403Forbidden, "Not allowed",
                "Your role does not allow this (docs/access-control.md lists what each role may do).", "role-required");
        }
    }
}
