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
/// <remarks>
/// Every event parses several of these (its type, and codes in <c>data</c>; a disposition against three sets), so a lookup
/// is one comparison, not a scan: a name's length and its first, middle and last bytes pick its place in a small table,
/// sized when the set is made so that no two of its names share a place. A value that is not in the set either lands on
/// an empty place or fails the one comparison.
/// </remarks>
public sealed class WireNames<TEnum> where TEnum : struct, Enum
{
    private const int LargestTable = 1 << 12;

    private readonly byte[][] _utf8;
    private readonly string[] _names;
    private readonly TEnum[] _values;
    private readonly int[] _places; // index of the name whose key picks this place, or −1
    private readonly int _placeMask;

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
        if (_utf8.Any(name => name.Length == 0) || _names.Distinct(StringComparer.Ordinal).Count() != _names.Length)
        {
            throw new ArgumentException("wire names must be non-empty and distinct", nameof(entries));
        }

        // The smallest table (a power of two, at least twice the names) in which every name has a place of its own.
        for (var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, _utf8.Length * 2)); size <= LargestTable; size *= 2)
        {
            var places = new int[size];
            Array.Fill(places, -1);
            var distinct = true;
            for (var i = 0; i < _utf8.Length && distinct; i++)
            {
                ref var place = ref places[Key(_utf8[i]) & (size - 1)];
                distinct = place < 0;
                place = i;
            }

            if (distinct)
            {
                (_places, _placeMask) = (places, size - 1);
                return;
            }
        }

        throw new ArgumentException($"no table of up to {LargestTable} places gives each of these names a place of its own", nameof(entries));
    }

    public int Count => _names.Length;

    public IReadOnlyList<string> Names => _names;

    public bool TryParse(ReadOnlySpan<byte> utf8, out TEnum value)
    {
        if (utf8.Length > 0 && _places[Key(utf8) & _placeMask] is var index and >= 0 && utf8.SequenceEqual(_utf8[index]))
        {
            value = _values[index];
            return true;
        }

        value = default;
        return false;
    }

    public string NameOf(TEnum value) => _names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>"a, b or c" — for rejection details.</summary>
    public string Describe() => string.Join(", ", _names);

    /// <summary>A mix of the length and the first, middle and last bytes (non-empty <paramref name="utf8"/>).</summary>
    private static int Key(ReadOnlySpan<byte> utf8) =>
        (int)(((uint)utf8.Length * 0x9E37_79B1u) ^ (utf8[0] * 0x85EB_CA77u) ^ (utf8[utf8.Length >> 1] * 0xC2B2_AE3Du) ^ (utf8[^1] * 0x27D4_EB2Fu)) >>> 7;
}
