namespace BuryUrgentCare.Processing;

/// <summary>
/// <see cref="EpisodeIndex{T}"/> (open addressing, backward-shift deletion) must behave exactly like the
/// dictionary it replaced, under any mix of adds, finds and removals — including keys that all share a
/// home slot, so clusters form, wrap round the end of the table, and are cut by removals.
/// </summary>
public sealed class EpisodeIndexModelTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void RandomOperations_SameAsDictionary(int seed, bool collidingKeys)
    {
        var random = new Random(seed);
        var index = new EpisodeIndex<Box>();
        var model = new Dictionary<UInt128, Box>();
        var issued = new List<UInt128>();
        for (var step = 0; step < 40_000; step++)
        {
            switch (random.Next(10))
            {
                case 0 when step % 7 == 0:
                    // forget a random share of everything held, as pruning does
                    var threshold = random.Next(100);
                    index.RemoveWhere((_, b) => b.Value < threshold);
                    foreach (var key in model.Where(p => p.Value.Value < threshold).Select(p => p.Key).ToList())
                    {
                        model.Remove(key);
                    }

                    break;
                case 1:
                case 2:
                    if (issued.Count > 0)
                    {
                        var known = issued[random.Next(issued.Count)];
                        index.Find(known).ShouldBe(model.GetValueOrDefault(known));
                    }

                    break;
                default:
                    var subject = issued.Count > 0 && random.Next(3) == 0 ? issued[random.Next(issued.Count)] : NewKey(random, collidingKeys);
                    issued.Add(subject);
                    ref var place = ref index.GetOrAddPlace(subject);
                    if (model.TryGetValue(subject, out var existing))
                    {
                        place.ShouldBeSameAs(existing);
                    }
                    else
                    {
                        place.ShouldBeNull();
                        place = new Box(random.Next(100));
                        model.Add(subject, place);
                    }

                    break;
            }

            index.Count.ShouldBe(model.Count);
        }

        index.All().ToDictionary(e => e.Subject, e => e.Episode).ShouldBe(model, ignoreOrder: true);
        issued.Count.ShouldBeGreaterThan(10_000);
    }

    [Fact]
    public void ZeroKey_IsAnOrdinaryKey()
    {
        var index = new EpisodeIndex<Box>();
        index.Find(UInt128.Zero).ShouldBeNull();
        index.GetOrAddPlace(UInt128.Zero) = new Box(1);
        index.Find(UInt128.Zero)!.Value.ShouldBe(1);
        index.Count.ShouldBe(1);
    }

    /// <summary>A random key; colliding keys all have the same low ^ high, so the same home slot.</summary>
    private static UInt128 NewKey(Random random, bool colliding)
    {
        var low = (ulong)random.NextInt64();
        var high = colliding ? low ^ 0x5555_5555_5555_5555UL : (ulong)random.NextInt64();
        return new UInt128(high, low);
    }

    private sealed record Box(int Value);
}
