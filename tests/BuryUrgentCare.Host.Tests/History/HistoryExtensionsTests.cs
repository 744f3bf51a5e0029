using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.History;

public sealed class HistoryExtensionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("history-di-").FullName;

    private IHost CreateSut(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.AddHistory();
        return builder.Build();
    }

    [Fact]
    public async Task AddHistory_NoConfiguration_EmbeddedStoreUnderTheContentRootAndTheWriterIsTheHostedService()
    {
        using var host = CreateSut();

        await host.StartAsync();

        var store = host.Services.GetRequiredService<ITimeSeriesStore>().ShouldBeOfType<SqliteStore>();
        store.Path.ShouldBe(Path.Combine(_folder, "data", "history.db"));
        var writer = host.Services.GetRequiredService<TimeSeriesWriter>();
        host.Services.GetServices<IHostedService>().ShouldContain(writer);
        writer.Spill.ShouldNotBeNull().Path.ShouldBe(Path.Combine(_folder, "data", "history-spill.db"));
        await host.StopAsync();
    }

    [Fact]
    public void AddHistory_SpillPathEmpty_TheWriterHasNoSpill()
    {
        using var host = CreateSut(("History:SpillPath", ""));

        host.Services.GetRequiredService<TimeSeriesWriter>().Spill.ShouldBeNull();
    }

    [Fact]
    public void AddHistory_InfluxDbConfigured_InfluxDbStore()
    {
        using var host = CreateSut(("History:Store", "InfluxDb"), ("History:InfluxDb:Url", "http://127.0.0.1:8086"),
            ("History:InfluxDb:Database", "bury"), ("History:BatchSize", "100"), ("History:FlushInterval", "00:00:00.250"));

        host.Services.GetRequiredService<ITimeSeriesStore>().ShouldBeOfType<InfluxDbStore>();
        var options = host.Services.GetRequiredService<IOptions<HistoryOptions>>().Value;
        options.BatchSize.ShouldBe(100);
        options.FlushInterval.ShouldBe(TimeSpan.FromMilliseconds(250));
        options.InfluxDb.Database.ShouldBe("bury");
    }

    [Fact]
    public async Task AddHistory_InfluxDbWithoutUrl_FailsAtStart()
    {
        using var host = CreateSut(("History:Store", "InfluxDb"));

        var ex = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        ex.Message.ShouldContain("History:InfluxDb:Url");
    }

    [Theory]
    [InlineData("History:BatchSize", "0")]
    [InlineData("History:FlushInterval", "00:00:00")]
    [InlineData("History:RawRetention", "00:10:00")]
    [InlineData("History:RetryMaxDelay", "00:00:00.010")]
    [InlineData("History:BufferCapacity", "10")]
    [InlineData("History:SpillCapacity", "0")]
    [InlineData("History:SpillPath", "data/history.db")]
    public async Task AddHistory_OutOfRangeSetting_FailsAtStart(string key, string value)
    {
        using var host = CreateSut((key, value));

        await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
