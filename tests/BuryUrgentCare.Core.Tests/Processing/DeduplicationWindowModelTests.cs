namespace BuryUrgentCare.Processing;

/// <summary>
/// <see cref="DeduplicationWindow"/> keeps ids in a ring with an open-addressing index. It must behave
/// exactly like the plain model it replaced — a hash set plus a first-seen queue — under any sequence of
/// adds, repeats, expiry, capacity eviction and clearing, including ids whose home slots collide.
/// </summary>
public sealed class DeduplicationWindowModelTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 64)]
    [InlineData(3, 1_000)]
    [InlineData(4, 100_000)]
    public void RandomOperations_SameAsHashSetAndQueue(int seed, int capacity)
    {
        var random = new Random(seed);
        var window = new DeduplicationWindow(capacity);
        var model = new Model(capacity);
        var issued = new List<UInt128>();
        var clock = 0L;
        for (var step = 0; step < 60_000; step++)
        {
            clock += random.Next(0, 3);
            switch (random.Next(20))
            {
                case 0:
                    var cutoff = clock - random.Next(0, 500);
                    window.Expire(cutoff);
                    model.Expire(cutoff);
                    break;
                case 1 when random.Next(50) == 0:
                    window.Clear();
                    model.Clear();
                    break;
                case 2:
                case 3:
                case 4:
                    // a repeat (or an id forgotten since): duplicates must not evict anything
                    if (issued.Count > 0)
                    {
                        var old = issued[random.Next(issued.Count)];
                        var ticks = clock - random.Next(0, 100);
                        window.TryAdd(old, ticks).ShouldBe(model.TryAdd(old, ticks));
                    }

                    break;
                default:
                    var id = NewId(random, issued);
                    issued.Add(id);
                    var at = clock - random.Next(0, 100); // event times a little out of order
                    window.TryAdd(id, at).ShouldBe(model.TryAdd(id, at));
                    break;
            }

            window.Count.ShouldBe(model.Count);
            if (issued.Count > 0)
            {
                var probe = issued[random.Next(issued.Count)];
                window.Contains(probe).ShouldBe(model.Contains(probe));
            }
        }

        foreach (var id in issued)
        {
            window.Contains(id).ShouldBe(model.Contains(id));
        }
    }

    [Fact]
    public void TryAdd_IdsSharingAHomeSlot_EachFoundAndForgottenAlone()
    {
        // (a, b) and (b, a) mix to the same home slot; so do all ids with the same low ^ high.
        var window = new DeduplicationWindow(1_000);
        var ids = Enumerable.Range(1, 200).Select(i => ((UInt128)(ulong)i << 64) | (ulong)((3 * i) + 1_000)).ToList();
        ids.AddRange(ids.Select(id => (id << 64) | (id >> 64)).ToList());
        for (var i = 0; i < ids.Count; i++)
        {
            window.TryAdd(ids[i], i).ShouldBeTrue();
        }

        window.Expire(ids.Count / 2);

        for (var i = 0; i < ids.Count; i++)
        {
            window.Contains(ids[i]).ShouldBe(i >= ids.Count / 2);
        }
    }

    private static UInt128 NewId(Random random, List<UInt128> issued)
    {
        // mostly hash-like ids, sometimes small or colliding ones
        return random.Next(4) switch
        {
            0 => (UInt128)(ulong)random.Next(1, 5_000),
            1 when issued.Count > 0 => (issued[random.Next(issued.Count)] << 64) | (issued[random.Next(issued.Count)] >> 64),
            _ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()),
        };
    }

    /// <summary>The straightforward implementation: a hash set for lookups, a queue for first-seen order.</summary>
    private sealed class Model(int capacity)
    {
        private readonly HashSet<UInt128> _ids = [];
        private readonly Queue<(UInt128 Id, long Ticks)> _order = new();

        public int Count => _ids.Count;

        public bool Contains(UInt128 id) => _ids.Contains(id);

        public bool TryAdd(UInt128 id, long ticks)
        {
            if (!_ids.Add(id))
            {
                return false;
            }

            _order.Enqueue((id, ticks));
            if (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue().Id);
            }

            return true;
        }

        public void Expire(long cutoff)
        {
            while (_order.TryPeek(out var head) && head.Ticks < cutoff)
            {
                _ids.Remove(_order.Dequeue().Id);
            }
        }

        public void Clear()
        {
            _ids.Clear();
            _order.Clear();
        }
    }
}
