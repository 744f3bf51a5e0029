using System.Text;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The history rebuild's core: replaying the log gives, at every slot, exactly the figures a live processor fed the
/// same records as they arrived, asked at that slot, shows. The reference is the plain live path: the clock moved to
/// each record's timestamp, <c>Process(message)</c> at the clock, <c>Snapshot(unit)</c> at the slot, never pruned.
/// </summary>
public sealed class LogReplayTests
{
    // Monday 16 November 2026, 06:00 UTC (GMT): the simulated stream starts here, with the open episodes before it.
    private static readonly DateTimeOffset Start = new(2026, 11, 16, 6, 0, 0, TimeSpan.Zero);
    private const int Seed = 1516;

    [Fact]
    public void Replay_SimulatedStream_GivesAtEverySlotTheSnapshotsOfALiveProcessorAskedAtThatSlot()
    {
        var records = SimulatedLog(Start, Start.AddHours(4));
        var from = Start.AddHours(1).AddSeconds(20); // not on the grid: the first slot is the next whole minute
        var to = Start.AddHours(3);

        var replayed = LogReplay.Replay(Partitioned(records), from, to, TimeSpan.FromMinutes(1), UnitCatalog.Bury).ToList();

        replayed.Count.ShouldBe(119);
        replayed[0].At.ShouldBe(Start.AddHours(1).AddMinutes(1));
        replayed[^1].At.ShouldBe(to.AddMinutes(-1));
        var reference = new LiveReference(records);
        foreach (var slot in replayed)
        {
            var expected = reference.At(slot.At);
            slot.Units.Count.ShouldBe(UnitCatalog.Bury.Count);
            for (var unit = 0; unit < expected.Count; unit++)
            {
                Json(slot.Units[unit]).ShouldBe(Json(expected[unit]), $"{expected[unit].Unit} at {slot.At:O}");
            }
        }

        // Guards against comparing two empty pictures.
        ((DepartmentFigures)replayed[^1].Units[0].Figures).InDepartment.ShouldBeGreaterThan(5);
        replayed.Select(s => ((DepartmentFigures)s.Units[0].Figures).ArrivalsToday).Distinct().Count().ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Replay_WithAnOpelEvaluator_ScoresEachSlotsSnapshotsAsTheEvaluatorDoes()
    {
        var records = SimulatedLog(Start, Start.AddHours(2));
        var evaluator = new OpelEvaluator(OpelProfile.Parse(EscalationScenario.Profile, UnitCatalog.Bury));

        var replayed = LogReplay.Replay(records, Start.AddHours(1), Start.AddHours(2), TimeSpan.FromMinutes(5), UnitCatalog.Bury, opel: evaluator)
            .ToList();

        replayed.Count.ShouldBe(12);
        foreach (var slot in replayed)
        {
            var expected = evaluator.Evaluate(slot.Units.ToDictionary(u => u.Unit));
            slot.Opel.ShouldNotBeNull();
            (slot.Opel.Level, slot.Opel.Score).ShouldBe((expected.Level, expected.Score), $"{slot.At:O}");
        }

        replayed.ShouldContain(s => s.Opel!.Score != null, "the simulated ED has handovers to score");
    }

    [Fact]
    public void Replay_RecordStampedAfterASlot_CountsFromTheNextSlotOnly()
    {
        var slot = Start;
        var records = new[]
        {
            Arrival("ed-00000001", slot.AddSeconds(-30), stamped: slot),               // at the slot: counts at it
            Arrival("ed-00000002", slot.AddSeconds(-20), stamped: slot.AddTicks(1)),   // just after: counts at the next
        };

        var replayed = LogReplay.Replay(records, slot, slot.AddMinutes(2), TimeSpan.FromMinutes(1), UnitCatalog.Bury).ToList();

        replayed.Select(s => ((DepartmentFigures)s.Units[0].Figures).InDepartment).ShouldBe([1, 2]);
    }

    [Fact]
    public void Replay_JudgesEachRecordAgainstItsOwnTimestamp_NotTheSlot()
    {
        // An event 10 minutes ahead of its record's timestamp is rejected (future time), even though it is not ahead
        // of the slot the replay computes next: the live host received it then and rejected it then.
        var slot = Start;
        var processed = new List<ProcessResult>();
        var records = new[] { Arrival("ed-00000003", slot.AddMinutes(-5), stamped: slot.AddMinutes(-15)) };

        var replayed = LogReplay.Replay(records, slot, slot.AddMinutes(1), TimeSpan.FromMinutes(1), UnitCatalog.Bury,
            onProcessed: processed.Add).Single();

        processed.Single().Outcome.ShouldBe(ProcessOutcome.Rejected);
        ((DepartmentFigures)replayed.Units[0].Figures).InDepartment.ShouldBe(0);
    }

    [Theory]
    [InlineData("2026-11-16T10:00:00Z", "2026-11-16T10:03:00Z", 60, "10:00,10:01,10:02")]
    [InlineData("2026-11-16T10:00:01Z", "2026-11-16T10:03:00.001Z", 60, "10:01,10:02,10:03")]
    [InlineData("2026-11-16T10:00:00Z", "2026-11-16T10:00:00Z", 60, "")]
    [InlineData("2026-11-16T10:02:00Z", "2026-11-16T10:17:00Z", 300, "10:05,10:10,10:15")]
    public void Slots_AreTheWholeMultiplesOfTheStepInTheHalfOpenRange(string from, string to, int stepSeconds, string expected)
    {
        var slots = SnapshotGrid.Slots(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(stepSeconds));

        string.Join(",", slots.Select(s => s.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(expected);
    }

    [Fact]
    public void ReplayAt_IrregularSlots_GivesAtEachTheSnapshotsOfTheGridReplay()
    {
        var records = SimulatedLog(Start, Start.AddHours(3));
        DateTimeOffset[] slots = [Start.AddMinutes(15), Start.AddMinutes(90), Start.AddMinutes(179)];
        var grid = LogReplay.Replay(records, Start, Start.AddHours(3), TimeSpan.FromMinutes(1), UnitCatalog.Bury)
            .ToDictionary(s => s.At);

        var replayed = LogReplay.ReplayAt(records, slots, UnitCatalog.Bury).ToList();

        replayed.Select(s => s.At).ShouldBe(slots);
        foreach (var slot in replayed)
        {
            slot.Units.Select(Json).ShouldBe(grid[slot.At].Units.Select(Json));
        }
    }

    [Fact]
    public void ReplayAt_SlotsNotAscending_Throws() =>
        Should.Throw<ArgumentException>(() => LogReplay.ReplayAt([], [Start.AddMinutes(2), Start.AddMinutes(1)], UnitCatalog.Bury));

    [Fact]
    public void Replay_NonPositiveStep_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => LogReplay.Replay([], Start, Start.AddHours(1), TimeSpan.Zero, UnitCatalog.Bury));

    /// <summary>
    /// The simulated events as a log: each stamped 0–40 s after its event time (delivery delay), plus a duplicate of
    /// every 25th event stamped later still, and one unreadable message.
    /// </summary>
    private static List<LogRecord> SimulatedLog(DateTimeOffset start, DateTimeOffset until)
    {
        var random = new Random(Seed);
        var records = new List<LogRecord>();
        var events = new BuryTrafficSimulator(SimulatorProfile.Default, start, Seed).Advance(until);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            records.Add(new LogRecord(e.Time.AddSeconds(random.Next(0, 41)), e.Json));
            if (i % 25 == 0)
            {
                records.Add(new LogRecord(e.Time.AddSeconds(random.Next(60, 600)), e.Json));
            }
        }

        records.Add(new LogRecord(start.AddMinutes(70), Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":")));
        return records;
    }

    /// <summary>The records as a consumer of all partitions might hand them over: grouped by unit, not in time order.</summary>
    private static List<LogRecord> Partitioned(List<LogRecord> records) =>
        [.. records.Select((r, i) => (r, i)).GroupBy(x => UnitOf(x.r) % 2).SelectMany(g => g.Select(x => x.r))];

    private static int UnitOf(LogRecord record) =>
        Encoding.UTF8.GetString(record.Message.Span).Contains("\"unit\":\"FGH-ED\"", StringComparison.Ordinal) ? 0 : 1;

    private static LogRecord Arrival(string subject, DateTimeOffset time, DateTimeOffset stamped) =>
        new(stamped, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["specversion"] = "1.0",
            ["id"] = "replay-" + subject,
            ["source"] = "urn:bury:test",
            ["type"] = "ae.arrived",
            ["time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["unit"] = "FGH-ED",
            ["subject"] = subject,
            ["data"] = new { arrivalMode = "walk-in" },
        }));

    private static string Json(UnitSnapshot snapshot) => JsonSerializer.Serialize(snapshot, JsonSerializerOptions.Web);

    /// <summary>A live processor as the host drives it: the records in the order they arrived, on a clock at their time.</summary>
    private sealed class LiveReference
    {
        private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch);
        private readonly LogRecord[] _arrived;
        private readonly StreamProcessor _live;
        private int _next;

        public LiveReference(List<LogRecord> records)
        {
            _arrived = [.. records.OrderBy(r => r.Timestamp)];
            _live = new StreamProcessor(UnitCatalog.Bury, _clock);
        }

        public IReadOnlyList<UnitSnapshot> At(DateTimeOffset slot)
        {
            while (_next < _arrived.Length && _arrived[_next].Timestamp <= slot)
            {
                _clock.AdjustTime(_arrived[_next].Timestamp);
                _live.Process(_arrived[_next].Message.Span);
                _next++;
            }

            _clock.AdjustTime(slot);
            return [.. Enumerable.Range(0, UnitCatalog.Bury.Count).Select(unit => _live.Snapshot(unit))];
        }
    }
}
