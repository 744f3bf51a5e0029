using System.Globalization;
using System.Text.Json;
using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Processing;

/// <summary>One contract-valid CloudEvents message, plus the fields tests sort, shuffle and describe it by.</summary>
internal sealed record ScenarioEvent(string Id, string Type, string? Subject, DateTimeOffset Time, byte[] Utf8)
{
    public override string ToString() => $"{Type} {Subject} {Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({Id})";
}

/// <summary>
/// Builds contract v1 events for the processing tests. Times are written as
/// <list type="bullet">
/// <item><c>"09:00"</c> or <c>"09:00:30"</c>: on <see cref="Day"/>, a GMT day, so local time = UTC;</item>
/// <item><c>"yesterday 21:00"</c> / <c>"tomorrow 00:05"</c>: the day before / after <see cref="Day"/>;</item>
/// <item>a full RFC 3339 string (<c>"2026-03-29T05:30:00+01:00"</c>): sent verbatim, offset and all.</item>
/// </list>
/// The id defaults to <c>type/subject/time</c>: stable, so the same call twice is a re-sent (duplicate) event.
/// </summary>
internal static class ScenarioEvents
{
    /// <summary>Wednesday 18 November 2026: Europe/London is on GMT, so local midnight is 00:00Z.</summary>
    public static readonly DateOnly Day = new(2026, 11, 18);

    public const string Source = "urn:bury:test:processing-scenario";

    public static int AeUnit => IndexOf("FGH-ED");

    public static int UtcUnit => IndexOf("FGH-UTC");

    public static int GreenCarUnit => IndexOf("BURY-GREENCAR");

    public static int IvchUnit => IndexOf("BURY-IVCH");

    /// <summary>The instant a scenario time string denotes (see the class remarks).</summary>
    public static DateTimeOffset At(string time) => Resolve(time).Instant;

    /// <summary>The RFC 3339 text a scenario time string is sent as.</summary>
    public static string Wire(string time) => Resolve(time).Wire;

    public static ScenarioEvent Build(
        string unit, string type, string? subject, string time, Action<Utf8JsonWriter>? data = null, string? id = null)
    {
        var (instant, wire) = Resolve(time);
        id ??= $"{type}/{subject ?? unit}/{wire}";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", id);
            json.WriteString("source", Source);
            json.WriteString("type", type);
            json.WriteString("time", wire);
            json.WriteString("unit", unit);
            if (subject is not null)
            {
                json.WriteString("subject", subject);
            }

            json.WriteString("datacontenttype", "application/json");
            json.WriteStartObject("data");
            data?.Invoke(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new ScenarioEvent(id, type, subject, instant, buffer.ToArray());
    }

    /// <summary><c>capacity.declared</c> for any unit.</summary>
    public static ScenarioEvent CapacityDeclared(string unit, string time, params (string Name, long Value)[] resources) =>
        Build(unit, "capacity.declared", null, time, json =>
        {
            json.WriteStartObject("resources");
            foreach (var (name, value) in resources)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }, id: $"capacity.declared/{unit}/{time}/{string.Join(",", resources.Select(r => $"{r.Name}={r.Value}"))}");

    /// <summary><c>census.declared</c> (v1.1) for any unit: the subjects present at <paramref name="time"/>.</summary>
    public static ScenarioEvent Census(string unit, string time, string[] subjects, string? id = null) =>
        Build(unit, "census.declared", null, time, json =>
        {
            json.WriteStartArray("subjects");
            foreach (var subject in subjects)
            {
                json.WriteStringValue(subject);
            }

            json.WriteEndArray();
        }, id ?? $"census.declared/{unit}/{time}/{string.Join(",", subjects)}");

    private static int IndexOf(string unit) =>
        UnitCatalog.Bury.TryGetIndex(unit, out var index) ? index : throw new InvalidOperationException(unit);

    private static (DateTimeOffset Instant, string Wire) Resolve(string time)
    {
        if (time.Contains('T', StringComparison.Ordinal))
        {
            return (DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.None), time);
        }

        var day = Day;
        if (time.StartsWith("yesterday ", StringComparison.Ordinal))
        {
            day = day.AddDays(-1);
            time = time["yesterday ".Length..];
        }
        else if (time.StartsWith("tomorrow ", StringComparison.Ordinal))
        {
            day = day.AddDays(1);
            time = time["tomorrow ".Length..];
        }

        var clock = TimeOnly.ParseExact(time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture);
        var instant = new DateTimeOffset(day.ToDateTime(clock), TimeSpan.Zero);
        return (instant, instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}

/// <summary>A&amp;E (<c>FGH-ED</c>) events.</summary>
internal static class Ae
{
    public const string Unit = "FGH-ED";

    public static ScenarioEvent Arrived(string subject, string time, string mode = "walk-in", int? acuity = null, string? ageBand = null, string? id = null) =>
        ScenarioEvents.Build(Unit, "ae.arrived", subject, time, json =>
        {
            json.WriteString("arrivalMode", mode);
            if (acuity is { } a) json.WriteNumber("acuity", a);
            if (ageBand is not null) json.WriteString("ageBand", ageBand);
        }, id);

    public static ScenarioEvent Handover(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "ae.handover", subject, time, id: id);

    public static ScenarioEvent Assessed(string subject, string time, int acuity, string? id = null) =>
        ScenarioEvents.Build(Unit, "ae.assessed", subject, time, json => json.WriteNumber("acuity", acuity), id);

    public static ScenarioEvent Seen(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "ae.seen", subject, time, id: id);

    public static ScenarioEvent AdmitDecision(string subject, string time, string? specialty = null, string? id = null) =>
        ScenarioEvents.Build(Unit, "ae.admit-decision", subject, time, json =>
        {
            if (specialty is not null) json.WriteString("specialty", specialty);
        }, id);

    public static ScenarioEvent Departed(string subject, string time, string disposition = "discharged", string? id = null) =>
        ScenarioEvents.Build(Unit, "ae.departed", subject, time, json => json.WriteString("disposition", disposition), id);

    public static ScenarioEvent Referred(string subject, string time, string specialty = "acute-medicine", string? id = null) =>
        ScenarioEvents.Build(Unit, "ae.referred", subject, time, json => json.WriteString("specialty", specialty), id);

    public static ScenarioEvent EnteredInError(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "ae.entered-in-error", subject, time, id: id);

    public static ScenarioEvent Cubicles(string time, long cubicles) =>
        ScenarioEvents.CapacityDeclared(Unit, time, ("cubicles", cubicles));
}

/// <summary>Urgent Treatment Centre (<c>FGH-UTC</c>) events.</summary>
internal static class Utc
{
    public const string Unit = "FGH-UTC";

    public static ScenarioEvent Arrived(string subject, string time, string mode = "walk-in", int? acuity = null, string? id = null) =>
        ScenarioEvents.Build(Unit, "utc.arrived", subject, time, json =>
        {
            json.WriteString("arrivalMode", mode);
            if (acuity is { } a) json.WriteNumber("acuity", a);
        }, id);

    /// <summary>v1.1: a UTC arrival streamed from the A&amp;E attendance <paramref name="aeSubject"/>, which arrived at <paramref name="aeArrived"/>.</summary>
    public static ScenarioEvent StreamedFrom(string subject, string time, string aeSubject, string aeArrived, string? id = null) =>
        ScenarioEvents.Build(Unit, "utc.arrived", subject, time, json =>
        {
            json.WriteString("arrivalMode", "walk-in");
            json.WriteStartObject("streamedFrom");
            json.WriteString("subject", aeSubject);
            json.WriteString("arrived", ScenarioEvents.Wire(aeArrived));
            json.WriteEndObject();
        }, id);

    public static ScenarioEvent Assessed(string subject, string time, int acuity, string? id = null) =>
        ScenarioEvents.Build(Unit, "utc.assessed", subject, time, json => json.WriteNumber("acuity", acuity), id);

    public static ScenarioEvent Seen(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "utc.seen", subject, time, id: id);

    public static ScenarioEvent Departed(string subject, string time, string disposition = "discharged", string? id = null) =>
        ScenarioEvents.Build(Unit, "utc.departed", subject, time, json => json.WriteString("disposition", disposition), id);

    public static ScenarioEvent EnteredInError(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "utc.entered-in-error", subject, time, id: id);

    public static ScenarioEvent Cubicles(string time, long cubicles) =>
        ScenarioEvents.CapacityDeclared(Unit, time, ("cubicles", cubicles));
}

/// <summary>Green Car (<c>BURY-GREENCAR</c>) events.</summary>
internal static class GreenCar
{
    public const string Unit = "BURY-GREENCAR";

    public static ScenarioEvent Dispatched(string subject, string time, string category = "C3", string? id = null) =>
        ScenarioEvents.Build(Unit, "greencar.dispatched", subject, time, json => json.WriteString("category", category), id);

    public static ScenarioEvent OnScene(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "greencar.on-scene", subject, time, id: id);

    public static ScenarioEvent Outcome(string subject, string time, string outcome, string? id = null) =>
        ScenarioEvents.Build(Unit, "greencar.outcome", subject, time, json => json.WriteString("outcome", outcome), id);

    public static ScenarioEvent Clear(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "greencar.clear", subject, time, id: id);

    public static ScenarioEvent OutcomeCorrected(string subject, string time, string outcome, string? id = null) =>
        ScenarioEvents.Build(Unit, "greencar.outcome-corrected", subject, time, json => json.WriteString("outcome", outcome), id);

    public static ScenarioEvent EnteredInError(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "greencar.entered-in-error", subject, time, id: id);
}

/// <summary>Integrated Virtual Clinical Hub (<c>BURY-IVCH</c>) events.</summary>
internal static class Ivch
{
    public const string Unit = "BURY-IVCH";

    public static ScenarioEvent CallReceived(string subject, string time, string route = "111", string? id = null) =>
        ScenarioEvents.Build(Unit, "ivch.call-received", subject, time, json => json.WriteString("route", route), id);

    public static ScenarioEvent Assessed(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "ivch.assessed", subject, time, id: id);

    public static ScenarioEvent Outcome(string subject, string time, string disposition, bool? booked = null, string? id = null) =>
        ScenarioEvents.Build(Unit, "ivch.outcome", subject, time, json =>
        {
            json.WriteString("disposition", disposition);
            if (booked is { } b) json.WriteBoolean("booked", b);
        }, id);

    public static ScenarioEvent Abandoned(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "ivch.abandoned", subject, time, id: id);

    public static ScenarioEvent OutcomeCorrected(string subject, string time, string disposition, string? id = null) =>
        ScenarioEvents.Build(Unit, "ivch.outcome-corrected", subject, time, json => json.WriteString("disposition", disposition), id);

    public static ScenarioEvent EnteredInError(string subject, string time, string? id = null) =>
        ScenarioEvents.Build(Unit, "ivch.entered-in-error", subject, time, id: id);
}
