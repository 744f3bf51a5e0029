using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Access;

/// <summary>Configuration reloads while running (the start-up comparison is tested through a host in AccessHostTests).</summary>
public sealed class ConfigurationAuditTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bury-config-audit-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Reload_ChangedAddedAndRemovedKeysOfAuditedSections_OneAuditLineByName_OtherSectionsAndUnchangedReloadsNot()
    {
        var store = new AccessStore(Path.Combine(_folder, "access.db"), new FakeTimeProvider(), TimeSpan.FromMinutes(1));
        var configuration = (IConfigurationRoot)new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Integrators:0:RequestsPerMinute"] = "600",
            ["Realtime:MaxUnitsPerConnection"] = "16",
            ["Logging:LogLevel:Default"] = "Information",
        }).Build();
        using var sut = new ConfigurationAudit(configuration, store, new AuditLog(store, NullLogger<AuditLog>.Instance), NullLogger<ConfigurationAudit>.Instance);
        await sut.StartAsync(CancellationToken.None);

        configuration["Gateway:Integrators:0:RequestsPerMinute"] = "60000";
        configuration["Auth:ReadRequestsPerMinute"] = "0";
        configuration["Realtime:MaxUnitsPerConnection"] = null;
        configuration["Logging:LogLevel:Default"] = "Debug";
        configuration.Reload();
        configuration.Reload(); // nothing changed since the last

        var lines = store.AuditLog(10);
        lines.Select(l => l.Action).ShouldBe(["configuration.changed", "configuration.recorded"]);
        lines[0].Target.ShouldBe("reload");
        lines[0].Actor.ShouldBe(ConfigurationAudit.Actor);
        lines[0].Detail.ShouldBe("changed: Gateway:Integrators:0:RequestsPerMinute; added: Auth:ReadRequestsPerMinute; removed: Realtime:MaxUnitsPerConnection");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
