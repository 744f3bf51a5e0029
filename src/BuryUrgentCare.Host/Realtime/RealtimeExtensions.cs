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
        builder.Services.AddHostedService<WallboardBroadcaster>();
        return builder;
    }

    /// <summary>Maps the hub and the wallboard pages (static files under wwwroot).</summary>
    public static WebApplication MapRealtime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapHub<WallboardHub>(WallboardHub.Path);
        app.MapGet("/wallboard/{unit}", WallboardPage).ExcludeFromDescription();
        return app;
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
