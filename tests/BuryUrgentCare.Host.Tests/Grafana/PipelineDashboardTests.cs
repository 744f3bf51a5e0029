using System.Text.RegularExpressions;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Grafana;

/// <summary>
/// The pipeline dashboard reads Prometheus (the host's /metrics): every panel and target names the provisioned data
/// source, and every metric it queries is one docs/telemetry.md defines. Its queries are run against a real Prometheus
/// scraping a real host in Telemetry/PrometheusScrapeTests.
/// </summary>
public sealed partial class PipelineDashboardTests
{
    public const string DataSourceUid = "bury-prometheus";
    public const string File = "bury-pipeline.json";

    /// <summary>Every target's PromQL, with the panel's title.</summary>
    public static IEnumerable<(string Panel, string Query)> Queries() =>
        GrafanaDashboardTests.Panels(GrafanaDashboardTests.Dashboard(File)).SelectMany(panel => GrafanaDashboardTests.Targets(panel)
            .Select(target => (panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!)));

    [Fact]
    public void EveryPanelAndTarget_UsesTheProvisionedPrometheus()
    {
        var dashboard = GrafanaDashboardTests.Dashboard(File);
        dashboard.GetProperty("uid").GetString().ShouldBe("bury-pipeline");
        var panels = GrafanaDashboardTests.Panels(dashboard).ToArray();
        panels.Length.ShouldBeGreaterThan(8);
        panels.Select(p => p.GetProperty("id").GetInt32()).ShouldBeUnique();
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            panel.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe(DataSourceUid, title);
            GrafanaDashboardTests.Targets(panel).ShouldNotBeEmpty(title);
            foreach (var target in GrafanaDashboardTests.Targets(panel))
            {
                target.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe(DataSourceUid, title);
                target.GetProperty("expr").GetString().ShouldNotBeNullOrWhiteSpace(title);
            }
        }
    }

    [Fact]
    public void EveryMetricQueried_IsDocumented()
    {
        var docs = System.IO.File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "telemetry.md"));
        foreach (var (panel, query) in Queries())
        {
            foreach (var metric in MetricName().Matches(query).Select(m => Regex.Replace(m.Value, "_(bucket|total)$", "")))
            {
                docs.ShouldContain($"`{metric}", Case.Sensitive, $"{panel}: {metric} is not in docs/telemetry.md");
            }
        }
    }

    [Fact]
    public void DataSourceProvisioning_PrometheusWithTheFixedUidAndItsUrlFromTheEnvironment()
    {
        var lines = GrafanaDashboardTests.ProvisioningLines("provisioning/datasources/prometheus.yaml");

        lines.ShouldContain("apiVersion: 1");
        lines.ShouldContain("datasources:");
        lines.ShouldContain("    uid: bury-prometheus");
        lines.ShouldContain("    type: prometheus");
        lines.ShouldContain("    url: ${BURY_PROMETHEUS_URL}");
    }

    [GeneratedRegex(@"\bbury_[a-z_]+")]
    private static partial Regex MetricName();
}
