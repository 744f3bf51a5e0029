using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuryUrgentCare.Access;

/// <summary>
/// Who did what: every line goes to the log (Serilog, source context <c>BuryUrgentCare.Access.AuditLog</c>) and to the
/// audit table of <see cref="AccessStore"/>, which outlives log retention.
/// </summary>
public sealed partial class AuditLog(AccessStore store, ILogger<AuditLog> logger)
{
    public void Record(ClaimsPrincipal? user, string action, string target, string? detail) => Record(user.Actor(), action, target, detail);

    public void Record(string actor, string action, string target, string? detail)
    {
        LogAudit(logger, actor, action, target, detail ?? "");
        store.Audit(actor, action, target, detail);
    }

    /// <summary>
    /// An endpoint filter recording <paramref name="action"/> once the endpoint succeeded (2xx), naming the route's
    /// <c>id</c> (or the path) as the target.
    /// </summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(string action) =>
        async (context, next) =>
        {
            var result = await next(context);
            var status = (result is INestedHttpResult nested ? nested.Result : result) is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
            if (status is >= 200 and < 300)
            {
                var http = context.HttpContext;
                var target = http.GetRouteValue("id") as string ?? http.Request.Path.Value ?? "";
                http.RequestServices.GetRequiredService<AuditLog>().Record(http.User, action, target, null);
            }

            return result;
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: {Actor} {Action} {Target} {Detail}")]
    private static partial void LogAudit(ILogger logger, string actor, string action, string target, string detail);
}
