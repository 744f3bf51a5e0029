using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BuryUrgentCare.Access;

/// <summary>
/// The API described: <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi) lists every API endpoint with the role it
/// needs (<c>x-required-role</c>, and in words in its description), its request and response types, and the
/// problem+json answers of a refused request; <c>/api/reference</c> is Scalar's reference of it (served here, nothing from a CDN).
/// Both are open to anyone: they describe the API and hold no data.
/// </summary>
public static class AccessOpenApi
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IHostApplicationBuilder AddApiDescription(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Bury Urgent Care",
                    Version = "v1",
                    Description = "Live urgent and emergency care figures, the escalation workspace, trends, and the event gateway. " +
                        "Every operation names the role it needs (x-required-role); see docs/access-control.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = Gateway.IntegratorRegistry.HeaderName,
                    Description = "An integrator's API key (POST /api/events only). Never in the query string.",
                };
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A staff access token from the trust's identity provider, or a wall screen's device token (bdt_…).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var role = metadata.OfType<IAllowAnonymous>().Any()
                    ? "anonymous"
                    : metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "none (refused)";
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-required-role"] = new JsonNodeExtension(JsonValue.Create(role));
                operation.Description = $"Role: {role}." + (operation.Description is { Length: > 0 } text ? " " + text : "");
                if (role != "anonymous")
                {
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("401", Problem("No credentials, or credentials refused (problem+json)"));
                    operation.Responses.TryAdd("403", Problem("Signed in, but the role or unit scope does not allow this (problem+json)"));
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>Maps <c>/openapi/v1.json</c> and the reference page <c>/api/reference</c>.</summary>
    public static WebApplication MapApiDescription(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi().AllowAnonymous();
        // Scalar, served from this host (its bundle is embedded in Scalar.AspNetCore: nothing from a CDN). Its page starts
        // with an inline script, allowed by a fresh nonce per request (ReferencePolicy); nothing leaves the site: no
        // telemetry, no AI agent or MCP, no fonts from elsewhere.
        app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("Bury Urgent Care API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .WithNonce()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .DisableDefaultFonts()
                .HideDeveloperTools()
                .HideClientButton())
            .AllowAnonymous();
        return app;
    }

    /// <summary>Where the API reference (Scalar) is served.</summary>
    public const string ReferencePath = "/api/reference";

    /// <summary>
    /// The Content-Security-Policy of the reference page: the house policy, plus its own script nonce (Scalar's page starts
    /// with an inline script) and inline styles (the reference applies its theme by style attributes). Null for any other
    /// response, whose policy stays <see cref="SecurityHeaders.ContentSecurityPolicy"/>.
    /// </summary>
    internal static string? ReferencePolicy(HttpContext context) =>
        context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string { Length: > 0 } nonce
            ? SecurityHeaders.ContentSecurityPolicy
                .Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
            : null;

    private static OpenApiResponse Problem(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType() },
    };
}
