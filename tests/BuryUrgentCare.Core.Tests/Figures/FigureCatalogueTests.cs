using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Tests.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Figures;

/// <summary>
/// The catalogue against the figures the core computes: every figure a snapshot carries is catalogued, stored,
/// rolled up or explicitly not, and the catalogue reads the same value the API sends.
/// </summary>
public sealed class FigureCatalogueTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Every unit's snapshot at 14:00 on the simulated week's second day, when every service has figures of the day.</summary>
    private static readonly Lazy<IReadOnlyList<UnitSnapshot>> Afternoon = new(() =>
    {
        var week = SimulatedWeek.Default;
        var at = week.Start.AddDays(1).AddHours(14);
        var events = week.Raw.Where(e => e.Time <= at).OrderBy(e => e.Time).ToList();
        var clock = new FakeTimeProvider(events[0].Time);
        var processor = new StreamProcessor(UnitCatalog.Bury, clock);
        foreach (var evt in events)
        {
            clock.SetUtcNow(evt.Time);
            processor.Process(evt.Json).Outcome.ShouldBe(ProcessOutcome.Applied);
        }

        return [.. Enumerable.Range(0, UnitCatalog.Bury.Count).Select(unit => processor.Snapshot(unit, at))];
    });

    public static TheoryData<string> Units() => [.. UnitCatalog.Bury.Units.Select(u => u.Id)];

    private static (UnitSnapshot Snapshot, ServiceFigureCatalogue Catalogue, JsonElement Json) Figures(string unit)
    {
        var snapshot = Afternoon.Value.Single(s => s.Unit == unit);
        var json = JsonSerializer.SerializeToElement(snapshot, Web).GetProperty("figures");
        return (snapshot, FigureCatalogue.For(snapshot.Figures.Service), json);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Snapshot_EveryFigureItSends_IsCatalogued_AndEveryCatalogueFigureIsSent(string unit)
    {
        var (_, catalogue, json) = Figures(unit);

        var sent = json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

        sent.ShouldBe(catalogue.Figures.Select(f => f.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Read_EveryFigure_IsTheValueTheApiSends(string unit)
    {
        var (snapshot, catalogue, json) = Figures(unit);

        foreach (var spec in catalogue.Figures)
        {
            var sent = json.GetProperty(spec.Name);
            if (spec.IsMap)
            {
                var read = spec.ReadMap(snapshot.Figures).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
                var expected = sent.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt32()))
                    .OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
                read.ShouldBe(expected, spec.Name);
                read.Select(e => e.Key).ShouldAllBe(k => spec.Keys.Any(key => key.Key == k), $"{spec.Name}: every key it counts is a known key");
            }
            else
            {
                spec.Read(snapshot.Figures).ShouldBe(sent.ValueKind == JsonValueKind.Null ? null : sent.GetDouble(), spec.Name);
            }
        }
    }

    [Fact]
    public void Afternoon_EveryServiceHasFiguresOfTheDay()
    {
        // Guards the two tests above: a snapshot of zeros and nulls would let a reader that reads the wrong property pass.
        ((EmergencyDepartmentFigures)Figures("FGH-ED").Snapshot.Figures).ArrivalsToday.ShouldBeGreaterThan(50);
        ((EmergencyDepartmentFigures)Figures("FGH-ED").Snapshot.Figures).MeanHandoverMinutesToday.ShouldNotBeNull();
        ((GreenCarFigures)Figures("BURY-GREENCAR").Snapshot.Figures).OutcomesToday.ShouldNotBeEmpty();
        ((IvchFigures)Figures("BURY-IVCH").Snapshot.Figures).DispositionsToday.Count.ShouldBeGreaterThan(2);
    }

    [Fact]
    public void EveryFigure_IsLabelledStoredAndRolledUpOrSaysWhyNot()
    {
        foreach (var service in FigureCatalogue.Services)
        {
            foreach (var spec in service.Figures.Concat(FigureCatalogue.System))
            {
                spec.Label.ShouldNotBeNullOrWhiteSpace(spec.Name);
                spec.Description.ShouldNotBeNullOrWhiteSpace(spec.Name);
                spec.UnitOfMeasure.ShouldNotBeNullOrWhiteSpace(spec.Name);
                spec.Storage.Measurement.ShouldNotBeNullOrWhiteSpace(spec.Name);
                spec.Storage.Field.ShouldNotBeNullOrWhiteSpace(spec.Name);
                (spec.Rollup.IsRolledUp ^ spec.Rollup.NotRolledUpBecause is not null).ShouldBeTrue($"{spec.Name}: rolled up, or says why not");
                if (spec.Rollup.IsRolledUp)
                {
                    spec.Rollup.Measurement!.ShouldStartWith(StorageNames.DailyPrefix);
                    (spec.IsMap || spec.Rollup.Field is not null).ShouldBeTrue($"{spec.Name}: a scalar rolls up into a named field");
                }

                if (spec.IsMap)
                {
                    spec.Storage.KeyTag.ShouldNotBeNull(spec.Name);
                    spec.Keys.ShouldNotBeEmpty(spec.Name);
                    spec.Keys.Select(k => k.Key).ShouldBeUnique(spec.Name);
                    spec.Thresholds.ShouldBeNull(spec.Name);
                }
            }
        }
    }

    [Fact]
    public void Storage_NoTwoFiguresOfAServiceShareAField()
    {
        foreach (var service in FigureCatalogue.Services)
        {
            service.Figures.Select(f => (f.Storage.Measurement, f.Storage.Field, f.Storage.KeyTag)).ShouldBeUnique(service.Name);
            service.Figures.Where(f => f.Rollup.IsRolledUp && !f.IsMap).Select(f => (f.Rollup.Measurement, f.Rollup.Field)).ShouldBeUnique(service.Name);
        }
    }

    [Fact]
    public void Thresholds_AmberComesBeforeRedInTheDirectionOfWorse()
    {
        foreach (var spec in FigureCatalogue.Services.SelectMany(s => s.Figures).Where(f => f.Thresholds is { Amber: not null, Red: not null }))
        {
            var t = spec.Thresholds!;
            (t.Direction == ThresholdDirection.HigherIsWorse ? t.Amber < t.Red : t.Amber > t.Red).ShouldBeTrue(spec.Name);
        }
    }

    [Theory]
    [InlineData(84.9, ThresholdLevel.Ok)]
    [InlineData(85.0, ThresholdLevel.Amber)] // reaching the threshold is enough, as for an OPEL band
    [InlineData(99.9, ThresholdLevel.Amber)]
    [InlineData(100.0, ThresholdLevel.Red)]
    [InlineData(null, ThresholdLevel.None)]
    [InlineData(double.NaN, ThresholdLevel.None)]
    public void LevelOf_HigherIsWorse_Inclusive(double? value, ThresholdLevel level) =>
        FigureThresholds.Above(85, 100, "test").LevelOf(value).ShouldBe(level);

    [Theory]
    [InlineData(95.5, ThresholdLevel.Ok)]
    [InlineData(95, ThresholdLevel.Amber)]
    [InlineData(78.1, ThresholdLevel.Amber)]
    [InlineData(78, ThresholdLevel.Red)]
    [InlineData(0, ThresholdLevel.Red)]
    public void LevelOf_LowerIsWorse_Inclusive(double value, ThresholdLevel level) =>
        FigureThresholds.Below(95, 78, "test").LevelOf(value).ShouldBe(level);

    [Fact]
    public void LevelOf_RedOnly_NoAmberBand() =>
        FigureThresholds.Above(null, 1, "test").LevelOf(0).ShouldBe(ThresholdLevel.Ok);

    [Fact]
    public void OpelProfile_ThresholdsFor_ScoredFigureTakesBands2And3_OthersNone()
    {
        var profile = OpelProfile.Parse(
            """
            { "name": "t", "version": "1",
              "parameters": [
                { "name": "occ", "unit": "FGH-ED", "figure": "occupancyPercent", "thresholds": [85, 100, 130] },
                { "name": "4h", "unit": "FGH-ED", "figure": "fourHourPerformanceToday", "thresholds": [78, 70, 60], "direction": "lowerIsWorse" } ],
              "scoreBands": [ { "level": 1, "maxScore": 25 }, { "level": 2, "maxScore": 50 }, { "level": 3, "maxScore": 75 }, { "level": 4, "maxScore": 100 } ] }
            """, UnitCatalog.Bury);

        profile.ThresholdsFor("FGH-ED", "occupancyPercent").ShouldBe(new FigureThresholds(ThresholdDirection.HigherIsWorse, 85, 100, "OPEL profile t 1"));
        profile.ThresholdsFor("FGH-ED", "fourHourPerformanceToday")!.Direction.ShouldBe(ThresholdDirection.LowerIsWorse);
        profile.ThresholdsFor("FGH-UTC", "occupancyPercent").ShouldBeNull(); // the profile scores the ED's, not the UTC's
        profile.ThresholdsFor("FGH-ED", "inDepartment").ShouldBeNull();
    }

    [Fact]
    public void ServiceName_IsTheSnapshotsService()
    {
        foreach (var snapshot in Afternoon.Value)
        {
            FigureCatalogue.ServiceName(snapshot.Figures.Service).ShouldBe(snapshot.Service);
        }
    }
}
