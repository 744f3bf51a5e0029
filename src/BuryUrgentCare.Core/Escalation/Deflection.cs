using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>
/// Demand kept away from A&amp;E today, with its components: the one deflection rule, used by the live system figures,
/// the stored snapshots and the daily rollup alike. A part is null when no unit of its service has figures (absent, not
/// 0); the total is the sum of the parts present, null when neither is.
/// </summary>
public sealed record Deflection(int? Total, int? GreenCarEdAvoided, int? IvchEdAvoided)
{
    /// <summary>No Green Car and no IVCH figures.</summary>
    public static Deflection None { get; } = new(null, null, null);

    /// <summary>The deflection of its parts.</summary>
    public static Deflection Of(int? greenCarEdAvoided, int? ivchEdAvoided) =>
        new(greenCarEdAvoided is null && ivchEdAvoided is null ? null : (greenCarEdAvoided ?? 0) + (ivchEdAvoided ?? 0),
            greenCarEdAvoided, ivchEdAvoided);

    /// <summary>Adds a Green Car unit's <c>edAvoidedToday</c>.</summary>
    public Deflection WithGreenCar(int edAvoidedToday) => Of((GreenCarEdAvoided ?? 0) + edAvoidedToday, IvchEdAvoided);

    /// <summary>Adds an IVCH unit's calls kept from A&amp;E (<see cref="IvchPart"/>).</summary>
    public Deflection WithIvch(int edAvoided) => Of(GreenCarEdAvoided, (IvchEdAvoided ?? 0) + edAvoided);

    /// <summary>
    /// deflectionToday = Green Car <c>edAvoidedToday</c> + IVCH outcomes today other than <c>ed</c>/<c>ambulance</c>,
    /// summed over every Green Car and IVCH unit.
    /// </summary>
    public static Deflection Today(IEnumerable<UnitSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var deflection = None;
        foreach (var snapshot in snapshots)
        {
            switch (snapshot.Figures)
            {
                case GreenCarFigures car:
                    deflection = deflection.WithGreenCar(car.EdAvoidedToday);
                    break;
                case IvchFigures calls:
                    deflection = deflection.WithIvch(IvchPart(calls.DispositionsToday));
                    break;
            }
        }

        return deflection;
    }

    /// <summary>IVCH outcomes with a disposition other than <c>ed</c> or <c>ambulance</c>: the IVCH part of deflection.</summary>
    public static int IvchPart(IEnumerable<KeyValuePair<string, int>> dispositions)
    {
        ArgumentNullException.ThrowIfNull(dispositions);
        var avoided = 0;
        foreach (var (disposition, count) in dispositions)
        {
            if (!IsToEd(disposition))
            {
                avoided += count;
            }
        }

        return avoided;
    }

    /// <summary>Whether an IVCH disposition sends the caller to A&amp;E (<c>ed</c>, <c>ambulance</c>): every other one is deflection.</summary>
    public static bool IsToEd(string disposition) =>
        disposition == Vocabulary.IvchDispositions.NameOf(IvchDisposition.Ed)
        || disposition == Vocabulary.IvchDispositions.NameOf(IvchDisposition.Ambulance);
}
