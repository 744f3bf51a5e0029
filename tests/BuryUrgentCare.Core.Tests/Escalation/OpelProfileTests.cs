using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Escalation;

public sealed class OpelProfileTests
{
    [Fact]
    public void Parse_ShippedDefaultProfile_IsValid()
    {
        var profile = Shipped();

        profile.Parameters.Count.ShouldBe(8);
        profile.Parameters.Select(p => p.Figure).ShouldContain("noCriteriaToResidePercent");
    }

    [Fact]
    public void Parse_InvalidProfile_ListsEveryProblem()
    {
        const string json = """
            {
              "name": "bad", "version": "1",
              "parameters": [
                { "name": "a", "unit": "NOWHERE", "figure": "inDepartment", "thresholds": [1, 2, 3] },
                { "name": "b", "unit": "FGH-ED", "figure": "noSuchFigure", "thresholds": [1, 2, 3] },
                { "name": "c", "unit": "FGH-ED", "figure": "inDepartment", "thresholds": [3, 2, 1], "weight": 0 }
              ],
              "scoreBands": [ { "level": 1, "maxScore": 50 }, { "level": 2, "maxScore": 40 }, { "level": 3, "maxScore": 75 }, { "level": 4, "maxScore": 90 } ]
            }
            """;

        var error = Should.Throw<OpelProfileException>(() => OpelProfile.Parse(json, UnitCatalog.Bury, "bad.json"));

        error.Message.ShouldContain("bad.json (bad 1) is invalid");
        error.Message.ShouldContain("unit 'NOWHERE' is not a configured unit");
        error.Message.ShouldContain("'noSuchFigure' is not a numeric figure of FGH-ED");
        error.Message.ShouldContain("weight must be greater than 0");
        error.Message.ShouldContain("thresholds must increase when higher is worse");
        error.Message.ShouldContain("scoreBands[1]: maxScore must be greater");
        error.Message.ShouldContain("scoreBands[3]: maxScore must be at least 100");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "name": "x", "version": "1", "parameters": [], "scoreBands": [], "surprise": 1 }""")]
    public void Parse_MalformedOrUnknownMembers_FailsClearly(string json) =>
        Should.Throw<OpelProfileException>(() => OpelProfile.Parse(json, UnitCatalog.Bury)).Message.ShouldNotBeNullOrWhiteSpace();

    /// <summary>The default profile the host ships (<c>src/BuryUrgentCare.Host/Escalation/opel-profile.json</c>).</summary>
    internal static OpelProfile Shipped() => OpelProfile.Parse(
        File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "BuryUrgentCare.Host", "Escalation", "opel-profile.json")), UnitCatalog.Bury);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BuryUrgentCare.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
