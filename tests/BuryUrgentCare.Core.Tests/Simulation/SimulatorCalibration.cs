using System.Globalization;

namespace BuryUrgentCare.Tests.Simulation;

/// <summary>The calibration figures of a simulated week, computed from its parsed events.</summary>
internal sealed class SimulatorCalibration
{
    public SimulatorCalibration(SimulatedWeek week)
    {
        var days = week.Days;
        // Departed ones: a mental-health wait (up to 84 h) begun late in the week may still be waiting when the run ends.
        var ed = week.StartedWithin("FGH-ED").Where(e => e.Find("ae.departed") is not null).ToList();
        var utc = week.StartedWithin("FGH-UTC");
        var greenCar = week.StartedWithin("BURY-GREENCAR");
        var ivch = week.StartedWithin("BURY-IVCH");

        AeArrivalsPerDay = ed.Count / (double)days;
        AeArrivalsByLocalDay = ed.GroupBy(e => e.First.Local.Date).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        AeArrivalsByLocalHour = Enumerable.Range(0, 24).Select(h => ed.Count(e => e.First.Local.Hour == h) / (double)days).ToArray();
        AeAmbulanceShare = Share(ed, e => e.First.DataString("arrivalMode") == "ambulance");
        var departures = ed.Select(e => e.Find("ae.departed")!.DataString("disposition")!).ToList();
        AeDispositionShares = departures.GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count() / (double)departures.Count);
        AeAdmittedShare = AeDispositionShares.GetValueOrDefault("admitted");
        AeLeftBeforeTreatmentShare = AeDispositionShares.GetValueOrDefault("left-before-treatment");
        var stays = ed.Select(e => e.MinutesBetween("ae.arrived", "ae.departed")).ToList();
        AeFourHourPerformance = stays.Count(m => m <= 240) / (double)stays.Count;
        AeTwelveHourStaysPerDay = stays.Count(m => m >= 720) / (double)days;
        var ambulance = ed.Where(e => e.Find("ae.handover") is not null).ToList();
        var handovers = ambulance.Select(e => e.MinutesBetween("ae.arrived", "ae.handover")).ToList();
        AeMedianHandoverMinutes = Median(handovers);
        AeHandoverOver30Share = handovers.Count(m => m > 30) / (double)handovers.Count;
        AeHandoverOver45Share = handovers.Count(m => m > 45) / (double)handovers.Count;
        AeHandoverOver60Share = handovers.Count(m => m > 60) / (double)handovers.Count;
        AeMedianToAssessmentMinutes = Median(ed.Where(e => e.Find("ae.assessed") is not null).Select(e => e.MinutesBetween("ae.arrived", "ae.assessed")));
        AeAmbulanceAssessedWithin15Share = Share(
            ambulance.Where(e => e.Find("ae.assessed") is not null).ToList(), e => e.MinutesBetween("ae.arrived", "ae.assessed") <= 15);
        AeMedianToSeenMinutes = Median(ed.Where(e => e.Find("ae.seen") is not null).Select(e => e.MinutesBetween("ae.arrived", "ae.seen")));
        var decisions = ed.Where(e => e.Find("ae.admit-decision") is not null).ToList();
        AeTrolleyWaitsOver12HoursPerDay = decisions.Count(e => e.MinutesBetween("ae.admit-decision", "ae.departed") >= 720) / (double)days;
        AeMedianBedWaitMinutes = Median(decisions.Select(e => e.MinutesBetween("ae.admit-decision", "ae.departed")));
        var acuities = ed.Select(e => e.Find("ae.assessed")?.DataInt("acuity")).Where(a => a is not null).Select(a => a!.Value).ToList();
        AeAcuityShares = Enumerable.Range(1, 5).Select(a => acuities.Count(x => x == a) / (double)acuities.Count).ToArray();

        // Patients in the department on the hour, every hour of the week (all episodes, including
        // those open at start).
        var edStays = week.Episodes.Where(e => e.Unit == "FGH-ED")
            .Select(e => (Arrived: e.First.Time, Departed: e.Find("ae.departed")?.Time ?? DateTimeOffset.MaxValue))
            .ToList();
        var census = Enumerable.Range(0, days * 24)
            .Select(h => week.Start.AddHours(h))
            .Select(t => (Hour: TimeZoneInfo.ConvertTime(t, SimulatedWeek.London).Hour, Count: edStays.Count(s => s.Arrived <= t && s.Departed > t)))
            .ToList();
        AeInDepartmentAtMidnight = census.Where(c => c.Hour == 0).Average(c => c.Count);
        AeInDepartmentMean = census.Average(c => c.Count);
        AeInDepartmentMax = census.Max(c => c.Count);
        AeInDepartmentByHour = Enumerable.Range(0, 24).Select(h => census.Where(c => c.Hour == h).Average(c => c.Count)).ToArray();

        UtcArrivalsPerDay = utc.Count / (double)days;
        UtcEarliestLocalArrival = utc.Min(e => e.First.Local.TimeOfDay);
        UtcLatestLocalArrival = utc.Max(e => e.First.Local.TimeOfDay);
        UtcMedianStayMinutes = Median(utc.Select(e => e.MinutesBetween("utc.arrived", "utc.departed")));
        var utcDepartures = utc.Select(e => e.Find("utc.departed")!.DataString("disposition")!).ToList();
        UtcDispositionShares = utcDepartures.GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count() / (double)utcDepartures.Count);
        UtcWalkInShare = Share(utc, e => e.First.DataString("arrivalMode") == "walk-in");

        GreenCarIncidentsPerDay = greenCar.Count / (double)days;
        GreenCarEarliestLocalDispatch = greenCar.Min(e => e.First.Local.TimeOfDay);
        GreenCarLatestLocalDispatch = greenCar.Max(e => e.First.Local.TimeOfDay);
        var outcomes = greenCar.Select(e => e.Find("greencar.outcome")!.DataString("outcome")!).ToList();
        GreenCarNonConveyanceShare = outcomes.Count(o => o is "see-and-treat" or "see-and-refer") / (double)outcomes.Count;
        GreenCarMedianResponseMinutes = Median(greenCar.Select(e => e.MinutesBetween("greencar.dispatched", "greencar.on-scene")));
        GreenCarMedianJobCycleMinutes = Median(greenCar.Select(e => e.MinutesBetween("greencar.dispatched", "greencar.clear")));
        GreenCarC3C4Share = Share(greenCar, e => e.First.DataString("category") is "C3" or "C4");
        var ordered = greenCar.OrderBy(e => e.First.Time).ToList();
        GreenCarOverlappingJobs = ordered.Zip(ordered.Skip(1)).Count(p => p.Second.First.Time < p.First.Last.Time);

        IvchCallsPerDay = ivch.Count / (double)days;
        IvchCallsByLocalDay = ivch.GroupBy(e => e.First.Local.Date).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        IvchAbandonedShare = Share(ivch, e => e.Find("ivch.abandoned") is not null);
        var answered = ivch.Where(e => e.Find("ivch.assessed") is not null).ToList();
        IvchMedianQueueWaitMinutes = Median(answered.Select(e => e.MinutesBetween("ivch.call-received", "ivch.assessed")));
        var dispositions = answered.Select(e => e.Find("ivch.outcome")!.DataString("disposition")!).ToList();
        IvchDispositionShares = dispositions.GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count() / (double)dispositions.Count);
        IvchEveningShare = Share(ivch, e => e.First.Local.Hour is >= 17 and < 22) / (5.0 / 24);
    }

    public double AeArrivalsPerDay { get; }
    public int[] AeArrivalsByLocalDay { get; }
    public double[] AeArrivalsByLocalHour { get; }
    public double AeAmbulanceShare { get; }
    public IReadOnlyDictionary<string, double> AeDispositionShares { get; }
    public double AeAdmittedShare { get; }
    public double AeLeftBeforeTreatmentShare { get; }
    public double AeFourHourPerformance { get; }
    public double AeTwelveHourStaysPerDay { get; }
    public double AeTrolleyWaitsOver12HoursPerDay { get; }
    public double AeMedianBedWaitMinutes { get; }
    public double AeMedianHandoverMinutes { get; }
    public double AeHandoverOver30Share { get; }
    public double AeHandoverOver45Share { get; }
    public double AeHandoverOver60Share { get; }
    public double AeMedianToAssessmentMinutes { get; }
    public double AeAmbulanceAssessedWithin15Share { get; }
    public double AeMedianToSeenMinutes { get; }
    public double[] AeAcuityShares { get; }
    public double AeInDepartmentAtMidnight { get; }
    public double AeInDepartmentMean { get; }
    public int AeInDepartmentMax { get; }
    public double[] AeInDepartmentByHour { get; }
    public double UtcArrivalsPerDay { get; }
    public TimeSpan UtcEarliestLocalArrival { get; }
    public TimeSpan UtcLatestLocalArrival { get; }
    public double UtcMedianStayMinutes { get; }
    public IReadOnlyDictionary<string, double> UtcDispositionShares { get; }
    public double UtcWalkInShare { get; }
    public double GreenCarIncidentsPerDay { get; }
    public TimeSpan GreenCarEarliestLocalDispatch { get; }
    public TimeSpan GreenCarLatestLocalDispatch { get; }
    public double GreenCarNonConveyanceShare { get; }
    public double GreenCarMedianResponseMinutes { get; }
    public double GreenCarMedianJobCycleMinutes { get; }
    public double GreenCarC3C4Share { get; }
    public int GreenCarOverlappingJobs { get; }
    public double IvchCallsPerDay { get; }
    public int[] IvchCallsByLocalDay { get; }
    public double IvchAbandonedShare { get; }
    public double IvchMedianQueueWaitMinutes { get; }
    public IReadOnlyDictionary<string, double> IvchDispositionShares { get; }

    /// <summary>Share of calls in 17:00–22:00 relative to an even spread over the day (1 = average).</summary>
    public double IvchEveningShare { get; }

    public static IEnumerable<string> Describe(SimulatedWeek week)
    {
        var c = new SimulatorCalibration(week);
        static string P(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
        static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        static string Shares(IReadOnlyDictionary<string, double> shares) =>
            string.Join(", ", shares.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {P(s.Value)}"));
        yield return $"Simulated {week.Days} days from {week.Start:O}, seed {week.Seed}: {week.Raw.Count} events";
        yield return $"A&E arrivals/day {F(c.AeArrivalsPerDay)} (by day {string.Join(" ", c.AeArrivalsByLocalDay)}); ambulance {P(c.AeAmbulanceShare)}";
        yield return $"A&E by hour {string.Join(" ", c.AeArrivalsByLocalHour.Select(F))}";
        yield return $"A&E acuity 1-5 {string.Join(" ", c.AeAcuityShares.Select(P))}";
        yield return $"A&E dispositions {Shares(c.AeDispositionShares)}";
        yield return $"A&E 4-hour {P(c.AeFourHourPerformance)}; 12-h stays/day {F(c.AeTwelveHourStaysPerDay)}; 12-h trolley waits/day {F(c.AeTrolleyWaitsOver12HoursPerDay)}; median bed wait {F(c.AeMedianBedWaitMinutes)} min";
        yield return $"A&E handover median {F(c.AeMedianHandoverMinutes)} min, >30 {P(c.AeHandoverOver30Share)}, >45 {P(c.AeHandoverOver45Share)}, >60 {P(c.AeHandoverOver60Share)}";
        yield return $"A&E to assessment median {F(c.AeMedianToAssessmentMinutes)} min (ambulance within 15: {P(c.AeAmbulanceAssessedWithin15Share)}); to seen median {F(c.AeMedianToSeenMinutes)} min";
        yield return $"A&E in department: mean {F(c.AeInDepartmentMean)}, at midnight {F(c.AeInDepartmentAtMidnight)}, max {c.AeInDepartmentMax}; by hour {string.Join(" ", c.AeInDepartmentByHour.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}";
        yield return $"UTC arrivals/day {F(c.UtcArrivalsPerDay)}, local arrivals {c.UtcEarliestLocalArrival}–{c.UtcLatestLocalArrival}, walk-in {P(c.UtcWalkInShare)}, median stay {F(c.UtcMedianStayMinutes)} min";
        yield return $"UTC dispositions {Shares(c.UtcDispositionShares)}";
        yield return $"Green Car incidents/day {F(c.GreenCarIncidentsPerDay)}, dispatches {c.GreenCarEarliestLocalDispatch}–{c.GreenCarLatestLocalDispatch}, C3/C4 {P(c.GreenCarC3C4Share)}, non-conveyance {P(c.GreenCarNonConveyanceShare)}, median response {F(c.GreenCarMedianResponseMinutes)} min, median cycle {F(c.GreenCarMedianJobCycleMinutes)} min, overlapping jobs {c.GreenCarOverlappingJobs}";
        yield return $"IVCH calls/day {F(c.IvchCallsPerDay)} (by day {string.Join(" ", c.IvchCallsByLocalDay)}), abandoned {P(c.IvchAbandonedShare)}, median queue {F(c.IvchMedianQueueWaitMinutes)} min, evening ×{F(c.IvchEveningShare)}";
        yield return $"IVCH dispositions {Shares(c.IvchDispositionShares)}";
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        items.Count(predicate) / (double)items.Count;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
