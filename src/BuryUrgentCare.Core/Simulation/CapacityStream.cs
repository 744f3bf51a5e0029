namespace BuryUrgentCare.Simulation;

/// <summary>
/// <c>capacity.declared</c> for every unit at the simulator's start and at each shift change:
/// ED cubicles, clinicians and the hospital's G&amp;A beds; UTC cubicles and clinicians (0 when
/// closed); the Green Car (1 on shift, 0 off); IVCH clinicians. Each unit's declaration is one episode. G&amp;A occupancy and
/// delayed discharges follow the day's <see cref="SystemPressure"/> within their ranges.
/// </summary>
internal sealed class CapacityStream : TrafficStream
{
    private static readonly SimUnit[] Units = [SimUnit.Ed, SimUnit.Utc, SimUnit.GreenCar, SimUnit.Ivch];

    private readonly SimulatorProfile _profile;
    private readonly SystemPressure _pressure;
    private readonly int _dayStartHour;
    private readonly int _dayEndHour;
    private int _unitIndex;
    private long _next;

    public CapacityStream(SimulatorProfile profile, SimulationRandom random, long startUnixSeconds, SystemPressure pressure)
        : base(rank: 0, random, subjectPrefix: "")
    {
        _profile = profile;
        _pressure = pressure;
        // The day shift runs from the first shift change of the day to the next one.
        var hours = profile.ShiftChangeHours.Order().ToArray();
        _dayStartHour = hours[0];
        _dayEndHour = hours.Length > 1 ? hours[1] : 24;
        _next = startUnixSeconds;
    }

    public override long NextStart => _next;

    public override SimulatedEpisode GenerateNext(List<EpisodeEvent> events)
    {
        var p = _profile;
        var r = Random;
        var unit = Units[_unitIndex];
        var hour = LondonTime.ToLocal(_next).Hour;
        var day = hour >= _dayStartHour && hour < _dayEndHour;
        var episode = new SimulatedEpisode { Unit = unit, Subject = null, Serial = NextSerial() };
        var pressure = _pressure.At(_next);
        episode.Resources = unit switch
        {
            SimUnit.Ed =>
            [
                (ContractNames.Cubicles, p.AeCubicles),
                // Rota gaps and extra sessions move the medical headcount by one either way.
                (ContractNames.Clinicians, Math.Max(0, (day ? p.AeCliniciansDay : p.AeCliniciansNight) + r.Between(-1, 1))),
                (ContractNames.GaBeds, p.GaBeds),
                // Occupancy and delayed discharges follow the day's pressure, a few beds either way.
                (ContractNames.GaBedsOccupied, Math.Min(p.GaBeds, Pressed(p.GaBedsOccupiedMin, p.GaBedsOccupiedMax, pressure, r.Between(-4, 4)))),
                (ContractNames.NoCriteriaToReside, Pressed(p.NoCriteriaToResideMin, p.NoCriteriaToResideMax, pressure, r.Between(-3, 3))),
            ],
            SimUnit.Utc =>
            [
                (ContractNames.Cubicles, p.UtcCubicles),
                (ContractNames.Clinicians, hour >= p.UtcOpeningHour && hour < p.UtcClosingHour ? p.UtcClinicians : 0),
            ],
            SimUnit.GreenCar =>
            [
                (ContractNames.Cars, hour >= p.GreenCarShiftStartHour && hour < p.GreenCarShiftEndHour ? 1 : 0),
            ],
            _ =>
            [
                (ContractNames.Clinicians, day ? p.IvchCliniciansDay : p.IvchCliniciansNight),
            ],
        };

        events.Clear();
        events.Add(new EpisodeEvent(_next, SimEventKind.CapacityDeclared));
        if (++_unitIndex == Units.Length)
        {
            _unitIndex = 0;
            _next = LondonTime.NextLocalHour(_next, p.ShiftChangeHours);
        }

        return episode;
    }

    /// <summary>Where <paramref name="pressure"/> puts a value within [<paramref name="min"/>, <paramref name="max"/>], moved by <paramref name="noise"/> and kept within the range.</summary>
    private static int Pressed(int min, int max, double pressure, int noise) =>
        Math.Clamp((int)Math.Round(SystemPressure.Between(min, max, pressure)) + noise, min, max);
}
