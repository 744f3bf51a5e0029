namespace BuryUrgentCare.Simulation;

/// <summary>
/// The sampling primitives of the simulator over a seeded <see cref="Random"/> (never shared
/// between streams, so each stream's draws do not depend on how the others are advanced).
/// </summary>
internal sealed class SimulationRandom(int seed)
{
    private readonly Random _random = new(seed);

    public double NextDouble() => _random.NextDouble();

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public int Between(int minInclusive, int maxInclusive) => _random.Next(minInclusive, maxInclusive + 1);

    public uint NextUInt32() => (uint)_random.NextInt64(0, 1L << 32);

    public ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    /// <summary>A unit-rate exponential variate.</summary>
    public double Exponential() => -Math.Log(1.0 - _random.NextDouble());

    /// <summary>A standard normal variate (Box–Muller; two uniforms, one variate, no hidden state).</summary>
    public double StandardNormal()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal duration in whole seconds with the given median and sigma, at least <paramref name="minimumSeconds"/>.</summary>
    public long LogNormalSeconds(TimeSpan median, double sigma, long minimumSeconds = 60)
    {
        var seconds = median.TotalSeconds * Math.Exp(sigma * StandardNormal());
        return Math.Max(minimumSeconds, (long)Math.Round(Math.Min(seconds, 30.0 * 86_400)));
    }
}

/// <summary>A categorical distribution over indices 0…n−1 built once from relative weights.</summary>
internal sealed class Categorical
{
    private readonly double[] _cumulative;

    public Categorical(IReadOnlyList<double> weights)
    {
        _cumulative = new double[weights.Count];
        var total = weights.Sum();
        var running = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            running += weights[i] / total;
            _cumulative[i] = running;
        }

        _cumulative[^1] = double.MaxValue; // rounding can never fall off the end
    }

    public int Sample(SimulationRandom random)
    {
        var u = random.NextDouble();
        var i = 0;
        while (u >= _cumulative[i])
        {
            i++;
        }

        return i;
    }
}
