using System.Text.Json;
using System.Text.Json.Serialization;
using BuryUrgentCare.Access;
using BuryUrgentCare.Contract;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Realtime;

public static class RealtimeExtensions
{
    /// <summary>Registers SignalR (camelCase JSON, like the HTTP API) and the broadcaster.</summary>
    public static IHostApplicationBuilder AddRealtime(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSignalR().AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.AddOptions<HubOptions>().Configure<IOptions<RealtimeOptions>>((hub, realtime) =>
            hub.MaximumReceiveMessageSize = realtime.Value.MaxReceiveMessageBytes);
        builder.Services.AddSingleton<WallboardConnections>();
        builder.Services.AddHostedService<WallboardBroadcaster>();
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.AllowedOrigins.All(IsOrigin), "Realtime:AllowedOrigins must be origins such as https://wall.example.nhs.uk (scheme, host, port; no path).")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Serves wwwroot's scripts, styles and libraries to anyone (they hold no data). Pages (<c>.html</c>) are not served
    /// as files: each is an endpoint with its policy (<see cref="MapRealtime"/>), so a page cannot be reached around it.
    /// </summary>
    public static WebApplication UsePageAssets(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(context => !(context.Request.Path.Value ?? "").EndsWith(".html", StringComparison.OrdinalIgnoreCase),
            assets => assets.UseStaticFiles());
        return app;
    }

    /// <summary>
    /// Maps the hub (viewer; per-unit joins checked in the hub) and the pages: the overview and breach-risk lists need
    /// viewer, the commissioners' page commissioner. The wallboard page is the one page open to anyone: a wall screen has
    /// no one to sign in, so the page (a shell without data) asks for its device token and sends it on every call.
    /// </summary>
    public static WebApplication MapRealtime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(WallboardHub.Path), hub => hub.Use(RefuseForeignOrigins));
        app.MapHub<WallboardHub>(WallboardHub.Path).RequireAuthorization(AccessPolicies.Viewer);
        app.MapGet("/", (HttpContext context) => PageFile(context, "index.html")).RequireAuthorization(AccessPolicies.Viewer).ExcludeFromDescription();
        app.MapGet("/wallboard/{unit}", WallboardPage).AllowAnonymous().ExcludeFromDescription();
        // The same shell under the name the service worker caches it by (js/offline.js), for a wall to reload offline.
        app.MapGet("/wallboard.html", (HttpContext context) => PageFile(context, "wallboard.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/breach-risk/{unit}", (string unit, UnitCatalog units, HttpContext context) =>
            units.TryGetIndex(unit, out _) ? PageFile(context, "breach-risk.html") : TypedResults.NotFound($"Unknown unit '{unit}'."))
            .RequireAuthorization(AccessPolicies.Viewer).ExcludeFromDescription();
        foreach (var (path, file, policy) in Pages)
        {
            app.MapGet(path, (HttpContext context) => PageFile(context, file)).RequireAuthorization(policy).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// Cross-site WebSocket hijacking guard: a browser request to the hub whose <c>Origin</c> is neither this host nor an
    /// allowed origin is refused before SignalR sees it (WebSockets are not covered by CORS).
    /// </summary>
    private static Task RefuseForeignOrigins(HttpContext context, RequestDelegate next)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsAllowed(context, origin))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsync("This origin may not open the wallboard hub.");
    }

    private static bool IsAllowed(HttpContext context, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var request = context.Request;
        if (string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var allowed = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RealtimeOptions>>().Value.AllowedOrigins;
        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0;

    /// <summary>Pages served at an address without <c>.html</c>, with the policy each needs.</summary>
    private static readonly (string Path, string File, string Policy)[] Pages =
    [
        ("/commissioners", "commissioners.html", AccessPolicies.Commissioner),
    ];

    /// <summary>A page of wwwroot served as HTML (404 naming the file if it is missing), with the development sign-in banner when it is on.</summary>
    internal static IResult PageFile(HttpContext context, string file)
    {
        var environment = context.RequestServices.GetRequiredService<IWebHostEnvironment>();
        var page = environment.WebRootFileProvider.GetFileInfo(file);
        if (!page.Exists || page.PhysicalPath is null)
        {
            return TypedResults.NotFound($"{file} is missing from wwwroot.");
        }

        return context.RequestServices.GetRequiredService<AccessMode>().DevelopmentSignIn
            ? TypedResults.Text(DevelopmentBanner.Insert(File.ReadAllText(page.PhysicalPath)), "text/html; charset=utf-8")
            : TypedResults.PhysicalFile(page.PhysicalPath, "text/html; charset=utf-8");
    }

    private static IResult WallboardPage(string unit, UnitCatalog units, HttpContext context) =>
        units.TryGetIndex(unit, out _) ? PageFile(context, "wallboard.html") : TypedResults.NotFound($"Unknown unit '{unit}'.");
}
