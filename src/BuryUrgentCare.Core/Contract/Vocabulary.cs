using System.Text;

namespace BuryUrgentCare.Contract;

// The closed value sets of contract v1. Numeric values are stable: they index aggregate arrays.

public enum ArrivalMode : byte { Ambulance, WalkIn, Other }

public enum AgeBand : byte { Under18, Adult, Older, Oldest }

public enum AeDisposition : byte { Admitted, Discharged, Transferred, StreamedUtc, LeftBeforeTreatment, Died }

public enum UtcDisposition : byte { Discharged, ReferredEd, ReferredGp, LeftBeforeTreatment, Transferred }

public enum ResponseCategory : byte { C1, C2, C3, C4, C5 }

public enum GreenCarOutcome : byte { SeeAndTreat, SeeAndRefer, ConveyedEd, ConveyedUtc, ConveyedOther }

public enum CallRoute : byte { Nhs111, Transfer999, Gp, Other }

public enum IvchDisposition : byte { SelfCare, Pharmacy, GpInHours, GpExtendedHours, GpOutOfHours, Utc, Ed, Ambulance }

/// <summary>
/// v1.1: the admitting specialty of <c>ae.admit-decision</c>, and the specialty of <c>ae.referred</c>, a closed list (each an NHS main specialty, code in
/// docs/integrators.md). It was free text, which can carry a patient's or a clinician's name (hazard H15).
/// </summary>
public enum Specialty : byte
{
    AcuteMedicine, GeneralMedicine, GeneralSurgery, TraumaOrthopaedics, Cardiology, Respiratory, Gastroenterology,
    ElderlyCare, Stroke, Neurology, Renal, Haematology, Oncology, Urology, VascularSurgery, PlasticSurgery, Ent,
    Maxillofacial, Ophthalmology, Gynaecology, Obstetrics, Paediatrics, MentalHealth, CriticalCare, Other,
}

/// <summary>Wire names of every value set, in enum order.</summary>
public static class Vocabulary
{
    public static readonly WireNames<ArrivalMode> ArrivalModes = new("ambulance", "walk-in", "other");
    public static readonly WireNames<AgeBand> AgeBands = new("0-17", "18-64", "65-84", "85+");
    public static readonly WireNames<AeDisposition> AeDispositions =
        new("admitted", "discharged", "transferred", "streamed-utc", "left-before-treatment", "died");
    public static readonly WireNames<UtcDisposition> UtcDispositions =
        new("discharged", "referred-ed", "referred-gp", "left-before-treatment", "transferred");
    public static readonly WireNames<ResponseCategory> Categories = new("C1", "C2", "C3", "C4", "C5");
    public static readonly WireNames<GreenCarOutcome> GreenCarOutcomes =
        new("see-and-treat", "see-and-refer", "conveyed-ed", "conveyed-utc", "conveyed-other");
    public static readonly WireNames<CallRoute> Routes = new("111", "999-transfer", "gp", "other");
    public static readonly WireNames<IvchDisposition> IvchDispositions =
        new("self-care", "pharmacy", "gp-in-hours", "gp-extended-hours", "gp-out-of-hours", "utc", "ed", "ambulance");
    public static readonly WireNames<Specialty> Specialties =
        new("acute-medicine", "general-medicine", "general-surgery", "trauma-orthopaedics", "cardiology", "respiratory",
            "gastroenterology", "elderly-care", "stroke", "neurology", "renal", "haematology", "oncology", "urology",
            "vascular-surgery", "plastic-surgery", "ent", "maxillofacial", "ophthalmology", "gynaecology", "obstetrics",
            "paediatrics", "mental-health", "critical-care", "other");
}

/// <summary>
/// A closed set of wire names for an enum whose values are 0..n-1 in the given order.
/// Lookup compares UTF-8 bytes directly, so parsing a value never allocates.
/// </summary>
public sealed class WireNames<TEnum> where TEnum : struct, Enum
{
    private readonly byte[][] _utf8;
    private readonly string[] _names;
    private readonly TEnum[] _values;

    public WireNames(params string[] names)
        : this(names.Select((n, i) => (n, (TEnum)Enum.ToObject(typeof(TEnum), i))))
    {
    }

    internal WireNames(IEnumerable<(string Name, TEnum Value)> entries)
    {
        var list = entries.ToArray();
        _names = list.Select(e => e.Name).ToArray();
        _utf8 = _names.Select(Encoding.UTF8.GetBytes).ToArray();
        _values = list.Select(e => e.Value).ToArray();
    }

    public int Count => _names.Length;

    public IReadOnlyList<string> Names => _names;

    public bool TryParse(ReadOnlySpan<byte> utf8, out TEnum value)
    {
        for (var i = 0; i < _utf8.Length; i++)
        {
            var candidate = _utf8[i];
            if (candidate.Length == utf8.Length && candidate[0] == utf8[0] && utf8.SequenceEqual(candidate))
            {
                value = _values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    public string NameOf(TEnum value) => _names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>"a, b or c" — for rejection details.</summary>
    public string Describe() => string.Join(", ", _names);
}
