using BuryUrgentCare.Support;
using YamlDotNet.RepresentationModel;

namespace BuryUrgentCare.Deployment;

/// <summary>
/// infra/k8s, checked statically (no cluster here): the manifests parse, fit together, point the probes at the host's
/// health endpoints, run the container non-root on a read-only root, name only real configuration keys, keep secrets
/// out, and carry the repository's OPEL profile.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(RepositoryFiles.Root, "infra", "k8s");

    private static readonly List<(string File, YamlMappingNode Manifest)> Manifests =
        [.. Directory.GetFiles(Folder, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(f => Yaml.Documents(File.ReadAllText(f)).Select(m => (Path.GetFileName(f), m)))];

    private static YamlMappingNode Kind(string kind) => Manifests.Single(m => m.Manifest.Text("kind") == kind).Manifest;

    private static YamlNode Container => Kind("StatefulSet").At("spec", "template", "spec", "containers", "0");

    [Fact]
    public void Kustomization_ListsEveryManifestInTheFolder()
    {
        var kustomization = Yaml.Documents(File.ReadAllText(Path.Combine(Folder, "kustomization.yaml"))).Single();

        kustomization.Items("resources").Select(r => ((YamlScalarNode)r).Value).Order()
            .ShouldBe(Manifests.Select(m => m.File).Distinct().Order());
    }

    [Fact]
    public void NoSecretValues_AreInTheFolder()
    {
        Manifests.Select(m => m.Manifest.Text("kind")).ShouldNotContain("Secret");
        foreach (var variable in Container.Items("env"))
        {
            var name = variable.Text("name");
            if (name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Contains("username", StringComparison.OrdinalIgnoreCase)
                || name.Contains("Token", StringComparison.OrdinalIgnoreCase) || name.Contains("KeySha256", StringComparison.OrdinalIgnoreCase))
            {
                variable.Find("value").ShouldBeNull($"{name} must come from a Secret (valueFrom.secretKeyRef), not a value in the repository");
                variable.Text("valueFrom", "secretKeyRef", "name").ShouldBe("bury-urgent-care");
            }
        }
    }

    [Fact]
    public void Probes_UseTheHostsHealthEndpoints_OnItsPort()
    {
        Container.Text("readinessProbe", "httpGet", "path").ShouldBe("/health/ready");
        Container.Text("livenessProbe", "httpGet", "path").ShouldBe("/health/live");
        Container.Text("startupProbe", "httpGet", "path").ShouldBe("/health/live");
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            Container.Text(probe, "httpGet", "port").ShouldBe("http");
        }

        Container.Text("ports", "0", "name").ShouldBe("http");
        // The image listens where the Dockerfile says (ASPNETCORE_HTTP_PORTS).
        File.ReadAllText(Path.Combine(RepositoryFiles.Root, "infra", "Dockerfile")).ShouldContain($"ASPNETCORE_HTTP_PORTS={Container.Text("ports", "0", "containerPort")}");
    }

    [Fact]
    public void Container_RunsNonRoot_OnAReadOnlyRoot_WritingOnlyDataAndTmp()
    {
        var pod = Kind("StatefulSet").At("spec", "template", "spec");
        pod.Text("securityContext", "runAsNonRoot").ShouldBe("true");
        int.Parse(pod.Text("securityContext", "runAsUser"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        Container.Text("securityContext", "readOnlyRootFilesystem").ShouldBe("true");
        Container.Text("securityContext", "allowPrivilegeEscalation").ShouldBe("false");
        Container.Items("securityContext", "capabilities", "drop").Select(c => ((YamlScalarNode)c).Value).ShouldBe(["ALL"]);

        var writable = Container.Items("volumeMounts").Where(m => m.Find("readOnly") is null).Select(m => m.Text("mountPath"));
        writable.Order().ShouldBe(["/app/data", "/tmp"]);
        var data = Container.Items("volumeMounts").Single(m => m.Text("mountPath") == "/app/data").Text("name");
        // Each pod's own volume, kept across its restarts: no pod volume of that name hides the claim template.
        pod.Items("volumes").ShouldNotContain(v => v.Text("name") == data);
        var claim = Kind("StatefulSet").Items("spec", "volumeClaimTemplates").ShouldHaveSingleItem();
        claim.Text("metadata", "name").ShouldBe(data);
        claim.Items("spec", "accessModes").Select(m => ((YamlScalarNode)m).Value).ShouldBe(["ReadWriteOnce"]);
    }

    [Fact]
    public void EveryEnvironmentVariable_IsARealConfigurationKey()
    {
        var problems = Container.Items("env")
            .Select(v => ConfigurationKeys.Problem(v.Text("name"), v.Find("value") is YamlScalarNode { Value: var value } ? value : null))
            .OfType<string>();

        problems.ShouldBeEmpty();
        Container.Items("env").ShouldContain(v => v.Text("name") == "Kafka__RequireTopics" && v.Text("value") == "true");
    }

    [Fact]
    public void OpelProfile_IsTheRepositorysFile_MountedWhereEscalationLooks()
    {
        var configMap = Manifests.Single(m => m.Manifest.Text("kind") == "ConfigMap" && m.Manifest.Text("metadata", "name") == "bury-opel-profile").Manifest;
        var repository = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "src", "BuryUrgentCare.Host", "Escalation", "opel-profile.json"));

        configMap.Text("data", "opel-profile.json").ReplaceLineEndings().TrimEnd().ShouldBe(repository.ReplaceLineEndings().TrimEnd());

        var path = Container.Items("env").Single(v => v.Text("name") == "Escalation__OpelProfilePath").Text("value");
        var mount = Container.Items("volumeMounts").Single(m => path.StartsWith(m.Text("mountPath") + "/", StringComparison.Ordinal));
        path.ShouldBe(mount.Text("mountPath") + "/opel-profile.json");
        Kind("StatefulSet").Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == mount.Text("name"))
            .Text("configMap", "name").ShouldBe("bury-opel-profile");
    }

    [Fact]
    public void TwoReplicas_ServeByDefault_AndADrainKeepsOne()
    {
        // Every node serves every unit, the same workspace and the same tokens (issue 12): a second replica is availability.
        int.Parse(Kind("StatefulSet").Text("spec", "replicas"), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(2);
        Kind("StatefulSet").Text("spec", "serviceName").ShouldBe(Kind("Service").Text("metadata", "name"));
        Kind("PodDisruptionBudget").Text("spec", "minAvailable").ShouldBe("1");
        Container.Items("env").ShouldContain(v => v.Text("name") == "Kafka__WorkspaceTopic" && v.Text("value") == "uec.workspace");
    }

    [Fact]
    public void ServicePdbAndIngress_ReachTheStatefulSetsPods()
    {
        var labels = Kind("StatefulSet").Entries("spec", "template", "metadata", "labels").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value);
        Kind("StatefulSet").Entries("spec", "selector", "matchLabels").ShouldAllBe(e => labels[e.Key] == ((YamlScalarNode)e.Value).Value);
        Kind("Service").Entries("spec", "selector").ShouldAllBe(e => labels[e.Key] == ((YamlScalarNode)e.Value).Value);
        Kind("PodDisruptionBudget").Entries("spec", "selector", "matchLabels").ShouldAllBe(e => labels[e.Key] == ((YamlScalarNode)e.Value).Value);
        Kind("Service").Text("spec", "ports", "0", "targetPort").ShouldBe("http");

        var backend = Kind("Ingress").At("spec", "rules", "0", "http", "paths", "0", "backend", "service");
        backend.Text("name").ShouldBe(Kind("Service").Text("metadata", "name"));
        backend.Text("port", "name").ShouldBe(Kind("Service").Text("spec", "ports", "0", "name"));
        // A wallboard's WebSocket is quiet between updates: the ingress must not cut it after nginx's default 60 s.
        int.Parse(Kind("Ingress").Text("metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-read-timeout"), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThanOrEqualTo(3600);
    }

    [Fact]
    public void ConfigurationKeys_CatchesAMisspeltKeyAndAValueOfTheWrongType()
    {
        ConfigurationKeys.Problem("Kafka__BootstrapServer", "x").ShouldNotBeNull();
        ConfigurationKeys.Problem("Kafka__RequireTopics", "yes").ShouldNotBeNull();
        ConfigurationKeys.Problem("Kafka__Client", null).ShouldNotBeNull();
        ConfigurationKeys.Problem("Nonexistent__Key", "x").ShouldNotBeNull();
        ConfigurationKeys.Problem("Gateway__Integrators__first__Name", "x").ShouldNotBeNull();
        ConfigurationKeys.Problem("kafka__client__sasl.password", "x").ShouldBeNull();
        ConfigurationKeys.Problem("Processing__ReplayHorizon", "2.00:00:00").ShouldBeNull();
    }
}
