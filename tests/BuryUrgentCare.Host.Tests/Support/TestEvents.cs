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
            ["id"] = id ?? NewId(),
            ["source"] = "urn:bury:test",
            ["type"] = type,
            ["time"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["unit"] = unit,
        };
        if (subject is not null) envelope["subject"] = subject;
        if (data is not null) envelope["data"] = data;
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }

    /// <summary>
    /// A fresh event id with no digits. A GUID's hex holds a run of exactly ten decimal digits about
    /// once in thirty; one in eleven of those passes the NHS modulus-11 check, and the host then rightly
    /// rejects the event as identifiable data (a test failing about once in three hundred events).
    /// Mapping the hex digits 0–9 to the letters g–p keeps the id unique and free of numbers.
    /// </summary>
    public static string NewId() =>
        "evt-" + string.Concat(Guid.NewGuid().ToString("N").Select(c => c <= '9' ? (char)('g' + (c - '0')) : c));

    public static byte[] AeArrived(string subject, DateTimeOffset time, string mode = "walk-in") =>
        Event("ae.arrived", "FGH-ED", subject, time, new { arrivalMode = mode });
}
