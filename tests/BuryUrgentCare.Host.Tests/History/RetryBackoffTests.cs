using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.History;

public class RetryBackoffTests
{
    private readonly FakeTimeProvider _time = new();

    private RetryBackoff CreateSut(double jitter = 0, Func<double>? random = null) =>
        new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), _time, jitter, random);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(6, 10)]
    [InlineData(1000, 10)]
    public void GetDelay_ConsecutiveFailures_DoublesUpToTheCap(int failures, int expectedSeconds)
    {
        CreateSut().GetDelay(failures).ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Fact]
    public void GetDelay_WithJitter_TakesOffUpToTheJitterFraction()
    {
        var sut = CreateSut(jitter: 0.2, random: () => 0.5);

        sut.GetDelay(1).ShouldBe(TimeSpan.FromMilliseconds(900));
        sut.GetDelay(5).ShouldBe(TimeSpan.FromSeconds(9));
    }

    [Fact]
    public void GetDelay_ZeroFailures_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => CreateSut().GetDelay(0));
    }

    [Fact]
    public void Constructor_MaxBelowBase_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new RetryBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), _time));
    }

    [Fact]
    public async Task WaitAsync_CompletesOnlyWhenTheClockReachesTheDelay()
    {
        var sut = CreateSut();

        var wait = sut.WaitAsync(2, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        wait.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        wait.IsCompletedSuccessfully.ShouldBeTrue();
    }
}
