using System.Text;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Simulation;

namespace BuryUrgentCare.Benchmarks;

/// <summary>
/// One simulated day of Bury's four units, recorded as the exact UTF-8 messages an integrator
/// would send, and scaled up to many hospitals: copy <c>k</c> of the day is the same traffic for
/// units <c>FGH-ED-000k</c>, <c>FGH-UTC-000k</c>, … with <c>-000k</c> appended to every
/// <c>unit</c>, <c>id</c> and <c>subject</c>, so ids stay unique and episodes stay apart.
/// Messages are interleaved in time order (event i of every copy, then event i+1 …), the
/// worst case for locality: consecutive messages almost never share a unit.
/// </summary>
internal sealed class RecordedDay
{
    private readonly byte[][] _recorded; // the one day's messages as the simulator wrote them
    private readonly long[] _recordedTicks;

    private RecordedDay(UnitCatalog units, byte[][] messages, long[] timeTicks, byte[][] recorded, long[] recordedTicks)
    {
        Units = units;
        Messages = messages;
        TimeTicks = timeTicks;
        _recorded = recorded;
        _recordedTicks = recordedTicks;
    }

    /// <summary>The 4 × copies units.</summary>
    public UnitCatalog Units { get; }

    /// <summary>Every message, in time order.</summary>
    public byte[][] Messages { get; }

    /// <summary>Each message's event time (UTC ticks): the fake clock follows it.</summary>
    public long[] TimeTicks { get; }

    /// <summary>Events in the one recorded day before scaling.</summary>
    public int RecordedEvents => _recorded.Length;

    /// <summary>Bytes of the one recorded day before scaling.</summary>
    public long RecordedBytes => _recorded.Sum(m => (long)m.Length);

    public long TotalBytes => Messages.Sum(m => (long)m.Length);

    /// <param name="census">
    /// False leaves out the simulator's hourly <c>census.declared</c> (contract v1.1): the v1 workload, for comparing the
    /// pipeline's code with builds from before the census existed on the same events.
    /// </param>
    /// <param name="messagesFile">
    /// A day recorded earlier, one message per line, to replay instead of the simulated one (written there first when the
    /// file does not exist): so that builds whose simulators differ can be compared on the same bytes. Null: simulate.
    /// </param>
    public static RecordedDay Build(DateOnly day, int seed, int copies, bool census = true, string? messagesFile = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        var start = new DateTimeOffset(
            TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), ServiceCalendarZone),
            TimeSpan.Zero);
        // The first Advance also returns the earlier history of every episode open at midnight
        // (up to 48 h back for the ED), with its own times: what a consumer replaying its horizon sees.
        var replay = messagesFile is not null && File.Exists(messagesFile);
        IReadOnlyList<SimulatedEvent> simulated = replay
            ? [.. File.ReadLines(messagesFile!).Where(line => line.Length > 0).Select(Recorded)]
            : new BuryTrafficSimulator(SimulatorProfile.Default, start, seed).Advance(start.AddDays(1));
        if (messagesFile is not null && !replay)
        {
            File.WriteAllLines(messagesFile, simulated.Select(e => Encoding.UTF8.GetString(e.Json)));
        }

        var recorded = simulated.Where(e => census || e.Type != "census.declared").ToList();
        var templates = recorded.Select(e => Template.Of(e.Json)).ToArray();

        var baseUnits = UnitCatalog.Bury.Units;
        var units = new List<UnitDefinition>(baseUnits.Count * copies);
        for (var k = 0; k < copies; k++)
        {
            foreach (var u in baseUnits)
            {
                units.Add(new UnitDefinition(u.Id + Suffix(k), $"{u.Name} ({k})", u.Service));
            }
        }

        var messages = new byte[recorded.Count * copies][];
        var times = new long[messages.Length];
        var suffixes = Enumerable.Range(0, copies).Select(k => Encoding.ASCII.GetBytes(Suffix(k))).ToArray();
        var n = 0;
        for (var i = 0; i < recorded.Count; i++)
        {
            for (var k = 0; k < copies; k++)
            {
                messages[n] = templates[i].Render(suffixes[k]);
                times[n] = recorded[i].Time.UtcTicks;
                n++;
            }
        }

        return new RecordedDay(
            new UnitCatalog(units), messages, times, [.. recorded.Select(e => e.Json)], [.. recorded.Select(e => e.Time.UtcTicks)]);
    }

    /// <summary>
    /// The first unit whose figures at the end of the day, in <paramref name="scaled"/> (a processor that has just
    /// processed <see cref="Messages"/> in order), differ from those of its unit in the recorded day processed alone; null
    /// when every copy is the same traffic as the day (as it must be, or the benchmark measures some other workload: a
    /// copy whose census named another copy's patients once found every patient missing).
    /// </summary>
    public string? FirstUnfaithfulCopy(StreamProcessor scaled)
    {
        var end = new DateTimeOffset(TimeTicks[^1], TimeSpan.Zero);
        var alone = new StreamProcessor(UnitCatalog.Bury, new EventTimeClock(_recordedTicks[0]));
        for (var i = 0; i < _recorded.Length; i++)
        {
            alone.Process(_recorded[i], _recordedTicks[i]);
        }

        var expected = Enumerable.Range(0, UnitCatalog.Bury.Count).Select(unit => Figures(alone, unit, end)).ToArray();
        for (var unit = 0; unit < Units.Count; unit++)
        {
            if (!Figures(scaled, unit, end).SequenceEqual(expected[unit % expected.Length]))
            {
                return Units[unit].Id;
            }
        }

        return null;
    }

    /// <summary>Everything the unit's snapshot says but its name and id.</summary>
    private static byte[] Figures(StreamProcessor processor, int unit, DateTimeOffset at)
    {
        var snapshot = processor.Snapshot(unit, at);
        return JsonSerializer.SerializeToUtf8Bytes(new { Figures = (object)snapshot.Figures, snapshot.Capacity, snapshot.Feed });
    }

    /// <summary>A message of a recorded day as the simulator would have returned it: the envelope's unit, type, time and id.</summary>
    private static SimulatedEvent Recorded(string line)
    {
        var json = Encoding.UTF8.GetBytes(line);
        using var document = JsonDocument.Parse(json);
        var envelope = document.RootElement;
        return new SimulatedEvent(
            envelope.GetProperty("unit").GetString()!,
            envelope.GetProperty("type").GetString()!,
            envelope.GetProperty("time").GetDateTimeOffset(),
            envelope.GetProperty("id").GetString()!,
            json);
    }

    private static readonly TimeZoneInfo ServiceCalendarZone = ServiceCalendar.London;

    private static string Suffix(int copy) => "-" + copy.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A message cut just after every value that names a unit or an episode (the simulator writes them unescaped
    /// ASCII), so a copy is the pieces with a suffix between them: the envelope's <c>id</c>, <c>unit</c> and
    /// <c>subject</c>, and the episodes a message names inside <c>data</c>: a census's <c>subjects</c> and a streamed
    /// UTC arrival's <c>streamedFrom.subject</c>. A census left naming copy 0's patients would find every patient of
    /// every other copy missing, which no department's record does.
    /// </summary>
    private sealed class Template
    {
        private readonly byte[] _json;
        private readonly int[] _cuts; // offsets of the closing quote of each rewritten value, ascending

        private Template(byte[] json, int[] cuts)
        {
            _json = json;
            _cuts = cuts;
        }

        public static Template Of(byte[] json)
        {
            var cuts = new List<int>(3);
            var reader = new Utf8JsonReader(json);
            var inData = false;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var depth = reader.CurrentDepth;
                if (depth == 1)
                {
                    inData = reader.ValueTextEquals("data"u8);
                }

                if (depth == 1 && (reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("unit"u8) || reader.ValueTextEquals("subject"u8)))
                {
                    reader.Read();
                    Cut(ref reader, cuts);
                }
                else if (depth == 2 && inData && reader.ValueTextEquals("subjects"u8))
                {
                    reader.Read();
                    var isArray = reader.TokenType == JsonTokenType.StartArray;
                    while (isArray && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        Cut(ref reader, cuts);
                    }
                }
                else if (depth == 2 && inData && reader.ValueTextEquals("streamedFrom"u8))
                {
                    reader.Read();
                    var isObject = reader.TokenType == JsonTokenType.StartObject;
                    while (isObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var subject = reader.ValueTextEquals("subject"u8);
                        reader.Read();
                        if (subject)
                        {
                            Cut(ref reader, cuts);
                        }
                        else
                        {
                            reader.TrySkip();
                        }
                    }
                }
                else if (depth == 1 && !inData)
                {
                    reader.Read();
                    reader.TrySkip();
                }
            }

            return new Template(json, [.. cuts]);
        }

        /// <summary>Cuts after the string value the reader is on.</summary>
        private static void Cut(ref Utf8JsonReader reader, List<int> cuts)
        {
            if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
            {
                throw new InvalidOperationException("the simulator wrote an id, unit or subject this template cannot rewrite");
            }

            // TokenStartIndex is the opening quote; the value follows it.
            cuts.Add((int)reader.TokenStartIndex + 1 + reader.ValueSpan.Length);
        }

        public byte[] Render(byte[] suffix)
        {
            var result = new byte[_json.Length + (_cuts.Length * suffix.Length)];
            var from = 0;
            var to = 0;
            foreach (var cut in _cuts)
            {
                _json.AsSpan(from, cut - from).CopyTo(result.AsSpan(to));
                to += cut - from;
                suffix.CopyTo(result.AsSpan(to));
                to += suffix.Length;
                from = cut;
            }

            _json.AsSpan(from).CopyTo(result.AsSpan(to));
            return result;
        }
    }
}
