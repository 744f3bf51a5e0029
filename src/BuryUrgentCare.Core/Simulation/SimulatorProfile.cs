namespace BuryUrgentCare.Simulation;

/// <summary>
/// Calibration knobs of <see cref="BuryTrafficSimulator"/>. Every default is a public figure for
/// Fairfield General Hospital (FGH), Bury, or a national NHS England figure where no local one is
/// published; the source is written beside each default. <see cref="Default"/> is the Bury model.
/// </summary>
/// <remarks>
/// Hourly profiles are 24 relative weights for local hours 00–23 (Europe/London); day-of-week
/// factors are 7 multipliers indexed by <see cref="DayOfWeek"/> (Sunday first). Mixes are relative
/// weights (they need not sum to 1). Durations are medians of log-normal distributions; the
/// matching <c>…Spread</c> is the log-normal sigma (0.5 ≈ the middle half of values within ×0.7–×1.4
/// of the median; 1.0 gives the long tail of bed waits).
/// </remarks>
public sealed class SimulatorProfile
{
    /// <summary>The Bury model with every default below.</summary>
    public static SimulatorProfile Default { get; } = new();

    // ───────────────────────────── A&E (FGH-ED, type 1) ─────────────────────────────

    /// <summary>
    /// Mean A&amp;E arrivals per day before the day-of-week factor. Default 205.
    /// Source: NHS England "A&amp;E Attendances and Emergency Admissions" monthly statistics,
    /// Northern Care Alliance NHS FT, Fairfield type 1 ≈ 180–230 a day; Pennine Acute press release
    /// (28 Jan 2016) quotes 184–194 attendances a day at Fairfield on "very busy" days.
    /// </summary>
    public double AeArrivalsPerDay { get; init; } = 205;

    /// <summary>
    /// A&amp;E arrivals by local hour (relative). Trough 04:00–06:00, peak 10:00–13:00, ~55 % of
    /// arrivals between 09:00 and 18:00. Source: HSCIC "Accident and Emergency Attendances in
    /// England" (HES A&amp;E, 2011-12 and 2012-13): close to 60 % of arrivals 09:00–18:00, the
    /// Monday 10:00–12:00 peak at about double the hourly average, the small hours quietest.
    /// </summary>
    public IReadOnlyList<double> AeHourlyProfile { get; init; } =
    [
        2.8, 2.3, 1.9, 1.6, 1.4, 1.3, 1.6, 2.4,     // 00–07
        3.8, 5.3, 6.6, 6.7, 6.5, 6.2, 5.7, 5.5,     // 08–15
        5.4, 5.3, 5.1, 4.8, 4.4, 3.9, 3.5, 3.1,     // 16–23
    ];

    /// <summary>
    /// A&amp;E day-of-week factors, Sunday first; mean 1. Monday is the busiest day.
    /// Source: HSCIC A&amp;E attendances in England 2011-12 (Monday peak); NHS England weekly sitreps.
    /// </summary>
    public IReadOnlyList<double> AeDayOfWeekFactors { get; init; } = [1.00, 1.10, 1.01, 0.98, 0.97, 0.98, 0.96];

    /// <summary>
    /// Share of A&amp;E arrivals by ambulance. Default 0.22.
    /// Source: NHS England ambulance quality indicators / ECDS arrival mode — 20–25 % of type 1
    /// attendances arrive by ambulance (NWAS conveys to FGH).
    /// </summary>
    public double AeAmbulanceShare { get; init; } = 0.22;

    /// <summary>Share of A&amp;E arrivals by other means (police, other transport). Default 0.05 (ECDS arrival mode, national).</summary>
    public double AeOtherArrivalShare { get; init; } = 0.05;

    /// <summary>
    /// Acuity 1–5 mix at triage for ambulance arrivals. Default 5/30/50/13/2 %.
    /// Source: ECDS acuity, national type 1 (ambulance arrivals are sicker: ~1/3 acuity 1–2).
    /// </summary>
    public IReadOnlyList<double> AeAcuityMixAmbulance { get; init; } = [5, 30, 50, 13, 2];

    /// <summary>
    /// Acuity 1–5 mix at triage for walk-in and other arrivals. Default 0.5/10/43/36/10.5 %.
    /// Source: ECDS acuity, national type 1 (few immediate, most urgent or standard). Combined with
    /// the ambulance mix this gives ≈ 1.5/14/45/31/9 %: few 1s, many 3s.
    /// </summary>
    public IReadOnlyList<double> AeAcuityMixSelfPresenting { get; init; } = [0.5, 10, 43, 36, 10.5];

    /// <summary>
    /// Share of ambulance arrivals whose <c>ae.arrived</c> already carries an acuity (pre-alert /
    /// handover triage); self-presenting arrivals carry one at a fifth of this rate. Default 0.6.
    /// Not a published figure: the contract makes the field optional, so both shapes are exercised.
    /// </summary>
    public double AeArrivalAcuityShare { get; init; } = 0.6;

    /// <summary>
    /// Probability of admission by acuity 1–5, before the age factor (×0.5 for 0-17, ×1.3 for 65-84,
    /// ×1.6 for 85+). Default 75/62/32/8.5/2.4 %, giving ≈ 27 % admitted overall.
    /// Source: NHS England A&amp;E statistics — emergency admissions via type 1 A&amp;E are 25–30 % of
    /// type 1 attendances (Northern Care Alliance in line with England).
    /// </summary>
    public IReadOnlyList<double> AeAdmissionByAcuity { get; init; } = [0.75, 0.62, 0.32, 0.085, 0.024];

    /// <summary>
    /// Probability that a self-presenting patient of acuity 3–5 leaves before treatment. Default
    /// 0.045, ≈ 3 % of all attendances. Source: NHS Digital A&amp;E quality indicators — 2–4 % left
    /// before being seen at type 1 departments (NCA reported ~7 % across all its sites in Dec 2021).
    /// </summary>
    public double AeLeftBeforeTreatmentProbability { get; init; } = 0.045;

    /// <summary>Share transferred to another provider (mental health, tertiary centre). Default 0.015 (ECDS discharge destination, national).</summary>
    public double AeTransferredShare { get; init; } = 0.015;

    /// <summary>
    /// Probability that a walk-in of acuity 4–5 arriving while the UTC is open is streamed to it
    /// after triage. Default 0.15 (≈ 3–4 % of attendances). Source: NHS England "streaming and
    /// redirection" guidance; Fairfield co-locates its UTC with the ED.
    /// </summary>
    public double AeStreamToUtcProbability { get; init; } = 0.15;

    /// <summary>Probability of death in the department for acuity 1 (0.2 % for acuity 2, none otherwise). Default 0.04 (ECDS: ≈ 0.1 % of attendances).</summary>
    public double AeDiedProbabilityAcuity1 { get; init; } = 0.04;

    /// <summary>
    /// Median ambulance arrival → handover. Default 20 min, spread 0.65 (≈ 27 % over 30 min,
    /// 10 % over 45, 4–5 % over 60). Source: NHS England Ambulance Quality Indicators / NWAS
    /// hospital handover data for FGH (15 min standard, 30/60 min reporting thresholds).
    /// </summary>
    public TimeSpan AeMedianHandover { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Log-normal sigma of <see cref="AeMedianHandover"/>. Default 0.65.</summary>
    public double AeHandoverSpread { get; init; } = 0.65;

    /// <summary>
    /// Median arrival → initial assessment (ambulance arrivals are a little quicker, walk-ins a
    /// little slower; acuity 1 within 3 minutes). Default 16 min. Source: NHS Digital provisional
    /// A&amp;E quality indicators — median time to initial assessment 15–20 min at type 1.
    /// </summary>
    public TimeSpan AeMedianToAssessment { get; init; } = TimeSpan.FromMinutes(16);

    /// <summary>
    /// Median arrival → seen by a treating clinician, by acuity 1–5. Default 5/45/95/80/75 min,
    /// spread 0.7 (overall median ≈ 80–90 min). Source: NHS Digital A&amp;E quality indicators —
    /// median time to treatment ≈ 60–115 min at type 1 (NCA reported 113 min in Dec 2021).
    /// </summary>
    public IReadOnlyList<TimeSpan> AeMedianToSeenByAcuity { get; init; } =
    [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(95),
        TimeSpan.FromMinutes(80), TimeSpan.FromMinutes(75),
    ];

    /// <summary>Log-normal sigma of the time to be seen. Default 0.7.</summary>
    public double AeSeenSpread { get; init; } = 0.7;

    /// <summary>Median seen → departure for discharged patients (treatment, tests, results). Default 50 min.</summary>
    public TimeSpan AeMedianTreatmentToDischarge { get; init; } = TimeSpan.FromMinutes(50);

    /// <summary>Median seen → decision to admit (specialty review). Default 90 min.</summary>
    public TimeSpan AeMedianSeenToDecision { get; init; } = TimeSpan.FromMinutes(90);

    /// <summary>
    /// Share of admitted patients who go almost at once to an assessment unit bed (AMU, SAU,
    /// frailty unit) rather than waiting for a ward bed. Default 0.35, median wait 45 min.
    /// Source: NHS England same-day emergency care and acute assessment unit guidance; NHS England
    /// A&amp;E statistics — about a third of type 1 admissions leave within 4 h of arrival.
    /// </summary>
    public double AeQuickBedShare { get; init; } = 0.35;

    /// <summary>Median decision → departure for those going to an assessment unit. Default 45 min.</summary>
    public TimeSpan AeMedianQuickBedWait { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>
    /// Median decision to admit → departure for the others, waiting for a ward bed. Default 4 h 30 min,
    /// spread 0.85 (≈ 12 % of them over 12 h: "12-hour trolley waits"). Source: NHS England A&amp;E
    /// statistics — NCA Jan 2022: 2,695 patients (10 % of attendances) waited over 4 h from decision
    /// to admit and 541 over 12 h in the month across its three type 1 departments.
    /// </summary>
    public TimeSpan AeMedianBedWait { get; init; } = TimeSpan.FromMinutes(270);

    /// <summary>Log-normal sigma of <see cref="AeMedianBedWait"/>. Default 0.85.</summary>
    public double AeBedWaitSpread { get; init; } = 0.85;

    /// <summary>
    /// Share of admitted A&amp;E patients referred to a specialty (v1.1 <c>ae.referred</c>) before the decision to admit.
    /// Default 0.85: most emergency admissions are referred to, and accepted by, a specialty team (a few are admitted
    /// by the ED itself to a short-stay or clinical decision unit).
    /// </summary>
    public double AeReferredShareOfAdmitted { get; init; } = 0.85;

    /// <summary>
    /// Share of discharged A&amp;E patients referred to a specialty first (seen, and sent home or to clinic). Default
    /// 0.05. With <see cref="AeReferredShareOfAdmitted"/>, about a quarter of attendances are referred.
    /// </summary>
    public double AeReferredShareOfDischarged { get; init; } = 0.05;

    /// <summary>The longest any A&amp;E stay may last; the long tails are cut here. Default 36 h. (The mental-health
    /// waits below are longer, by design.)</summary>
    public TimeSpan AeMaxStay { get; init; } = TimeSpan.FromHours(36);

    /// <summary>
    /// Patients in a mental-health crisis who wait in A&amp;E for a mental-health bed elsewhere, per week on average
    /// (a Poisson process). Default 3: with <see cref="AeMedianLongWait"/> one or two stays a week longer than 48 hours,
    /// as acute trusts of Fairfield's size report them. 0 turns them off.
    /// </summary>
    public double AeLongWaitsPerWeek { get; init; } = 2;

    /// <summary>Median of such a wait, from the referral to mental health to the transfer (log-normal, sigma 0.2). Default 54 h.</summary>
    public TimeSpan AeMedianLongWait { get; init; } = TimeSpan.FromHours(54);

    /// <summary>The longest such a stay may last. Default 84 h.</summary>
    public TimeSpan AeLongWaitMaxStay { get; init; } = TimeSpan.FromHours(84);

    // ───────────────────────────── UTC (FGH-UTC, type 3) ─────────────────────────────

    /// <summary>
    /// Mean UTC arrivals per day before the day-of-week factor. Default 72: about 58 by day (08:00–20:00), the rest in
    /// the evening and night since the UTC opens 24/7. Source: NHS England A&amp;E statistics, Northern Care Alliance
    /// type 3 at Fairfield: 50–90 a day.
    /// </summary>
    public double UtcArrivalsPerDay { get; init; } = 72;

    /// <summary>Local hour the UTC opens (whole hours). Default 0: Fairfield's UTC is open 24/7 (issue 10).</summary>
    public int UtcOpeningHour { get; init; } = 0;

    /// <summary>Local hour the UTC closes: nobody arrives from then on. Default 24 (open all day).</summary>
    public int UtcClosingHour { get; init; } = 24;

    /// <summary>
    /// UTC arrivals by local hour (relative; hours outside opening are ignored). A morning and an after-work peak, a
    /// quiet night. Source: HSCIC A&amp;E attendances, type 3 arrival times (national).
    /// </summary>
    public IReadOnlyList<double> UtcHourlyProfile { get; init; } =
    [
        2.5, 1.5, 1, 0.8, 0.7, 0.8, 1.2, 2.5,       // 00–07
        7, 10, 10, 9, 8, 8, 8, 8,                   // 08–15
        8.5, 9, 9, 6, 4.5, 4, 3.5, 3,               // 16–23
    ];

    /// <summary>UTC day-of-week factors, Sunday first: busier at weekends when GP practices are shut (NHS England type 3 weekly pattern).</summary>
    public IReadOnlyList<double> UtcDayOfWeekFactors { get; init; } = [1.15, 1.05, 0.95, 0.93, 0.93, 0.95, 1.15];

    /// <summary>
    /// Share of the UTC's own attendances referred to the ED. Default 0.07 (NHS England UTC standards: 5–8 % onward
    /// referral to ED); patients streamed from A&amp;E, all discharged, bring the UTC's overall share to about 6 %.
    /// </summary>
    public double UtcReferredEdShare { get; init; } = 0.07;

    /// <summary>Share referred to the patient's GP. Default 0.06.</summary>
    public double UtcReferredGpShare { get; init; } = 0.06;

    /// <summary>Share that leave before treatment. Default 0.04 (type 3 left-before-seen, national).</summary>
    public double UtcLeftBeforeTreatmentShare { get; init; } = 0.04;

    /// <summary>Share transferred to another provider. Default 0.015.</summary>
    public double UtcTransferredShare { get; init; } = 0.015;

    /// <summary>Median UTC arrival → assessment. Default 15 min (UTC standard: assessment within 15 min).</summary>
    public TimeSpan UtcMedianToAssessment { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Median UTC assessment → seen. Default 35 min.</summary>
    public TimeSpan UtcMedianAssessedToSeen { get; init; } = TimeSpan.FromMinutes(35);

    /// <summary>Median UTC seen → departure. Default 40 min; total stay median ≈ 1.6 h.</summary>
    public TimeSpan UtcMedianTreatment { get; init; } = TimeSpan.FromMinutes(40);

    // ───────────────────────────── Green Car (BURY-GREENCAR) ─────────────────────────────

    /// <summary>Local hour the Green Car comes on shift (whole hours). Default 8. Source: Bury Green Car service, 08:00–20:00.</summary>
    public int GreenCarShiftStartHour { get; init; } = 8;

    /// <summary>Local hour the Green Car goes off shift. Default 20.</summary>
    public int GreenCarShiftEndHour { get; init; } = 20;

    /// <summary>No new job is given to the car this close to the end of its shift. Default 20 min.</summary>
    public TimeSpan GreenCarLastDispatchBeforeEnd { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Mean time from the car clearing to its next dispatch (exponential). Default 6 min: demand
    /// for one car exceeds what it can do, so it is re-tasked almost at once — ≈ 9 jobs a shift.
    /// Source: NWAS / Bury Green Car evaluation, 8–12 incidents per 12-hour shift.
    /// </summary>
    public TimeSpan GreenCarMeanGapBetweenJobs { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>
    /// Category C1–C5 mix of Green Car jobs. Default 0/15/50/25/10 %: lower-acuity 999 calls,
    /// mostly C3/C4. Source: NWAS alternative-response car tasking (C3/C4 focus, some C2, C5 validation).
    /// </summary>
    public IReadOnlyList<double> GreenCarCategoryMix { get; init; } = [0, 15, 50, 25, 10];

    /// <summary>Median dispatch → on scene. Default 27 min, spread 0.3 (≈ 20–40 min).</summary>
    public TimeSpan GreenCarMedianResponse { get; init; } = TimeSpan.FromMinutes(27);

    /// <summary>Median on scene → outcome. Default 30 min.</summary>
    public TimeSpan GreenCarMedianOnScene { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Outcome mix: see-and-treat, see-and-refer, conveyed-ed, conveyed-utc, conveyed-other.
    /// Default 40/27/20/8/5 %: 67 % non-conveyance. Source: NHS England Ambulance Quality
    /// Indicators (see-and-treat ≈ 30–40 % nationally); community paramedic cars avoid conveyance in 60–70 %.
    /// </summary>
    public IReadOnlyList<double> GreenCarOutcomeMix { get; init; } = [40, 27, 20, 8, 5];

    /// <summary>Median outcome → clear when the patient is conveyed (drive and handover). Default 30 min.</summary>
    public TimeSpan GreenCarMedianClearAfterConveyance { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Median outcome → clear when the patient stays at home (notes, referral). Default 6 min.</summary>
    public TimeSpan GreenCarMedianClearAfterNonConveyance { get; init; } = TimeSpan.FromMinutes(6);

    // ───────────────────────────── IVCH (BURY-IVCH) ─────────────────────────────

    /// <summary>
    /// Mean IVCH calls per day before the day-of-week factor. Default 105 (≈ 95 on weekdays,
    /// ≈ 135 at weekends). Source: Bury IVCH, 80–150 calls a day; NHS 111 (IUC ADC) volumes peak at weekends.
    /// </summary>
    public double IvchCallsPerDay { get; init; } = 105;

    /// <summary>IVCH calls by local hour (relative): low overnight, a morning peak, highest 17:00–21:00. Source: NHS 111 IUC ADC hourly call profile.</summary>
    public IReadOnlyList<double> IvchHourlyProfile { get; init; } =
    [
        2.5, 1.8, 1.4, 1.2, 1.1, 1.2, 1.8, 3.0,     // 00–07
        5.0, 5.5, 5.0, 4.6, 4.4, 4.3, 4.3, 4.5,     // 08–15
        5.0, 6.2, 7.2, 7.5, 7.0, 6.0, 4.6, 3.4,     // 16–23
    ];

    /// <summary>IVCH day-of-week factors, Sunday first: weekends ×1.3 (NHS 111 IUC ADC: Saturday and Sunday are the busiest days).</summary>
    public IReadOnlyList<double> IvchDayOfWeekFactors { get; init; } = [1.30, 0.95, 0.90, 0.90, 0.90, 0.95, 1.30];

    /// <summary>Call route mix: 111, gp, 999-transfer, other. Default 70/15/10/5 %.</summary>
    public IReadOnlyList<double> IvchRouteMix { get; init; } = [70, 15, 10, 5];

    /// <summary>Share of calls abandoned before assessment. Default 0.04 (NHS 111 standard: under 5 % abandoned).</summary>
    public double IvchAbandonedShare { get; init; } = 0.04;

    /// <summary>Median queue wait, call received → assessment. Default 10 min, spread 0.8.</summary>
    public TimeSpan IvchMedianQueueWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Median assessment → outcome. Default 14 min.</summary>
    public TimeSpan IvchMedianAssessment { get; init; } = TimeSpan.FromMinutes(14);

    /// <summary>
    /// Disposition mix while GP practices are open (weekdays 08:00–18:30): self-care, pharmacy,
    /// gp-in-hours, gp-extended-hours, gp-out-of-hours, utc, ed, ambulance. Default
    /// 20/12/22/12/4/15/7/4. Source: NHS 111 IUC ADC disposition shares (ED 5–10 %, ambulance 3–5 %).
    /// </summary>
    public IReadOnlyList<double> IvchDispositionMixInHours { get; init; } = [20, 12, 22, 12, 4, 15, 7, 4];

    /// <summary>Disposition mix out of GP hours (same order as <see cref="IvchDispositionMixInHours"/>): the out-of-hours GP takes the in-hours share.</summary>
    public IReadOnlyList<double> IvchDispositionMixOutOfHours { get; init; } = [22, 12, 4, 14, 26, 9, 9, 4];

    /// <summary>Share of gp-extended-hours and gp-out-of-hours outcomes with an appointment booked on the call. Default 0.85.</summary>
    public double IvchGpBookedShare { get; init; } = 0.85;

    // ───────────────────────────── capacity.declared ─────────────────────────────

    /// <summary>Local hours at which every unit declares capacity (shift changes). Default 08:00 and 20:00.</summary>
    public IReadOnlyList<int> ShiftChangeHours { get; init; } = [8, 20];

    /// <summary>Staffed ED spaces. Default 26 (Fairfield ED majors, resus and minors spaces, issue 10).</summary>
    public int AeCubicles { get; init; } = 26;

    /// <summary>ED clinicians on the day shift (08:00–20:00). Default 13.</summary>
    public int AeCliniciansDay { get; init; } = 13;

    /// <summary>ED clinicians on the night shift. Default 8.</summary>
    public int AeCliniciansNight { get; init; } = 8;

    /// <summary>
    /// General and acute beds at FGH. Default 420. Source: NHS England KH03 bed availability and
    /// occupancy, Northern Care Alliance (Fairfield G&amp;A beds ≈ 420, occupancy 93–99 %).
    /// </summary>
    public int GaBeds { get; init; } = 420;

    /// <summary>Lowest and highest occupied G&amp;A beds declared (uniform). Default 390–415 (KH03 / daily sitrep occupancy, 93–99 %).</summary>
    public int GaBedsOccupiedMin { get; init; } = 390;

    /// <inheritdoc cref="GaBedsOccupiedMin"/>
    public int GaBedsOccupiedMax { get; init; } = 415;

    /// <summary>Lowest and highest patients with no criteria to reside (uniform). Default 30–45. Source: NHS England "Discharge delays (acute)" monthly, NCA.</summary>
    public int NoCriteriaToResideMin { get; init; } = 30;

    /// <inheritdoc cref="NoCriteriaToResideMin"/>
    public int NoCriteriaToResideMax { get; init; } = 45;

    // ───────────────────────────── system pressure (SystemPressure) ─────────────────────────────

    /// <summary>
    /// The hospital's pressure, 0–1, by day of the week, Sunday first: Monday and Tuesday worst (the weekend's
    /// discharges did not happen), easing to Saturday. It sets G&amp;A occupancy and delayed discharges within their
    /// ranges above, and scales the waits for a bed and to hand over.
    /// </summary>
    public IReadOnlyList<double> PressureByDayOfWeek { get; init; } = [0.5, 0.85, 0.8, 0.6, 0.5, 0.35, 0.15];

    /// <summary>How far a day's pressure may stray from its weekday's, either way (uniform). Default 0.25.</summary>
    public double PressureSpread { get; init; } = 0.25;

    /// <summary>The median wait for a bed is multiplied by the first value at pressure 0, the second at 1. Default 0.5–1.5.</summary>
    public IReadOnlyList<double> PressureBedWaitFactors { get; init; } = [0.4, 1.8];

    /// <summary>The median handover is multiplied by the first value at pressure 0, the second at 1. Default 0.75–1.25.</summary>
    public IReadOnlyList<double> PressureHandoverFactors { get; init; } = [0.75, 1.25];

    /// <summary>UTC treatment cubicles. Default 10.</summary>
    public int UtcCubicles { get; init; } = 10;

    /// <summary>UTC clinicians while open (0 when closed). Default 5.</summary>
    public int UtcClinicians { get; init; } = 5;

    /// <summary>IVCH clinicians on the day shift (08:00–20:00). Default 6.</summary>
    public int IvchCliniciansDay { get; init; } = 6;

    /// <summary>IVCH clinicians on the evening/night shift. Default 5.</summary>
    public int IvchCliniciansNight { get; init; } = 5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first knob that is out of range.</summary>
    public void Validate()
    {
        Positive(AeArrivalsPerDay, nameof(AeArrivalsPerDay));
        Positive(UtcArrivalsPerDay, nameof(UtcArrivalsPerDay));
        Positive(IvchCallsPerDay, nameof(IvchCallsPerDay));
        Weights(AeHourlyProfile, 24, nameof(AeHourlyProfile));
        Weights(UtcHourlyProfile, 24, nameof(UtcHourlyProfile));
        Weights(IvchHourlyProfile, 24, nameof(IvchHourlyProfile));
        Weights(AeDayOfWeekFactors, 7, nameof(AeDayOfWeekFactors));
        Weights(UtcDayOfWeekFactors, 7, nameof(UtcDayOfWeekFactors));
        Weights(IvchDayOfWeekFactors, 7, nameof(IvchDayOfWeekFactors));
        Weights(AeAcuityMixAmbulance, 5, nameof(AeAcuityMixAmbulance));
        Weights(AeAcuityMixSelfPresenting, 5, nameof(AeAcuityMixSelfPresenting));
        Weights(GreenCarCategoryMix, 5, nameof(GreenCarCategoryMix));
        Weights(GreenCarOutcomeMix, 5, nameof(GreenCarOutcomeMix));
        Weights(IvchRouteMix, 4, nameof(IvchRouteMix));
        Weights(IvchDispositionMixInHours, 8, nameof(IvchDispositionMixInHours));
        Weights(IvchDispositionMixOutOfHours, 8, nameof(IvchDispositionMixOutOfHours));
        if (AeAdmissionByAcuity is null || AeAdmissionByAcuity.Count != 5)
        {
            throw new ArgumentException("Expected 5 probabilities.", nameof(AeAdmissionByAcuity));
        }

        foreach (var p in AeAdmissionByAcuity)
        {
            Probability(p, nameof(AeAdmissionByAcuity));
        }

        if (AeMedianToSeenByAcuity is null || AeMedianToSeenByAcuity.Count != 5)
        {
            throw new ArgumentException("Expected 5 durations.", nameof(AeMedianToSeenByAcuity));
        }

        foreach (var d in AeMedianToSeenByAcuity)
        {
            Duration(d, nameof(AeMedianToSeenByAcuity));
        }

        Probability(AeAmbulanceShare, nameof(AeAmbulanceShare));
        Probability(AeOtherArrivalShare, nameof(AeOtherArrivalShare));
        if (AeAmbulanceShare + AeOtherArrivalShare > 1)
        {
            throw new ArgumentException("Ambulance and other shares exceed 1.", nameof(AeOtherArrivalShare));
        }

        Probability(AeArrivalAcuityShare, nameof(AeArrivalAcuityShare));
        Probability(AeLeftBeforeTreatmentProbability, nameof(AeLeftBeforeTreatmentProbability));
        Probability(AeTransferredShare, nameof(AeTransferredShare));
        Probability(AeStreamToUtcProbability, nameof(AeStreamToUtcProbability));
        Probability(AeDiedProbabilityAcuity1, nameof(AeDiedProbabilityAcuity1));
        Probability(AeQuickBedShare, nameof(AeQuickBedShare));
        Probability(AeReferredShareOfAdmitted, nameof(AeReferredShareOfAdmitted));
        Probability(AeReferredShareOfDischarged, nameof(AeReferredShareOfDischarged));
        if (PressureByDayOfWeek is not { Count: 7 } || PressureByDayOfWeek.Any(v => v is < 0 or > 1))
        {
            throw new ArgumentException("Expected 7 values from 0 to 1, Sunday first.", nameof(PressureByDayOfWeek));
        }

        Probability(PressureSpread, nameof(PressureSpread));
        if (PressureBedWaitFactors is not { Count: 2 } || PressureBedWaitFactors.Any(v => v <= 0)
            || PressureHandoverFactors is not { Count: 2 } || PressureHandoverFactors.Any(v => v <= 0))
        {
            throw new ArgumentException("Expected two positive factors (at pressure 0 and at 1).", nameof(PressureBedWaitFactors));
        }
        Probability(IvchAbandonedShare, nameof(IvchAbandonedShare));
        Probability(IvchGpBookedShare, nameof(IvchGpBookedShare));
        Probability(UtcReferredEdShare + UtcReferredGpShare + UtcLeftBeforeTreatmentShare + UtcTransferredShare, "Utc*Share (sum)");
        Duration(AeMedianHandover, nameof(AeMedianHandover));
        Duration(AeMedianToAssessment, nameof(AeMedianToAssessment));
        Duration(AeMedianTreatmentToDischarge, nameof(AeMedianTreatmentToDischarge));
        Duration(AeMedianSeenToDecision, nameof(AeMedianSeenToDecision));
        Duration(AeMedianBedWait, nameof(AeMedianBedWait));
        Duration(AeMedianQuickBedWait, nameof(AeMedianQuickBedWait));
        Duration(AeMaxStay, nameof(AeMaxStay));
        Duration(AeMedianLongWait, nameof(AeMedianLongWait));
        Duration(AeLongWaitMaxStay, nameof(AeLongWaitMaxStay));
        if (!(AeLongWaitsPerWeek >= 0) || double.IsInfinity(AeLongWaitsPerWeek))
        {
            throw new ArgumentException("Must be zero or more.", nameof(AeLongWaitsPerWeek));
        }

        Duration(UtcMedianToAssessment, nameof(UtcMedianToAssessment));
        Duration(UtcMedianAssessedToSeen, nameof(UtcMedianAssessedToSeen));
        Duration(UtcMedianTreatment, nameof(UtcMedianTreatment));
        Duration(GreenCarMeanGapBetweenJobs, nameof(GreenCarMeanGapBetweenJobs));
        Duration(GreenCarMedianResponse, nameof(GreenCarMedianResponse));
        Duration(GreenCarMedianOnScene, nameof(GreenCarMedianOnScene));
        Duration(GreenCarMedianClearAfterConveyance, nameof(GreenCarMedianClearAfterConveyance));
        Duration(GreenCarMedianClearAfterNonConveyance, nameof(GreenCarMedianClearAfterNonConveyance));
        Duration(IvchMedianQueueWait, nameof(IvchMedianQueueWait));
        Duration(IvchMedianAssessment, nameof(IvchMedianAssessment));
        if (AeMaxStay > TimeSpan.FromHours(47))
        {
            // The pre-start look-back is 48 h: a longer stay could be open at start yet never generated.
            throw new ArgumentException("Must be at most 47 hours.", nameof(AeMaxStay));
        }

        if (GreenCarLastDispatchBeforeEnd < TimeSpan.Zero)
        {
            throw new ArgumentException("Must not be negative.", nameof(GreenCarLastDispatchBeforeEnd));
        }

        foreach (var s in new[] { AeHandoverSpread, AeSeenSpread, AeBedWaitSpread })
        {
            if (s is < 0 or > 3 || double.IsNaN(s))
            {
                throw new ArgumentException("Spreads must be within 0–3.", nameof(AeHandoverSpread));
            }
        }

        Hours(UtcOpeningHour, UtcClosingHour, nameof(UtcOpeningHour));
        var openWeight = 0.0;
        for (var h = UtcOpeningHour; h < UtcClosingHour; h++)
        {
            openWeight += UtcHourlyProfile[h];
        }

        if (openWeight <= 0)
        {
            throw new ArgumentException("No UTC arrivals would fall within the opening hours.", nameof(UtcHourlyProfile));
        }
        Hours(GreenCarShiftStartHour, GreenCarShiftEndHour, nameof(GreenCarShiftStartHour));
        if (ShiftChangeHours is null || ShiftChangeHours.Count == 0 || ShiftChangeHours.Any(h => h is < 0 or > 23))
        {
            throw new ArgumentException("Expected one or more hours 0–23.", nameof(ShiftChangeHours));
        }

        foreach (var (value, name) in new[]
                 {
                     (AeCubicles, nameof(AeCubicles)), (AeCliniciansDay, nameof(AeCliniciansDay)),
                     (AeCliniciansNight, nameof(AeCliniciansNight)), (GaBeds, nameof(GaBeds)),
                     (UtcCubicles, nameof(UtcCubicles)), (UtcClinicians, nameof(UtcClinicians)),
                     (IvchCliniciansDay, nameof(IvchCliniciansDay)), (IvchCliniciansNight, nameof(IvchCliniciansNight)),
                 })
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        }

        if (GaBedsOccupiedMin < 0 || GaBedsOccupiedMin > GaBedsOccupiedMax)
        {
            throw new ArgumentException("Expected 0 ≤ min ≤ max.", nameof(GaBedsOccupiedMin));
        }

        if (NoCriteriaToResideMin < 0 || NoCriteriaToResideMin > NoCriteriaToResideMax)
        {
            throw new ArgumentException("Expected 0 ≤ min ≤ max.", nameof(NoCriteriaToResideMin));
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentException("Must be a positive number.", name);
        }
    }

    private static void Probability(double value, string name)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            throw new ArgumentException("Must be a probability within 0–1.", name);
        }
    }

    private static void Duration(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException("Must be a positive duration.", name);
        }
    }

    private static void Weights(IReadOnlyList<double>? weights, int count, string name)
    {
        if (weights is null || weights.Count != count)
        {
            throw new ArgumentException($"Expected {count} weights.", name);
        }

        if (weights.Any(w => w < 0 || double.IsNaN(w) || double.IsInfinity(w)) || weights.Sum() <= 0)
        {
            throw new ArgumentException("Weights must be non-negative with a positive sum.", name);
        }
    }

    private static void Hours(int from, int to, string name)
    {
        if (from is < 0 or > 23 || to is < 1 or > 24 || from >= to)
        {
            throw new ArgumentException("Expected whole local hours with 0 ≤ start < end ≤ 24.", name);
        }
    }
}
