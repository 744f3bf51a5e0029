using System.ComponentModel;
using System.Diagnostics;
using BuryUrgentCare.Support;
using YamlDotNet.RepresentationModel;

namespace BuryUrgentCare.Deployment;

/// <summary>
/// infra/compose.yaml, checked statically: no container engine runs here, but Debian's <c>docker-compose</c> validates
/// and renders the file (interpolation, anchors, profiles, depends_on conditions) exactly as it would before starting it.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Infra = Path.Combine(RepositoryFiles.Root, "infra");
    private static readonly string ComposeFile = Path.Combine(Infra, "compose.yaml");

    [Fact]
    public void Config_IsValid_WithEveryVariableOfTheExampleEnvFileSet()
    {
        var result = Compose(ExampleEnvFile(), "config", "-q");

        result.ExitCode.ShouldBe(0, result.Output);
    }

    [Fact]
    public void Config_RefusesToRender_WithoutTheSecrets()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var result = Compose(empty, "config", "-q");

            result.ExitCode.ShouldNotBe(0);
            result.Output.ShouldContain("set it in infra/.env");
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Fact]
    public void AppNodes_RunReadOnly_WithTheirOwnDataVolume_AfterTheTopicsExist()
    {
        var services = Rendered().At("services");

        foreach (var node in new[] { "app-1", "app-2" })
        {
            var app = services.At(node);
            app.Text("read_only").ShouldBe("true", node);
            app.Items("tmpfs").Select(t => ((YamlScalarNode)t).Value).ShouldContain("/tmp", node);
            Mounts(app).ShouldContain((node + "-data", "/app/data"), node);
            app.Text("depends_on", "kafka-init", "condition").ShouldBe("service_completed_successfully", node);
            app.Text("build", "dockerfile").ShouldBe("infra/Dockerfile");
        }

        // Both nodes run by default (every node serves every unit and the same workspace: issue 12), and the proxy
        // waits for both.
        services.Find("app-1", "profiles").ShouldBeNull();
        services.Find("app-2", "profiles").ShouldBeNull();
        services.At("proxy").Entries("depends_on").Select(d => d.Key).Order().ShouldBe(["app-1", "app-2"]);
        services.At("app-2").Entries("environment").ShouldContain(e => e.Key == "Kafka__WorkspaceTopic");
    }

    [Fact]
    public void AppEnvironment_NamesOnlyRealConfigurationKeys_AndRequiresTheTopics()
    {
        var environment = Rendered().At("services", "app-1").Entries("environment").ToList();

        environment.ShouldNotBeEmpty();
        environment.Select(e => ConfigurationKeys.Problem(e.Key, ((YamlScalarNode)e.Value).Value)).OfType<string>().ShouldBeEmpty();
        environment.ShouldContain(e => e.Key == "Kafka__RequireTopics" && ((YamlScalarNode)e.Value).Value == "true");
    }

    [Fact]
    public void Grafana_MountsThisRepositorysProvisioningAndDashboards()
    {
        var mounts = Mounts(Rendered().At("services", "grafana"));

        mounts.ShouldContain((Path.Combine(RepositoryFiles.Root, "grafana", "provisioning"), "/etc/grafana/provisioning"));
        mounts.ShouldContain((Path.Combine(RepositoryFiles.Root, "grafana", "dashboards"), "/var/lib/grafana/dashboards/bury"));
    }

    [Fact]
    public void Prometheus_ScrapesTheAppsMetrics_AndLoadsRulesFromTheRulesFolderOnly()
    {
        var prometheus = Yaml.Documents(File.ReadAllText(Path.Combine(Infra, "prometheus", "prometheus.yml"))).Single();

        prometheus.Items("rule_files").Select(r => ((YamlScalarNode)r).Value).ShouldBe(["rules/*.yml"]);
        var scrape = prometheus.Items("scrape_configs").Single();
        scrape.Text("metrics_path").ShouldBe("/metrics");
        scrape.Items("dns_sd_configs", "0", "names").Select(n => ((YamlScalarNode)n).Value).ShouldBe(["app"]);
        scrape.Text("dns_sd_configs", "0", "port").ShouldBe("8080");
        Rendered().Items("services", "app-1", "networks", "default", "aliases").Select(a => ((YamlScalarNode)a).Value).ShouldContain("app");
    }

    [Fact]
    public void TopicJob_CreatesTheThreeTopics()
    {
        var job = Rendered().At("services", "kafka-init");
        Mounts(job).ShouldContain((Path.Combine(Infra, "kafka", "create-topics.sh"), "/scripts/create-topics.sh"));
        var script = File.ReadAllText(Path.Combine(Infra, "kafka", "create-topics.sh"));

        script.ShouldContain("topic uec.events 12 cleanup.policy=delete");
        script.ShouldContain("topic uec.events.deadletter ");
        script.ShouldContain("topic uec.figures 12 cleanup.policy=compact");
        script.ShouldContain("topic uec.checkpoints 12 cleanup.policy=compact");
    }

    /// <summary>A service's volumes as docker-compose renders them ("source:target:mode").</summary>
    private static List<(string Source, string Target)> Mounts(YamlNode service) =>
        [.. service.Items("volumes").Select(v => ((YamlScalarNode)v).Value!.Split(':')).Select(parts => (parts[0], parts[1]))];

    private static YamlMappingNode Rendered()
    {
        var result = Compose(ExampleEnvFile(), "config");
        result.ExitCode.ShouldBe(0, result.Output);
        return Yaml.Documents(result.Output).Single();
    }

    /// <summary>infra/.env.example with a placeholder for every empty value: the variables the compose file needs.</summary>
    private static string ExampleEnvFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bury-compose-{Guid.NewGuid():N}.env");
        File.WriteAllLines(path, File.ReadAllLines(Path.Combine(Infra, ".env.example"))
            .Select(line => line.EndsWith('=') ? line + "placeholder" : line));
        return path;
    }

    /// <summary>Runs Debian's docker-compose (package docker-compose) on infra/compose.yaml with only the given env file.</summary>
    private static (int ExitCode, string Output) Compose(string envFile, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker-compose")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var argument in (string[])["--env-file", envFile, "-f", ComposeFile, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        // The secrets must come from the env file alone, never from whoever runs the tests.
        foreach (var line in File.ReadAllLines(Path.Combine(Infra, ".env.example")).Where(l => l.Contains('=') && !l.StartsWith('#')))
        {
            start.Environment.Remove(line[..line.IndexOf('=')]);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit(TimeSpan.FromMinutes(1)).ShouldBeTrue("docker-compose did not finish within a minute");
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (Win32Exception ex)
        {
            throw new ShouldAssertException(
                "docker-compose is not installed: it validates infra/compose.yaml. Install Debian's package docker-compose " +
                "(infra/install-deps.sh --tests should).", ex);
        }
        finally
        {
            if (envFile.Contains("bury-compose-", StringComparison.Ordinal))
            {
                File.Delete(envFile);
            }
        }
    }
}
