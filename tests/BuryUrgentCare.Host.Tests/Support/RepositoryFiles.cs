namespace BuryUrgentCare.Support;

/// <summary>Files of the repository the tests read (docs, dashboards, page fixtures).</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding BuryUrgentCare.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BuryUrgentCare.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No BuryUrgentCare.sln above {AppContext.BaseDirectory}.");
    }
}
