using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using static BuryUrgentCare.Escalation.EscalationScenario;

namespace BuryUrgentCare.Escalation;

public sealed class OpelEvaluatorTests
{
    private static OpelEvaluator CreateSut() => new(OpelProfile.Parse(Profile, UnitCatalog.Bury));

    [Fact]
    public void Evaluate_OneParameterInBand3_ScoreIsItsShareOfTheMaximum()
    {
        var result = CreateSut().Evaluate(ByUnit(Ed(meanHandover: 10, fourHour: 90, capacity: Beds(380, 400))));

        // handover 10 → band 1 (contributes 0); four hour 90 → band 1 (0); beds 380/400 = 95 % reaches the
        // 95 threshold → band 3 (weight 1 × (3 − 1) = 2). Maximum = 2×3 + 1×3 + 1×3 = 12 → score 2/12 = 16.7 %.
        result.Score.ShouldBe(2 * 100.0 / 12);
        result.Level.ShouldBe(1); // 16.7 ≤ 25
        result.Parameters.Select(p => p.Band).ShouldBe([1, 1, 3]);
        result.Parameters.Select(p => p.Contribution).ShouldBe([0, 0, 2]);
        result.Parameters[2].Value.ShouldBe(95);
    }

    [Fact]
    public void Evaluate_ParameterWithoutData_ScoresNothingAgainstTheFixedMaximum_AndTheLevelSaysItIsIncomplete()
    {
        // Only handover has data: 30 min → band 3 → 2 × 2 = 4 of a fixed 12 (weights 2 + 1 + 1, × 3) = 33.3 % → level 2.
        // Rescaled to the parameters with data it would be 4 of 6 = 66.7 %, level 3 — from one figure early in the day.
        var result = CreateSut().Evaluate(ByUnit(Ed(meanHandover: 30)));

        result.Score.ShouldBe(4 * 100.0 / 12);
        result.Level.ShouldBe(2);
        result.Parameters[1].Band.ShouldBeNull();
        result.Parameters[1].Contribution.ShouldBeNull();
        result.Parameters[2].Value.ShouldBeNull(); // no capacity declared
        result.Missing.ShouldBe(["four hour", "beds"]);
        result.Complete.ShouldBeFalse();
    }

    private const string SampledProfile = """
        {
          "name": "sampled", "version": "1",
          "parameters": [
            { "name": "4-hour performance", "unit": "FGH-ED", "figure": "fourHourPerformanceToday", "thresholds": [78, 70, 60], "direction": "lowerIsWorse",
              "minimumSample": { "figure": "departuresToday", "minimum": 20, "counts": "departures", "fallback": "fourHourPerformanceLast24Hours" } },
            { "name": "handover", "unit": "FGH-ED", "figure": "meanHandoverMinutesToday", "thresholds": [15, 30, 60],
              "minimumSample": { "figure": "handoversToday", "minimum": 5, "counts": "handovers" } }
          ],
          "scoreBands": [ { "level": 1, "maxScore": 25 }, { "level": 2, "maxScore": 50 }, { "level": 3, "maxScore": 75 }, { "level": 4, "maxScore": 100 } ]
        }
        """;

    private static UnitSnapshot Sampled(int departures, double today, double last24Hours, int handovers, double meanHandover) =>
        Ed() with
        {
            Figures = new EmergencyDepartmentFigures
            {
                DeparturesToday = departures, FourHourPerformanceToday = today, FourHourPerformanceLast24Hours = last24Hours,
                HandoversToday = handovers, MeanHandoverMinutesToday = meanHandover,
            },
        };

    [Fact]
    public void Evaluate_TooFewSinceMidnight_ScoresTheRolling24Hours_AndSaysWhichWindow()
    {
        var sut = new OpelEvaluator(OpelProfile.Parse(SampledProfile, UnitCatalog.Bury));

        // 00:40: 7 departures, 2 of them over 4 h → 71.4 % today (band 2); the last 24 h: 74 % (band 2 as well, but
        // from 180 departures). 3 handovers, one slow: a mean of 50 min from 3 is not scored at all.
        var early = sut.Evaluate(ByUnit(Sampled(departures: 7, today: 5 * 100.0 / 7, last24Hours: 65, handovers: 3, meanHandover: 50)));

        early.Parameters[0].Value.ShouldBe(65);                  // the rolling 24 h, band 3
        early.Parameters[0].Band.ShouldBe(3);
        early.Parameters[0].Window.ShouldBe("rolling 24 h (7 departures since midnight)");
        early.Parameters[1].Value.ShouldBeNull();
        early.Parameters[1].Window.ShouldBe("too few handovers since midnight (3 of 5)");
        early.Missing.ShouldBe(["handover"]);
        early.Score.ShouldBe(2 * 100.0 / 6);                     // (3 − 1) of a fixed 2 × 3

        // 20 departures and 5 handovers: since midnight from then on.
        var later = sut.Evaluate(ByUnit(Sampled(departures: 20, today: 80, last24Hours: 65, handovers: 5, meanHandover: 20)));
        later.Parameters[0].Value.ShouldBe(80);
        later.Parameters[0].Window.ShouldBe("since midnight (20 departures)");
        later.Parameters[1].Value.ShouldBe(20);
        later.Parameters[1].Window.ShouldBe("since midnight (5 handovers)");
        later.Complete.ShouldBeTrue();
    }

    [Fact]
    public void Parse_MinimumSampleOfAnUnknownFigure_IsAProblem() =>
        Should.Throw<OpelProfileException>(() => OpelProfile.Parse(SampledProfile.Replace("\"handoversToday\"", "\"handoversYesterday\""), UnitCatalog.Bury))
            .Message.ShouldContain("minimumSample.figure 'handoversYesterday' is not a numeric figure of FGH-ED");

    [Fact]
    public void Evaluate_UnitWhoseFeedIsSilent_ItsParametersAreScoredButFlaggedStale()
    {
        var silent = Ed(meanHandover: 30, fourHour: 80) with { Feed = new Figures.FeedStatus(Figures.FeedStatus.Silent, null, 9) };

        var result = CreateSut().Evaluate(ByUnit(silent));

        result.Parameters[0].Stale.ShouldBeTrue();
        result.Parameters[2].Stale.ShouldBeFalse("no value, so nothing stale: it is missing");
        result.Stale.ShouldBe(["handover", "four hour"]);
        result.Complete.ShouldBeFalse();
        result.Score.ShouldBe(4 * 100.0 / 12);
    }

    [Fact]
    public void Evaluate_AcuteParametersOnly_CalledFghAcuteOpelLocalProfile_AndSaysWhatItDoesNotMeasure()
    {
        // H24: without community, mental-health and 111 inputs the level measures the acute trust, and says so.
        var result = CreateSut().Evaluate(ByUnit(Ed(meanHandover: 30)));

        result.Title.ShouldBe("FGH acute OPEL (local profile)");
        result.NotMeasured.ShouldBe(["community", "mental health", "111"]);
    }

    [Fact]
    public void Evaluate_EveryDomainConfigured_CalledIntegratedOpel()
    {
        var profile = OpelProfile.Parse("""
            {
              "name": "Bury ICB 2026", "version": "1",
              "parameters": [
                { "name": "handover", "unit": "FGH-ED", "figure": "meanHandoverMinutesToday", "thresholds": [15, 30, 60] },
                { "name": "community", "unit": "BURY-GREENCAR", "figure": "activeIncidents", "thresholds": [2, 4, 6], "domain": "community" },
                { "name": "mental health", "unit": "FGH-ED", "figure": "capacity.mhBedsOccupied", "thresholds": [10, 15, 20], "domain": "mentalHealth" },
                { "name": "111", "unit": "BURY-IVCH", "figure": "queue", "thresholds": [5, 10, 20], "domain": "nhs111" }
              ],
              "scoreBands": [ { "level": 1, "maxScore": 25 }, { "level": 2, "maxScore": 50 }, { "level": 3, "maxScore": 75 }, { "level": 4, "maxScore": 100 } ]
            }
            """, UnitCatalog.Bury);

        var result = new OpelEvaluator(profile).Evaluate(ByUnit(Ed(meanHandover: 30)));

        result.Title.ShouldBe("Integrated OPEL (Bury ICB 2026)");
        result.NotMeasured.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_NoDataAtAll_NoLevel()
    {
        var result = CreateSut().Evaluate(ByUnit(Ed()));

        result.Level.ShouldBeNull();
        result.Score.ShouldBeNull();
    }

    [Theory]
    [InlineData(14.9, 1)]
    [InlineData(15, 2)]
    [InlineData(29.9, 2)]
    [InlineData(30, 3)]
    [InlineData(60, 4)]
    public void BandOf_HigherIsWorse_ThresholdStartsItsBand(double value, int band) =>
        OpelProfile.Parse(Profile, UnitCatalog.Bury).Parameters[0].BandOf(value).ShouldBe(band);

    [Theory]
    [InlineData(78.1, 1)]
    [InlineData(78, 2)]
    [InlineData(70, 3)]
    [InlineData(59, 4)]
    public void BandOf_LowerIsWorse_ThresholdStartsItsBand(double value, int band) =>
        OpelProfile.Parse(Profile, UnitCatalog.Bury).Parameters[1].BandOf(value).ShouldBe(band);

    [Fact]
    public void LevelDrivenThrough1To4To1_AnnouncedOnlyAfterHolding()
    {
        var sut = CreateSut();
        var hysteresis = new LevelHysteresis(TimeSpan.FromMinutes(15));
        var t = Start;
        int? Step(double handover, double fourHour, int beds, TimeSpan after)
        {
            t += after;
            var level = sut.Evaluate(ByUnit(Ed(meanHandover: handover, fourHour: fourHour, capacity: Beds(beds, 100)))).Level;
            return hysteresis.Observe(level, t);
        }

        // All band 1 → score 0 → level 1, announced at once (first level seen).
        Step(10, 90, 80, TimeSpan.Zero).ShouldBe(1);
        // All band 4 → 100 → level 4, not announced before it has held 15 minutes.
        Step(70, 50, 99, TimeSpan.FromMinutes(1)).ShouldBeNull();
        Step(70, 50, 99, TimeSpan.FromMinutes(14)).ShouldBeNull();   // held 14 min
        // A dip to level 3 restarts level 4's hold: handover 45 → band 3 (2×2 = 4), four hour 65 → band 3 (1×2 = 2),
        // beds 96 → band 3 (1×2 = 2): 8/12 = 66.7 → level 3. Level 3 or more has held since minute 1, though.
        Step(45, 65, 96, TimeSpan.FromMinutes(0.5)).ShouldBeNull();
        Step(70, 50, 99, TimeSpan.FromMinutes(0.5)).ShouldBe(3);     // level 4 again; ≥ 3 held 15 min → 3 announced
        Step(70, 50, 99, TimeSpan.FromMinutes(14)).ShouldBeNull();
        Step(70, 50, 99, TimeSpan.FromMinutes(1)).ShouldBe(4);       // 4 held exactly 15 min → announced
        hysteresis.Announced.ShouldBe(4);
        Step(70, 50, 99, TimeSpan.FromMinutes(5)).ShouldBeNull();    // no repeat while it stays
        // Back to all band 1: announced as 1 only after 15 minutes.
        Step(10, 90, 80, TimeSpan.FromMinutes(1)).ShouldBeNull();
        Step(10, 90, 80, TimeSpan.FromMinutes(15)).ShouldBe(1);
        hysteresis.Announced.ShouldBe(1);
    }

    private static Dictionary<string, long> Beds(long occupied, long beds) => new() { ["gaBeds"] = beds, ["gaBedsOccupied"] = occupied };
}
