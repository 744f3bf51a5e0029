using System.Net;
using System.Text.Json;
using BuryUrgentCare.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static BuryUrgentCare.Access.AccessTestSupport;

namespace BuryUrgentCare.Access;

/// <summary>/openapi/v1.json describes every API endpoint the host maps, each with the role its policy names.</summary>
[Collection(KafkaCollection.Name)]
public sealed class OpenApiDocumentTests(KafkaTestCluster kafka)
{
    /// <summary>Endpoints left out of the document on purpose: pages, the hub, health probes, metrics, the document itself.</summary>
    private static bool IsApi(string pattern) => pattern.StartsWith("api/", StringComparison.Ordinal) && !pattern.StartsWith("api/reference", StringComparison.Ordinal);

    [Fact]
    public async Task TheDocument_ListsEveryMappedApiEndpoint_WithItsRole_AndIsOpenToAnyone()
    {
        await using var host = RequiredHost(kafka);
        using var http = host.CreateHttpClient();

        using var response = await http.GetAsync(AccessOpenApi.DocumentPath);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var paths = document.RootElement.GetProperty("paths");
        var missing = new List<string>();
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsApi(e.RoutePattern.RawText!.TrimStart('/')))
            .ToList();
        endpoints.Count.ShouldBeGreaterThan(25);
        foreach (var endpoint in endpoints)
        {
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(Part))));
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
                {
                    missing.Add($"{method} {path}");
                    continue;
                }

                operation.GetProperty("x-required-role").GetString().ShouldBe(policy, $"{method} {path}");
                operation.GetProperty("responses").TryGetProperty("403", out _).ShouldBeTrue($"{method} {path} documents its 403");
            }
        }

        missing.ShouldBeEmpty();
        document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString()
            .ShouldBe(Gateway.IntegratorRegistry.HeaderName);
    }

    [Fact]
    public async Task TheReferencePage_IsScalarServedFromThisHost_ItsInlineScriptAllowedByAFreshNonceOnly()
    {
        await using var host = RequiredHost(kafka);
        using var http = host.CreateHttpClient();

        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await http.GetAsync(AccessOpenApi.ReferencePath);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, "open to anyone, like the document");
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldNotContain("https://", customMessage: "nothing from a CDN");
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            var nonce = System.Text.RegularExpressions.Regex.Match(policy, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
            nonce.ShouldNotBeNullOrEmpty(policy);
            html.ShouldContain($"nonce=\"{nonce}\"");
            policy.ShouldContain("frame-ancestors 'none'");
            nonces.Add(nonce);
        }

        nonces.Distinct().Count().ShouldBe(2, "a nonce is made per request");
        using var units = await http.GetAsync("/api/units");
        units.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(SecurityHeaders.ContentSecurityPolicy, "every other answer keeps the house policy");
    }

    [Fact]
    public async Task TheReferencePage_InChromium_ShowsTheOperationsWithTheirRoles_WithNoContentSecurityPolicyViolation()
    {
        await using var host = RequiredHost(kafka);
        var browser = new Browser();
        await browser.InitializeAsync();
        try
        {
            await using var context = await browser.Instance.NewContextAsync();
            var page = await context.NewPageAsync();
            var console = new List<string>();
            page.Console += (_, message) => console.Add(message.Text);

            await page.GotoAsync(new Uri(host.BaseAddress, AccessOpenApi.ReferencePath).ToString());

            // The first tag's operations are open; another tag's open from the sidebar.
            await page.GetByText("Who the caller is: name, roles, units, whether the development sign-in is on (role: any signed-in caller)").First
                .WaitForAsync(new() { Timeout = 30_000 });
            await page.GetByText("Gateway", new() { Exact = true }).First.ClickAsync();
            await page.GetByText("Send one event or a batch of up to 1,000 (role: integrator, API key in X-Api-Key)").First.WaitForAsync(new() { Timeout = 30_000 });
            console.ShouldNotContain(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }

    private static string Part(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPart part) => part switch
    {
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        _ => "",
    };
}
