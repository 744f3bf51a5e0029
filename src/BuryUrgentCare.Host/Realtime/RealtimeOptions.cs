namespace BuryUrgentCare.Realtime;

/// <summary>The <c>Realtime</c> section: who may open the wallboard hub from a browser.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>
    /// Browser origins (<c>https://wall.example.nhs.uk</c>) besides the host's own that may connect to the hub. A browser
    /// sends its page's origin with every hub request and WebSocket; a page of any other site is refused (403), so a
    /// site a member of staff happens to visit cannot read the wallboards through their browser. Clients that send no
    /// origin (the .NET client, kiosks' native apps) are not browsers and pass. Default: none.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];
}
