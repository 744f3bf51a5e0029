using BuryUrgentCare.Simulation;

namespace BuryUrgentCare.Tests.Simulation;

public sealed class SimulatorProfileTests
{
    [Fact]
    public void Validate_Default_DoesNotThrow()
    {
        Should.NotThrow(() => SimulatorProfile.Default.Validate());
    }

    public static TheoryData<string, SimulatorProfile> InvalidProfiles() => new()
    {
        { nameof(SimulatorProfile.AeArrivalsPerDay), new SimulatorProfile { AeArrivalsPerDay = 0 } },
        { nameof(SimulatorProfile.AeHourlyProfile), new SimulatorProfile { AeHourlyProfile = [1, 2, 3] } },
        { nameof(SimulatorProfile.IvchHourlyProfile), new SimulatorProfile { IvchHourlyProfile = new double[24] } },
        { nameof(SimulatorProfile.AeDayOfWeekFactors), new SimulatorProfile { AeDayOfWeekFactors = [1, 1, 1, 1, 1, 1, -1] } },
        { nameof(SimulatorProfile.AeAmbulanceShare), new SimulatorProfile { AeAmbulanceShare = 1.2 } },
        { nameof(SimulatorProfile.AeOtherArrivalShare), new SimulatorProfile { AeAmbulanceShare = 0.6, AeOtherArrivalShare = 0.6 } },
        { nameof(SimulatorProfile.AeAdmissionByAcuity), new SimulatorProfile { AeAdmissionByAcuity = [0.5, 0.5, 0.5, 0.5, 1.5] } },
        { nameof(SimulatorProfile.AeMedianHandover), new SimulatorProfile { AeMedianHandover = TimeSpan.Zero } },
        { nameof(SimulatorProfile.AeMaxStay), new SimulatorProfile { AeMaxStay = TimeSpan.FromHours(72) } },
        { nameof(SimulatorProfile.AeLongWaitsPerWeek), new SimulatorProfile { AeLongWaitsPerWeek = -1 } },
        { nameof(SimulatorProfile.AeMedianLongWait), new SimulatorProfile { AeMedianLongWait = TimeSpan.Zero } },
        { nameof(SimulatorProfile.AeLongWaitMaxStay), new SimulatorProfile { AeLongWaitMaxStay = TimeSpan.Zero } },
        { nameof(SimulatorProfile.UtcOpeningHour), new SimulatorProfile { UtcOpeningHour = 20, UtcClosingHour = 8 } },
        { nameof(SimulatorProfile.UtcHourlyProfile), new SimulatorProfile { UtcOpeningHour = 21, UtcClosingHour = 23, UtcHourlyProfile = [.. Enumerable.Range(0, 24).Select(h => h is 21 or 22 ? 0.0 : 1.0)] } },
        { nameof(SimulatorProfile.GreenCarShiftStartHour), new SimulatorProfile { GreenCarShiftEndHour = 25 } },
        { nameof(SimulatorProfile.ShiftChangeHours), new SimulatorProfile { ShiftChangeHours = [] } },
        { nameof(SimulatorProfile.GaBedsOccupiedMin), new SimulatorProfile { GaBedsOccupiedMin = 420, GaBedsOccupiedMax = 400 } },
        { nameof(SimulatorProfile.IvchAbandonedShare), new SimulatorProfile { IvchAbandonedShare = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public void Validate_KnobOutOfRange_ThrowsNamingTheKnob(string knob, SimulatorProfile profile)
    {
        Should.Throw<ArgumentException>(profile.Validate).ParamName.ShouldBe(knob);
    }

    [Fact]
    public void Advance_CustomProfile_FollowsItsVolumes()
    {
        var profile = new SimulatorProfile { AeArrivalsPerDay = 50, IvchCallsPerDay = 300 };
        var start = new DateTimeOffset(2026, 11, 17, 0, 0, 0, TimeSpan.Zero);
        var events = new BuryTrafficSimulator(profile, start, 11).Advance(start.AddDays(2));

        var perDay = (string type) => events.Count(e => e.Type == type && e.Time >= start) / 2.0;
        perDay("ae.arrived").ShouldBeInRange(35, 65);
        perDay("ivch.call-received").ShouldBeInRange(250, 350);
    }
}
