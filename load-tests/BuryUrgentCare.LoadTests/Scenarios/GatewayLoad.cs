using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using BuryUrgentCare.LoadTests.Framework;
using BuryUrgentCare.LoadTests.Target;

namespace BuryUrgentCare.LoadTests.Scenarios;

/// <summary>
/// <c>gateway</c>: <c>POST /api/events</c>, one event or a batch of 100 per request, at a fixed concurrency (closed
/// model) with a dedicated integrator; 202/429/503/other counts and latency. Then every event answered 202 must
/// become applied (<c>/api/ingest/stats</c>): one accepted and never applied is data loss and fails the run.
/// </summary>
public static class GatewayLoad
{
    public const string Name = "gateway";

    public static async Task Run(LoadContext context, ScenarioReport report)
    {
        await using var host = await context.Host();
        using var http = host.CreateHttpClient();
        var before = await Wallboard.Applied(http);
        var events = new LoadEvents(Environment.TickCount64);
        long sequence = 0;
        long acceptedTotal = 0;
        (string Label, int Batch)[] modes = [("single events", 1), ("batches of 100", 100)];
        IReadOnlyList<int> concurrencies = context.Settings.Smoke ? [4] : context.Settings.Concurrency;
        foreach (var (label, batch) in modes)
        {
            foreach (var concurrency in concurrencies)
            {
                var run = report.Run($"{label}, concurrency {concurrency}");
                var step = run.Step("POST /api/events");
                var started = Stopwatch.GetTimestamp();
                await context.Drive(run.Name, LoadSimulation.KeepConstant(concurrency, context.Settings.Duration), async (n, _) =>
                {
                    var unit = LoadEvents.Units[n % 4];
                    var now = DateTimeOffset.UtcNow;
                    var body = batch == 1
                        ? events.Create(unit, Interlocked.Increment(ref sequence), now)
                        : LoadEvents.Array(Enumerable.Range(0, batch).Select(_ => events.Create(unit, Interlocked.Increment(ref sequence), now)));
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/events", UriKind.Relative)) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    request.Headers.Add("X-Api-Key", host.ApiKey);
                    var at = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.SendAsync(request);
                        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
                        {
                            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                            var accepted = json.RootElement.GetProperty("accepted").GetInt32();
                            Interlocked.Add(ref acceptedTotal, accepted);
                            step.RecordOk(Stopwatch.GetElapsedTime(at), status, accepted);
                        }
                        else
                        {
                            step.RecordFail(status, Stopwatch.GetElapsedTime(at));
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        step.RecordFail(ex.HttpRequestError.ToString());
                    }
                }, () => $"{step.Items:N0} events accepted");
                step.Duration = Stopwatch.GetElapsedTime(started);
                run.Figure("requests/s", $"{(step.Ok + step.Failed) / step.Duration.TotalSeconds:N0}");
                run.Figure("events accepted/s", $"{step.ItemsPerSecond:N0}");
            }
        }

        // Every accepted event must be applied: wait while the count still moves (10 s without progress ends the wait).
        var visibility = report.Run("every accepted event applied");
        var applied = 0L;
        var lastProgress = Stopwatch.StartNew();
        var drain = Stopwatch.StartNew();
        while (applied < acceptedTotal && lastProgress.Elapsed < TimeSpan.FromSeconds(10))
        {
            var now = await Wallboard.Applied(http);
            var next = LoadEvents.Units.Sum(u => now.GetValueOrDefault(u) - before.GetValueOrDefault(u));
            if (next > applied)
            {
                applied = next;
                lastProgress.Restart();
            }

            await Task.Delay(50);
        }

        var lost = acceptedTotal - applied;
        visibility.Figure("accepted (202)", $"{acceptedTotal:N0}");
        visibility.Figure("applied", $"{applied:N0}");
        visibility.Figure("time from the last request to the last applied", $"{drain.Elapsed.TotalSeconds:0.0} s");
        visibility.Threshold("accepted = applied (no data loss)", lost == 0, $"{lost:N0} accepted events never applied");
        foreach (var run in report.Runs.Where(r => r != visibility))
        {
            var step = run.Steps[0];
            var other = step.Statuses.Where(s => s.Key is not ("202" or "429" or "503")).Sum(s => s.Value);
            run.Threshold("no status other than 202/429/503", other == 0, $"{other:N0} other answers");
        }
    }
}
