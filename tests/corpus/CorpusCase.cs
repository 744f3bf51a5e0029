using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// One file of the bad-input corpus (the files beside this one in <c>tests/corpus/</c>, see its
/// README): the expected outcome from the file name, and the message with its placeholders expanded
/// at the byte level. Both test projects compile this file (linked in their csproj) and copy the corpus
/// beside their assembly: the Core tests for the parser-level theory, the Host tests for the run through
/// Kafka. The corpus README is the spec.
/// </summary>
internal sealed partial record CorpusCase(string FileName, string Expected, byte[] Template)
{
    public const string Accept = "accept";

    public bool ShouldBeAccepted => Expected == Accept;

    /// <summary>The corpus folder copied beside the test assembly.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "corpus");

    /// <summary>Every case, ordered by file name; files without <c>--</c> (the README) are not cases.</summary>
    public static IReadOnlyList<CorpusCase> LoadAll() =>
        System.IO.Directory.EnumerateFiles(Directory)
            .Select(Path.GetFileName)
            .Where(name => name!.Contains("--", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Load(name!))
            .ToList();

    public static CorpusCase Load(string fileName) =>
        new(fileName, fileName[..fileName.IndexOf("--", StringComparison.Ordinal)], File.ReadAllBytes(Path.Combine(Directory, fileName)));

    /// <summary>The message as sent when the test clock reads <paramref name="now"/>.</summary>
    public byte[] Materialise(DateTimeOffset now)
    {
        var output = new List<byte>(Template.Length);
        int? fillAt = null;
        var fillTo = 0;
        for (var i = 0; i < Template.Length; i++)
        {
            var end = Template[i] == '{' && i + 1 < Template.Length && Template[i + 1] == '{'
                ? Template.AsSpan(i + 2).IndexOf("}}"u8)
                : -1;
            if (end < 0)
            {
                output.Add(Template[i]);
                continue;
            }

            var token = Encoding.ASCII.GetString(Template, i + 2, end);
            if (token.StartsWith("fill:", StringComparison.Ordinal))
            {
                if (fillAt is not null) throw new InvalidDataException($"{FileName}: more than one fill placeholder");
                fillAt = output.Count;
                fillTo = int.Parse(token["fill:".Length..], CultureInfo.InvariantCulture);
            }
            else
            {
                output.AddRange(Encoding.ASCII.GetBytes(Time(token, now)));
            }

            i += end + 3; // past "{{", the token and "}}" (the loop adds the last one)
        }

        if (fillAt is { } at)
        {
            var length = fillTo - output.Count;
            if (length < 0) throw new InvalidDataException($"{FileName}: the message is already longer than {fillTo} bytes");
            output.InsertRange(at, Enumerable.Repeat((byte)'x', length));
        }

        return [.. output];
    }

    private string Time(string token, DateTimeOffset now)
    {
        var match = TimeToken().Match(token);
        if (!match.Success) throw new InvalidDataException($"{FileName}: unknown placeholder {{{{{token}}}}}");
        var time = now;
        if (match.Groups["amount"].Success)
        {
            var amount = int.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture) * (match.Groups["sign"].Value == "-" ? -1 : 1);
            time = match.Groups["unit"].Value switch
            {
                "s" => now.AddSeconds(amount),
                "m" => now.AddMinutes(amount),
                "h" => now.AddHours(amount),
                _ => now.AddDays(amount),
            };
        }

        var format = match.Groups["format"].Value;
        return format switch
        {
            "" => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "no-offset" => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            _ => time.ToOffset(TimeSpan.Parse(format.TrimStart('+'), CultureInfo.InvariantCulture) * (format[0] == '-' ? -1 : 1))
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex(@"^now(?:(?<sign>[+-])(?<amount>\d+)(?<unit>[smhd]))?(?:\|(?<format>no-offset|[+-]\d{2}:\d{2}))?$")]
    private static partial Regex TimeToken();
}
