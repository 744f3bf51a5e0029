using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BuryUrgentCare.History;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Grafana;

/// <summary>
/// The dashboards under grafana/ and their provisioning: every panel's InfluxQL is run, with Grafana's macros filled in,
/// against a real influxd holding a simulated day, and must return data; every panel uses the provisioned data source.
/// Grafana itself cannot be installed on these machines, so this is as close as the tests get to it.
/// </summary>
[Collection(InfluxDbCollection.Name)]
public sealed partial class GrafanaDashboardTests(InfluxDbFixture influx)
{
    private const string DataSourceUid = "bury-influxdb";

    private static readonly string[] FixedUids = ["bury-flow", "bury-escalation", "bury-deflection", "bury-ingest", "bury-pipeline"];
    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static string? _database;

    public static string GrafanaFolder { get; } = Path.Combine(RepositoryFiles.Root, "grafana");

    public static TheoryData<string, string, string> PanelQueries()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (file, dashboard) in Dashboards())
        {
            foreach (var panel in Panels(dashboard))
            {
                foreach (var target in Targets(panel))
                {
                    data.Add(file, panel.GetProperty("title").GetString()!, target.GetProperty("refId").GetString()!);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PanelQueries))]
    public async Task PanelQuery_OnASimulatedDay_ReturnsASeriesWithValues(string file, string panelTitle, string refId)
    {
        var database = await SeededDatabaseAsync();
        var panel = Panels(Dashboard(file)).Single(p => p.GetProperty("title").GetString() == panelTitle);
        var query = Targets(panel).Single(t => t.GetProperty("refId").GetString() == refId).GetProperty("query").GetString()!;
        var interval = panel.TryGetProperty("interval", out var minimum) ? minimum.GetString()! : "5m";
        var influxQl = query
            .Replace("$timeFilter", $"time >= {SimulatedDayHistory.Start.ToUnixTimeMilliseconds()}ms AND time <= {SimulatedDayHistory.End.ToUnixTimeMilliseconds()}ms", StringComparison.Ordinal)
            .Replace("$__interval", interval, StringComparison.Ordinal)
            .Replace("$unit", "FGH-ED", StringComparison.Ordinal);
        Regex.IsMatch(influxQl, @"\$[A-Za-z_]").ShouldBeFalse($"every template variable is substituted: {influxQl}");

        using var answer = await influx.QueryRawAsync(database, influxQl);

        var result = answer.RootElement.GetProperty("results")[0];
        result.TryGetProperty("error", out var error).ShouldBeFalse($"{influxQl} failed: {(error.ValueKind == JsonValueKind.String ? error.GetString() : "")}");
        result.TryGetProperty("series", out var series).ShouldBeTrue($"{influxQl} returned no series");
        series.EnumerateArray().Any(s => s.GetProperty("values").EnumerateArray()
                .Any(row => row.EnumerateArray().Skip(1).Any(v => v.ValueKind == JsonValueKind.Number)))
            .ShouldBeTrue($"{influxQl} returned no value");
    }

    [Fact]
    public async Task TemplateVariables_QueriesListTheUnits()
    {
        var database = await SeededDatabaseAsync();
        foreach (var (file, dashboard) in Dashboards())
        {
            foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
            {
                variable.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe(DataSourceUid, $"{file}: variable {variable.GetProperty("name")}");
                using var answer = await influx.QueryRawAsync(database, variable.GetProperty("query").GetString()!);

                var values = answer.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")
                    .EnumerateArray().Select(v => v[1].GetString()).ToArray();
                values.ShouldContain("FGH-ED", $"{file}: variable {variable.GetProperty("name")}");
            }
        }
    }

    [Fact]
    public void Dashboards_FixedUidsOneFileEach()
    {
        var uids = AllDashboards().Select(d => (d.File, Uid: d.Dashboard.GetProperty("uid").GetString())).ToArray();

        uids.Select(u => u.Uid).OrderBy(u => u).ShouldBe(FixedUids.OrderBy(u => u));
        uids.ShouldAllBe(u => u.File == u.Uid + ".json");
    }

    [Fact]
    public void Dashboards_EveryPanelAndTargetUsesTheProvisionedDataSourceAndGrafanasMacros()
    {
        foreach (var (file, dashboard) in Dashboards())
        {
            var panels = Panels(dashboard).ToArray();
            panels.ShouldNotBeEmpty(file);
            panels.Select(p => p.GetProperty("id").GetInt32()).ShouldBeUnique(file);
            foreach (var panel in panels)
            {
                var title = $"{file}: {panel.GetProperty("title").GetString()}";
                panel.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe(DataSourceUid, title);
                Targets(panel).ShouldNotBeEmpty(title);
                foreach (var target in Targets(panel))
                {
                    target.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe(DataSourceUid, title);
                    target.GetProperty("rawQuery").GetBoolean().ShouldBeTrue(title);
                    var query = target.GetProperty("query").GetString()!;
                    query.ShouldContain("$timeFilter", Case.Sensitive, title);
                    query.ShouldContain("$__interval", Case.Sensitive, title);
                }
            }
        }
    }

    [Fact]
    public void DataSourceProvisioning_InfluxQlWithTheFixedUidAndEverySettingFromTheEnvironment()
    {
        var lines = ProvisioningLines("provisioning/datasources/influxdb.yaml");

        lines.ShouldContain("apiVersion: 1");
        lines.ShouldContain("datasources:");
        lines.ShouldContain("  - name: Bury InfluxDB");
        lines.ShouldContain("    uid: bury-influxdb");
        lines.ShouldContain("    type: influxdb");
        lines.ShouldContain("    url: ${BURY_INFLUXDB_URL}");
        lines.ShouldContain("    user: ${BURY_INFLUXDB_USER}");
        lines.ShouldContain("      version: InfluxQL");
        lines.ShouldContain("      dbName: ${BURY_INFLUXDB_DATABASE}");
        lines.ShouldContain("      password: ${BURY_INFLUXDB_PASSWORD}");
        lines.ShouldContain("      httpHeaderValue1: Token ${BURY_INFLUXDB_TOKEN}");
    }

    [Fact]
    public void DashboardProvisioning_FileProviderAtTheDocumentedPath()
    {
        var lines = ProvisioningLines("provisioning/dashboards/bury.yaml");

        lines.ShouldContain("apiVersion: 1");
        lines.ShouldContain("providers:");
        lines.ShouldContain("    type: file");
        lines.ShouldContain("      path: /var/lib/grafana/dashboards/bury");
        File.ReadAllText(Path.Combine(GrafanaFolder, "README.md")).ShouldContain("/var/lib/grafana/dashboards/bury");
    }

    /// <summary>The YAML's lines without comments, after checking each is a plain <c>key: value</c> (or list item)
    /// indented in steps of two spaces — enough to catch the mistakes that stop Grafana reading the file.</summary>
    internal static string[] ProvisioningLines(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(GrafanaFolder, relativePath))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .ToArray();
        foreach (var line in lines)
        {
            YamlLine().IsMatch(line).ShouldBeTrue($"{relativePath}: '{line}' is not a 'key: value' line indented by twos");
        }

        return lines;
    }

    [GeneratedRegex(@"^(  )*(- )?[A-Za-z][A-Za-z0-9_]*:( [^\t]*)?$")]
    private static partial Regex YamlLine();

    private async Task<string> SeededDatabaseAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            if (_database is null)
            {
                var database = InfluxDbFixture.NewDatabaseName("grafana");
                using var store = influx.CreateStore(database);
                (await SimulatedDayHistory.WriteAsync(store)).ShouldBeGreaterThan(50_000);
                _database = database;
            }

            return _database;
        }
        finally
        {
            SeedLock.Release();
        }
    }

    /// <summary>The dashboards over the InfluxDB history (the pipeline dashboard reads Prometheus: PipelineDashboardTests).</summary>
    private static IEnumerable<(string File, JsonElement Dashboard)> Dashboards() =>
        AllDashboards().Where(d => !Panels(d.Dashboard).Any(p => p.GetProperty("datasource").GetProperty("uid").GetString() == PipelineDashboardTests.DataSourceUid));

    private static IEnumerable<(string File, JsonElement Dashboard)> AllDashboards() =>
        Directory.GetFiles(Path.Combine(GrafanaFolder, "dashboards"), "*.json").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), Dashboard(Path.GetFileName(path))));

    internal static JsonElement Dashboard(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(GrafanaFolder, "dashboards", file))).RootElement;

    /// <summary>Every panel that shows data (rows are layout), including panels nested in collapsed rows.</summary>
    internal static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() == "row")
            {
                foreach (var nested in panel.TryGetProperty("panels", out var inner) ? inner.EnumerateArray() : default)
                {
                    yield return nested;
                }

                continue;
            }

            yield return panel;
        }
    }

    internal static IEnumerable<JsonElement> Targets(JsonElement panel) =>
        panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : [];
}
