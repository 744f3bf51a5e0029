using BuryUrgentCare.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

public sealed class GatewayOptionsTests
{
    private static readonly string HashA = IntegratorOptions.HashKey("key-a");
    private static readonly string HashB = IntegratorOptions.HashKey("key-b");

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = Resolve(new() { ["Gateway:Integrators:0:Name"] = "a", ["Gateway:Integrators:0:KeySha256"] = HashA });

        options.MaxBodyBytes.ShouldBe(16 * 1024 * 1024);
        options.MaxEventsPerRequest.ShouldBe(1000);
        options.AcknowledgementTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        options.Integrators.Single().RequestsPerMinute.ShouldBe(600);
    }

    [Fact]
    public void EmbeddedKafkaWithoutIntegrators_RegistersTheDemoIntegrator()
    {
        var options = Resolve([]);

        var demo = options.Integrators.ShouldHaveSingleItem();
        demo.Name.ShouldBe(IntegratorOptions.DemoName);
        demo.KeySha256.ShouldBe(IntegratorOptions.HashKey(IntegratorOptions.DemoKey));
    }

    [Fact]
    public void EmbeddedKafkaWithIntegrators_HasNoDemoIntegrator() =>
        Resolve(new() { ["Gateway:Integrators:0:Name"] = "a", ["Gateway:Integrators:0:KeySha256"] = HashA })
            .Integrators.ShouldAllBe(i => i.Name == "a");

    [Fact]
    public void ARealClusterWithoutIntegrators_HasNone() =>
        Resolve(new() { ["Kafka:BootstrapServers"] = "kafka1:9092" }).Integrators.ShouldBeEmpty();

    [Theory]
    [InlineData("Gateway:MaxBodyBytes", "65535", "MaxBodyBytes")]
    [InlineData("Gateway:MaxEventsPerRequest", "1001", "MaxEventsPerRequest")]
    [InlineData("Gateway:MaxEventsPerRequest", "0", "MaxEventsPerRequest")]
    [InlineData("Gateway:AcknowledgementTimeout", "00:00:00.500", "AcknowledgementTimeout")]
    [InlineData("Gateway:Integrators:0:KeySha256", "abc123", "64 hex digits")]
    [InlineData("Gateway:Integrators:0:Name", "ED EPR", "Name must be")]
    [InlineData("Gateway:Integrators:0:RequestsPerMinute", "0", "RequestsPerMinute")]
    public void InvalidSettings_FailWithAMessageNamingTheSetting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Gateway:Integrators:0:Name"] = "a", ["Gateway:Integrators:0:KeySha256"] = HashA, [key] = value };

        Should.Throw<OptionsValidationException>(() => Resolve(settings)).Message.ShouldContain(expected);
    }

    [Fact]
    public void DuplicateNamesOrKeys_Fail()
    {
        Should.Throw<OptionsValidationException>(() => Resolve(new()
        {
            ["Gateway:Integrators:0:Name"] = "a", ["Gateway:Integrators:0:KeySha256"] = HashA,
            ["Gateway:Integrators:1:Name"] = "a", ["Gateway:Integrators:1:KeySha256"] = HashB,
        })).Message.ShouldContain("names must be unique");

        Should.Throw<OptionsValidationException>(() => Resolve(new()
        {
            ["Gateway:Integrators:0:Name"] = "a", ["Gateway:Integrators:0:KeySha256"] = HashA,
            ["Gateway:Integrators:1:Name"] = "b", ["Gateway:Integrators:1:KeySha256"] = HashA.ToUpperInvariant(),
        })).Message.ShouldContain("share one key");
    }

    private static GatewayOptions Resolve(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<KafkaOptions>().Bind(builder.Configuration.GetSection(KafkaOptions.Section));
        builder.AddGateway();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<GatewayOptions>>().Value;
    }
}
