using System.Collections.Concurrent;
using System.Text.Json;
using BuryUrgentCare.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// One wallboard that never reads must not delay the others: while it is held, the others' updates keep arriving
/// within a fraction of the send timeout, and it is dropped once a send to it has waited that long.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class SlowClientTests(KafkaTestCluster kafka)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task StalledClient_OthersKeepTheirPace_AndItIsDropped()
    {
        await using var host = new BuryHost(kafka, kafka.NewTopic(), settings: new Dictionary<string, string?>
        {
            ["Realtime:SendTimeout"] = SendTimeout.ToString(),
        });
        var connections = host.Services.GetRequiredService<WallboardConnections>();

        var lags = new ConcurrentBag<TimeSpan>();
        var readers = new List<HubConnection>();
        for (var i = 0; i < 3; i++)
        {
            var reader = host.CreateHubConnection();
            reader.On<JsonElement>(nameof(IWallboardClient.ReceiveUpdate),
                s => lags.Add(DateTimeOffset.UtcNow - s.GetProperty("asOf").GetDateTimeOffset()));
            await reader.StartAsync();
            await reader.InvokeAsync("JoinAll");
            readers.Add(reader);
        }

        await using var stalled = await StalledHubClient.ConnectAsync(host.BaseAddress, WallboardHub.Path);
        await Eventually.Until(() => Task.FromResult(connections.Count == 4), TimeSpan.FromSeconds(10), "four connections held");

        // Keep every unit's figures changing (each arrival republishes its unit every PublishInterval) until the stalled
        // client has been dropped: its socket fills after some kilobytes, then its sends wait.
        using var producer = kafka.CreateProducer();
        var patient = 0;
        var start = DateTimeOffset.UtcNow;
        while (connections.Dropped == 0 && DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(60))
        {
            foreach (var (type, unit, data) in new (string, string, object)[]
            {
                ("ae.arrived", "FGH-ED", new { arrivalMode = "walk-in" }),
                ("utc.arrived", "FGH-UTC", new { arrivalMode = "walk-in" }),
                ("ivch.call-received", "BURY-IVCH", new { route = "111" }),
            })
            {
                var subject = $"patient-{(char)('a' + (patient % 26))}{(char)('a' + (patient / 26 % 26))}{(char)('a' + (patient / 676 % 26))}";
                await producer.ProduceAsync(host.Topic, new Confluent.Kafka.Message<string, byte[]>
                {
                    Key = unit,
                    Value = TestEvents.Event(type, unit, subject, DateTimeOffset.UtcNow.AddSeconds(-1), data),
                });
            }

            patient++;
            await Task.Yield();
        }

        connections.Dropped.ShouldBe(1, "the client that never reads is dropped once a send to it has waited SendTimeout");
        lags.Count.ShouldBeGreaterThan(30, "the reading clients kept receiving updates");
        lags.Max().ShouldBeLessThan(SendTimeout, "no reading client waited behind the stalled one");
        readers.ShouldAllBe(r => r.State == HubConnectionState.Connected);
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }
}
