using System.Text.Json;
using System.Text.RegularExpressions;

namespace BuryUrgentCare.Tests.Simulation;

/// <summary>
/// The rules of CONTRACT.md (event contract v1), written out independently of the simulator's own
/// constants: returns every violation of one event, so a failing test names them all.
/// </summary>
internal static partial class ContractRules
{
    public static readonly string[] Units = ["FGH-ED", "FGH-UTC", "BURY-GREENCAR", "BURY-IVCH"];

    private static readonly Dictionary<string, string> UnitOfTypePrefix = new()
    {
        ["ae"] = "FGH-ED",
        ["utc"] = "FGH-UTC",
        ["greencar"] = "BURY-GREENCAR",
        ["ivch"] = "BURY-IVCH",
    };

    private static readonly string[] ArrivalModes = ["ambulance", "walk-in", "other"];
    private static readonly string[] AgeBands = ["0-17", "18-64", "65-84", "85+"];
    private static readonly string[] Specialties =
    [
        "acute-medicine", "general-medicine", "general-surgery", "trauma-orthopaedics", "cardiology", "respiratory", "gastroenterology",
        "elderly-care", "stroke", "neurology", "renal", "haematology", "oncology", "urology", "vascular-surgery", "plastic-surgery", "ent",
        "maxillofacial", "ophthalmology", "gynaecology", "obstetrics", "paediatrics", "mental-health", "critical-care", "other",
    ];

    private static readonly string[] AeDispositions = ["admitted", "discharged", "transferred", "streamed-utc", "left-before-treatment", "died"];
    private static readonly string[] UtcDispositions = ["discharged", "referred-ed", "referred-gp", "left-before-treatment", "transferred"];
    private static readonly string[] Categories = ["C1", "C2", "C3", "C4", "C5"];
    private static readonly string[] GreenCarOutcomes = ["see-and-treat", "see-and-refer", "conveyed-ed", "conveyed-utc", "conveyed-other"];
    private static readonly string[] Routes = ["111", "999-transfer", "gp", "other"];
    private static readonly string[] IvchDispositions =
        ["self-care", "pharmacy", "gp-in-hours", "gp-extended-hours", "gp-out-of-hours", "utc", "ed", "ambulance"];

    public static readonly string[] Types =
    [
        "ae.arrived", "ae.handover", "ae.assessed", "ae.seen", "ae.admit-decision", "ae.departed",
        "utc.arrived", "utc.assessed", "utc.seen", "utc.departed",
        "greencar.dispatched", "greencar.on-scene", "greencar.outcome", "greencar.clear",
        "ivch.call-received", "ivch.assessed", "ivch.outcome", "ivch.abandoned",
        "capacity.declared", "census.declared", "ae.referred",
    ];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339WithOffset();

    public static IReadOnlyList<string> Violations(JsonElement root)
    {
        var errors = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ["not a JSON object"];
        }

        string? Str(string name)
        {
            if (!root.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{name} is not a string");
                return null;
            }

            return value.GetString();
        }

        if (Str("specversion") != "1.0")
        {
            errors.Add("specversion must be \"1.0\"");
        }

        var id = Str("id");
        if (id is null || id.Length is < 1 or > 128)
        {
            errors.Add("id must be 1–128 chars");
        }

        var source = Str("source");
        if (string.IsNullOrEmpty(source) || !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _))
        {
            errors.Add("source must be a URI-reference");
        }

        var type = Str("type");
        if (type is null || !Types.Contains(type))
        {
            errors.Add($"unknown type {type}");
        }

        var time = Str("time");
        if (time is null || !Rfc3339WithOffset().IsMatch(time) || !DateTimeOffset.TryParse(time, out _))
        {
            errors.Add($"time {time} is not RFC 3339 with offset");
        }

        var unit = Str("unit");
        if (unit is null || !Units.Contains(unit))
        {
            errors.Add($"unknown unit {unit}");
        }
        else if (type is not null && type is not ("capacity.declared" or "census.declared") && UnitOfTypePrefix[type[..type.IndexOf('.')]] != unit)
        {
            errors.Add($"type {type} does not belong to unit {unit}");
        }

        var subject = Str("subject");
        if (type is "capacity.declared" or "census.declared")
        {
            if (root.TryGetProperty("subject", out _))
            {
                errors.Add($"{type} has no subject");
            }
        }
        else if (subject is null || subject.Length is < 1 or > 64)
        {
            errors.Add("subject must be 1–64 chars");
        }

        if (root.TryGetProperty("datacontenttype", out _) && Str("datacontenttype") != "application/json")
        {
            errors.Add("datacontenttype must be application/json");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            errors.Add("data must be an object");
            return errors;
        }

        CheckData(type, time, data, errors);
        return errors;
    }

    private static void CheckData(string? type, string? time, JsonElement data, List<string> errors)
    {
        void OneOf(string name, string[] values, bool required)
        {
            if (!data.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    errors.Add($"{type}: data.{name} is required");
                }

                return;
            }

            if (value.ValueKind != JsonValueKind.String || !values.Contains(value.GetString()))
            {
                errors.Add($"{type}: data.{name} = {value} is not in its set");
            }
        }

        void Acuity(bool required)
        {
            if (!data.TryGetProperty("acuity", out var value))
            {
                if (required)
                {
                    errors.Add($"{type}: data.acuity is required");
                }

                return;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var acuity) || acuity is < 1 or > 5)
            {
                errors.Add($"{type}: data.acuity = {value} is not 1–5");
            }
        }

        switch (type)
        {
            case "ae.arrived" or "utc.arrived":
                OneOf("arrivalMode", ArrivalModes, required: true);
                Acuity(required: false);
                OneOf("ageBand", AgeBands, required: false);
                if (data.TryGetProperty("streamedFrom", out var streamed))
                {
                    // v1.1, UTC only: the A&E attendance continued, and its arrival no later than this one's.
                    if (type != "utc.arrived"
                        || streamed.ValueKind != JsonValueKind.Object
                        || !streamed.TryGetProperty("subject", out var from) || from.ValueKind != JsonValueKind.String || from.GetString()!.Length is < 1 or > 64
                        || !streamed.TryGetProperty("arrived", out var at) || at.ValueKind != JsonValueKind.String
                        || !Rfc3339WithOffset().IsMatch(at.GetString()!)
                        || DateTimeOffset.Parse(at.GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse(time ?? at.GetString()!, System.Globalization.CultureInfo.InvariantCulture))
                    {
                        errors.Add($"{type}: data.streamedFrom = {streamed} is not a UTC link to an earlier A&E arrival");
                    }
                }

                break;
            case "census.declared":
                if (!data.TryGetProperty("subjects", out var subjects) || subjects.ValueKind != JsonValueKind.Array
                    || subjects.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String || x.GetString()!.Length is < 1 or > 64))
                {
                    errors.Add("census.declared: data.subjects must be an array of 1–64 character strings");
                }

                break;
            case "ae.assessed" or "utc.assessed":
                Acuity(required: true);
                break;
            case "ae.admit-decision":
                if (data.TryGetProperty("specialty", out var specialty) && (specialty.ValueKind != JsonValueKind.String || !Specialties.Contains(specialty.GetString())))
                {
                    errors.Add("ae.admit-decision: specialty must be a code of the closed list (v1.1)");
                }

                break;
            case "ae.referred":
                if (!data.TryGetProperty("specialty", out var referredTo) || referredTo.ValueKind != JsonValueKind.String || !Specialties.Contains(referredTo.GetString()))
                {
                    errors.Add("ae.referred: specialty is required, a code of the closed list (v1.1)");
                }

                break;
            case "ae.departed":
                OneOf("disposition", AeDispositions, required: true);
                break;
            case "utc.departed":
                OneOf("disposition", UtcDispositions, required: true);
                break;
            case "greencar.dispatched":
                OneOf("category", Categories, required: true);
                break;
            case "greencar.outcome":
                OneOf("outcome", GreenCarOutcomes, required: true);
                break;
            case "ivch.call-received":
                OneOf("route", Routes, required: true);
                break;
            case "ivch.outcome":
                OneOf("disposition", IvchDispositions, required: true);
                if (data.TryGetProperty("booked", out var booked) && booked.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add("ivch.outcome: booked must be a boolean");
                }

                break;
            case "capacity.declared":
                if (!data.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Object)
                {
                    errors.Add("capacity.declared: data.resources must be an object");
                    break;
                }

                foreach (var resource in resources.EnumerateObject())
                {
                    if (resource.Value.ValueKind != JsonValueKind.Number || !resource.Value.TryGetInt32(out var n) || n < 0)
                    {
                        errors.Add($"capacity.declared: {resource.Name} = {resource.Value} is not a non-negative integer");
                    }
                }

                if (!resources.EnumerateObject().Any())
                {
                    errors.Add("capacity.declared: no resources");
                }

                break;
        }
    }
}
