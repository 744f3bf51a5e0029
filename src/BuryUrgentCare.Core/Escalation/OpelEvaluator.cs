using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>
/// Scores the system against an <see cref="OpelProfile"/>. Each parameter with a value gets a band
/// 1–4 and contributes weight × (band − 1); the score is the sum as a percentage of the most <em>every</em>
/// parameter could contribute (weight × 3 each) — a fixed maximum. A parameter without data contributes
/// nothing and is named in <see cref="OpelAssessment.Missing"/>, and the assessment is then incomplete: rescaling to
/// the parameters that have data would let one figure at 00:05 (the first handover of the day, slow) score the whole
/// system OPEL 4. A parameter whose unit's feed has gone silent is scored from its last figures and flagged
/// <see cref="OpelParameterAssessment.Stale"/>. The score's band gives the level. Every parameter's value, band and
/// contribution is kept so a shift manager can see why the level is what it is.
/// </summary>
public sealed class OpelEvaluator(OpelProfile profile)
{
    public OpelProfile Profile { get; } = profile ?? throw new ArgumentNullException(nameof(profile));

    public OpelAssessment Evaluate(IReadOnlyDictionary<string, UnitSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var parameters = new List<OpelParameterAssessment>(Profile.Parameters.Count);
        double contributed = 0, possible = 0;
        foreach (var p in Profile.Parameters)
        {
            var (value, window) = snapshots.TryGetValue(p.Unit, out var snapshot) ? Read(p, snapshot) : (null, null);
            int? band = value is { } v ? p.BandOf(v) : null;
            double? contribution = band is { } b ? p.Weight * (b - 1) : null;
            contributed += contribution ?? 0;
            possible += p.Weight * 3;
            var stale = value is not null && snapshot?.Feed is { IsSilent: true };
            parameters.Add(new OpelParameterAssessment(p.Name, p.Unit, p.Figure, value, band, p.Weight, contribution, stale) { Window = window });
        }

        // No parameter with data at all: no score, rather than a confident OPEL 1.
        double? score = parameters.Any(p => p.Value is not null) && possible > 0 ? contributed * 100.0 / possible : null;
        var level = score is { } s ? Profile.ScoreBands.First(band => s <= band.MaxScore).Level : (int?)null;
        return new OpelAssessment(level, score, Profile.Name, Profile.Version, parameters)
        {
            Title = Profile.Title,
            NotMeasured = [.. Profile.NotMeasured.Select(d => d.Describe())],
        };
    }

    /// <summary>
    /// The parameter's value and, for a parameter with a minimum sample, the window it came from in words: "since
    /// midnight (34 departures)", "rolling 24 h (7 departures since midnight)", or "too few departures since midnight
    /// (7 of 20)" with no value.
    /// </summary>
    private static (double? Value, string? Window) Read(OpelParameter p, UnitSnapshot snapshot)
    {
        if (p.MinimumSample is not { } sample)
        {
            return (FigureReader.Read(snapshot, p.Figure), null);
        }

        var n = (int)(FigureReader.Read(snapshot, sample.Figure) ?? 0);
        if (n >= sample.Minimum)
        {
            return (FigureReader.Read(snapshot, p.Figure), $"since midnight ({n} {sample.Counts})");
        }

        return sample.Fallback is { } fallback
            ? (FigureReader.Read(snapshot, fallback), $"{sample.FallbackWindow} ({n} {sample.Counts} since midnight)")
            : (null, $"too few {sample.Counts} since midnight ({n} of {sample.Minimum})");
    }
}

/// <summary>The OPEL result: level 1–4 and score (null when no parameter has data), with every parameter.</summary>
public sealed record OpelAssessment(int? Level, double? Score, string Profile, string ProfileVersion, IReadOnlyList<OpelParameterAssessment> Parameters)
{
    /// <summary>Parameters with no data now: they scored nothing, so the level may be lower than the system is.</summary>
    public IReadOnlyList<string> Missing => OpelParameterAssessment.MissingOf(Parameters);

    /// <summary>Parameters scored from a unit whose feed has gone silent.</summary>
    public IReadOnlyList<string> Stale => OpelParameterAssessment.StaleOf(Parameters);

    /// <summary>Every parameter has current data: the level can be read without a caveat.</summary>
    public bool Complete => Missing.Count == 0 && Stale.Count == 0;

    /// <summary>What the level may be called (hazard H24), e.g. "FGH acute OPEL (local profile)".</summary>
    public string Title { get; init; } = "FGH acute OPEL (local profile)";

    /// <summary>The framework's domains no parameter measures, in words ("community", "mental health", "111").</summary>
    public IReadOnlyList<string> NotMeasured { get; init; } = [];
}

/// <summary>One parameter's part in the score.</summary>
/// <param name="Stale">Scored from figures whose feed has gone silent: probably out of date.</param>
public sealed record OpelParameterAssessment(string Name, string Unit, string Figure, double? Value, int? Band, double Weight, double? Contribution, bool Stale = false)
{
    /// <summary>
    /// For a parameter with a minimum sample, which window its value came from, in words, e.g. "rolling 24 h
    /// (7 departures since midnight)"; null for a parameter scored as its figure always is.
    /// </summary>
    public string? Window { get; init; }

    internal static IReadOnlyList<string> MissingOf(IReadOnlyList<OpelParameterAssessment> parameters) =>
        [.. parameters.Where(p => p.Value is null).Select(p => p.Name)];

    internal static IReadOnlyList<string> StaleOf(IReadOnlyList<OpelParameterAssessment> parameters) =>
        [.. parameters.Where(p => p.Stale).Select(p => p.Name)];
}
