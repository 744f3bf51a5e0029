using BuryUrgentCare.Contract;
using BuryUrgentCare.History;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Simulation;
using BuryUrgentCare.Support;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Grafana;

/// <summary>
/// A simulated Bury day in history, as the running app would have written it: the traffic simulator's events go through
/// a core <see cref="StreamProcessor"/>, every unit is snapshotted every simulated minute and mapped with
/// <see cref="FigureSchema"/> (with the ingest and writer counters), a few malformed events are mixed in so the
/// dead-letter series exist, and the day is rolled up with <see cref="DailyRollup"/>.
/// </summary>
internal static class SimulatedDayHistory
{
    /// <summary>Monday 16 November 2026, local midnight (GMT).</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset End = Start.AddDays(1);

    public const int Seed = 20261116;

    /// <summary>Writes the day to <paramref name="store"/>; returns the number of points written.</summary>
    public static async Task<int> WriteAsync(ITimeSeriesStore store)
    {
        var simulator = new BuryTrafficSimulator(SimulatorProfile.Default, Start, Seed);
        var processor = new StreamProcessor(UnitCatalog.Bury, new FakeTimeProvider(Start));
        var units = Enumerable.Range(0, UnitCatalog.Bury.Count).ToArray();
        var batch = new List<FigurePoint>(8_192);
        long written = 0;

        for (var minute = 0; minute < 24 * 60; minute++)
        {
            var at = Start.AddMinutes(minute);
            foreach (var e in simulator.Advance(at))
            {
                processor.Process(e.Json, e.Time.UtcTicks);
            }

            if (minute % 30 == 15)
            {
                // What integrators get wrong: an unknown unit, a value outside the vocabulary, a duplicate.
                processor.Process(TestEvents.Event("ae.arrived", "NOWHERE-ED", $"x-{minute}", at, new { arrivalMode = "walk-in" }), at.UtcTicks);
                processor.Process(TestEvents.Event("ae.arrived", "FGH-ED", $"ed-bad-{minute}", at, new { arrivalMode = "by-balloon" }), at.UtcTicks);
                var twice = TestEvents.Event("ivch.call-received", "BURY-IVCH", $"call-dup-{minute}", at, new { route = "111" }, id: $"dup-{minute}");
                processor.Process(twice, at.UtcTicks);
                processor.Process(twice, at.UtcTicks);
            }

            var points = FigureSchema.ToPoints(units.Select(u => processor.Snapshot(u, at)).ToArray(), at);
            FigureSchema.AppendIngestPoints(processor.Counters.Read(), "app-1", at, points);
            points.Add(FigureSchema.WriterPoint(new TimeSeriesWriterStats(written, written, 0, 0, 0, 0, null, null), "app-1", at));
            if (minute % 15 == 0)
            {
                // A stand-in for the OPEL job's measurement (not part of this feature), so its panel's query is checked too.
                points.Add(new FigurePoint("opel", [], [KeyValuePair.Create("level", FieldValue.Integer(2 + minute / 720)),
                    KeyValuePair.Create("score", FieldValue.Integer(9 + minute / 240))], at));
            }

            batch.AddRange(points);
            written += points.Count;
            if (batch.Count >= 5_000)
            {
                await store.WriteAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }

        await store.WriteAsync(batch, CancellationToken.None);
        var rollup = await new DailyRollup(store, UnitCatalog.Bury, ServiceCalendar.London)
            .ComputeAsync(DateOnly.FromDateTime(Start.UtcDateTime), CancellationToken.None);
        await store.WriteAsync(rollup, CancellationToken.None);
        return (int)written + rollup.Count;
    }
}
