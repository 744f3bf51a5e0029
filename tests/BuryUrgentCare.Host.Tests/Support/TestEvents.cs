using System.Globalization;
using System.Text.Json;

namespace BuryUrgentCare.Support;

/// <summary>Contract v1 events as integrators send them.</summary>
public static class TestEvents
{
    public static byte[] Event(string type, string unit, string? subject, DateTimeOffset time, object? data = null, string? id = null)
    {
        var envelope = new Dictionary<string, object?>
        {
            ["specversion"] = "1.0",
            ["id"] = id ?? Guid.NewGuid().ToString("N"),
            ["source"] = "urn:bury:test",
            ["type"] = type,
            ["time"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["unit"] = unit,
        };
        if (subject is not null) envelope["subject"] = subject;
        if (data is not null) envelope["data"] = data;
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }

    public static byte[] AeArrived(string subject, DateTimeOffset time, string mode = "walk-in") =>
        Event("ae.arrived", "FGH-ED", subject, time, new { arrivalMode = mode });
}
