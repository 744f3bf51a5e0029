using System.Text.Json;

namespace BuryUrgentCare.Escalation;

/// <summary>What the escalation monitor must not forget over a restart: the OPEL level it announced, the alerts that are
/// active (with the time each was raised), the recent changes <c>GET /api/alerts</c> lists, and the level changes under
/// way (<see cref="LevelHoldState"/>; absent in files written before it was kept).</summary>
public sealed record EscalationState(int? AnnouncedLevel, IReadOnlyList<AlertEvent> Active, IReadOnlyList<AlertEvent> Recent, LevelHoldState? Hold = null);

/// <summary>
/// Keeps <see cref="EscalationState"/> in a small JSON file (<see cref="EscalationOptions.StatePath"/>), rewritten whenever
/// an alert is raised or cleared, a level announced or the calculated level changes — a few times an hour. The figures themselves are rebuilt from the
/// event log; what was <em>announced</em> is not in the log, so without this file every restart would announce every
/// standing alert again, stamped with the restart's time. Written to a temporary file and renamed over the old one, so a
/// crash mid-write leaves the previous state, never half of one. A missing, unreadable or corrupt file means "nothing was
/// active": the worst case is today's behaviour (alerts announced again), never a figure hidden.
/// </summary>
public sealed partial class EscalationStateFile(string path, ILogger<EscalationStateFile> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Path { get; } = path;

    /// <summary>The state saved last, or null when there is none (first start, or a file that cannot be read).</summary>
    public EscalationState? Load()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize<EscalationState>(File.ReadAllBytes(Path), Json) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            LogUnreadable(logger, ex, Path);
            return null;
        }
    }

    /// <summary>Replaces the saved state. Never throws: a failed save is logged and costs only a repeated announcement.</summary>
    public void Save(EscalationState state)
    {
        var temporary = Path + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(state, Json));
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNotSaved(logger, ex, Path);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation state {Path} could not be read; starting with no active alerts")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation state could not be saved to {Path}; a restart would announce active alerts again")]
    private static partial void LogNotSaved(ILogger logger, Exception exception, string path);
}
