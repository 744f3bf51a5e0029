using System.Text.Json;
using System.Text.Json.Serialization;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>
/// A versioned OPEL profile: which figures feed the score, their band thresholds and weights, and the
/// score bands that map the score to a level (METRICS.md: the national table is configuration, not code).
/// </summary>
public sealed record OpelProfile
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyList<OpelParameter> Parameters { get; init; }

    /// <summary>Score bands, in level order 1–4: a score up to and including <see cref="OpelScoreBand.MaxScore"/> is that level.</summary>
    public required IReadOnlyList<OpelScoreBand> ScoreBands { get; init; }

    /// <summary>The domains of the integrated OPEL framework that no parameter measures (hazard H24).</summary>
    [JsonIgnore]
    public IReadOnlyList<OpelDomain> NotMeasured =>
        [.. Enum.GetValues<OpelDomain>().Where(d => d != OpelDomain.Acute && Parameters.All(p => p.Domain != d))];

    /// <summary>
    /// What the level may be called (hazard H24): the integrated framework's level needs community, mental-health and 111
    /// inputs; a profile of the hospital's acute parameters alone measures the acute trust, so it is named for that,
    /// "FGH acute OPEL (local profile)", and never just "OPEL" or "system OPEL".
    /// </summary>
    [JsonIgnore]
    public string Title => NotMeasured.Count == 0 ? $"Integrated OPEL ({Name})" : "FGH acute OPEL (local profile)";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Parses and validates a profile; throws <see cref="OpelProfileException"/> listing every problem.</summary>
    public static OpelProfile Parse(string json, UnitCatalog units, string source = "OPEL profile")
    {
        OpelProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<OpelProfile>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new OpelProfileException($"{source} is not a valid profile: {ex.Message}");
        }

        if (profile is null)
        {
            throw new OpelProfileException($"{source} is empty.");
        }

        var problems = profile.Validate(units).ToList();
        if (problems.Count > 0)
        {
            throw new OpelProfileException($"{source} ({profile.Name} {profile.Version}) is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems));
        }

        return profile;
    }

    /// <summary>
    /// The thresholds this profile sets for a unit's figure, if a parameter scores it: amber where the parameter's band 2
    /// (signs of pressure) starts, red where band 3 (major pressure) starts, so the wallboard's colours and the OPEL
    /// score agree. Null when no parameter scores the figure.
    /// </summary>
    public FigureThresholds? ThresholdsFor(string unit, string figure)
    {
        foreach (var parameter in Parameters)
        {
            if (parameter.Unit == unit && (parameter.Figure == figure || parameter.MinimumSample?.Fallback == figure) && parameter.Thresholds is { Count: 3 } t)
            {
                var direction = parameter.Direction == OpelDirection.HigherIsWorse ? ThresholdDirection.HigherIsWorse : ThresholdDirection.LowerIsWorse;
                return new FigureThresholds(direction, t[0], t[1], $"OPEL profile {Name} {Version}");
            }
        }

        return null;
    }

    public IEnumerable<string> Validate(UnitCatalog units)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (string.IsNullOrWhiteSpace(Name)) yield return "name is required";
        if (string.IsNullOrWhiteSpace(Version)) yield return "version is required";
        if (Parameters is null || Parameters.Count == 0) yield return "at least one parameter is required";
        foreach (var (p, i) in (Parameters ?? []).Select((p, i) => (p, i)))
        {
            var at = $"parameters[{i}] ({p.Name})";
            if (string.IsNullOrWhiteSpace(p.Name)) yield return $"parameters[{i}]: name is required";
            if (!units.TryGetIndex(p.Unit ?? "", out var unit))
            {
                yield return $"{at}: unit '{p.Unit}' is not a configured unit";
            }
            else if (!FigureReader.IsKnown(units[unit].Service, p.Figure ?? ""))
            {
                yield return $"{at}: '{p.Figure}' is not a numeric figure of {p.Unit}";
            }

            if (p.MinimumSample is { } sample && units.TryGetIndex(p.Unit ?? "", out var sampled))
            {
                var service = units[sampled].Service;
                if (!FigureReader.IsKnown(service, sample.Figure ?? "")) yield return $"{at}: minimumSample.figure '{sample.Figure}' is not a numeric figure of {p.Unit}";
                if (sample.Minimum < 1) yield return $"{at}: minimumSample.minimum must be at least 1";
                if (sample.Fallback is { } fallback && !FigureReader.IsKnown(service, fallback))
                    yield return $"{at}: minimumSample.fallback '{fallback}' is not a numeric figure of {p.Unit}";
            }

            if (p.Weight <= 0) yield return $"{at}: weight must be greater than 0";
            if (p.Thresholds is not { Count: 3 })
            {
                yield return $"{at}: thresholds must list exactly 3 values (the lower edges of bands 2, 3 and 4)";
            }
            else
            {
                var t = p.Thresholds;
                var increasing = t[0] < t[1] && t[1] < t[2];
                var decreasing = t[0] > t[1] && t[1] > t[2];
                if (p.Direction == OpelDirection.HigherIsWorse && !increasing)
                    yield return $"{at}: thresholds must increase when higher is worse";
                if (p.Direction == OpelDirection.LowerIsWorse && !decreasing)
                    yield return $"{at}: thresholds must decrease when lower is worse";
            }
        }

        if (ScoreBands is not { Count: 4 })
        {
            yield return "scoreBands must list exactly 4 bands, for levels 1 to 4";
        }
        else
        {
            for (var i = 0; i < 4; i++)
            {
                if (ScoreBands[i].Level != i + 1) yield return $"scoreBands[{i}]: level must be {i + 1}";
                if (i > 0 && ScoreBands[i].MaxScore <= ScoreBands[i - 1].MaxScore) yield return $"scoreBands[{i}]: maxScore must be greater than the previous band's";
            }

            if (ScoreBands[3].MaxScore < 100) yield return "scoreBands[3]: maxScore must be at least 100 (the score is a percentage)";
        }
    }
}

/// <summary>The parts of the system the integrated OPEL framework (2024–26) asks inputs from.</summary>
public enum OpelDomain { Acute, Community, MentalHealth, Nhs111 }

/// <summary>Display names of <see cref="OpelDomain"/>.</summary>
public static class OpelDomains
{
    /// <summary>In words, e.g. "mental health", for the pages.</summary>
    public static string Describe(this OpelDomain domain) => domain switch
    {
        OpelDomain.Community => "community",
        OpelDomain.MentalHealth => "mental health",
        OpelDomain.Nhs111 => "111",
        _ => "acute",
    };
}

/// <summary>Which way a parameter worsens.</summary>
public enum OpelDirection { HigherIsWorse, LowerIsWorse }

/// <summary>One OPEL parameter: a unit's figure banded 1–4 by three thresholds, weighted.</summary>
public sealed record OpelParameter
{
    public required string Name { get; init; }
    public required string Unit { get; init; }

    /// <summary>A figure name (see <see cref="FigureReader"/>).</summary>
    public required string Figure { get; init; }

    /// <summary>The values at which bands 2, 3 and 4 start (inclusive).</summary>
    public required IReadOnlyList<double> Thresholds { get; init; }

    public OpelDirection Direction { get; init; } = OpelDirection.HigherIsWorse;
    public double Weight { get; init; } = 1;

    /// <summary>Which part of the system the parameter measures; default <see cref="OpelDomain.Acute"/>.</summary>
    public OpelDomain Domain { get; init; } = OpelDomain.Acute;

    /// <summary>
    /// The smallest sample the figure may be scored from (hazard H26, "OPEL from a tiny sample"): at 00:40 a 4-hour
    /// performance of 2 departures is 0 % or 100 %, and band 4 or 1 by chance. Null: scored whatever the sample.
    /// </summary>
    public OpelMinimumSample? MinimumSample { get; init; }

    /// <summary>The band 1–4 of a value.</summary>
    public int BandOf(double value)
    {
        var band = 1;
        foreach (var threshold in Thresholds)
        {
            var reached = Direction == OpelDirection.HigherIsWorse ? value >= threshold : value <= threshold;
            if (reached) band++;
        }

        return band;
    }
}

/// <summary>
/// A parameter's minimum sample: while <see cref="Figure"/> (the count since midnight, e.g. <c>departuresToday</c>) is
/// below <see cref="Minimum"/>, the parameter scores <see cref="Fallback"/> (e.g. <c>fourHourPerformanceLast24Hours</c>)
/// instead, or, with no fallback, nothing (it is then missing, and the level incomplete).
/// </summary>
public sealed record OpelMinimumSample
{
    /// <summary>The figure that counts the sample since midnight.</summary>
    public required string Figure { get; init; }

    public required int Minimum { get; init; }

    /// <summary>What is counted, in words, plural: "departures".</summary>
    public string Counts { get; init; } = "events";

    /// <summary>The figure scored while the sample is too small; null scores nothing.</summary>
    public string? Fallback { get; init; }

    /// <summary>The fallback's window in words: "rolling 24 h".</summary>
    public string FallbackWindow { get; init; } = "rolling 24 h";
}

public sealed record OpelScoreBand(int Level, double MaxScore);

public sealed class OpelProfileException(string message) : Exception(message);
