namespace BuryUrgentCare.Access;

/// <summary>The line every page shows while the development sign-in is on, put in by the server so no script is needed.</summary>
public static class DevelopmentBanner
{
    public const string Text = "development sign-in — not for patient data";

    private const string Html = "<p class=\"dev-signin\" role=\"note\" data-dev-signin>" + Text + "</p>";

    /// <summary>The page with the banner as the first thing in its body.</summary>
    public static string Insert(string page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var body = page.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var end = body < 0 ? -1 : page.IndexOf('>', body);
        return end < 0 ? Html + page : page.Insert(end + 1, "\n" + Html);
    }
}
