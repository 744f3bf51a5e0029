using System.Text.RegularExpressions;
using BuryUrgentCare.History;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Figures;

/// <summary>
/// Nothing that names a figure may drift from the catalogue: the docs define every figure, and every field a Grafana
/// panel queries is one the history writes. (Storage and rollup are driven from the catalogue, and the catalogue is
/// checked against the snapshots in the core's FigureCatalogueTests; the pages' layout is checked by tests/pages.)
/// </summary>
public sealed partial class FigureCoverageTests
{
    [Fact]
    public void MetricsDoc_DefinesEveryCataloguedFigure()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "metrics.md"));

        var missing = FigureCatalogue.Services.SelectMany(s => s.Figures).Select(f => f.Name)
            .Concat(FigureCatalogue.System.Select(f => f.Name.Split('.')[0]))
            .Distinct()
            .Where(name => !doc.Contains($"`{name}`", StringComparison.Ordinal))
            .ToList();

        missing.ShouldBeEmpty("docs/metrics.md names every figure in backticks");
    }

    [Fact]
    public void GrafanaDashboards_QueryOnlyFieldsTheHistoryWrites()
    {
        var queried = new List<(string File, string Measurement, string Field)>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "grafana", "dashboards"), "*.json"))
        {
            foreach (Match query in QueryPattern().Matches(File.ReadAllText(file)))
            {
                var text = Regex.Unescape(query.Groups[1].Value);
                if (FromPattern().Match(text) is not { Success: true } from)
                {
                    continue; // SHOW TAG VALUES …
                }

                foreach (Match field in FieldPattern().Matches(text))
                {
                    queried.Add((Path.GetFileName(file), from.Groups[1].Value, field.Groups[1].Value));
                }
            }
        }

        queried.Count.ShouldBeGreaterThan(20, "the dashboards' queries were found");
        queried.Where(q => !FigureSchema.WrittenFields.Contains((q.Measurement, q.Field)))
            .Select(q => $"{q.File}: {q.Measurement}.{q.Field}")
            .ShouldBeEmpty();
    }

    [Fact]
    public void WrittenFields_HoldEveryFigureAndItsDailyForm()
    {
        FigureSchema.WrittenFields.ShouldContain(("department", "occupancyPercent"));
        FigureSchema.WrittenFields.ShouldContain(("daily_greencar", "seeAndTreat"));
        FigureSchema.WrittenFields.ShouldContain(("daily_ivch", "edAvoided"));
        FigureSchema.WrittenFields.ShouldNotContain(("department", "noSuchFigure"));
    }

    [GeneratedRegex("\"query\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex QueryPattern();

    [GeneratedRegex("FROM\\s+(?:\"[a-z_]+\"\\.)?\"([a-z_]+)\"")]
    private static partial Regex FromPattern();

    [GeneratedRegex("[a-z_]+\\(\"([A-Za-z0-9]+)\"\\)")]
    private static partial Regex FieldPattern();
}
