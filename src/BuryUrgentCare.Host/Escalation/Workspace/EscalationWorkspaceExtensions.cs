using System.Security.Claims;
using BuryUrgentCare.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Escalation.Workspace;

/// <summary>The escalation workspace: registration, its HTTP API and its pages (<c>/escalation</c>, <c>/escalation/sitrep</c>).</summary>
public static class EscalationWorkspaceExtensions
{
    /// <summary>Registers the workspace store (path resolved against the content root), the shared log, the workspace and its options.</summary>
    public static IHostApplicationBuilder AddEscalationWorkspace(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WorkspaceOptions>()
            .Bind(builder.Configuration.GetSection(WorkspaceOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Cards.All(c => c.Level is >= 1 and <= 4 && c.Title.Length > 0 && c.Actions.Count > 0),
                "Escalation:Workspace:ActionCards: every card needs a level 1–4, a title and at least one action.")
            .ValidateOnStart();
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton(sp => new WorkspaceStore(Path.GetFullPath(sp.GetRequiredService<IOptions<WorkspaceOptions>>().Value.StorePath, contentRoot)));
        builder.Services.AddSingleton<WorkspaceLog>(); // its reader is started by AddKafkaIngestion, after the topic check
        builder.Services.AddSingleton<EscalationWorkspace>();
        return builder;
    }

    /// <summary>
    /// <c>GET /api/escalation/workspace</c>, <c>POST /api/escalation/declarations</c>, <c>POST /api/escalation/actions</c>,
    /// <c>PATCH /api/escalation/actions/{id}</c>, <c>POST /api/escalation/alerts/{id}/acknowledgement</c>,
    /// <c>GET /api/escalation/sitrep</c>; and the pages <c>/escalation</c> and <c>/escalation/sitrep</c>.
    /// </summary>
    public static RouteGroupBuilder MapEscalationWorkspace(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/escalation", (HttpContext context) => Realtime.RealtimeExtensions.PageFile(context, "escalation.html"))
            .RequireAuthorization(AccessPolicies.Viewer).ExcludeFromDescription();
        app.MapGet("/escalation/sitrep", SituationReport.Page).RequireAuthorization(AccessPolicies.Viewer).ExcludeFromDescription();
        var api = app.MapGroup("api/escalation").WithTags("Escalation workspace");
        // Reading the workspace is for every viewer; changing it (declaring, acting, acknowledging) for managers.
        api.MapGet("/workspace", GetWorkspace).RequireAuthorization(AccessPolicies.Viewer).WithSummary("The workspace whole (role: viewer)");
        api.MapPost("/declarations", Declare).RequireAuthorization(AccessPolicies.Manager)
            .AddEndpointFilter(AuditLog.Filter("escalation.level-declared")).WithSummary("Declare the OPEL level in force (role: manager)");
        api.MapPost("/actions", AddAction).RequireAuthorization(AccessPolicies.Manager)
            .AddEndpointFilter(AuditLog.Filter("escalation.action-added")).WithSummary("Add an action to the log (role: manager)");
        api.MapPatch("/actions/{id:long}", UpdateAction).RequireAuthorization(AccessPolicies.Manager)
            .AddEndpointFilter(AuditLog.Filter("escalation.action-updated")).WithSummary("Update an action (role: manager)");
        api.MapPost("/alerts/{id}/acknowledgement", Acknowledge).RequireAuthorization(AccessPolicies.Manager)
            .AddEndpointFilter(AuditLog.Filter("alert.acknowledged")).WithSummary("Acknowledge an active alert (role: manager)");
        api.MapGet("/sitrep", SituationReport.Get).RequireAuthorization(AccessPolicies.Viewer).WithSummary("The situation report now (role: viewer)");
        api.AddEndpointFilter(RefusedAsProblem);
        return api;
    }

    public static Ok<WorkspaceState> GetWorkspace(EscalationWorkspace workspace) => TypedResults.Ok(workspace.State());

    // Who declared, added, updated or acknowledged is the signed-in user (AccessRoles.RecordedName), not what the body says.
    public static async Task<Created<DeclaredLevel>> Declare(
        DeclareLevelRequest request, ClaimsPrincipal user, EscalationWorkspace workspace, CancellationToken cancellationToken) =>
        TypedResults.Created("/api/escalation/workspace",
            await workspace.DeclareAsync(request with { DeclaredBy = user.RecordedName(request.DeclaredBy) }, cancellationToken));

    public static async Task<Created<EscalationAction>> AddAction(
        AddActionRequest request, ClaimsPrincipal user, EscalationWorkspace workspace, CancellationToken cancellationToken)
    {
        var action = await workspace.AddActionAsync(request with { CreatedBy = user.RecordedName(request.CreatedBy) }, cancellationToken);
        return TypedResults.Created($"/api/escalation/actions/{action.Id}", action);
    }

    public static async Task<Results<Ok<EscalationAction>, ProblemHttpResult>> UpdateAction(
        long id, UpdateActionRequest request, ClaimsPrincipal user, EscalationWorkspace workspace, CancellationToken cancellationToken) =>
        await workspace.UpdateActionAsync(id, request with { UpdatedBy = user.RecordedName(request.UpdatedBy) }, cancellationToken) is { } action
            ? TypedResults.Ok(action)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown action", detail: $"There is no action {id} in the log.");

    public static async Task<Results<Ok<AcknowledgementRecord>, ProblemHttpResult>> Acknowledge(
        string id, AcknowledgeAlertRequest request, ClaimsPrincipal user, EscalationWorkspace workspace, CancellationToken cancellationToken) =>
        await workspace.AcknowledgeAsync(id, request with { By = user.RecordedName(request.By) }, cancellationToken) is { } record
            ? TypedResults.Ok(record)
            // The id is the caller's: not echoed back.
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such active alert", detail: "The alert is not active (cleared meanwhile, or never raised).");

    /// <summary>
    /// A refused request (<see cref="WorkspaceValidationException"/>) becomes a 400 problem+json naming every problem by
    /// field; a change the shared log could not take or show in time (<see cref="WorkspaceUnavailableException"/>) a 503
    /// saying which, with a Retry-After.
    /// </summary>
    private static async ValueTask<object?> RefusedAsProblem(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (WorkspaceValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors, title: "The request is not valid");
        }
        catch (WorkspaceUnavailableException ex)
        {
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: ex.Title, detail: ex.Message);
        }
    }
}
