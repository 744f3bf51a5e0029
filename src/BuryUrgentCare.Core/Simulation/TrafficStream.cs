namespace BuryUrgentCare.Simulation;

/// <summary>
/// One independent source of episodes (a unit's arrivals, or the capacity declarations), with its
/// own seeded random stream. Episodes are generated whole, in start order: the first event of an
/// episode is its start, and every later event is already decided when it starts.
/// </summary>
internal abstract class TrafficStream
{
    private readonly string _subjectPrefix;
    private readonly uint _subjectSalt;
    private long _serial;

    protected TrafficStream(int rank, SimulationRandom random, string subjectPrefix)
    {
        Rank = rank;
        Random = random;
        _subjectPrefix = subjectPrefix;
        _subjectSalt = random.NextUInt32();
    }

    /// <summary>Tie-break between streams whose events fall on the same second.</summary>
    public int Rank { get; }

    /// <summary>The start time (Unix seconds) of the next episode this stream will generate.</summary>
    public abstract long NextStart { get; }

    protected SimulationRandom Random { get; }

    /// <summary>
    /// Generates the episode starting at <see cref="NextStart"/>, writing its events (in clinical
    /// order, times non-decreasing) into <paramref name="events"/>, and moves <see cref="NextStart"/> on.
    /// </summary>
    public abstract SimulatedEpisode GenerateNext(List<EpisodeEvent> events);

    protected long NextSerial() => _serial++;

    /// <summary>The next episode of <paramref name="unit"/>: its serial and pseudonymised subject.</summary>
    protected SimulatedEpisode NewEpisode(SimUnit unit)
    {
        var serial = NextSerial();
        return new SimulatedEpisode { Unit = unit, Subject = Subject(serial), Serial = serial };
    }

    /// <summary>
    /// A pseudonymised episode id such as <c>ed-7f3a9c21</c>: 8 hex digits of a bijective mix of the
    /// episode's serial, so subjects never repeat within a run and carry no run of more than 8 digits.
    /// </summary>
    protected string Subject(long serial) => Subject(serial, _subjectPrefix);

    /// <summary>As <see cref="Subject(long)"/> with another prefix (a linked episode of another unit, which never collides).</summary>
    protected string Subject(long serial, string prefix) => prefix + Mix32(unchecked((uint)serial + _subjectSalt)).ToString("x8");

    /// <summary>A seed of this stream fixed at its creation, for a second random stream that must not shift the first.</summary>
    protected int SecondarySeed => unchecked((int)Mix32(_subjectSalt ^ 0x5157_4EAD));

    /// <summary>
    /// Cuts an episode whose last event lies beyond <paramref name="maxSeconds"/> after its start
    /// back proportionally, keeping the order of its events.
    /// </summary>
    protected static void Compress(List<EpisodeEvent> events, long maxSeconds)
    {
        var start = events[0].Time;
        var length = events[^1].Time - start;
        if (length <= maxSeconds)
        {
            return;
        }

        var scale = (double)maxSeconds / length;
        for (var i = 1; i < events.Count; i++)
        {
            events[i] = events[i] with { Time = start + (long)((events[i].Time - start) * scale) };
        }
    }

    /// <summary>A bijection on 32-bit integers ("lowbias32" hash): distinct serials give distinct subjects.</summary>
    private static uint Mix32(uint x)
    {
        unchecked
        {
            x ^= x >> 16;
            x *= 0x7feb352dU;
            x ^= x >> 15;
            x *= 0x846ca68bU;
            x ^= x >> 16;
            return x;
        }
    }
}
