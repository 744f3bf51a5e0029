using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Gateway;

public sealed class IntegratorRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AMinutesAllowance_PassesAtOnce_ThenTheNextWaitsForOneToken()
    {
        var sut = CreateSut();
        var integrator = Integrator("a", requestsPerMinute: 3);

        Enumerable.Range(0, 3).Select(_ => sut.TryAcquire(integrator, out var _)).ShouldAllBe(passed => passed);
        sut.TryAcquire(integrator, out var retryAfter).ShouldBeFalse();

        retryAfter.ShouldBe(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(1)); // 3 per minute: one every 20 s
    }

    [Fact]
    public void WaitingTheAdvertisedTime_AlwaysLetsTheNextRequestThrough()
    {
        var sut = CreateSut();
        var integrator = Integrator("a", requestsPerMinute: 7);
        while (sut.TryAcquire(integrator, out _))
        {
        }

        for (var i = 0; i < 50; i++)
        {
            sut.TryAcquire(integrator, out var retryAfter).ShouldBeFalse();
            _clock.Advance(retryAfter);
            sut.TryAcquire(integrator, out _).ShouldBeTrue($"after waiting {retryAfter} (round {i})");
        }
    }

    [Fact]
    public void ALongPause_RefillsAtMostOneMinutesAllowance()
    {
        var sut = CreateSut();
        var integrator = Integrator("a", requestsPerMinute: 5);
        sut.TryAcquire(integrator, out _);

        _clock.Advance(TimeSpan.FromHours(3));

        Enumerable.Range(0, 5).Select(_ => sut.TryAcquire(integrator, out var _)).ShouldAllBe(passed => passed);
        sut.TryAcquire(integrator, out _).ShouldBeFalse();
    }

    [Fact]
    public void EachIntegrator_HasItsOwnBucket()
    {
        var sut = CreateSut();
        var busy = Integrator("busy", requestsPerMinute: 1);
        var quiet = Integrator("quiet", requestsPerMinute: 1);

        sut.TryAcquire(busy, out _).ShouldBeTrue();
        sut.TryAcquire(busy, out _).ShouldBeFalse();

        sut.TryAcquire(quiet, out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(200, 1)]
    [InlineData(20_000, 20)]
    [InlineData(20_001, 21)]
    public void RetryAfterSeconds_RoundsUpToWholeSeconds_AtLeastOne(int milliseconds, long expected) =>
        IntegratorRateLimiter.RetryAfterSeconds(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(expected);

    private IntegratorRateLimiter CreateSut() => new(_clock);

    private static Integrator Integrator(string name, int requestsPerMinute) => new(name, new byte[32], requestsPerMinute);
}
