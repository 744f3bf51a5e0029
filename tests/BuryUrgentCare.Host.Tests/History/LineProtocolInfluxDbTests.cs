using System.Text.Json;
using static BuryUrgentCare.History.TestPoints;

namespace BuryUrgentCare.History;

/// <summary>Proves the escaping is what InfluxDB itself parses: tricky points go to a real influxd and come back intact.</summary>
[Collection(InfluxDbCollection.Name)]
public class LineProtocolInfluxDbTests(InfluxDbFixture influx)
{
    private const string TrickyMeasurement = "figures, ae=1";

    private static FigurePoint TrickyPoint() => Point(TrickyMeasurement, T0,
        [
            ("unit", "A&E, Fairfield=FGH"),
            ("tag key, x=1", "v"),
            ("path", @"C:\dir\sub"),
            ("ward", @"St Mary's ""East"""),
            ("emoji", "café ✓ 🚑"),
        ],
        ("count", 42),
        ("neg", -7),
        ("ratio", 0.1),
        ("whole", 5.0),
        ("big", 1e20),
        ("flag", true),
        ("off", false),
        ("note", @"say ""hi"", C:\dir\ = ok"),
        ("multi", "line1\nline2"),
        ("field key, =x", 1.5));

    [Fact]
    public async Task WriteAsync_TrickyPoint_InfluxDbStoresExactNamesTagsAndValues()
    {
        var database = InfluxDbFixture.NewDatabaseName("lp");
        using var store = influx.CreateStore(database);

        await store.WriteAsync([TrickyPoint()], CancellationToken.None);

        using var answer = await influx.QueryRawAsync(database, "SELECT * FROM \"figures, ae=1\"");
        var series = answer.RootElement.GetProperty("results")[0].GetProperty("series")[0];
        series.GetProperty("name").GetString().ShouldBe(TrickyMeasurement);
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var row = series.GetProperty("values")[0].EnumerateArray().ToArray();
        var value = columns.Zip(row).ToDictionary(p => p.First, p => p.Second);

        value["time"].GetInt64().ShouldBe(T0.ToUnixTimeMilliseconds());
        value["unit"].GetString().ShouldBe("A&E, Fairfield=FGH");
        value["tag key, x=1"].GetString().ShouldBe("v");
        value["path"].GetString().ShouldBe(@"C:\dir\sub");
        value["ward"].GetString().ShouldBe(@"St Mary's ""East""");
        value["emoji"].GetString().ShouldBe("café ✓ 🚑");
        value["count"].GetInt64().ShouldBe(42);
        value["neg"].GetInt64().ShouldBe(-7);
        value["ratio"].GetDouble().ShouldBe(0.1);
        value["whole"].GetDouble().ShouldBe(5.0);
        value["big"].GetDouble().ShouldBe(1e20);
        value["flag"].ValueKind.ShouldBe(JsonValueKind.True);
        value["off"].ValueKind.ShouldBe(JsonValueKind.False);
        value["note"].GetString().ShouldBe(@"say ""hi"", C:\dir\ = ok");
        value["multi"].GetString().ShouldBe("line1\nline2");
        value["field key, =x"].GetDouble().ShouldBe(1.5);
    }

    [Fact]
    public async Task WriteAsync_IntegerAndFloatFields_InfluxDbKeepsTheirTypes()
    {
        var database = InfluxDbFixture.NewDatabaseName("lp");
        using var store = influx.CreateStore(database);

        await store.WriteAsync([TrickyPoint()], CancellationToken.None);

        using var answer = await influx.QueryRawAsync(database, "SHOW FIELD KEYS FROM \"figures, ae=1\"");
        var types = answer.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")
            .EnumerateArray().ToDictionary(r => r[0].GetString()!, r => r[1].GetString());
        types["count"].ShouldBe("integer");
        types["neg"].ShouldBe("integer");
        types["whole"].ShouldBe("float");
        types["ratio"].ShouldBe("float");
        types["flag"].ShouldBe("boolean");
        types["note"].ShouldBe("string");
    }

    [Fact]
    public async Task QueryAsync_TrickyMeasurementFieldAndTagFilters_FindsThePoint()
    {
        var database = InfluxDbFixture.NewDatabaseName("lp");
        using var store = influx.CreateStore(database);
        await store.WriteAsync([TrickyPoint()], CancellationToken.None);

        var sum = await store.QueryAsync(new HistoryQuery(TrickyMeasurement, "field key, =x",
            [KeyValuePair.Create("ward", @"St Mary's ""East"""), KeyValuePair.Create("path", @"C:\dir\sub"),
             KeyValuePair.Create("tag key, x=1", "v")],
            T0, T0.AddMinutes(1), TimeSpan.FromMinutes(1), HistoryAggregate.Sum), CancellationToken.None);

        sum.ShouldBe([new HistoryBucket(T0, 1.5)]);
    }
}
