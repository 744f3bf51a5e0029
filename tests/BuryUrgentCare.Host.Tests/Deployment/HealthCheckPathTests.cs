using System.Net;
using System.Text.RegularExpressions;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Deployment;

/// <summary>Every health path the deployment files probe is one the host serves (a 404 would restart or unroute it for ever).</summary>
[Collection(KafkaCollection.Name)]
public sealed partial class HealthCheckPathTests(KafkaTestCluster kafka)
{
    [Fact]
    public async Task EveryProbedPath_IsServedByTheHost()
    {
        var infra = Path.Combine(RepositoryFiles.Root, "infra");
        var probed = new[] { "Dockerfile", "proxy/Caddyfile", "k8s/statefulset.yaml" }
            .SelectMany(file => HealthPath().Matches(File.ReadAllText(Path.Combine(infra, file))).Select(m => m.Value))
            .Distinct()
            .ToList();
        probed.ShouldBe(["/health/live", "/health/ready"], ignoreOrder: true);

        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();
        foreach (var path in probed)
        {
            // Ready may well say 503 this early; what matters is that the endpoint exists.
            (await http.GetAsync(path)).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable);
        }
    }

    [GeneratedRegex(@"/health/[a-z]+")]
    private static partial Regex HealthPath();
}
