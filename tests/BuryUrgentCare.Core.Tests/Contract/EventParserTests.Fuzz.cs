using System.Text;

namespace BuryUrgentCare.Contract;

/// <summary>The parser never throws: every input gets an event or a rejection with a detail.</summary>
public sealed partial class EventParserTests
{
    private const int FuzzSeed = 20261122;
    private const int FuzzCases = 10_000;

    private static readonly byte[] JsonAlphabet = Encoding.UTF8.GetBytes("{}[]\":,.-+eE0123456789 \t\n\\/untrfalsAZé");

    private static readonly string[] Splices =
    [
        "\"", "\\", "\\u", "\\u00", "\\uD800", "\\uDC00", "\\ud83d\\ude00", "{", "}", "[", "]", ",", ":", "null", "true",
        "-", "1e999", "-0", "0.0000001", "18446744073709551616", " ", "é", "😀", NhsUnspaced, NhsSpaced, "\\u0039434765919",
        "\"id\":\"x\",", "\"type\":\"ae.seen\",", "\"data\":{},", "\"data\":[", "{\"a\":", new string('[', 40),
        "2026-02-30T00:00:00Z", "+01:00", "\"unit\":\"BURY-IVCH\",", "\"subject\":1,", "\"resources\":{\"x\":-1},",
    ];

    [Fact]
    public void TryParse_RandomBytes_NeverThrowsAndExplainsEveryRejection()
    {
        var random = new Random(FuzzSeed);
        var outcomes = new int[RejectionReasons.Count + 1];

        for (var i = 0; i < FuzzCases; i++)
        {
            var input = new byte[random.Next(0, 600)];
            switch (i % 3)
            {
                case 0:
                    random.NextBytes(input);
                    break;
                case 1:
                    for (var k = 0; k < input.Length; k++)
                    {
                        input[k] = JsonAlphabet[random.Next(JsonAlphabet.Length)];
                    }

                    break;
                default:
                    // Random bytes inside an object, so the reader gets past the first token.
                    for (var k = 0; k < input.Length; k++)
                    {
                        input[k] = JsonAlphabet[random.Next(JsonAlphabet.Length)];
                    }

                    if (input.Length >= 2)
                    {
                        input[0] = (byte)'{';
                        input[^1] = (byte)'}';
                    }

                    break;
            }

            outcomes[ParseWithoutThrowing(input)]++;
        }

        outcomes.Sum().ShouldBe(FuzzCases);
        outcomes[(int)RejectionReason.MalformedJson].ShouldBeGreaterThan(FuzzCases / 2);
    }

    [Fact]
    public void TryParse_MutatedValidEvents_NeverThrowsAndExplainsEveryRejection()
    {
        var random = new Random(FuzzSeed);
        var seeds = EventJson.AllTypes.Select(t => EventJson.For(t).Build())
            .Append(EventJson.For("ae.arrived").Data(new { arrivalMode = "ambulance", acuity = 2, ageBand = "85+" })
                .With("datacontenttype", "application/json").WithRaw("ext", "[{\"a\":\"caf\\u00e9\"},1.5,null]").Build())
            .Append(EventJson.For("ivch.outcome").Data(new { disposition = "ed", booked = true }).Build())
            .Append(EventJson.For("capacity.declared").Data(new { resources = new { gaBeds = 420, gaBedsOccupied = 401 } }).Build())
            .ToArray();
        var outcomes = new int[RejectionReasons.Count + 1];

        for (var i = 0; i < FuzzCases; i++)
        {
            var input = seeds[random.Next(seeds.Length)].ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                Mutate(input, random);
            }

            outcomes[ParseWithoutThrowing([.. input])]++;
        }

        outcomes.Sum().ShouldBe(FuzzCases);
        outcomes[RejectionReasons.Count].ShouldBeGreaterThan(0, "some mutations should leave a valid event");
        outcomes.Count(n => n > 0).ShouldBeGreaterThan(6, "mutations should reach most rejection reasons: " + string.Join(",", outcomes));
    }

    private static void Mutate(List<byte> input, Random random)
    {
        var at = random.Next(input.Count + 1);
        switch (random.Next(7))
        {
            case 0 when at < input.Count:
                input[at] = (byte)random.Next(256);
                break;
            case 1 when at < input.Count:
                input[at] = JsonAlphabet[random.Next(JsonAlphabet.Length)];
                break;
            case 2:
                input.InsertRange(at, Encoding.UTF8.GetBytes(Splices[random.Next(Splices.Length)]));
                break;
            case 3 when at < input.Count:
                input.RemoveRange(at, random.Next(1, Math.Min(12, input.Count - at) + 1));
                break;
            case 4 when at < input.Count:
                input.InsertRange(at, input.GetRange(at, random.Next(1, Math.Min(40, input.Count - at) + 1)));
                break;
            case 5:
                input.RemoveRange(at, input.Count - at);
                break;
            default:
                // Swap a string's content for a splice: hits the value checks rather than the syntax.
                var colon = input.IndexOf((byte)':', Math.Min(at, input.Count));
                if (colon >= 0 && colon + 2 < input.Count && input[colon + 1] == (byte)'"')
                {
                    var end = input.IndexOf((byte)'"', colon + 2);
                    if (end > 0)
                    {
                        input.RemoveRange(colon + 2, end - (colon + 2));
                        input.InsertRange(colon + 2, Encoding.UTF8.GetBytes(Splices[random.Next(Splices.Length)]));
                    }
                }

                break;
        }
    }

    /// <summary>Parses, failing the test with the input if the parser throws; returns the reason index, or Count when accepted.</summary>
    private static int ParseWithoutThrowing(byte[] input)
    {
        bool accepted;
        UecEvent evt;
        Rejection rejection;
        try
        {
            accepted = CreateSut().TryParse(input, EventJson.ReceivedAt, out evt, out rejection);
        }
        catch (Exception ex)
        {
            throw new ShouldAssertException($"TryParse threw {ex.GetType().Name} for input (base64) {Convert.ToBase64String(input)}", ex);
        }

        if (accepted)
        {
            evt.Unit.ShouldBeInRange(0, UnitCatalog.Bury.Count - 1);
            Enum.IsDefined(evt.Type).ShouldBeTrue();
            return RejectionReasons.Count;
        }

        Enum.IsDefined(rejection.Reason).ShouldBeTrue();
        rejection.Detail.ShouldNotBeNullOrWhiteSpace($"no detail for {rejection.Reason}, input (base64) {Convert.ToBase64String(input)}");
        return (int)rejection.Reason;
    }
}
