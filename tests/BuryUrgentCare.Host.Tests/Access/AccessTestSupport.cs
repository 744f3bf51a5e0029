using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using BuryUrgentCare.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Access;

/// <summary>
/// Hosts with sign-in required, and a test-only scheme that signs a request in with the roles named in its
/// <see cref="RoleHeader"/> header (no other way gives a test every staff role without an identity provider; the
/// OpenID Connect flow itself is tested against a real issuer elsewhere). Device tokens and API keys are the real ones.
/// </summary>
internal static class AccessTestSupport
{
    public const string RoleHeader = "X-Test-Roles";
    public const string TestScheme = "TestRoles";

    public static BuryHost RequiredHost(KafkaTestCluster kafka, Dictionary<string, string?>? settings = null)
    {
        var all = Gateway.GatewayTestSupport.Integrator("fgh-ed-epr", Gateway.GatewayTestSupport.Key);
        all["Auth:Required"] = "true";
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new BuryHost(kafka, kafka.NewTopic(), settings: all, services: AddTestRoles);
    }

    /// <summary>Adds the test scheme and puts it first in the host's scheme selection when the header is present.</summary>
    public static void AddTestRoles(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestRolesHandler>(TestScheme, null);
        services.PostConfigure<PolicySchemeOptions>(AccessExtensions.Scheme, o =>
        {
            var selector = o.ForwardDefaultSelector!;
            o.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey(RoleHeader) ? TestScheme : selector(context);
        });
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? role = null, string? deviceToken = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (role is not null)
        {
            request.Headers.Add(RoleHeader, role);
        }

        if (deviceToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", deviceToken);
        }

        return request;
    }

    private sealed class TestRolesHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var roles = Request.Headers[RoleHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            var claims = new List<Claim> { new(ClaimTypes.Name, "test-" + string.Join('-', roles)) };
            claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, TestScheme));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, TestScheme)));
        }
    }
}
