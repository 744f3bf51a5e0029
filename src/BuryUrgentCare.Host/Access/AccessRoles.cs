using System.Security.Claims;

namespace BuryUrgentCare.Access;

/// <summary>
/// The five roles and the policies named after them. Staff roles are hierarchical, so a policy names every role that
/// includes it: <c>manager</c> and <c>commissioner</c> each include <c>viewer</c>; <c>admin</c> includes every staff role
/// (viewer, manager, commissioner). <c>integrator</c> is a machine role apart: no staff role includes it and it includes
/// none (an API key can post events and read nothing; an admin cannot post events without a key).
/// </summary>
public static class AccessRoles
{
    public const string Viewer = "viewer";
    public const string Manager = "manager";
    public const string Commissioner = "commissioner";
    public const string Integrator = "integrator";
    public const string Admin = "admin";

    /// <summary>Every role, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> All = [Viewer, Manager, Commissioner, Integrator, Admin];

    /// <summary>The staff roles the development sign-in holds (all but the machine role).</summary>
    public static readonly IReadOnlyList<string> Staff = [Viewer, Manager, Commissioner, Admin];

    /// <summary>The roles that grant <paramref name="role"/>: itself and every role above it.</summary>
    public static IReadOnlyList<string> Granting(string role) => role switch
    {
        Viewer => [Viewer, Manager, Commissioner, Admin],
        Manager => [Manager, Admin],
        Commissioner => [Commissioner, Admin],
        Admin => [Admin],
        Integrator => [Integrator],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role of this system."),
    };

    /// <summary>Whether the user holds <paramref name="role"/>, directly or through a role above it.</summary>
    public static bool Has(ClaimsPrincipal user, string role)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Granting(role).Any(user.IsInRole);
    }
}

/// <summary>The authorization policies: one per role (same name), plus <see cref="SignedIn"/>.</summary>
public static class AccessPolicies
{
    public const string Viewer = AccessRoles.Viewer;
    public const string Manager = AccessRoles.Manager;
    public const string Commissioner = AccessRoles.Commissioner;
    public const string Integrator = AccessRoles.Integrator;
    public const string Admin = AccessRoles.Admin;

    /// <summary>Any authenticated caller, whatever its role (e.g. <c>GET /api/access/me</c>).</summary>
    public const string SignedIn = "signed-in";
}

/// <summary>Claims this system adds beside <see cref="ClaimTypes.Role"/> and <see cref="ClaimTypes.Name"/>.</summary>
public static class AccessClaims
{
    /// <summary>A unit the caller may see; none at all means every unit.</summary>
    public const string Unit = "bury:unit";

    /// <summary>The id of the device token a wall screen authenticated with.</summary>
    public const string Device = "bury:device";

    /// <summary>Whether the caller may see <paramref name="unit"/>: no unit claim means every unit.</summary>
    public static bool AllowsUnit(this ClaimsPrincipal user, string unit)
    {
        ArgumentNullException.ThrowIfNull(user);
        var units = user.FindAll(Unit).ToList();
        return units.Count == 0 || units.Any(c => string.Equals(c.Value, unit, StringComparison.Ordinal));
    }

    /// <summary>Whether the caller is limited to no unit (so may follow every unit, the system and the escalation workspace).</summary>
    public static bool AllowsAllUnits(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.HasClaim(c => c.Type == Unit);
    }

    /// <summary>Who did it, for the audit log: the name claim, else the subject, else "unknown".</summary>
    public static string Actor(this ClaimsPrincipal? user) =>
        user?.Identity?.Name ?? user?.FindFirst("sub")?.Value ?? user?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unknown";

    /// <summary>
    /// The name to record as having done something (declared a level, acknowledged an alert): the signed-in user's own
    /// name, so no one can record a decision under someone else's; only under the shared development sign-in, where
    /// everyone is "developer", the name the caller typed (<paramref name="claimed"/>).
    /// </summary>
    public static string? RecordedName(this ClaimsPrincipal? user, string? claimed) =>
        user?.Identity is { IsAuthenticated: true } identity && identity.AuthenticationType != DevelopmentSignInHandler.SchemeName
            ? user.Actor()
            : claimed;
}
