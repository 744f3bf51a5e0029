using System.Text.Json.Nodes;
using Confluent.Kafka;
using Microsoft.Playwright;

namespace BuryUrgentCare.Support;

/// <summary>
/// Base of the browser tests: a real host on its own topic, Debian's headless Chromium, and events
/// produced through real Kafka with key = the event's unit.
/// </summary>
public abstract class PageTest(KafkaTestCluster kafka) : IAsyncLifetime
{
    /// <summary>Playwright timeout for page conditions, in milliseconds.</summary>
    protected const float Timeout = 30_000;

    private readonly Browser _browser = new();

    protected BuryHost Host { get; private set; } = null!;

    /// <summary>Configuration the test class's host starts with, beyond <see cref="BuryHost"/>'s own.</summary>
    protected virtual IDictionary<string, string?>? HostSettings => null;

    public async Task InitializeAsync()
    {
        Host = new BuryHost(kafka, kafka.NewTopic(), settings: HostSettings);
        await _browser.InitializeAsync();

        // Events are produced only once the consumer holds its partitions: a test's 30 s then measure
        // the path from Kafka to the page, not how long the consumer group took to form on a busy machine.
        using var http = Host.CreateHttpClient();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "consumer assignment");
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await Host.DisposeAsync();
    }

    /// <summary>A new page at <paramref name="path"/> of the host.</summary>
    protected async Task<IPage> OpenAsync(string path)
    {
        var page = await _browser.Instance.NewPageAsync();
        await page.GotoAsync(new Uri(Host.BaseAddress, path).ToString());
        return page;
    }

    protected async Task ProduceAsync(byte[] value)
    {
        using var producer = kafka.CreateProducer();
        var unit = JsonNode.Parse(value)!["unit"]!.GetValue<string>();
        await producer.ProduceAsync(Host.Topic, new Message<string, byte[]> { Key = unit, Value = value });
    }
}
