using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Units;

/// <summary>
/// The breach-risk list is made on demand: the processing loop scans the episodes only while somebody asks for the list,
/// and a request after a quiet spell gets the next tick's list, never one that has gone old unseen.
/// </summary>
public sealed class BreachRiskBoardTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly BreachRiskBoard _board;
    private readonly int _ed = UnitCatalog.Bury.TryGetIndex("FGH-ED", out var ed) ? ed : -1;

    public BreachRiskBoardTests() =>
        _board = new BreachRiskBoard(UnitCatalog.Bury, _clock, Options.Create(new ProcessingOptions { Tick = TimeSpan.FromSeconds(1) }));

    [Fact]
    public async Task GetFresh_NobodyAskedBefore_MarksTheListWantedAndAnswersWithTheNextOneMade()
    {
        _board.Wanted(_ed, _clock.GetUtcNow()).ShouldBeFalse(); // nobody looking: the loop makes no list

        var request = _board.GetFreshAsync(_ed, Wait, CancellationToken.None);
        _board.Wanted(_ed, _clock.GetUtcNow()).ShouldBeTrue();
        request.IsCompleted.ShouldBeFalse();

        var made = List(_clock.GetUtcNow());
        _board.Publish(_ed, made);
        (await request.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeSameAs(made);
    }

    [Fact]
    public async Task GetFresh_ListMadeWithinTwoTicks_IsAnsweredAtOnce_AnOlderOneWaitsForTheNext()
    {
        _ = _board.GetFreshAsync(_ed, Wait, CancellationToken.None);
        var first = List(_clock.GetUtcNow());
        _board.Publish(_ed, first);

        _clock.Advance(TimeSpan.FromSeconds(2));
        (await _board.GetFreshAsync(_ed, Wait, CancellationToken.None)).ShouldBeSameAs(first);

        _clock.Advance(TimeSpan.FromSeconds(1)); // three seconds old: the loop stopped making it (nobody looked, or busy)
        var request = _board.GetFreshAsync(_ed, Wait, CancellationToken.None);
        request.IsCompleted.ShouldBeFalse();
        var second = List(_clock.GetUtcNow());
        _board.Publish(_ed, second);
        (await request.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeSameAs(second);
    }

    [Fact]
    public async Task GetFresh_UnitNotLive_AnswersNull_AndALoopThatMakesNothingAnswersWhatThereIsAfterTheWait()
    {
        var request = _board.GetFreshAsync(_ed, Wait, CancellationToken.None);
        _board.Publish(_ed, null); // the unit is replaying: nobody is listed
        (await request.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeNull();

        var old = List(_clock.GetUtcNow());
        _board.Publish(_ed, old);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var stalled = _board.GetFreshAsync(_ed, Wait, CancellationToken.None);
        stalled.IsCompleted.ShouldBeFalse();
        _clock.Advance(Wait);
        (await stalled.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeSameAs(old); // as of its own time, which the page shows
    }

    [Fact]
    public void Wanted_LapsesTwoMinutesAfterTheLastRequest()
    {
        _ = _board.GetFreshAsync(_ed, Wait, CancellationToken.None);
        _clock.Advance(BreachRiskBoard.WantedFor - TimeSpan.FromSeconds(1));
        _board.Wanted(_ed, _clock.GetUtcNow()).ShouldBeTrue();
        _clock.Advance(TimeSpan.FromSeconds(1));
        _board.Wanted(_ed, _clock.GetUtcNow()).ShouldBeFalse();
    }

    private BreachRiskList List(DateTimeOffset asOf) => new("FGH-ED", asOf, 0, []);
}
