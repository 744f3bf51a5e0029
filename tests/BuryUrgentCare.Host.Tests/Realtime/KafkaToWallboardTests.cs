using System.Text.Json;
using System.Threading.Channels;
using BuryUrgentCare.Support;
using Confluent.Kafka;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuryUrgentCare.Realtime;

[Collection(KafkaCollection.Name)]
public sealed class KafkaToWallboardTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EventsProducedToKafka_ReachJoinedWallboard_AsUpdatedFigures()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        using var http = host.CreateHttpClient();
        var snapshots = Channel.CreateUnbounded<JsonElement>();
        var updates = Channel.CreateUnbounded<JsonElement>();
        await using var hub = host.CreateHubConnection();
        hub.On<JsonElement>(nameof(IWallboardClient.ReceiveSnapshot), s => snapshots.Writer.TryWrite(s));
        hub.On<JsonElement>(nameof(IWallboardClient.ReceiveUpdate), s => updates.Writer.TryWrite(s));
        await hub.StartAsync();

        await hub.InvokeAsync("JoinUnit", "FGH-ED");
        var first = await snapshots.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        first.GetProperty("unit").GetString().ShouldBe("FGH-ED");
        first.GetProperty("figures").GetProperty("inDepartment").GetInt32().ShouldBe(0);

        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, Timeout, "consumer assignment");

        using var producer = kafka.CreateProducer();
        var now = DateTimeOffset.UtcNow;
        await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = "FGH-ED", Value = TestEvents.AeArrived("att-1", now.AddMinutes(-50), "ambulance") });
        await producer.ProduceAsync(host.Topic, new Message<string, byte[]> { Key = "FGH-ED", Value = TestEvents.AeArrived("att-2", now.AddMinutes(-5)) });

        var update = await NextMatching(updates, u => u.GetProperty("figures").GetProperty("inDepartment").GetInt32() == 2);
        var figures = update.GetProperty("figures");
        figures.GetProperty("arrivalsLastHour").GetInt32().ShouldBe(2);
        figures.GetProperty("ambulancesAwaitingHandover").GetInt32().ShouldBe(1);
        figures.GetProperty("longestWaitMinutes").GetInt32().ShouldBeInRange(50, 51);
        update.GetProperty("asOf").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(now);
    }

    [Fact]
    public async Task JoinUnit_UnknownUnit_FailsWithClearMessage()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        await using var hub = host.CreateHubConnection();
        await hub.StartAsync();

        var error = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinUnit", "NOT-A-UNIT\r\nforged log line"));

        error.Message.ShouldContain("Unknown unit.");
        error.Message.ShouldNotContain("NOT-A-UNIT"); // the caller's argument is never echoed
        hub.State.ShouldBe(HubConnectionState.Connected);
    }

    [Fact]
    public async Task JoinAll_SendsASnapshotOfEveryUnit()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic());
        var snapshots = Channel.CreateUnbounded<JsonElement>();
        await using var hub = host.CreateHubConnection();
        hub.On<JsonElement>(nameof(IWallboardClient.ReceiveSnapshot), s => snapshots.Writer.TryWrite(s));
        await hub.StartAsync();

        await hub.InvokeAsync("JoinAll");

        var units = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            units.Add((await snapshots.Reader.ReadAsync().AsTask().WaitAsync(Timeout)).GetProperty("unit").GetString()!);
        }

        units.ShouldBe(["FGH-ED", "FGH-UTC", "BURY-GREENCAR", "BURY-IVCH"], ignoreOrder: true);
    }

    private static async Task<JsonElement> NextMatching(Channel<JsonElement> channel, Func<JsonElement, bool> match)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var item = await channel.Reader.ReadAsync(timeout.Token);
            if (match(item))
            {
                return item;
            }
        }
    }
}
