using BuryUrgentCare.Simulation;

namespace BuryUrgentCare.Tests.Simulation;

/// <summary>
/// The simulated week (default profile, fixed seed) against the calibration ranges. A week is a
/// small sample — ~1,450 A&amp;E attendances, ~520 UTC, ~63 Green Car jobs, ~750 IVCH calls — so
/// shares with a sampling error that matters (±1–6 points) are held to the calibrated range widened
/// by about two standard errors, as noted at each; <see cref="Advance_OverFourWeeks_SharesConvergeOnCalibration"/>
/// holds the long-run averages to the calibrated ranges themselves.
/// </summary>
public sealed class SimulatorCalibrationTests
{
    private static readonly SimulatorCalibration Week = new(SimulatedWeek.Default);

    [Fact]
    public void Advance_OverAWeek_AeArrivalsPerDayWithinCalibration()
    {
        Week.AeArrivalsPerDay.ShouldBeInRange(180, 230);
        Week.AeArrivalsByLocalDay.Length.ShouldBe(7);
        Week.AeArrivalsByLocalDay.ShouldAllBe(n => n >= 150 && n <= 260); // a single day: ± 3 Poisson sd
    }

    [Fact]
    public void Advance_OverAWeek_AeAmbulanceShareWithinCalibration()
    {
        Week.AeAmbulanceShare.ShouldBeInRange(0.18, 0.27); // 20–25 %, ± 2 se (1.1 points)
    }

    [Fact]
    public void Advance_OverAWeek_AeAdmittedShareWithinCalibration()
    {
        Week.AeAdmittedShare.ShouldBeInRange(0.23, 0.32); // 25–30 %, ± 2 se (1.2 points)
    }

    [Fact]
    public void Advance_OverAWeek_AeOtherDispositionsWithinCalibration()
    {
        Week.AeLeftBeforeTreatmentShare.ShouldBeInRange(0.015, 0.05); // 2–4 %
        Week.AeDispositionShares.GetValueOrDefault("died").ShouldBeLessThan(0.005);
        Week.AeDispositionShares.GetValueOrDefault("streamed-utc").ShouldBeInRange(0.01, 0.06);
        Week.AeDispositionShares.GetValueOrDefault("transferred").ShouldBeInRange(0.003, 0.03);
        Week.AeDispositionShares["discharged"].ShouldBeGreaterThan(0.55);
    }

    [Fact]
    public void Advance_OverAWeek_AeFourHourPerformanceAndLongStaysRealistic()
    {
        Week.AeFourHourPerformance.ShouldBeInRange(0.63, 0.77); // 65–75 %
        Week.AeTwelveHourStaysPerDay.ShouldBeInRange(2, 15);     // "a few" 12-hour stays a day
        Week.AeTrolleyWaitsOver12HoursPerDay.ShouldBeInRange(0.5, 10);
    }

    [Fact]
    public void Advance_OverAWeek_AeHandoversHaveAMedianNear20MinutesAndALongTail()
    {
        Week.AeMedianHandoverMinutes.ShouldBeInRange(17, 23);
        Week.AeHandoverOver30Share.ShouldBeInRange(0.15, 0.40);
        Week.AeHandoverOver45Share.ShouldBeInRange(0.04, 0.20);
        Week.AeHandoverOver60Share.ShouldBeInRange(0.01, 0.10);
    }

    [Fact]
    public void Advance_OverAWeek_AeAssessmentAndSeenTimesWithinCalibration()
    {
        Week.AeMedianToAssessmentMinutes.ShouldBeInRange(14, 21);   // ~15–20 min
        Week.AeMedianToSeenMinutes.ShouldBeInRange(60, 95);         // ~1–1.5 h
    }

    [Fact]
    public void Advance_OverAWeek_AeAcuityMixHasFewOnesAndMostlyThrees()
    {
        var shares = Week.AeAcuityShares;

        shares[0].ShouldBeInRange(0.005, 0.03);
        shares[2].ShouldBe(shares.Max());
        shares[2].ShouldBeInRange(0.38, 0.52);
        shares[3].ShouldBeGreaterThan(shares[1]);
    }

    [Fact]
    public void Advance_OverAWeek_AeHourlyProfileHasAnEarlyMorningTroughAndALateMorningPeak()
    {
        var byHour = Week.AeArrivalsByLocalHour;
        var trough = Array.IndexOf(byHour, byHour.Min());
        var peak = Array.IndexOf(byHour, byHour.Max());

        trough.ShouldBeInRange(3, 6);
        peak.ShouldBeInRange(10, 13);
        byHour.Skip(10).Take(4).Average().ShouldBeGreaterThan(3 * byHour.Skip(3).Take(4).Average());
    }

    [Fact]
    public void Advance_OverAWeek_UtcVolumeAndHoursWithinCalibration()
    {
        Week.UtcArrivalsPerDay.ShouldBeInRange(50, 90);
        // Open 24/7 (issue 10): arrivals in the small hours and late evening, though few.
        Week.UtcEarliestLocalArrival.ShouldBeLessThan(TimeSpan.FromHours(1));
        Week.UtcLatestLocalArrival.ShouldBeGreaterThan(TimeSpan.FromHours(23));
        Week.UtcWalkInShare.ShouldBeGreaterThan(0.85);
        Week.UtcMedianStayMinutes.ShouldBeInRange(85, 125);          // ~1.5–2 h
    }

    [Fact]
    public void Advance_OverAWeek_UtcDispositionsWithinCalibration()
    {
        Week.UtcDispositionShares["discharged"].ShouldBeGreaterThan(0.7);
        Week.UtcDispositionShares["referred-ed"].ShouldBeInRange(0.035, 0.10); // 5–8 %, ± 2 se (1.1 points)
        Week.UtcDispositionShares.Keys.ShouldBe(
            ["discharged", "referred-ed", "referred-gp", "left-before-treatment", "transferred"], ignoreOrder: true);
    }

    [Fact]
    public void Advance_OverAWeek_GreenCarVolumeAndHoursWithinCalibration()
    {
        Week.GreenCarIncidentsPerDay.ShouldBeInRange(8, 12);
        Week.GreenCarEarliestLocalDispatch.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromHours(8));
        Week.GreenCarLatestLocalDispatch.ShouldBeLessThan(TimeSpan.FromHours(20));
        Week.GreenCarOverlappingJobs.ShouldBe(0);
    }

    [Fact]
    public void Advance_OverAWeek_GreenCarTimesAndOutcomesWithinCalibration()
    {
        Week.GreenCarMedianResponseMinutes.ShouldBeInRange(20, 40);
        Week.GreenCarMedianJobCycleMinutes.ShouldBeInRange(60, 90);
        Week.GreenCarC3C4Share.ShouldBeGreaterThan(0.5);
        Week.GreenCarNonConveyanceShare.ShouldBeInRange(0.5, 0.8); // 60–70 %, ± 2 se (6 points) over ~63 jobs
    }

    [Fact]
    public void Advance_OverAWeek_IvchVolumeWithinCalibrationAndBusierAtWeekendsAndEvenings()
    {
        Week.IvchCallsPerDay.ShouldBeInRange(80, 150);
        Week.IvchEveningShare.ShouldBeGreaterThan(1.3);
        // The week starts on a Monday: Saturday and Sunday are the last two days.
        Week.IvchCallsByLocalDay.TakeLast(2).Average().ShouldBeGreaterThan(Week.IvchCallsByLocalDay.Take(5).Average());
    }

    [Fact]
    public void Advance_OverAWeek_IvchQueueAbandonmentAndDispositionsWithinCalibration()
    {
        Week.IvchMedianQueueWaitMinutes.ShouldBeInRange(7, 14);             // ~10 min
        Week.IvchAbandonedShare.ShouldBeInRange(0.02, 0.065);               // 3–5 %, ± 2 se (0.7 points)
        Week.IvchDispositionShares["ed"].ShouldBeInRange(0.04, 0.12);       // 5–10 %
        Week.IvchDispositionShares["ambulance"].ShouldBeInRange(0.02, 0.065); // 3–5 %
        Week.IvchDispositionShares.Count.ShouldBe(8);
    }

    [Fact]
    public void Advance_OverFourWeeks_SharesConvergeOnCalibration()
    {
        var month = new SimulatorCalibration(SimulatedWeek.Run(
            SimulatorProfile.Default, new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), seed: 7, days: 28));

        month.AeArrivalsPerDay.ShouldBeInRange(180, 230);
        month.AeAmbulanceShare.ShouldBeInRange(0.20, 0.25);
        month.AeAdmittedShare.ShouldBeInRange(0.25, 0.30);
        month.AeLeftBeforeTreatmentShare.ShouldBeInRange(0.02, 0.04);
        month.AeFourHourPerformance.ShouldBeInRange(0.65, 0.75);
        month.UtcArrivalsPerDay.ShouldBeInRange(50, 90);
        month.UtcDispositionShares["referred-ed"].ShouldBeInRange(0.05, 0.08);
        month.GreenCarIncidentsPerDay.ShouldBeInRange(8, 12);
        month.GreenCarNonConveyanceShare.ShouldBeInRange(0.60, 0.70);
        month.IvchCallsPerDay.ShouldBeInRange(80, 150);
        month.IvchAbandonedShare.ShouldBeInRange(0.03, 0.05);
        month.IvchDispositionShares["ed"].ShouldBeInRange(0.05, 0.10);
        month.IvchDispositionShares["ambulance"].ShouldBeInRange(0.03, 0.05);
    }
}
