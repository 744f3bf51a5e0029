using System.Diagnostics.Metrics;
using BuryUrgentCare.Contract;
using BuryUrgentCare.Figures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.Processing;

/// <summary>Event → publish latency: from the first event a publication includes to that publication, live figures only.</summary>
public sealed class PublishLatencyTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<double> _recorded = [];

    public PublishLatencyTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "bury.ingest.publish.latency" && instrument.Meter.Scope == _services.GetRequiredService<IMeterFactory>())
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _recorded.Add(value));
        _listener.Start();
    }

    private PublishLatency CreateSut() => new(UnitCatalog.Bury, _clock, _services.GetRequiredService<IMeterFactory>());

    private UnitSnapshot Snapshot(string state) =>
        new StreamProcessor(UnitCatalog.Bury, _clock, new ProcessorSettings()).Snapshot(0, _clock.GetUtcNow())
            with { Liveness = new UnitLiveness(state, _clock.GetUtcNow()) };

    [Fact]
    public void Published_FromTheFirstUnpublishedEvent_OncePerPublication()
    {
        var sut = CreateSut();
        sut.Applied(0);
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        sut.Applied(0); // already pending: the older event sets the latency
        _clock.Advance(TimeSpan.FromMilliseconds(20));

        sut.Published(0, Snapshot(UnitLiveness.Live));
        sut.Published(0, Snapshot(UnitLiveness.Live)); // nothing pending: the tick's republication records nothing

        _recorded.ShouldBe([0.05]);
    }

    [Fact]
    public void Published_NotLive_RecordsNothingAndForgetsThePendingEvent()
    {
        var sut = CreateSut();
        sut.Applied(0);
        _clock.Advance(TimeSpan.FromSeconds(3));

        sut.Published(0, Snapshot(UnitLiveness.Replaying));
        sut.Published(0, Snapshot(UnitLiveness.Live));

        _recorded.ShouldBeEmpty();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
