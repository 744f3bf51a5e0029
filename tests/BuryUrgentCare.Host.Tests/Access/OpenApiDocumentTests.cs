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
    private static bool IsApi(string pattern) => pattern.StartsWith("api/", StringComparison.Ordinal) && pattern != "api/reference";

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
    public async Task TheReferencePage_IsServedFromThisHost()
    {
        await using var host = RequiredHost(kafka);
        using var http = host.CreateHttpClient();

        var html = await http.GetStringAsync("/api/reference");

        html.ShouldContain("/js/api-reference.js");
        html.ShouldNotContain("https://");
    }

    private static string Part(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPart part) => part switch
    {
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        _ => "",
    };
}
