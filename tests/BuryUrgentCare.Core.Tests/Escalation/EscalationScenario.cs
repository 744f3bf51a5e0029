using BuryUrgentCare.Figures;

namespace BuryUrgentCare.Escalation;

/// <summary>Hand-built snapshots for escalation tests: only the figures a test sets matter.</summary>
internal static class EscalationScenario
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static UnitSnapshot Ed(double? meanHandover = null, double? fourHour = null, int inDepartment = 0, int over12Hours = 0,
        int? longestHandoverWait = null, int over4Hours = 0, IReadOnlyDictionary<string, long>? capacity = null) =>
        new("FGH-ED", "A&E", "ae", Start, new EmergencyDepartmentFigures
        {
            InDepartment = inDepartment,
            Over12Hours = over12Hours,
            Over4Hours = over4Hours,
            FourHourPerformanceToday = fourHour,
            MeanHandoverMinutesToday = meanHandover,
            LongestHandoverWaitMinutes = longestHandoverWait,
        })
        {
            Capacity = capacity ?? new Dictionary<string, long>(),
        };

    public static IReadOnlyDictionary<string, UnitSnapshot> ByUnit(params UnitSnapshot[] snapshots) =>
        snapshots.ToDictionary(s => s.Unit);

    public const string Profile = """
        {
          "name": "test", "version": "1",
          "parameters": [
            { "name": "handover", "unit": "FGH-ED", "figure": "meanHandoverMinutesToday", "thresholds": [15, 30, 60], "weight": 2 },
            { "name": "four hour", "unit": "FGH-ED", "figure": "fourHourPerformanceToday", "thresholds": [78, 70, 60], "direction": "lowerIsWorse", "weight": 1 },
            { "name": "beds", "unit": "FGH-ED", "figure": "gaBedOccupancyPercent", "thresholds": [92, 95, 98], "weight": 1 }
          ],
          "scoreBands": [ { "level": 1, "maxScore": 25 }, { "level": 2, "maxScore": 50 }, { "level": 3, "maxScore": 75 }, { "level": 4, "maxScore": 100 } ]
        }
        """;
}
