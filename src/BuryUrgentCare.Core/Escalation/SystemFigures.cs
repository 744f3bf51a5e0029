using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>System-wide figures for the escalation call (METRICS.md, "System").</summary>
public sealed record SystemSnapshot(DateTimeOffset AsOf, Deflection DeflectionToday, OpelStatus Opel, IReadOnlyList<AlertEvent> ActiveAlerts);

/// <summary>Demand kept away from A&amp;E today, with its components.</summary>
public sealed record Deflection(int Total, int GreenCarEdAvoided, int IvchEdAvoided);

/// <summary>The OPEL assessment now, and the level announced after hysteresis.</summary>
public sealed record OpelStatus(int? Level, int? AnnouncedLevel, double? Score, string Profile, string ProfileVersion, IReadOnlyList<OpelParameterAssessment> Parameters);

public static class SystemFigures
{
    /// <summary>
    /// deflectionToday = Green Car <c>edAvoidedToday</c> + IVCH outcomes today other than <c>ed</c>/<c>ambulance</c>,
    /// summed over every Green Car and IVCH unit.
    /// </summary>
    public static Deflection DeflectionToday(IEnumerable<UnitSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        int greenCar = 0, ivch = 0;
        foreach (var snapshot in snapshots)
        {
            switch (snapshot.Figures)
            {
                case GreenCarFigures g:
                    greenCar += g.EdAvoidedToday;
                    break;
                case IvchFigures i:
                    ivch += IvchEdAvoided(i.DispositionsToday);
                    break;
            }
        }

        return new Deflection(greenCar + ivch, greenCar, ivch);
    }

    /// <summary>IVCH outcomes with a disposition other than <c>ed</c> or <c>ambulance</c>: the IVCH part of deflection.</summary>
    public static int IvchEdAvoided(IReadOnlyDictionary<string, int> dispositionsToday)
    {
        ArgumentNullException.ThrowIfNull(dispositionsToday);
        return dispositionsToday.Where(d => d.Key is not ("ed" or "ambulance")).Sum(d => d.Value);
    }
}
