using System.Text.Json;
using System.Text.Json.Serialization;
using BuryUrgentCare.Contract;

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
        builder.Services.AddSingleton<WallboardConnections>();
        builder.Services.AddHostedService<WallboardBroadcaster>();
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.AllowedOrigins.All(IsOrigin), "Realtime:AllowedOrigins must be origins such as https://wall.example.nhs.uk (scheme, host, port; no path).")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>Maps the hub and the wallboard pages (static files under wwwroot).</summary>
    public static WebApplication MapRealtime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseWhen(context => context.Request.Path.StartsWithSegments(WallboardHub.Path), hub => hub.Use(RefuseForeignOrigins));
        app.MapHub<WallboardHub>(WallboardHub.Path);
        app.MapGet("/wallboard/{unit}", WallboardPage).ExcludeFromDescription();
        app.MapGet("/breach-risk/{unit}", (string unit, UnitCatalog units, IWebHostEnvironment environment) =>
            units.TryGetIndex(unit, out _) ? PageFile(environment, "breach-risk.html") : TypedResults.NotFound($"Unknown unit '{unit}'.")).ExcludeFromDescription();
        foreach (var (path, file) in Pages)
        {
            app.MapGet(path, (IWebHostEnvironment environment) => PageFile(environment, file)).ExcludeFromDescription();
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

    /// <summary>Pages served at an address without <c>.html</c> (the static file is there too).</summary>
    private static readonly (string Path, string File)[] Pages =
    [
        ("/commissioners", "commissioners.html"),
    ];

    /// <summary>A page of wwwroot served as HTML (404 naming the file if it is missing).</summary>
    internal static IResult PageFile(IWebHostEnvironment environment, string file)
    {
        var page = environment.WebRootFileProvider.GetFileInfo(file);
        return page.Exists && page.PhysicalPath is not null
            ? TypedResults.PhysicalFile(page.PhysicalPath, "text/html; charset=utf-8")
            : TypedResults.NotFound($"{file} is missing from wwwroot.");
    }

    private static IResult WallboardPage(string unit, UnitCatalog units, IWebHostEnvironment environment)
    {
        if (!units.TryGetIndex(unit, out _))
        {
            return TypedResults.NotFound($"Unknown unit '{unit}'.");
        }

        var page = environment.WebRootFileProvider.GetFileInfo("wallboard.html");
        return page.Exists && page.PhysicalPath is not null
            ? TypedResults.PhysicalFile(page.PhysicalPath, "text/html; charset=utf-8")
            : TypedResults.NotFound("wallboard.html is missing from wwwroot.");
    }
}
