// Measures how fast figure points reach InfluxDB through the app's own path (TimeSeriesWriter + InfluxDbStore)
// and, for comparison, how fast curl posts the same line protocol in the same batch size.
//
//   dotnet run -c Release --project load-tests/BuryUrgentCare.HistoryLoad -- [--url http://127.0.0.1:8086] [--points 1000000] [--batch 5000]
//
// Without --url it starts a private influxd (/usr/bin/influxd) on a free loopback port with a temporary data folder.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BuryUrgentCare.History;
using BuryUrgentCare.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var url = Argument("--url");
var pointCount = int.Parse(Argument("--points") ?? "1000000", CultureInfo.InvariantCulture);
var batchSize = int.Parse(Argument("--batch") ?? "5000", CultureInfo.InvariantCulture);

InfluxdProcess? influxd = null;
if (url is null)
{
    influxd = new InfluxdProcess();
    await influxd.StartAsync(TimeSpan.FromSeconds(30));
    url = influxd.Url.ToString();
    Console.WriteLine($"started influxd on {url} (data in {influxd.DataRoot})");
}

var baseUri = new Uri(url);
var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
try
{
    Console.WriteLine($"generating {pointCount:N0} figure points ...");
    var points = FigurePoints.Generate(pointCount);
    var fieldsPerPoint = points.Average(p => p.Fields.Count);
    Console.WriteLine($"  {points.Count:N0} points, {fieldsPerPoint:F1} fields each on average, batch size {batchSize:N0}");

    // 1. The app's path.
    var writerDb = $"history_load_writer_{runId}";
    var writerRate = await RunWriterAsync(baseUri, writerDb, points, batchSize);

    // 2. curl posting the same line protocol, same batch size, one curl process reusing its connection.
    var curlDb = $"history_load_curl_{runId}";
    var curlRate = await RunCurlAsync(baseUri, curlDb, points, batchSize);

    Console.WriteLine();
    Console.WriteLine($"points: {pointCount:N0}, batch: {batchSize:N0}, cores: {Environment.ProcessorCount}");
    Console.WriteLine($"TimeSeriesWriter + InfluxDbStore : {writerRate,12:N0} points/s  (stored: {await CountAsync(writerDb):N0})");
    Console.WriteLine($"curl --data-binary               : {curlRate,12:N0} points/s  (stored: {await CountAsync(curlDb):N0})");
}
finally
{
    if (influxd is not null)
    {
        await influxd.DisposeAsync();
    }
}

async Task<double> RunWriterAsync(Uri influx, string database, IReadOnlyList<FigurePoint> points, int batch)
{
    using var store = new InfluxDbStore(new InfluxDbOptions { Url = influx, Database = database }, TimeSpan.FromDays(3650));

    // Create the database before the clock starts: start-up is not throughput.
    await store.WriteAsync([FigurePoints.Warmup()], CancellationToken.None);

    var options = new HistoryOptions
    {
        BatchSize = batch,
        BufferCapacity = Math.Max(points.Count, batch), // room for everything: this measures the writer, not drops
        FlushInterval = TimeSpan.FromMilliseconds(100),
        RetryBaseDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromSeconds(2),
    };
    using var writer = new TimeSeriesWriter(store, Options.Create(options), TimeProvider.System, NullLogger<TimeSeriesWriter>.Instance);
    await writer.StartAsync(CancellationToken.None);

    Console.WriteLine($"writer: enqueueing into {database} ...");
    var clock = Stopwatch.StartNew();
    foreach (var point in points)
    {
        while (!writer.TryEnqueue(point))
        {
            Thread.Yield();
        }
    }

    var enqueued = clock.Elapsed;
    await Eventually.Until(() => writer.GetStats().Written >= points.Count, TimeSpan.FromMinutes(30), "all points written",
        TimeSpan.FromMilliseconds(5));
    var elapsed = clock.Elapsed;
    await writer.StopAsync(CancellationToken.None);

    var stats = writer.GetStats();
    Console.WriteLine($"  enqueued in {enqueued.TotalSeconds:F2} s ({points.Count / enqueued.TotalSeconds:N0} points/s on the producer side)");
    Console.WriteLine($"  written in {elapsed.TotalSeconds:F2} s; failed attempts {stats.FailedAttempts}, dropped {stats.Dropped}, rejected {stats.Rejected}");
    return points.Count / elapsed.TotalSeconds;
}

async Task<double> RunCurlAsync(Uri influx, string database, IReadOnlyList<FigurePoint> points, int batch)
{
    var folder = Directory.CreateTempSubdirectory("history-load-curl-").FullName;
    try
    {
        Console.WriteLine($"curl: writing line protocol files into {folder} ...");
        var config = new StringBuilder();
        var writeUrl = new Uri(influx, $"write?db={Uri.EscapeDataString(database)}&precision={LineProtocol.Precision}");
        var body = new StringBuilder(batch * 160);
        var files = 0;
        for (var first = 0; first < points.Count; first += batch)
        {
            body.Clear();
            for (var i = first; i < Math.Min(first + batch, points.Count); i++)
            {
                LineProtocol.AppendLine(body, points[i]);
            }

            var file = Path.Combine(folder, $"batch-{files++:D6}.lp");
            await File.WriteAllTextAsync(file, body.ToString());
            if (config.Length > 0)
            {
                config.AppendLine("next");
            }

            config.AppendLine(CultureInfo.InvariantCulture, $"url = \"{writeUrl}\"");
            config.AppendLine(CultureInfo.InvariantCulture, $"data-binary = \"@{file}\"");
            config.AppendLine("header = \"Content-Type: text/plain; charset=utf-8\"");
            config.AppendLine("silent");
            config.AppendLine("output = \"/dev/null\"");
            config.AppendLine("write-out = \"%{http_code}\\n\"");
        }

        var configPath = Path.Combine(folder, "curl.config");
        await File.WriteAllTextAsync(configPath, config.ToString());

        using (var create = await http.PostAsync(new Uri(influx, "query"),
                   new FormUrlEncodedContent([KeyValuePair.Create("q", $"CREATE DATABASE \"{database}\"")])))
        {
            create.EnsureSuccessStatusCode();
        }

        Console.WriteLine($"curl: posting {files:N0} files to {database} ...");
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        var clock = Stopwatch.StartNew();
        using var curl = Process.Start(start) ?? throw new InvalidOperationException("curl did not start");
        var stdout = curl.StandardOutput.ReadToEndAsync();
        var stderr = curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        var elapsed = clock.Elapsed;

        var codes = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (curl.ExitCode != 0 || codes.Length != files || codes.Any(c => c != "204"))
        {
            throw new InvalidOperationException(
                $"curl exited {curl.ExitCode}; {codes.Count(c => c == "204")}/{files} answered 204. {await stderr}");
        }

        Console.WriteLine($"  written in {elapsed.TotalSeconds:F2} s ({files} requests, all 204)");
        return points.Count / elapsed.TotalSeconds;
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

async Task<long> CountAsync(string database)
{
    var total = 0L;
    foreach (var measurement in FigurePoints.Measurements)
    {
        var q = $"SELECT count(\"{measurement.CountField}\") FROM \"{measurement.Name}\"";
        var json = await http.GetStringAsync(new Uri(baseUri, $"query?db={Uri.EscapeDataString(database)}&q={Uri.EscapeDataString(q)}"));
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("results")[0];
        if (result.TryGetProperty("series", out var series))
        {
            total += series[0].GetProperty("values")[0][1].GetInt64();
        }
    }

    return total;
}

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

/// <summary>Figure points shaped like the live figures of METRICS.md, for Greater Manchester's units.</summary>
internal static class FigurePoints
{
    public sealed record Measurement(string Name, string CountField);

    public static readonly Measurement[] Measurements =
    [
        new("ae", "inDepartment"),
        new("utc", "inDepartment"),
        new("ae_by_acuity", "inDepartment"),
        new("greencar", "activeIncidents"),
        new("ivch", "queue"),
    ];

    private static readonly string[] EmergencyDepartments =
        ["fgh-ae", "roy-ae", "nmgh-ae", "mri-ae", "wyth-ae", "sal-ae", "step-ae", "tame-ae", "wig-ae", "bol-ae"];

    private static readonly string[] UrgentTreatmentCentres = ["fgh-utc", "roy-utc", "wig-utc", "bol-utc"];

    public static FigurePoint Warmup() =>
        new("warmup", [KeyValuePair.Create("unit", "fgh-ae")], [KeyValuePair.Create("n", FieldValue.Integer(1))], DateTimeOffset.UnixEpoch.AddYears(56));

    /// <summary>
    /// One tick per second, newest last: each tick yields an <c>ae</c> point per emergency department, a
    /// <c>utc</c> point per UTC, five <c>ae_by_acuity</c> points for Fairfield, one <c>greencar</c> and one
    /// <c>ivch</c> point — 26 points a tick, until <paramref name="count"/> is reached.
    /// </summary>
    public static List<FigurePoint> Generate(int count)
    {
        var random = new Random(42);
        var points = new List<FigurePoint>(count);
        var ticks = (count + 25) / 26;
        var start = DateTimeOffset.UtcNow.AddSeconds(-ticks).AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond));
        for (var tick = 0; points.Count < count; tick++)
        {
            var at = start.AddSeconds(tick);
            foreach (var unit in EmergencyDepartments)
            {
                Add("ae", [("unit", unit)],
                    ("inDepartment", random.Next(30, 120)),
                    ("longestWaitMinutes", random.Next(60, 900)),
                    ("over4Hours", random.Next(0, 40)),
                    ("over12Hours", random.Next(0, 10)),
                    ("fourHourPerformanceToday", 55 + random.NextDouble() * 40),
                    ("occupancyPercent", 60 + random.NextDouble() * 60),
                    ("ambulancesAwaitingHandover", random.Next(0, 12)),
                    ("meanHandoverMinutesToday", 15 + random.NextDouble() * 60));
            }

            foreach (var unit in UrgentTreatmentCentres)
            {
                Add("utc", [("unit", unit)],
                    ("inDepartment", random.Next(5, 60)),
                    ("longestWaitMinutes", random.Next(10, 300)),
                    ("fourHourPerformanceToday", 80 + random.NextDouble() * 20),
                    ("referredToEdToday", random.Next(0, 15)));
            }

            for (var acuity = 1; acuity <= 5; acuity++)
            {
                Add("ae_by_acuity", [("unit", "fgh-ae"), ("acuity", acuity.ToString(CultureInfo.InvariantCulture))],
                    ("inDepartment", random.Next(0, 40)));
            }

            Add("greencar", [("unit", "bury-greencar")],
                ("activeIncidents", random.Next(0, 3)),
                ("incidentsToday", random.Next(0, 20)),
                ("nonConveyanceRateToday", random.NextDouble() * 100));
            Add("ivch", [("unit", "bury-ivch")],
                ("queue", random.Next(0, 30)),
                ("longestQueueWaitMinutes", random.Next(0, 90)),
                ("callsToday", random.Next(0, 600)),
                ("abandonedRateToday", random.NextDouble() * 10));

            void Add(string measurement, (string Key, string Value)[] tags, params (string Key, FieldValue Value)[] fields)
            {
                if (points.Count < count)
                {
                    points.Add(new FigurePoint(measurement,
                        tags.Select(t => KeyValuePair.Create(t.Key, t.Value)).ToArray(),
                        fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).ToArray(),
                        at));
                }
            }
        }

        return points;
    }
}
