using BuryUrgentCare.Processing;
using Microsoft.AspNetCore.Http.HttpResults;
using BuryUrgentCare.Access;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// <c>GET /api/ingest/stats</c>: what became of every message this process consumed — per unit applied,
/// duplicates, late and rejected by reason code (rejections whose unit could not be read are listed
/// under <c>(unknown)</c>), plus the totals integrators and operators ask for first.
/// </summary>
public static class IngestApi
{
    public static RouteGroupBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("api/ingest").WithTags("Ingestion");
        api.MapGet("/stats", GetStats).RequireAuthorization(AccessPolicies.Admin).WithSummary("Ingest counters (role: admin)");
        return api;
    }

    /// <summary>
    /// Safe on a request thread while the consumer loop writes: every counter is read atomically. The loop
    /// counts a message as consumed, then applied or rejected, then dead-lettered; reading in the reverse
    /// order means a reply taken mid-message never shows more dead letters than rejections, nor more
    /// outcomes than messages consumed.
    /// </summary>
    public static Ok<IngestStatsResponse> GetStats(LiveFigures figures, ConsumerState consumer, DeadLetterWriter deadLetters)
    {
        var deadLettered = deadLetters.Written;
        var units = figures.Processor.Counters.Read().Units;
        var consumed = consumer.Consumed;
        var rejected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            foreach (var (reason, count) in unit.Rejected)
            {
                rejected[reason] = rejected.GetValueOrDefault(reason) + count;
            }
        }

        return TypedResults.Ok(new IngestStatsResponse(consumed, deadLettered, rejected, units));
    }
}

/// <summary>
/// Ingest statistics. A unit's counts go on from its restored checkpoint, or since this process started (replayed
/// messages counting again) when there was none; <paramref name="Consumed"/>, <paramref name="DeadLettered"/> and the
/// <c>(unknown)</c> row are this process's own.
/// </summary>
/// <param name="Consumed">Messages read from the events topic, replays included.</param>
/// <param name="DeadLettered">Rejected messages written to the dead-letter topic.</param>
/// <param name="Rejected">Rejections by reason code, all units together.</param>
/// <param name="Units">Per unit; <c>(unknown)</c> holds rejections whose unit is unknown or unreadable.</param>
public sealed record IngestStatsResponse(
    long Consumed,
    long DeadLettered,
    IReadOnlyDictionary<string, long> Rejected,
    IReadOnlyList<UnitIngestStatistics> Units);
