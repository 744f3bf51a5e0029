using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>
/// Scores the system against an <see cref="OpelProfile"/>. Each parameter with a value gets a band
/// 1–4 and contributes weight × (band − 1); the score is the sum as a percentage of the most those
/// parameters could contribute (weight × 3 each), so parameters without data neither raise nor lower
/// it. The score's band gives the level. Every parameter's value, band and contribution is kept so a
/// shift manager can see why the level is what it is.
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
            var value = snapshots.TryGetValue(p.Unit, out var snapshot) ? FigureReader.Read(snapshot, p.Figure) : null;
            int? band = value is { } v ? p.BandOf(v) : null;
            double? contribution = band is { } b ? p.Weight * (b - 1) : null;
            if (contribution is { } c)
            {
                contributed += c;
                possible += p.Weight * 3;
            }

            parameters.Add(new OpelParameterAssessment(p.Name, p.Unit, p.Figure, value, band, p.Weight, contribution));
        }

        double? score = possible > 0 ? contributed * 100.0 / possible : null;
        var level = score is { } s ? Profile.ScoreBands.First(band => s <= band.MaxScore).Level : (int?)null;
        return new OpelAssessment(level, score, Profile.Name, Profile.Version, parameters);
    }
}

/// <summary>The OPEL result: level 1–4 and score (null when no parameter has data), with every parameter.</summary>
public sealed record OpelAssessment(int? Level, double? Score, string Profile, string ProfileVersion, IReadOnlyList<OpelParameterAssessment> Parameters);

public sealed record OpelParameterAssessment(string Name, string Unit, string Figure, double? Value, int? Band, double Weight, double? Contribution);
