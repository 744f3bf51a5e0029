using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// How long one send to one wallboard may take before the connection is dropped as not reading (its page reconnects
    /// and gets a full snapshot). Other connections never wait for it. Default 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Alerts queued for one connection before it is dropped as not reading (alerts are never coalesced). Default 256.</summary>
    [Range(1, 100_000)]
    public int MaxQueuedAlerts { get; set; } = 256;

    /// <summary>
    /// Largest message a client may send the hub (SignalR's <c>MaximumReceiveMessageSize</c>). Clients only call
    /// <c>JoinUnit(unit)</c> and the like, a few dozen bytes; default 4 KiB, range 1 KiB to 32 KiB.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1024, 32 * 1024)]
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024;

    /// <summary>Most units one connection may follow with <c>JoinUnit</c> at once. Default 16; range 1 to 256.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int MaxUnitsPerConnection { get; set; } = 16;
}
