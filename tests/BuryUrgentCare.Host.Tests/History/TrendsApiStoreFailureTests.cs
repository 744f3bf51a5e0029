using BuryUrgentCare.Contract;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BuryUrgentCare.History;

/// <summary>A store that fails answers 503 with words of our own: its message (address, query) is not for callers.</summary>
public sealed class TrendsApiStoreFailureTests
{
    private const string Secret = "http://influx.internal:8086/query?db=bury&q=SELECT";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task History_StoreFails_503WithoutTheStoresText()
    {
        var result = await TrendsApi.GetHistory("FGH-ED", "inDepartment", null, null, null, null, new FailingStore(), UnitCatalog.Bury, _clock,
            NullLoggerFactory.Instance, CancellationToken.None);

        var problem = result.Result.ShouldBeOfType<ProblemHttpResult>();
        problem.StatusCode.ShouldBe(503);
        problem.ProblemDetails.Detail!.ShouldNotContain("influx.internal");
        problem.ProblemDetails.Detail!.ShouldNotContain("SELECT");
    }

    [Fact]
    public async Task Deflection_StoreFails_503WithoutTheStoresText()
    {
        var result = await TrendsApi.GetDeflection(new DeflectionTrendRequest(), new FailingStore(), _clock, NullLoggerFactory.Instance,
            CancellationToken.None);

        var problem = result.Result.ShouldBeOfType<ProblemHttpResult>();
        problem.StatusCode.ShouldBe(503);
        problem.ProblemDetails.Detail!.ShouldNotContain("influx.internal");
    }

    private sealed class FailingStore : ITimeSeriesStore
    {
        public Task WriteAsync(IReadOnlyList<FigurePoint> points, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<HistoryBucket>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken) =>
            throw new TimeSeriesStoreException($"InfluxDB at {Secret} answered 500: timeout", isTransient: true);

        public Task<string> ApplyRetentionAsync(DateTimeOffset now, TimeSpan rawRetention, TimeSpan rollupRetention, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
