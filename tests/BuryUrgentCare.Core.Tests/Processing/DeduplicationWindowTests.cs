namespace BuryUrgentCare.Processing;

public sealed class DeduplicationWindowTests
{
    [Fact]
    public void TryAdd_NewThenRepeated_TrueThenFalse()
    {
        var window = new DeduplicationWindow(10);

        window.TryAdd(1, 100).ShouldBeTrue();
        window.TryAdd(1, 100).ShouldBeFalse();
        // the same id with another time is still the same event id
        window.TryAdd(1, 999).ShouldBeFalse();
        window.TryAdd(2, 100).ShouldBeTrue();
        window.Count.ShouldBe(2);
    }

    [Fact]
    public void Expire_IdsOlderThanCutoff_ForgottenAndAcceptedAgain()
    {
        var window = new DeduplicationWindow(10);
        window.TryAdd(1, 10);
        window.TryAdd(2, 20);
        window.TryAdd(3, 30);

        window.Expire(20);

        // strictly older than the cutoff is forgotten; at the cutoff is kept
        window.Contains(1).ShouldBeFalse();
        window.Contains(2).ShouldBeTrue();
        window.Contains(3).ShouldBeTrue();
        window.Count.ShouldBe(2);
        window.TryAdd(1, 10).ShouldBeTrue();
        window.TryAdd(2, 20).ShouldBeFalse();
    }

    [Fact]
    public void Expire_OutOfOrderTimes_NeverForgetsAnIdAtOrAfterTheCutoff()
    {
        var window = new DeduplicationWindow(10);
        window.TryAdd(1, 50);
        window.TryAdd(2, 10);
        window.TryAdd(3, 60);
        window.TryAdd(4, 5);

        window.Expire(40);

        window.Contains(1).ShouldBeTrue();
        window.Contains(3).ShouldBeTrue();

        window.Expire(100);
        window.Count.ShouldBe(0);
    }

    [Fact]
    public void TryAdd_BeyondCapacity_OldestRememberedForgottenFirst()
    {
        var window = new DeduplicationWindow(3);
        window.TryAdd(1, 100);
        window.TryAdd(2, 50);
        window.TryAdd(3, 200);

        window.TryAdd(4, 10).ShouldBeTrue();

        // the first remembered (1) goes, whatever the event times
        window.Count.ShouldBe(3);
        window.Contains(1).ShouldBeFalse();
        window.Contains(2).ShouldBeTrue();
        window.Contains(3).ShouldBeTrue();
        window.Contains(4).ShouldBeTrue();

        // a duplicate does not evict anything
        window.TryAdd(2, 50).ShouldBeFalse();
        window.Contains(3).ShouldBeTrue();
        window.Count.ShouldBe(3);
    }

    [Fact]
    public void Clear_AfterIds_ForgetsEverything()
    {
        var window = new DeduplicationWindow(3);
        window.TryAdd(1, 1);
        window.TryAdd(2, 2);

        window.Clear();

        window.Count.ShouldBe(0);
        window.TryAdd(1, 1).ShouldBeTrue();
    }
}
