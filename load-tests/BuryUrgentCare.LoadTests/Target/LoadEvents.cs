using System.Globalization;
using System.Text;

namespace BuryUrgentCare.LoadTests.Target;

/// <summary>
/// Contract-valid first events of new episodes, one kind per unit, each adding one to a counter the unit's wallboard
/// shows (arrivals, incidents, calls today), so a wallboard client can tell which event it is seeing. Ids and subjects are
/// letters only: a run of ten digits can be a valid NHS number, and the host rightly rejects the event as identifiable.
/// </summary>
public sealed class LoadEvents
{
    public static readonly string[] Units = ["FGH-ED", "FGH-UTC", "BURY-GREENCAR", "BURY-IVCH"];

    private readonly string _run;

    /// <param name="run">Distinguishes this run's ids from every other run's (letters are derived from it).</param>
    public LoadEvents(long run) => _run = Letters(run);

    /// <summary>The figure of <paramref name="unit"/>'s snapshot that each of its events adds one to.</summary>
    public static string CounterOf(string unit) => unit switch
    {
        "FGH-ED" or "FGH-UTC" => "arrivalsToday",
        "BURY-GREENCAR" => "incidentsToday",
        "BURY-IVCH" => "callsToday",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a load-test unit"),
    };

    /// <summary>Event number <paramref name="sequence"/> of <paramref name="unit"/>, at <paramref name="time"/>.</summary>
    public byte[] Create(string unit, long sequence, DateTimeOffset time)
    {
        var tag = _run + "x" + Letters(sequence);
        var (type, data) = unit switch
        {
            "FGH-ED" => ("ae.arrived", """{"arrivalMode":"walk-in","ageBand":"18-64"}"""),
            "FGH-UTC" => ("utc.arrived", """{"arrivalMode":"walk-in"}"""),
            "BURY-GREENCAR" => ("greencar.dispatched", """{"category":"C3"}"""),
            "BURY-IVCH" => ("ivch.call-received", """{"route":"111"}"""),
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a load-test unit"),
        };
        var stamp = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(
            $$"""{"specversion":"1.0","id":"load-{{tag}}","source":"urn:bury:load-test","type":"{{type}}","time":"{{stamp}}","unit":"{{unit}}","subject":"ep-{{tag}}","datacontenttype":"application/json","data":{{data}}}""");
    }

    /// <summary>A JSON array of events, as a gateway batch.</summary>
    /// <summary>
    /// The event that ends the episode <see cref="Create"/> opened with the same <paramref name="sequence"/>: a departure
    /// (discharged), the car clear, the call abandoned.
    /// </summary>
    public byte[] Closing(string unit, long sequence, DateTimeOffset time)
    {
        var tag = _run + "x" + Letters(sequence);
        var (type, data) = unit switch
        {
            "FGH-ED" => ("ae.departed", """{"disposition":"discharged"}"""),
            "FGH-UTC" => ("utc.departed", """{"disposition":"discharged"}"""),
            "BURY-GREENCAR" => ("greencar.clear", "{}"),
            "BURY-IVCH" => ("ivch.abandoned", "{}"),
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a load-test unit"),
        };
        var stamp = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(
            $$"""{"specversion":"1.0","id":"load-{{tag}}-end","source":"urn:bury:load-test","type":"{{type}}","time":"{{stamp}}","unit":"{{unit}}","subject":"ep-{{tag}}","datacontenttype":"application/json","data":{{data}}}""");
    }

    public static byte[] Array(IEnumerable<byte[]> events)
    {
        using var body = new MemoryStream();
        body.WriteByte((byte)'[');
        var first = true;
        foreach (var evt in events)
        {
            if (!first)
            {
                body.WriteByte((byte)',');
            }

            body.Write(evt);
            first = false;
        }

        body.WriteByte((byte)']');
        return body.ToArray();
    }

    /// <summary>A number spelled in the letters a–j (0–9): unique, and never a digit run.</summary>
    public static string Letters(long value) =>
        string.Concat(value.ToString(CultureInfo.InvariantCulture).Select(c => c == '-' ? 'z' : (char)('a' + (c - '0'))));
}
