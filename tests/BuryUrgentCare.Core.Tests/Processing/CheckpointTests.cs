using System.Globalization;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>
/// The unit checkpoint (hazard H19, issue 12): a processor restored from another's checkpoints is that processor — the
/// same figures, breach lists, counters and checkpoint bytes at once, and the same outcome for every later event, in any
/// order and re-sent — and a checkpoint it cannot read changes nothing.
/// </summary>
public sealed class CheckpointTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 16, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Checkpointed = Start.AddHours(62); // past the 48 h horizon: days and episodes pruned
    private static readonly DateTimeOffset End = Checkpointed.AddHours(8);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Restore_ThenAShuffledAndResentTail_EveryOutcomeAndFigureAsTheProcessorThatNeverStopped(int seed)
    {
        var random = new Random(seed);
        // The simulator's hourly A&E census does not know the long stay, who would be unverified (H16) without A&E censuses.
        var events = new BuryTrafficSimulator(SimulatorProfile.Default, Start, seed).Advance(End)
            .Where(e => e is not { Unit: "FGH-ED", Type: "census.declared" })
            .Select(e => (e.Time, e.Json)).Concat(LongStay()).OrderBy(e => e.Time).ToList();
        var head = events.Where(e => e.Time <= Checkpointed).ToList();
        var clock = new FakeTimeProvider(Start);
        var never = new StreamProcessor(UnitCatalog.Bury, clock);
        var pruned = Start;
        foreach (var (time, json) in head)
        {
            never.Process(json, time.UtcTicks);
            if (time - pruned >= Hour)
            {
                never.Prune(pruned = time); // as the host's tick does
            }
        }

        never.Prune(Checkpointed);
        var restored = new StreamProcessor(UnitCatalog.Bury, clock);
        for (var unit = 0; unit < never.Units.Count; unit++)
        {
            restored.TryRestore(unit, never.Checkpoint(unit), out var problem).ShouldBeTrue(problem);
        }

        for (var unit = 0; unit < never.Units.Count; unit++)
        {
            Hex(restored.Checkpoint(unit)).ShouldBe(Hex(never.Checkpoint(unit)), $"{never.Units[unit].Id}: equal states write equal bytes");
        }

        ShouldBeTheSame(restored, never, Checkpointed);
        var ae = (EmergencyDepartmentFigures)restored.Snapshot(ScenarioEvents.AeUnit, Checkpointed).Figures;
        ae.LongestWaitMinutes.ShouldBe(61 * 60, "the patient in the department for 61 h, arrived before the horizon, is still there");

        // Without the checkpoint, a replay of the log from the horizon (all a restarted host read before) loses them: H19.
        var fromHorizon = new StreamProcessor(UnitCatalog.Bury, clock);
        foreach (var (time, json) in head.Where(e => e.Time >= Checkpointed - TimeSpan.FromHours(48)))
        {
            fromHorizon.Process(json, time.UtcTicks);
        }

        ((DepartmentFigures)fromHorizon.Snapshot(ScenarioEvents.AeUnit, Checkpointed).Figures).LongestWaitMinutes.ShouldNotBe(61 * 60);

        // The tail: shuffled, each received up to 90 minutes after its time, with a twentieth re-sent (head events too).
        var tail = events.Where(e => e.Time > Checkpointed).ToList();
        var resent = tail.Concat(head.TakeLast(2_000)).Where(_ => random.Next(20) == 0).ToList();
        tail.AddRange(resent);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tail));
        var outcomes = new Dictionary<ProcessOutcome, int>();
        for (var i = 0; i < tail.Count; i++)
        {
            var received = tail[i].Time.AddMinutes(random.Next(90)).UtcTicks;
            var expected = never.Process(tail[i].Json, received);
            restored.Process(tail[i].Json, received).ShouldBe(expected, $"tail event {i}");
            outcomes[expected.Outcome] = outcomes.GetValueOrDefault(expected.Outcome) + 1;
            if (i % 500 == 0)
            {
                var now = new DateTimeOffset(received, TimeSpan.Zero);
                never.Prune(now);
                restored.Prune(now);
            }
        }

        outcomes.GetValueOrDefault(ProcessOutcome.Duplicate).ShouldBeGreaterThan(50, "re-sent events, some of them from before the checkpoint");
        outcomes.GetValueOrDefault(ProcessOutcome.Applied).ShouldBeGreaterThan(300, "eight hours of all four units");
        never.Prune(End);
        restored.Prune(End);
        ShouldBeTheSame(restored, never, End);
        ShouldBeTheSame(restored, never, End.AddHours(3));
        ((DepartmentFigures)restored.Snapshot(ScenarioEvents.AeUnit, End).Figures).LongestWaitMinutes.ShouldBe(69 * 60);
    }

    [Fact]
    public void TryRestore_UnknownFormatVersion_RefusedSayingSo_AndNothingChanged()
    {
        var restored = Busy();
        var checkpoint = Busy(extraPatient: "p-other").Checkpoint(ScenarioEvents.AeUnit);
        var before = Json(restored.Snapshot(ScenarioEvents.AeUnit, Checkpointed));
        var held = Hex(restored.Checkpoint(ScenarioEvents.AeUnit));
        checkpoint[0] = StreamProcessor.CheckpointFormatVersion + 1;

        restored.TryRestore(ScenarioEvents.AeUnit, checkpoint, out var problem).ShouldBeFalse();

        problem.ShouldBe($"format version {StreamProcessor.CheckpointFormatVersion + 1}, not {StreamProcessor.OldestReadableCheckpointFormatVersion}–{StreamProcessor.CheckpointFormatVersion}");
        Json(restored.Snapshot(ScenarioEvents.AeUnit, Checkpointed)).ShouldBe(before);
        Hex(restored.Checkpoint(ScenarioEvents.AeUnit)).ShouldBe(held);
    }

    /// <summary>
    /// A format-2 checkpoint of FGH-ED, written by the processor of main before format 3 (commit b8a7e63^) after the events
    /// of <see cref="FormatTwoEvents"/> at 12:00 of day D: an upgrade restores it rather than replaying from the horizon.
    /// </summary>
    private const string FormatTwoCheckpoint =
        "AgZGR0gtRUQAoMZ4a0XfCACgxnhrRd8ICAAAAAAAAAAAAAAAAAAAAAMAAAAAAAAAAAAAAAAAAAAKAAAAAAAAAAAAAAAAAAAAAAAA"
        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIAAAARYtJj5he"
        + "MNfjd5H05I/nSIGr7NG4B+SfG80MwkMD4oidtk5iYqrBJROOt5mXuTS6sSNZGxKFcSCBS4YQZs2mT+vW0ci3o+mJE0mB5QgDj/nf"
        + "0C/afZCzp6PPpfWHwXCTjj78NKQ4beLrz5OelbLmoTg8ivKD2UZyV8AfHBvfa7FHwXBu5gYxPmAkjzTmCnQngyREnzgAAAAAAAAA"
        + "AAAAAIAAAwAAAC35rPCFPgN2fLtF1s2PDhkAOAIXY0XfCAABAAAAAAAAAAEAAAAANQuvtPc4e73iDshbXDggewBoeVNSRd8IAL/V"
        + "CQD/rwn/5AgAAP+vCQEBAAMBABO+9k/R1LnWClrHEbUiy90AbORHZ0XfCADfqAEAAL9wAAEAAAEBAAAA";

    private static ScenarioEvent[] FormatTwoEvents() =>
    [
        Ae.Arrived("r", "yesterday 22:00"), Ae.Assessed("r", "yesterday 22:20", acuity: 3), Ae.Seen("r", "yesterday 23:00"),
        Ae.Referred("r", "09:00", specialty: "mental-health"),
        Ae.Arrived("s", "10:00"), Ae.Seen("s", "10:30"), Ae.Departed("s", "11:30"),
        Ae.Arrived("t", "11:00"),
    ];

    [Fact]
    public void TryRestore_ACheckpointOfTheFormatBefore_IsRestored_AReferralsSpecialtyThenOther()
    {
        // After an upgrade that changed the format, the first restart must not replay from the horizon and lose a patient
        // in for longer than it (H19). Format 2 kept no referral specialty: restored as "other", not guessed.
        var checkpoint = Convert.FromBase64String(FormatTwoCheckpoint);
        checkpoint[0].ShouldBe((byte)2);
        var seen = new ScenarioRun("12:00");
        seen.Feed(FormatTwoEvents());
        var restored = new StreamProcessor(UnitCatalog.Bury, new FakeTimeProvider(ScenarioEvents.At("12:00")));

        restored.TryRestore(ScenarioEvents.AeUnit, checkpoint, out var problem).ShouldBeTrue(problem);

        var at = ScenarioEvents.At("12:00");
        Json(restored.Snapshot(ScenarioEvents.AeUnit, at).Figures).ShouldBe(Json(seen.Processor.Snapshot(ScenarioEvents.AeUnit, at).Figures));
        var referred = restored.BreachRisk(ScenarioEvents.AeUnit, at)!.Patients.Single(p => p.Specialty is not null);
        referred.Specialty.ShouldBe("other");
        referred.AwaitingSpecialtySince.ShouldBe(ScenarioEvents.At("09:00"));
        seen.Processor.BreachRisk(ScenarioEvents.AeUnit, at)!.Patients.Single(p => p.Specialty is not null).Specialty.ShouldBe("mental-health");
        restored.Checkpoint(ScenarioEvents.AeUnit)[0].ShouldBe(StreamProcessor.CheckpointFormatVersion, "written in the current format from then on");
    }

    [Fact]
    public void TryRestore_TruncatedCorruptOrAnotherUnits_RefusedAndNothingChanged()
    {
        var restored = Busy();
        var before = Hex(restored.Checkpoint(ScenarioEvents.AeUnit));
        var good = Busy(extraPatient: "p-other").Checkpoint(ScenarioEvents.AeUnit);
        var corrupt = good.ToArray();
        corrupt[^30] ^= 0xFF; // inside the last episode's codes or instants
        var padded = good.Append((byte)0).ToArray();

        restored.TryRestore(ScenarioEvents.AeUnit, good[..^5], out var truncated).ShouldBeFalse();
        restored.TryRestore(ScenarioEvents.AeUnit, padded, out var trailing).ShouldBeFalse();
        restored.TryRestore(ScenarioEvents.UtcUnit, good, out var otherUnit).ShouldBeFalse();
        restored.TryRestore(ScenarioEvents.AeUnit, [], out var empty).ShouldBeFalse();
        var corruptRead = restored.TryRestore(ScenarioEvents.AeUnit, corrupt, out var corrupted);

        truncated.ShouldStartWith("unreadable");
        trailing.ShouldBe("unreadable (bytes after the end)");
        otherUnit.ShouldBe("a checkpoint of FGH-ED, not of FGH-UTC");
        empty.ShouldBe("empty");
        if (!corruptRead)
        {
            corrupted.ShouldStartWith("unreadable"); // a flipped instant may still read: a checkpoint's integrity is Kafka's CRC's
            Hex(restored.Checkpoint(ScenarioEvents.AeUnit)).ShouldBe(before);
        }
    }

    /// <summary>A patient in the A&amp;E for the whole run, with an event every 20 hours so never silent (H16) for long.</summary>
    private static IEnumerable<(DateTimeOffset Time, byte[] Json)> LongStay()
    {
        var arrived = Start.AddHours(1);
        yield return (arrived, Ae.Arrived("long-stay", Wire(arrived), acuity: 3).Utf8);
        yield return (arrived.AddHours(20), Ae.Assessed("long-stay", Wire(arrived.AddHours(20)), acuity: 3).Utf8);
        yield return (arrived.AddHours(40), Ae.Seen("long-stay", Wire(arrived.AddHours(40))).Utf8);
        yield return (arrived.AddHours(60), Ae.AdmitDecision("long-stay", Wire(arrived.AddHours(60))).Utf8);
    }

    private static string Wire(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A processor with a few hours of A&amp;E traffic (and, if named, one more patient).</summary>
    private static StreamProcessor Busy(string? extraPatient = null)
    {
        var processor = new StreamProcessor(UnitCatalog.Bury, new FakeTimeProvider(Checkpointed));
        foreach (var e in new BuryTrafficSimulator(SimulatorProfile.Default, Checkpointed.AddHours(-6), 7).Advance(Checkpointed))
        {
            processor.Process(e.Json, e.Time.UtcTicks);
        }

        if (extraPatient is not null)
        {
            processor.Process(Ae.Arrived(extraPatient, Wire(Checkpointed.AddHours(-1))).Utf8, Checkpointed.UtcTicks);
        }

        return processor;
    }

    private static void ShouldBeTheSame(StreamProcessor actual, StreamProcessor expected, DateTimeOffset now)
    {
        for (var unit = 0; unit < expected.Units.Count; unit++)
        {
            var id = expected.Units[unit].Id;
            Json(actual.Snapshot(unit, now)).ShouldBe(Json(expected.Snapshot(unit, now)), $"figures of {id} at {now:O}");
            Json(actual.BreachRisk(unit, now)).ShouldBe(Json(expected.BreachRisk(unit, now)), $"breach risk of {id} at {now:O}");
            actual.EpisodeCount(unit).ShouldBe(expected.EpisodeCount(unit), $"episodes held of {id}");
        }

        Json(actual.Counters.Read()).ShouldBe(Json(expected.Counters.Read()));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
