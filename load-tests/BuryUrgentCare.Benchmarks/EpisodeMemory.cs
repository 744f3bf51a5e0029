using BuryUrgentCare.Contract;
using BuryUrgentCare.Processing;

namespace BuryUrgentCare.Benchmarks;

/// <summary>
/// Retained memory per open episode and per remembered event id, measured as the growth of the
/// managed heap (<see cref="GC.GetTotalMemory(bool)"/> after a full collection) while one unit takes
/// only first events (arrivals, dispatches, calls) for <c>n</c> distinct episodes spread over 48 hours.
/// Includes the episode object, its dictionary entry and its share of the unit's aggregates
/// (sorted instants, per-day totals), with collections at whatever capacity growth left them.
/// </summary>
internal static class EpisodeMemory
{
    public static double PerEpisode(ServiceKind service, int n)
    {
        var calendar = new ServiceCalendar(ServiceCalendar.London);
        var unit = new UnitDefinition("MEM-" + service, "memory", service);
        var type = service switch
        {
            ServiceKind.Ae => EventType.AeArrived,
            ServiceKind.Utc => EventType.UtcArrived,
            ServiceKind.GreenCar => EventType.GreenCarDispatched,
            _ => EventType.IvchCallReceived,
        };

        var before = Settle();
        var state = UnitState.Create(unit, calendar);
        foreach (var evt in FirstEvents(type, n))
        {
            state.Apply(evt);
        }

        var after = Settle();
        if (state.EpisodeCount != n)
        {
            throw new InvalidOperationException($"expected {n} episodes, found {state.EpisodeCount}");
        }

        GC.KeepAlive(state);
        return (after - before) / (double)n;
    }

    public static double PerRememberedId(int n)
    {
        var before = Settle();
        var window = new DeduplicationWindow(2_000_000);
        foreach (var evt in FirstEvents(EventType.AeArrived, n))
        {
            window.TryAdd(evt.Id, evt.TimeTicks);
        }

        var after = Settle();
        if (window.Count != n)
        {
            throw new InvalidOperationException($"expected {n} ids, found {window.Count}");
        }

        GC.KeepAlive(window);
        return (after - before) / (double)n;
    }

    private static IEnumerable<UecEvent> FirstEvents(EventType type, int n)
    {
        var start = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var step = TimeSpan.FromHours(48).Ticks / n;
        for (var i = 0; i < n; i++)
        {
            yield return new UecEvent
            {
                Type = type,
                Unit = 0,
                TimeTicks = start + (i * step),
                Id = Mix(((UInt128)(ulong)i << 64) | 0x1D),
                Subject = Mix((UInt128)(ulong)i),
                Acuity = (byte)(i % 6),
                ArrivalMode = i % 5 == 0 ? ArrivalMode.Ambulance : ArrivalMode.WalkIn,
                Category = (ResponseCategory)(i % 5),
                Route = (CallRoute)(i % 4),
            };
        }
    }

    // Real ids are XxHash128 values: spread the bits the same way.
    private static UInt128 Mix(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return System.IO.Hashing.XxHash128.HashToUInt128(bytes);
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
