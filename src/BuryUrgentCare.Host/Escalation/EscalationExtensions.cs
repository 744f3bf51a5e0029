using BuryUrgentCare.Contract;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.Escalation;

public static class EscalationExtensions
{
    /// <summary>The single level hold, replaced by separate escalate and de-escalate holds (issue 10).</summary>
    private const string RetiredLevelHoldFor = "LevelHoldFor";

    /// <summary>Registers OPEL and alerts; the profile and rules are validated at start-up.</summary>
    public static IHostApplicationBuilder AddEscalation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(EscalationOptions.Section);
        builder.Services.AddOptions<EscalationOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            // A retired setting is refused rather than ignored: a trust that tuned it would otherwise run on defaults unawares.
            .Validate(_ => section[RetiredLevelHoldFor] is null,
                $"{EscalationOptions.Section}:{RetiredLevelHoldFor} is no longer read: one hold for both directions became "
                + $"{EscalationOptions.Section}:EscalateAfter (before a higher level is announced, default 15 minutes) and "
                + $"{EscalationOptions.Section}:DeescalateAfter (before a lower one is, default 60 minutes). Set those instead.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>();
        builder.Services.AddSingleton(sp => LoadProfile(
            sp.GetRequiredService<IOptions<EscalationOptions>>().Value,
            sp.GetRequiredService<UnitCatalog>(),
            sp.GetRequiredService<IHostEnvironment>()));
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EscalationOptions>>();
            var state = options.Value.StatePath is { Length: > 0 } statePath
                ? new EscalationStateFile(Path.GetFullPath(statePath, contentRoot), sp.GetRequiredService<ILogger<EscalationStateFile>>())
                : null;
            return new EscalationMonitor(sp.GetRequiredService<OpelProfile>(), options, sp.GetRequiredService<ILogger<EscalationMonitor>>(), state);
        });
        return builder;
    }

    /// <summary><c>GET /api/system</c> (deflection, OPEL with every parameter) and <c>GET /api/alerts</c>.</summary>
    public static RouteGroupBuilder MapEscalationApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api").WithTags("Escalation");
        api.MapGet("/system", GetSystem).RequireAuthorization(AccessPolicies.Viewer).WithSummary("System figures: deflection, OPEL (role: viewer)");
        api.MapGet("/alerts", GetAlerts).RequireAuthorization(AccessPolicies.Viewer).WithSummary("Active alerts and acknowledgements (role: viewer)");
        return api;
    }

    public static Results<Ok<SystemSnapshot>, ProblemHttpResult> GetSystem(EscalationMonitor monitor) =>
        monitor.Latest is { } latest
            ? TypedResults.Ok(latest)
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "System figures not computed yet");

    public static Ok<AlertsResponse> GetAlerts(EscalationMonitor monitor) =>
        TypedResults.Ok(new AlertsResponse([.. monitor.ActiveAlerts], monitor.RecentAlerts()));

    internal static OpelProfile LoadProfile(EscalationOptions options, UnitCatalog units, IHostEnvironment environment)
    {
        var path = options.ResolveProfilePath(AppContext.BaseDirectory);
        if (!File.Exists(path))
        {
            var fromContentRoot = options.ResolveProfilePath(environment.ContentRootPath);
            path = File.Exists(fromContentRoot)
                ? fromContentRoot
                : throw new OpelProfileException($"OPEL profile '{options.OpelProfilePath}' not found (looked in {AppContext.BaseDirectory} and {environment.ContentRootPath}).");
        }

        return OpelProfile.Parse(File.ReadAllText(path), units, path);
    }
}

/// <summary>Alerts now active, and the latest raised/cleared/announced changes, newest first.</summary>
public sealed record AlertsResponse(IReadOnlyList<AlertEvent> Active, IReadOnlyList<AlertEvent> Recent);
