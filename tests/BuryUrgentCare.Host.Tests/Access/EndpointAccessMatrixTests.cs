using System.Net;
using System.Text.Json;
using BuryUrgentCare.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static BuryUrgentCare.Access.AccessTestSupport;

namespace BuryUrgentCare.Access;

/// <summary>
/// Every mapped endpoint (read from the host's <see cref="EndpointDataSource"/>, so a new endpoint is in the matrix the
/// moment it is mapped) × every role and anonymous, with sign-in required: each is answered as its policy says.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class EndpointAccessMatrixTests(KafkaTestCluster kafka)
{
    private const string Anonymous = "anonymous";

    /// <summary>Who may use each endpoint. An endpoint missing here fails <see cref="EveryEndpoint_IsInTheMatrix"/>.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /"] = AccessPolicies.Viewer,
        ["GET /wallboard/{unit}"] = Anonymous,
        ["GET /wallboard.html"] = Anonymous,
        ["GET /breach-risk/{unit}"] = AccessPolicies.Viewer,
        ["GET /commissioners"] = AccessPolicies.Commissioner,
        ["GET /escalation"] = AccessPolicies.Viewer,
        ["GET /escalation/sitrep"] = AccessPolicies.Viewer,
        ["* /hubs/wallboard/negotiate"] = AccessPolicies.Viewer,
        ["* /hubs/wallboard"] = AccessPolicies.Viewer,
        ["GET /api/figures/"] = AccessPolicies.Viewer,
        ["GET /api/units/"] = AccessPolicies.Viewer,
        ["GET /api/units/{unit}"] = AccessPolicies.Viewer,
        ["GET /api/units/{unit}/breach-risk"] = AccessPolicies.Viewer,
        ["GET /api/units/{unit}/history"] = AccessPolicies.Commissioner,
        ["GET /api/system"] = AccessPolicies.Viewer,
        ["GET /api/alerts"] = AccessPolicies.Viewer,
        ["GET /api/escalation/workspace"] = AccessPolicies.Viewer,
        ["POST /api/escalation/declarations"] = AccessPolicies.Manager,
        ["POST /api/escalation/actions"] = AccessPolicies.Manager,
        ["PATCH /api/escalation/actions/{id:long}"] = AccessPolicies.Manager,
        ["POST /api/escalation/alerts/{id}/acknowledgement"] = AccessPolicies.Manager,
        ["GET /api/escalation/sitrep"] = AccessPolicies.Viewer,
        ["POST /api/events/"] = AccessPolicies.Integrator,
        ["GET /api/ingest/stats"] = AccessPolicies.Admin,
        ["GET /api/trends/deflection"] = AccessPolicies.Commissioner,
        ["GET /api/trends/department"] = AccessPolicies.Commissioner,
        ["GET /api/history/stats"] = AccessPolicies.Admin,
        ["POST /api/history/rebuild"] = AccessPolicies.Admin,
        ["GET /api/history/rebuild"] = AccessPolicies.Admin,
        ["GET /api/jobs/"] = AccessPolicies.Admin,
        ["GET /api/access/me"] = AccessPolicies.SignedIn,
        ["GET /api/access/devices/"] = AccessPolicies.Admin,
        ["POST /api/access/devices/"] = AccessPolicies.Admin,
        ["DELETE /api/access/devices/{id}"] = AccessPolicies.Admin,
        ["GET /api/access/audit"] = AccessPolicies.Admin,
        ["* /health/live"] = Anonymous,
        ["* /health/ready"] = Anonymous,
        ["* /metrics"] = AccessPolicies.Admin,
        ["GET /openapi/{documentName}.json"] = Anonymous,
        ["GET /api/reference/{documentName?}"] = Anonymous,
        ["GET /api/reference/scalar.js"] = Anonymous,
        ["GET /api/reference/scalar.aspnetcore.js"] = Anonymous,
        ["GET /api/reference/favicon.svg"] = Anonymous,
    };

    private static readonly string[] Callers = [Anonymous, .. AccessRoles.All];

    [Fact]
    public async Task EveryEndpoint_IsInTheMatrix()
    {
        await using var host = RequiredHost(kafka);
        var mapped = Endpoints(host).Select(e => e.Key).ToList();
        mapped.Where(k => !Expected.ContainsKey(k)).ShouldBeEmpty("mapped endpoints with no row in the matrix: decide who may use them");
        Expected.Keys.Where(k => !mapped.Contains(k)).ShouldBeEmpty("rows of the matrix no endpoint answers to");
    }

    [Fact]
    public async Task EveryEndpoint_NamesAPolicyOrAllowsAnonymousExplicitly()
    {
        await using var host = RequiredHost(kafka);
        foreach (var (key, endpoint) in Endpoints(host))
        {
            var named = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null);
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            (named || anonymous).ShouldBeTrue($"{key} names no policy and does not allow anonymous callers: the fallback refuses it to everyone");
        }
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEveryCaller_AsItsPolicySays()
    {
        await using var host = RequiredHost(kafka);
        using var http = host.CreateHttpClient();
        var wrong = new List<string>();
        foreach (var (key, _) in Endpoints(host))
        {
            var policy = Expected[key];
            var (method, path) = Sample(key);
            foreach (var caller in Callers)
            {
                using var request = caller switch
                {
                    Anonymous => AccessTestSupport.Request(method, path),
                    AccessRoles.Integrator => WithApiKey(AccessTestSupport.Request(method, path)),
                    _ => AccessTestSupport.Request(method, path, role: caller),
                };
                if (method != HttpMethod.Get && method != HttpMethod.Delete)
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                var allowed = Allows(policy, caller);
                // Only an API key is looked at by the gateway, so a member of staff there has no credentials: 401.
                var refusal = caller == Anonymous || policy == AccessPolicies.Integrator ? 401 : 403;
                var ok = allowed ? status is not (401 or 403) : status == refusal;
                if (!ok)
                {
                    wrong.Add($"{key} as {caller}: {status} (policy {policy}, expected {(allowed ? "allowed" : refusal.ToString(System.Globalization.CultureInfo.InvariantCulture))})");
                }
                else if (!allowed)
                {
                    // Refusals are problem+json, like every other error of the API.
                    response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{key} as {caller}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task ANewEndpointWithoutAPolicy_IsRefusedToEveryone_EvenAnAdmin_WhileUnmatchedRequestsStillAnswer404()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        var fallback = await host.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetFallbackPolicyAsync();
        fallback.ShouldNotBeNull();
        var authorization = host.Services.GetRequiredService<IAuthorizationService>();
        var admin = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            AccessRoles.All.Select(r => new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, r)), "test"));
        var context = new DefaultHttpContext();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(), "GET /api/forgotten"));

        (await authorization.AuthorizeAsync(admin, context, fallback)).Succeeded.ShouldBeFalse();

        using var http = host.CreateHttpClient();
        using var missing = await http.GetAsync("/no-such-page");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Whether a caller passes the policy (staff roles are hierarchical; see <see cref="AccessRoles.Granting"/>).</summary>
    private static bool Allows(string policy, string caller) => policy switch
    {
        Anonymous => true,
        AccessPolicies.SignedIn => caller != Anonymous,
        _ => caller != Anonymous && AccessRoles.Granting(policy).Contains(caller),
    };

    private static HttpRequestMessage WithApiKey(HttpRequestMessage request)
    {
        request.Headers.Add(Gateway.IntegratorRegistry.HeaderName, Gateway.GatewayTestSupport.Key);
        return request;
    }

    /// <summary>"METHOD pattern" of every route endpoint; "*" for endpoints that take any method (the hub's connection).</summary>
    private static List<KeyValuePair<string, RouteEndpoint>> Endpoints(BuryHost host) =>
        [.. host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => new KeyValuePair<string, RouteEndpoint>($"{m} /{e.RoutePattern.RawText!.TrimStart('/')}", e)))];

    /// <summary>A request for the endpoint: route parameters filled with a known unit, a number or the document name.</summary>
    private static (HttpMethod Method, string Path) Sample(string key)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        var method = key[..space] == "*" ? HttpMethod.Get : new HttpMethod(key[..space]);
        var path = key[(space + 1)..]
            .Replace("{unit}", "FGH-ED", StringComparison.Ordinal)
            .Replace("{id:long}", "1", StringComparison.Ordinal)
            .Replace("{id}", "none", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal);
        return (method, path);
    }
}
