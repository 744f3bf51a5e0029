using System.Buffers;
using System.Text;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Simulation;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// Wallboards are sent a snapshot serialised once (<see cref="SerializedArgument"/>) instead of one serialised per
/// connection: the message on the wire must be exactly the one SignalR writes for the value itself, through the hub
/// protocol as the host configures it (camelCase, the figures' runtime type).
/// </summary>
public sealed class SerializedArgumentTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AUnitSnapshot_SerialisedOnce_IsWrittenByteForByteAsTheSnapshotItself()
    {
        var (protocol, payloadOptions) = HostProtocol();
        var processor = new StreamProcessor(UnitCatalog.Bury, new FakeTimeProvider(Start));
        var simulator = new BuryTrafficSimulator(SimulatorProfile.Default, Start, seed: 3);
        foreach (var e in simulator.Advance(Start.AddHours(6)))
        {
            processor.Process(e.Json, e.Time.UtcTicks);
        }

        for (var unit = 0; unit < UnitCatalog.Bury.Count; unit++)
        {
            var snapshot = processor.Snapshot(unit, Start.AddHours(6));
            var itself = Written(protocol, snapshot);
            var once = Written(protocol, SerializedArgument.Of(snapshot, payloadOptions));

            once.ShouldBe(itself, $"{snapshot.Unit}: the message a wallboard receives");
            itself.ShouldContain("\"figures\":{", customMessage: "the figures written whole, by their runtime type");
            itself.ShouldContain("\"unit\":\"" + snapshot.Unit + "\"");
        }
    }

    [Fact]
    public void AnAlert_SerialisedOnce_IsWrittenByteForByteAsTheAlertItself()
    {
        var (protocol, payloadOptions) = HostProtocol();
        var alert = new AlertEvent(
            "fgh-ed-12h-pt-7", AlertMonitor.PatientKind, "FGH-ED", "overTwelveHours", "A patient has been in the department 12 hours \"now\" — é",
            "critical", "raised", 12.5, Start, Patient: "pt-7", Acknowledged: new AlertAcknowledgement("Sister A. Jones", Start.AddMinutes(3), null));

        Written(protocol, SerializedArgument.Of(alert, payloadOptions)).ShouldBe(Written(protocol, alert));
    }

    [Fact]
    public void ASerialisedArgument_IsNeverRead()
    {
        var (_, payloadOptions) = HostProtocol();
        Should.Throw<NotSupportedException>(() => System.Text.Json.JsonSerializer.Deserialize<SerializedArgument>("{}", payloadOptions));
    }

    /// <summary>The JSON hub protocol and payload options of a host built as Program builds it.</summary>
    private static (IHubProtocol Protocol, System.Text.Json.JsonSerializerOptions PayloadOptions) HostProtocol()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddRealtime();
        var services = builder.Services.BuildServiceProvider();
        var protocol = services.GetServices<IHubProtocol>().Single(p => p.Name == "json");
        return (protocol, services.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value.PayloadSerializerOptions);
    }

    private static string Written(IHubProtocol protocol, object argument)
    {
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(new InvocationMessage(nameof(IWallboardClient.ReceiveUpdate), [argument]), buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
