namespace BuryUrgentCare.Figures;

/// <summary>
/// The names the figures are stored under (InfluxDB measurements, tags and fields, the same in the embedded store):
/// owned here, beside the catalogue that uses them, so that a dashboard or query names them from one place.
/// One measurement per figure family, tag <c>unit</c> plus small closed sets only (see docs/history.md).
/// </summary>
public static class StorageNames
{
    /// <summary>The tag every figure point carries.</summary>
    public const string UnitTag = "unit";

    /// <summary>The <c>unit</c> tag of the system-wide points (deflection, OPEL): the whole of Bury, not one service.</summary>
    public const string SystemUnit = "BURY";

    /// <summary>A&amp;E and UTC figures common to both, plus the UTC's <c>referredToEdToday</c>.</summary>
    public const string Department = "department";

    /// <summary>Patients in department by acuity: tag <c>acuity</c> (1–5, unknown), field <c>patients</c>.</summary>
    public const string DepartmentAcuity = "department_acuity";

    /// <summary>Patients in department by stage: tag <c>stage</c>, field <c>patients</c>.</summary>
    public const string DepartmentStage = "department_stage";

    /// <summary>A&amp;E ambulance handover and awaiting-bed figures.</summary>
    public const string Handover = "handover";

    /// <summary>Green Car figures.</summary>
    public const string GreenCar = "greencar";

    /// <summary>Green Car outcomes today: tag <c>outcome</c>, field <c>incidents</c>.</summary>
    public const string GreenCarOutcome = "greencar_outcome";

    /// <summary>IVCH figures.</summary>
    public const string Ivch = "ivch";

    /// <summary>IVCH dispositions today: tag <c>disposition</c>, field <c>calls</c>.</summary>
    public const string IvchDisposition = "ivch_disposition";

    /// <summary>Deflection today (unit <see cref="SystemUnit"/>): <c>greenCarEdAvoided</c>, <c>ivchEdAvoided</c>, <c>total</c>.</summary>
    public const string Deflection = "deflection";

    /// <summary>Measurements that start with this are daily rollups (kept longer than raw points).</summary>
    public const string DailyPrefix = "daily_";

    /// <summary>A&amp;E and UTC by day: <c>attendances</c>, <c>departures</c>, <c>fourHourPerformance</c>, <c>twelveHourStays</c>; UTC <c>referredToEd</c>.</summary>
    public const string DailyDepartment = "daily_department";

    /// <summary>A&amp;E by day: <c>handovers</c>, <c>meanHandoverMinutes</c>, <c>over30</c>, <c>over45</c>, <c>over60</c>.</summary>
    public const string DailyHandover = "daily_handover";

    /// <summary>Green Car by day: <c>incidents</c>, one count per outcome (<c>seeAndTreat</c>, …), <c>nonConveyanceRate</c>, <c>edAvoided</c>.</summary>
    public const string DailyGreenCar = "daily_greencar";

    /// <summary>IVCH by day: <c>calls</c>, one count per disposition (<c>selfCare</c>, …), <c>gpBooked</c>, <c>edAvoidanceRate</c>, <c>edAvoided</c>.</summary>
    public const string DailyIvch = "daily_ivch";

    /// <summary>Bury by day (unit <see cref="SystemUnit"/>): <c>greenCarEdAvoided</c>, <c>ivchEdAvoided</c>, <c>total</c>.</summary>
    public const string DailyDeflection = "daily_deflection";

    public const string AcuityTag = "acuity";
    public const string StageTag = "stage";
    public const string OutcomeTag = "outcome";
    public const string DispositionTag = "disposition";
    public const string PatientsField = "patients";
    public const string IncidentsField = "incidents";
    public const string CallsField = "calls";
    public const string GreenCarEdAvoidedField = "greenCarEdAvoided";
    public const string IvchEdAvoidedField = "ivchEdAvoided";
    public const string TotalField = "total";

    /// <summary>The daily field of an IVCH unit's calls kept from A&amp;E (derived from its dispositions by <see cref="Escalation.Deflection.IvchPart"/>).</summary>
    public const string EdAvoidedField = "edAvoided";
}
