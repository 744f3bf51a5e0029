using System.Globalization;
using System.Text;
using System.Text.Json;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Gateway;
using BuryUrgentCare.Grafana;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuryUrgentCare.Telemetry;

/// <summary>
/// <c>/metrics</c> as an operator's Prometheus sees it: a real Prometheus scrapes a real host (events through the gateway
/// and straight to Kafka, one rejected, a wallboard connected), loads the alert rules of <c>infra/prometheus/</c>, runs
/// every query of the Grafana pipeline dashboard, and <c>promtool test rules</c> evaluates the consumer-lag alert over
/// the very series it scraped.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class PrometheusScrapeTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string AlertRules = Path.Combine(RepositoryFiles.Root, "infra", "prometheus", "rules", "alerts.yml");
    private const string Job = "bury-test";

    [Fact]
    public async Task Metrics_ScrapedByPrometheus_EveryDashboardQueryAnswers_AndTheLagAlertFiresOnTheScrapedSeries()
    {
        await using var host = GatewayTestSupport.Host(kafka);
        using var http = host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "readiness");
        await using var wallboard = host.CreateHubConnection();
        wallboard.On<object>("ReceiveSnapshot", _ => { });
        wallboard.On<object>("ReceiveUpdate", _ => { });
        await wallboard.StartAsync();
        await wallboard.InvokeAsync("JoinUnit", "FGH-ED");

        await using var prometheus = new PrometheusProcess(Job, host.BaseAddress, AlertRules);
        await prometheus.StartAsync(Timeout);
        await SendTrafficAsync(host, http);

        // Every panel of the pipeline dashboard answers with data once two scrapes have seen the traffic (rates need two).
        var queries = PipelineDashboardTests.Queries().ToArray();
        queries.Length.ShouldBeGreaterThan(10);
        var empty = queries.Select(q => q.Query).ToList();
        await Eventually.Until(async () =>
        {
            await SendTrafficAsync(host, http); // keeps every rate non-zero and the latency histogram fed
            foreach (var query in empty.ToArray())
            {
                if ((await prometheus.QueryAsync(query.Replace("$__rate_interval", "30s", StringComparison.Ordinal))).GetArrayLength() > 0)
                {
                    empty.Remove(query);
                }
            }

            return empty.Count == 0;
        }, Timeout, "every dashboard query answers; still empty: " + string.Join(" | ", empty), TimeSpan.FromMilliseconds(500));

        // Label values come from closed sets only: units of the catalogue (or 'unknown'), never ids or caller input.
        foreach (var series in (await prometheus.QueryAsync("{__name__=~\"bury_.+\", unit!=\"\"}")).EnumerateArray())
        {
            var unit = series.GetProperty("metric").GetProperty("unit").GetString()!;
            (UnitCatalog.Bury.TryGetIndex(unit, out _) || unit == PipelineMetrics.UnknownUnit).ShouldBeTrue(unit);
        }

        var gateway = await prometheus.QueryAsync("bury_gateway_requests_total{integrator=\"fgh-ed-epr\", status=\"202\"}");
        gateway.GetArrayLength().ShouldBe(1);
        var connections = await prometheus.QueryAsync("bury_realtime_connections{group=\"FGH-ED\"}");
        Value(connections[0]).ShouldBe(1);

        // The alert rule is loaded and healthy, and quiet while the consumer keeps up.
        var rule = (await prometheus.RulesAsync()).EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Single(r => r.GetProperty("name").GetString() == "BuryConsumerLagHigh");
        rule.GetProperty("health").GetString().ShouldBe("ok", rule.ToString());
        rule.GetProperty("state").GetString().ShouldBe("inactive");

        // promtool evaluates the rule over the scraped lag series (its real labels), with the lag raised past the threshold.
        var lag = await prometheus.QueryAsync("bury_ingest_consumer_lag");
        lag.GetArrayLength().ShouldBeGreaterThan(0);
        var scraped = lag[0];
        var labels = scraped.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        labels["job"].ShouldBe(Job);
        labels["topic"].ShouldBe(host.Topic);
        var (exitCode, output) = await PromtoolTestRulesAsync(labels, (long)Value(scraped));
        exitCode.ShouldBe(0, output);
    }

    /// <summary>Two valid events and one the gateway rejects through the gateway; one straight to Kafka that the consumer dead-letters.</summary>
    private async Task SendTrafficAsync(BuryHost host, HttpClient http)
    {
        var now = DateTimeOffset.UtcNow;
        var body = GatewayTestSupport.Array(
            TestEvents.AeArrived("ed-" + TestEvents.NewId(), now),
            TestEvents.AeArrived("ed-" + TestEvents.NewId(), now),
            TestEvents.Event("ae.arrived", "FGH-ED", "ed-x", now, new { arrivalMode = "helicopter" }));
        using var response = await GatewayTestSupport.Post(http, body);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);

        using var producer = kafka.CreateProducer();
        await producer.ProduceAsync(host.Topic, new Message<string, byte[]>
        {
            Key = "FGH-ED",
            Value = TestEvents.Event("ae.arrived", "FGH-ED", "ed-y", now, new { arrivalMode = "helicopter" }),
        });
    }

    private static async Task<(int ExitCode, string Output)> PromtoolTestRulesAsync(Dictionary<string, string> labels, long scrapedLag)
    {
        var series = "bury_ingest_consumer_lag{" + string.Join(", ", labels.Where(l => l.Key != "__name__").Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
        string Alert(long value) => $"""
                      - exp_labels:
                          severity: page
                          job: {labels["job"]}
                          instance: {labels["instance"]}
                          topic: {labels["topic"]}
                          partition: "{labels["partition"]}"
                        exp_annotations:
                          summary: "Bury consumer {labels["instance"]} is {value} events behind on {labels["topic"]} partition {labels["partition"]}"
                          description: "Wallboards for the units on this partition show figures as old as the backlog. See docs/telemetry.md."
            """;
        // One sample a minute: what was scraped, then 6,000 (past the 5,000 threshold) rising, then back to 0.
        var test = $"""
            rule_files:
              - {AlertRules}
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - series: '{series}'
                    values: '{scrapedLag} {scrapedLag} 6000 7000 8000 9000 0 0'
                alert_rule_test:
                  - eval_time: 1m
                    alertname: BuryConsumerLagHigh
                    exp_alerts: []
                  - eval_time: 3m
                    alertname: BuryConsumerLagHigh
                    exp_alerts: []
                  - eval_time: 4m
                    alertname: BuryConsumerLagHigh
                    exp_alerts:
            {Alert(8000)}
                  - eval_time: 5m
                    alertname: BuryConsumerLagHigh
                    exp_alerts:
            {Alert(9000)}
                  - eval_time: 6m
                    alertname: BuryConsumerLagHigh
                    exp_alerts: []
            """;
        var folder = Directory.CreateTempSubdirectory("promtool-").FullName;
        try
        {
            var path = Path.Combine(folder, "lag-test.yml");
            await File.WriteAllTextAsync(path, test, Encoding.UTF8);
            var (exitCode, output) = await PrometheusProcess.RunPromtoolAsync("test", "rules", path);
            return (exitCode, output + Environment.NewLine + test);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Value(JsonElement series) =>
        double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
}
