using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Support;

/// <summary>Waiting on code that waits on fake time (kept apart from <see cref="Eventually"/>, which the load tests share
/// without the fake clock's package).</summary>
public static class FakeClock
{
    /// <summary>
    /// Moves <paramref name="clock"/> on by <paramref name="step"/> per poll until the condition holds (checked before
    /// and after each step), polling every millisecond; fails like <see cref="Eventually.Until(Func{bool}, TimeSpan, string?, TimeSpan?)"/>.
    /// </summary>
    public static Task AdvanceUntil(FakeTimeProvider clock, TimeSpan step, Func<bool> condition, TimeSpan timeout, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(condition);
        return Eventually.Until(() =>
        {
            if (condition())
            {
                return true;
            }

            clock.Advance(step);
            return condition();
        }, timeout, because, TimeSpan.FromMilliseconds(1));
    }
}
