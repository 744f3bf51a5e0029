using System.Collections.Concurrent;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// The polling → processing hand-off: everything polled before a rebalance callback is processed before the callback
/// runs, a full queue holds the poller back, and a stopped processor never leaves the poller parked.
/// </summary>
public sealed class ConsumeHandoffTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Quiesced_RunsAfterEveryItemQueuedBeforeItIsProcessed_AndBeforeAnyQueuedAfter()
    {
        var handoff = new ConsumeHandoff<string>(64);
        var log = new ConcurrentQueue<string>();
        var processor = Task.Run(() => Drain(handoff, log, batchSize: 1));

        handoff.Add("a");
        handoff.Add("b");
        handoff.Add("c");
        handoff.Quiesced(() => log.Enqueue("revoke"));
        handoff.Add("d");
        handoff.Complete();
        await processor.WaitAsync(Timeout);

        log.ShouldBe(["a", "b", "c", "revoke", "d"]);
    }

    [Fact]
    public async Task Quiesced_WhileABatchIsInProgress_WaitsForItsTurnToEnd()
    {
        var handoff = new ConsumeHandoff<string>(8);
        handoff.Add("a");
        var batch = new string[4];
        handoff.Take(batch, TimeSpan.Zero).ShouldBe(1); // the processing turn is held from here until Done

        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var quiesce = Task.Run(() => handoff.Quiesced(ran.SetResult));
        var first = await Task.WhenAny(ran.Task, Task.Delay(TimeSpan.FromMilliseconds(200)));
        first.ShouldNotBe(ran.Task, "the callback ran while a batch was still being processed");

        handoff.Done();
        await ran.Task.WaitAsync(Timeout);
        await quiesce.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Add_FullQueue_WaitsUntilProcessingTakes()
    {
        var handoff = new ConsumeHandoff<string>(2);
        handoff.Add("a").ShouldBeTrue();
        handoff.Add("b").ShouldBeTrue();
        var third = Task.Run(() => handoff.Add("c"));
        (await Task.WhenAny(third, Task.Delay(TimeSpan.FromMilliseconds(200)))).ShouldNotBe(third, "a full queue took a third item");

        var batch = new string[2];
        handoff.Take(batch, TimeSpan.Zero).ShouldBe(2);
        (await third.WaitAsync(Timeout)).ShouldBeTrue();
        handoff.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Fail_ReleasesAPollerParkedOnAFullQueue_AndRefusesLaterItems()
    {
        var handoff = new ConsumeHandoff<string>(1);
        handoff.Add("a");
        var parked = Task.Run(() => handoff.Add("b"));

        handoff.Fail();

        (await parked.WaitAsync(Timeout)).ShouldBeFalse();
        handoff.Add("c").ShouldBeFalse();
        handoff.Quiesced(() => { }); // a callback after the processor stopped does not wait for it
    }

    [Fact]
    public void Take_AfterComplete_GivesWhatIsLeftThenMinusOne_AndAnEmptyWaitGivesZero()
    {
        var handoff = new ConsumeHandoff<string>(8);
        var batch = new string[8];
        handoff.Take(batch, TimeSpan.FromMilliseconds(1)).ShouldBe(0); // the wait ran out: a turn for the timed work
        handoff.Done();

        handoff.Add("a");
        handoff.Add("b");
        handoff.Complete();
        handoff.Take(batch, TimeSpan.Zero).ShouldBe(2);
        batch[..2].ShouldBe(["a", "b"]);
        handoff.Done();
        handoff.Take(batch, TimeSpan.FromSeconds(5)).ShouldBe(-1);
    }

    private static void Drain(ConsumeHandoff<string> handoff, ConcurrentQueue<string> log, int batchSize)
    {
        var batch = new string[batchSize];
        while (true)
        {
            var taken = handoff.Take(batch, TimeSpan.FromSeconds(1));
            if (taken < 0)
            {
                return;
            }

            for (var i = 0; i < taken; i++)
            {
                log.Enqueue(batch[i]);
            }

            handoff.Done();
        }
    }
}
