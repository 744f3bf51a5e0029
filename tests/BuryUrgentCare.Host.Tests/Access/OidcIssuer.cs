using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace BuryUrgentCare.Access;

/// <summary>
/// A real OpenID Connect issuer on a loopback port: OpenIddict's server, authorization-code flow with PKCE, no
/// database (degraded mode: client and redirect checks are the handlers below). Whoever reaches its authorization
/// endpoint is signed in as <see cref="UserName"/> with <see cref="Roles"/> in the <c>role</c> claim.
/// </summary>
internal sealed class OidcIssuer : IAsyncDisposable
{
    public const string ClientId = "bury-urgent-care";
    public const string ClientSecret = "s3cret-of-the-test-client";
    public const string UserName = "Dr Test Manager";

    private readonly WebApplication _app;

    private OidcIssuer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static string[] Roles { get; } = ["UEC.Manager", "not-a-role-of-ours"];

    public static async Task<OidcIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.EnableDegradedMode();
            options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            options.UseAspNetCore().DisableTransportSecurityRequirement();
            options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.RedirectUri is null || !context.RedirectUri.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or redirect URI.");
                }

                return default;
            }));
            options.AddEventHandler<HandleAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
                identity.AddClaim(Claims.Subject, "dr-test");
                identity.AddClaim(Claims.Name, UserName);
                foreach (var role in Roles)
                {
                    identity.AddClaim(Claims.Role, role);
                }

                var principal = new ClaimsPrincipal(identity);
                principal.SetScopes(context.Request.GetScopes());
                principal.SetResources(ClientId); // the audience of the access token: the host's API
                principal.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
                context.Principal = principal;
                return default;
            }));
            options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (!context.Request.IsAuthorizationCodeGrantType() || context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client, wrong secret or grant.");
                }

                return default;
            }));
        });
        var app = builder.Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OidcIssuer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
