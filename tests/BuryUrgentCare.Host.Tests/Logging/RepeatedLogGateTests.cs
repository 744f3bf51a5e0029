using BuryUrgentCare.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Logging;

public sealed class RepeatedLogGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ShouldLog_LetsOneLinePerIntervalThroughPerKey_AndTheNextLineCountsWhatWasHeldBack()
    {
        var gate = new RepeatedLogGate<string>(TimeSpan.FromMinutes(1));

        gate.ShouldLog("a", T0, out var first).ShouldBeTrue();
        first.ShouldBe(0);
        for (var i = 1; i <= 999; i++)
        {
            gate.ShouldLog("a", T0.AddMilliseconds(i * 50), out _).ShouldBeFalse();
        }

        gate.ShouldLog("b", T0.AddSeconds(10)).ShouldBeTrue("another key has its own interval");
        gate.ShouldLog("a", T0.AddMinutes(1), out var held).ShouldBeTrue();
        held.ShouldBe(999);
        gate.ShouldLog("a", T0.AddMinutes(2), out var none).ShouldBeTrue();
        none.ShouldBe(0);
    }

    [Fact]
    public void GatewayLogGate_RefusedRequestsInALoop_LogOnceAMinute_401sTogether_429sPerIntegrator()
    {
        var clock = new FakeTimeProvider(T0);
        var gate = new GatewayLogGate(clock);

        Enumerable.Range(0, 500).Count(_ => gate.ShouldLog(GatewayLogGate.Unauthorized, out long _)).ShouldBe(1);
        gate.ShouldLog("fgh-ed-epr", out _).ShouldBeTrue();
        gate.ShouldLog("fgh-ed-epr", out _).ShouldBeFalse();
        gate.ShouldLog("nwas-greencar", out _).ShouldBeTrue();

        clock.Advance(TimeSpan.FromMinutes(1));
        gate.ShouldLog(GatewayLogGate.Unauthorized, out var held).ShouldBeTrue();
        held.ShouldBe(499);
    }
}
