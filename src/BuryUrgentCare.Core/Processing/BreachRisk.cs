using System.Globalization;

namespace BuryUrgentCare.Processing;

/// <summary>
/// A department's patients at risk of a long wait, ranked by time to the 4-hour breach (longest waits first): everyone
/// in department who passes 4 hours within the next hour or has passed it, is 12 hours or more in department, waits
/// for a specialty after a referral (v1.1 <c>ae.referred</c>) or waits for a bed after a decision to admit. Pseudonymised: a patient is a code derived from the episode's subject (a
/// one-way hash; the core never keeps the subject itself) and nothing else that could identify a person — no age,
/// arrival mode or disposition; acuity and stage are the clinical facts the list is for.
/// </summary>
/// <param name="Unit">The A&amp;E or UTC unit.</param>
/// <param name="AsOf">"Now" of the list.</param>
/// <param name="InDepartment">Patients in department now (the list holds those at risk among them).</param>
/// <param name="Patients">At-risk patients, the one closest to (or furthest past) the breach first.</param>
public sealed record BreachRiskList(string Unit, DateTimeOffset AsOf, int InDepartment, IReadOnlyList<BreachRiskPatient> Patients)
{
    /// <summary>
    /// The most patients <see cref="Patients"/> holds: the longest waits. A department has a few dozen at risk; the cap
    /// only bounds a pathological state (thousands of episodes whose departure never came), which the counts still show.
    /// </summary>
    public const int MaxListed = 250;

    /// <summary>Every patient at risk, listed or not.</summary>
    public int AtRisk { get; init; }

    /// <summary>Of <see cref="AtRisk"/>: not yet over 4 hours, and will be within 60 minutes.</summary>
    public int BreachesWithinHour { get; init; }

    /// <summary>Of <see cref="AtRisk"/>: over 4 hours in department (12 hours or more included).</summary>
    public int Over4Hours { get; init; }

    /// <summary>Of <see cref="AtRisk"/>: 12 hours or more in department.</summary>
    public int Over12Hours { get; init; }

    /// <summary>Of <see cref="AtRisk"/>: waiting for a bed after a decision to admit.</summary>
    public int AwaitingBed { get; init; }

    /// <summary>Of <see cref="AtRisk"/>: referred to a specialty and waiting for its decision (no decision to admit yet).</summary>
    public int AwaitingSpecialty { get; init; }
}

/// <summary>One patient of a <see cref="BreachRiskList"/>.</summary>
/// <param name="Patient">The pseudonym: 8 hexadecimal characters of the subject's hash, as <c>3F9A-C21B</c>; the same
/// episode always has the same code, and the code cannot be turned back into the subject.</param>
/// <param name="Acuity">Latest acuity 1–5, null when not yet known.</param>
/// <param name="Stage">METRICS.md stage: <c>awaitingAssessment</c>, <c>awaitingClinician</c>, <c>underTreatment</c>, <c>awaitingBed</c>.</param>
/// <param name="Arrived">Arrival.</param>
/// <param name="MinutesInDepartment">now − arrival, whole minutes.</param>
/// <param name="MinutesToFourHours">240 − <paramref name="MinutesInDepartment"/>: negative once past 4 hours.</param>
/// <param name="BreachesWithinHour">Not yet over 4 hours, and will be within 60 minutes.</param>
/// <param name="Over4Hours">now − arrival &gt; 240 minutes (METRICS.md <c>over4Hours</c>).</param>
/// <param name="Over12Hours">now − arrival ≥ 720 minutes (METRICS.md <c>over12Hours</c>).</param>
/// <param name="AwaitingBedSince">The decision to admit, for a patient waiting for a bed; null otherwise.</param>
/// <param name="MinutesSinceDecision">now − decision, whole minutes, for a patient waiting for a bed.</param>
/// <remarks>A patient referred to a specialty and waiting for its decision also carries <see cref="Specialty"/>,
/// <see cref="AwaitingSpecialtySince"/> and <see cref="MinutesSinceReferral"/>.</remarks>
public sealed record BreachRiskPatient(string Patient, int? Acuity, string Stage, DateTimeOffset Arrived, int MinutesInDepartment,
    int MinutesToFourHours, bool BreachesWithinHour, bool Over4Hours, bool Over12Hours, DateTimeOffset? AwaitingBedSince, int? MinutesSinceDecision)
{
    /// <summary>The specialty's code (docs/integrators.md, closed list) for a patient waiting for a specialty; null otherwise.</summary>
    public string? Specialty { get; init; }

    /// <summary>The latest referral to a specialty, for a patient waiting for its decision; null otherwise.</summary>
    public DateTimeOffset? AwaitingSpecialtySince { get; init; }

    /// <summary>now − referral, whole minutes, for a patient waiting for a specialty.</summary>
    public int? MinutesSinceReferral { get; init; }

    /// <summary>The pseudonym of a subject hash.</summary>
    public static string Pseudonym(UInt128 subject)
    {
        var code = (uint)(subject >> 96);
        return string.Create(CultureInfo.InvariantCulture, $"{code >> 16:X4}-{code & 0xFFFF:X4}");
    }
}
