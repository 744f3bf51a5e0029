using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace BuryUrgentCare.Access;

/// <summary>
/// Response headers every answer carries, and the default request body limit. The pages load scripts and styles only
/// from this origin (no inline script or handler: the CSP forbids them), may not be framed, and send no referrer off
/// site. HSTS is sent only on requests that arrived over TLS (behind a TLS-terminating proxy, the proxy sends it).
/// No CORS policy is registered: another origin's script cannot read any answer (CORS is closed by default); the hub's
/// WebSocket, which CORS does not cover, checks Origin itself (<c>Realtime:AllowedOrigins</c>).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Largest request body of an endpoint that sets no limit of its own: the API's JSON requests are a few hundred
    /// bytes. The gateway sets its own (<c>Gateway:MaxBodyBytes</c>).
    /// </summary>
    public const long DefaultMaxRequestBodyBytes = 64 * 1024;

    /// <summary>Adds the headers to every answer, static files included: call first.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(Apply);
        return app;
    }

    private static Task Apply(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        if (context.Request.Path.StartsWithSegments(AccessOpenApi.ReferencePath))
        {
            // Its nonce is made while the page renders, after this runs: the header is set just before the answer starts.
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                if (AccessOpenApi.ReferencePolicy(http) is { } policy)
                {
                    http.Response.Headers.ContentSecurityPolicy = policy;
                }

                return Task.CompletedTask;
            }, context);
        }

        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is null
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = DefaultMaxRequestBodyBytes;
        }

        return next(context);
    }
}
