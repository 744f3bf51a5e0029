using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>
/// No unit is ever published as live unless it is: not at start, not while it replays, and not after its partition
/// is revoked — then it keeps its last live figures and their time, marked, instead of an empty department.
/// </summary>
public sealed class LiveFiguresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private const int Partitions = 4;
    private const int EdUnit = 0;

    private readonly FakeTimeProvider _clock = new(T0);
    private readonly SnapshotStore _store = new(UnitCatalog.Bury);
    private readonly UnitOwnership _ownership;
    private readonly LiveFigures _sut;
    private readonly EscalationMonitor _escalation;

    public LiveFiguresTests()
    {
        _ownership = new UnitOwnership(UnitCatalog.Bury, _clock, TimeSpan.FromSeconds(15));
        var escalation = _escalation = new EscalationMonitor(
            OpelProfile.Parse(
                """
                { "name": "t", "version": "1",
                  "parameters": [ { "name": "in dept", "unit": "FGH-ED", "figure": "inDepartment", "thresholds": [5, 8, 10] } ],
                  "scoreBands": [ { "level": 1, "maxScore": 25 }, { "level": 2, "maxScore": 50 }, { "level": 3, "maxScore": 75 }, { "level": 4, "maxScore": 100 } ] }
                """,
                UnitCatalog.Bury),
            Options.Create(new EscalationOptions()),
            NullLogger<EscalationMonitor>.Instance);
        _sut = new LiveFigures(UnitCatalog.Bury, _store, escalation, _ownership, _clock, Options.Create(new ProcessingOptions()));
    }

    private static int PartitionOfEd => KafkaPartitioner.Murmur2Partition("FGH-ED", Partitions);

    private void Arrive(string subject, DateTimeOffset at) => _sut.Process(TestEvents.AeArrived(subject, at));

    private UnitSnapshot Ed() => _store.Get(EdUnit)!;

    [Fact]
    public void Start_EveryUnitPublished_NoneAsLive()
    {
        _store.All().Count.ShouldBe(4);
        _store.All().ShouldAllBe(s => s.Liveness != null && !s.Liveness.IsLive);
    }

    [Fact]
    public void Replaying_PartialFiguresMarkedReplaying_LiveOnlyOnceReplayed()
    {
        _ownership.Assigned(Partitions, [(PartitionOfEd, 0, 3)]);
        Arrive("patient-aa", T0.AddMinutes(-30));
        _ownership.Consumed(PartitionOfEd, 0);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _sut.PublishDue();

        Ed().Liveness!.State.ShouldBe(UnitLiveness.Replaying);
        Ed().Liveness!.Progress!.Value.ShouldBe(1.0 / 3, 0.001);

        Arrive("patient-ab", T0.AddMinutes(-20));
        _ownership.Consumed(PartitionOfEd, 1);
        Arrive("patient-ac", T0.AddMinutes(-10));
        _ownership.Consumed(PartitionOfEd, 2);
        _sut.PublishDue(); // the change of liveness is published at once, not on the next tick

        Ed().Liveness!.State.ShouldBe(UnitLiveness.Live);
        ((EmergencyDepartmentFigures)Ed().Figures).InDepartment.ShouldBe(3);
    }

    [Fact]
    public void QuietUnit_AnEventJustAfterTheTick_IsPublishedAtOnce()
    {
        _ownership.Assigned(Partitions, [(PartitionOfEd, -1, -1)]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _sut.PublishDue(); // the tick publishes every unit

        _clock.Advance(TimeSpan.FromMilliseconds(5));
        Arrive("patient-aa", T0.AddMinutes(-3));
        _sut.PublishDue();

        ((EmergencyDepartmentFigures)Ed().Figures).InDepartment.ShouldBe(1, "a tick is not a push for events: it must not hold the next one back");
        Ed().AsOf.ShouldBe(_clock.GetUtcNow());
    }

    [Fact]
    public void BusyUnit_EventsWithinTheInterval_AreHeldAndPushedTogetherWhenItIsUp()
    {
        var interval = new ProcessingOptions().PublishInterval;
        _ownership.Assigned(Partitions, [(PartitionOfEd, -1, -1)]);
        Arrive("patient-aa", T0.AddMinutes(-3));
        _sut.PublishDue();
        ((EmergencyDepartmentFigures)Ed().Figures).InDepartment.ShouldBe(1, "the first event of a quiet unit goes at once");

        _clock.Advance(interval / 4);
        Arrive("patient-ab", T0.AddMinutes(-2));
        Arrive("patient-ac", T0.AddMinutes(-1));
        _sut.PublishDue().ShouldBe(interval - (interval / 4), "the loop is told when the held events fall due");
        ((EmergencyDepartmentFigures)Ed().Figures).InDepartment.ShouldBe(1, "held: the unit was pushed for events a moment ago");

        _clock.Advance(interval - (interval / 4));
        _sut.PublishDue();
        ((EmergencyDepartmentFigures)Ed().Figures).InDepartment.ShouldBe(3, "both held events in one push, one interval after the last");
    }

    [Fact]
    public void PublishInterval_GrowsWithTheWallboardsConnected_BetweenItsFloorAndItsCeiling()
    {
        var options = new ProcessingOptions
        {
            PublishInterval = TimeSpan.FromMilliseconds(30), WallboardsPerPublishInterval = 250, MaxPublishInterval = TimeSpan.FromMilliseconds(200),
        };

        options.PublishIntervalFor(0).ShouldBe(TimeSpan.FromMilliseconds(30));
        options.PublishIntervalFor(250).ShouldBe(TimeSpan.FromMilliseconds(30));
        options.PublishIntervalFor(1_000).ShouldBe(TimeSpan.FromMilliseconds(120)); // a push costs four times the messages
        options.PublishIntervalFor(5_000).ShouldBe(TimeSpan.FromMilliseconds(200));
        new ProcessingOptions { PublishInterval = TimeSpan.FromMilliseconds(300) }.PublishIntervalFor(5_000)
            .ShouldBe(TimeSpan.FromMilliseconds(300), "a configured interval above the ceiling is kept");
    }

    [Fact]
    public void BusyUnit_WithManyWallboardsConnected_IsPushedLessOften_FromTheNextTick_AndAQuietOneStillAtOnce()
    {
        var wallboards = 0;
        var sut = new LiveFigures(UnitCatalog.Bury, _store, _escalation, _ownership, _clock, Options.Create(new ProcessingOptions()),
            wallboards: () => wallboards);
        var options = new ProcessingOptions();
        _ownership.Assigned(Partitions, [(PartitionOfEd, -1, -1)]);
        wallboards = 1_000;
        sut.PublishDue(); // the first call is a tick: the interval is judged with 1,000 connected
        var interval = options.PublishIntervalFor(1_000);
        interval.ShouldBeGreaterThan(options.PublishInterval);

        sut.Process(TestEvents.AeArrived("patient-ba", T0.AddMinutes(-3)));
        sut.PublishDue();
        ((EmergencyDepartmentFigures)Ed().Figures).InDepartment.ShouldBe(1, "a quiet unit is pushed at once, however many watch");
        _clock.Advance(options.PublishInterval);
        sut.Process(TestEvents.AeArrived("patient-bb", T0.AddMinutes(-2)));
        sut.PublishDue().ShouldBe(interval - options.PublishInterval, "held for the longer interval");
        ((EmergencyDepartmentFigures)Ed().Figures).InDepartment.ShouldBe(1);
        _clock.Advance(interval - options.PublishInterval);
        sut.PublishDue();
        ((EmergencyDepartmentFigures)Ed().Figures).InDepartment.ShouldBe(2);
    }

    [Fact]
    public void Revoked_KeepsTheLastLiveFiguresAndTheirTime_MarkedUnassigned_NeverAnEmptyLiveDepartment()
    {
        _ownership.Assigned(Partitions, [(PartitionOfEd, -1, -1)]);
        Arrive("patient-aa", T0.AddMinutes(-30));
        Arrive("patient-ab", T0.AddMinutes(-20));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _sut.PublishDue();
        var lastLive = Ed();
        lastLive.Liveness!.IsLive.ShouldBeTrue();

        // The group takes the partition away (rebalance, or lost after a broker outage): the state is dropped.
        _ownership.Revoked([PartitionOfEd], "this unit's partition moved to another worker");
        _sut.Reset(EdUnit);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _sut.PublishDue();

        var shown = Ed();
        shown.Liveness!.State.ShouldBe(UnitLiveness.Unassigned);
        shown.AsOf.ShouldBe(lastLive.AsOf);                              // old figures look old
        ((EmergencyDepartmentFigures)shown.Figures).InDepartment.ShouldBe(2); // not the reset, empty department
    }

    [Fact]
    public void Process_JudgesTimeAgainstWhenTheRecordWasFirstSeen_SoAReplayLaterRejectsWhatLiveRejected()
    {
        // An event stamped 6 minutes ahead of when Kafka received it: rejected live (future-time, over 5 minutes).
        var received = T0;
        var message = TestEvents.AeArrived("patient-aa", received.AddMinutes(6));

        // Replayed 10 minutes later (a restart): judged against the record's time, not the replaying clock.
        _clock.Advance(TimeSpan.FromMinutes(10));
        var replayed = _sut.Process(message, received);

        replayed.Outcome.ShouldBe(ProcessOutcome.Rejected);
        replayed.Rejection.Code.ShouldBe("future-time");
    }

    [Fact]
    public void Process_RecordStampedAheadOfOurClock_JudgedAgainstOurClock()
    {
        // A producer whose clock runs an hour fast cannot let a future event through.
        var message = TestEvents.AeArrived("patient-aa", T0.AddMinutes(30));

        _sut.Process(message, T0.AddHours(1)).Outcome.ShouldBe(ProcessOutcome.Rejected);
    }
}
