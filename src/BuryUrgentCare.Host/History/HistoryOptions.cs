using System.ComponentModel.DataAnnotations;

namespace BuryUrgentCare.History;

/// <summary>Which engine keeps the figure history.</summary>
public enum HistoryStoreKind
{
    /// <summary>An embedded SQLite file (<see cref="HistoryOptions.EmbeddedPath"/>): no server to run. The default.</summary>
    Embedded,
    /// <summary>InfluxDB over its v1 HTTP API (1.x natively; 2.x and 3.x through their v1 compatibility API).</summary>
    InfluxDb,
}

/// <summary>
/// Options of the history layer, bound from the <c>History</c> configuration section and validated at
/// start-up. Every default is chosen so that the app runs with no configuration at all.
/// </summary>
public sealed class HistoryOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "History";

    /// <summary>Where history is kept. Default <see cref="HistoryStoreKind.Embedded"/>.</summary>
    public HistoryStoreKind Store { get; set; } = HistoryStoreKind.Embedded;

    /// <summary>The SQLite file of the embedded store, relative to the content root or absolute.
    /// Default <c>data/history.db</c>; its folder is created if missing.</summary>
    [Required]
    public string EmbeddedPath { get; set; } = "data/history.db";

    /// <summary>The InfluxDB connection, used when <see cref="Store"/> is <see cref="HistoryStoreKind.InfluxDb"/>.</summary>
    [Required]
    public InfluxDbOptions InfluxDb { get; set; } = new();

    /// <summary>Most points per write request. Default 5,000 (InfluxDB's own advice for batch size).</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>Longest a point waits in a part-filled batch before the batch is written. Default 1 s,
    /// so history lags the wallboard by about a second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most points buffered in memory while the store is slow or down; past it the newest points
    /// are dropped and counted. Default 100,000 — about 35 hours of Bury's figures (≈ 48 points a minute), ~30 MB.</summary>
    [Range(1, 50_000_000)]
    public int BufferCapacity { get; set; } = 100_000;

    /// <summary>
    /// The SQLite file that takes the points the writer cannot keep in memory or write: those waiting while the store
    /// is failing, and those still unwritten at shutdown. Relative to the content root or absolute; its folder is created
    /// on first use. Default <c>data/history-spill.db</c>; an empty string turns the spill off (an outage then keeps
    /// only <see cref="BufferCapacity"/> points, and a shutdown drops what it cannot write).
    /// </summary>
    public string SpillPath { get; set; } = "data/history-spill.db";

    /// <summary>Most points on disk in the spill; past it, new points stay in memory and then, at
    /// <see cref="BufferCapacity"/>, the newest are dropped and counted. Default 5,000,000 — about 70 days of Bury's
    /// figures, about 650 MB on disk (a simulated day is 67,700 points in 8.8 MB).</summary>
    [Range(1, 1_000_000_000)]
    public int SpillCapacity { get; set; } = 5_000_000;

    /// <summary>Wait before the first retry of a failed batch; doubles per failure. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the wait between retries. Default 30 s: an outage is noticed within half a minute of its end.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the store may keep failing before <c>/health/ready</c> says so (points wait in the buffer meanwhile, up to
    /// <see cref="BufferCapacity"/>). Default 5 minutes: longer than a store's restart, short enough to be noticed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailingUnreadyAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long shutdown may spend writing what is still buffered before dropping it. Default 10 s
    /// (inside the host's default 30 s shutdown timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long raw points are kept. Default 30 days. InfluxDB applies it as the database's default
    /// retention policy (when <see cref="InfluxDbOptions.CreateDatabase"/>); the embedded store deletes older
    /// raw points when the retention job calls <see cref="SqliteStore.DeleteRawBeforeAsync"/>. At least 1 hour
    /// (InfluxDB's minimum).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the daily rollups (<c>daily_*</c> measurements) are kept; <see cref="TimeSpan.Zero"/>, the
    /// default, keeps them for ever. Commissioners compare months and years of deflection, which the raw points do not
    /// last for: InfluxDB keeps rollups in their own retention policy (<see cref="InfluxDbOptions.RollupRetentionPolicy"/>),
    /// and the embedded store's retention job spares them when it deletes raw points. Otherwise at least 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "36500.00:00:00")]
    public TimeSpan RollupRetention { get; set; } = TimeSpan.Zero;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMaxDelay < RetryBaseDelay)
        {
            yield return new ValidationResult(
                $"History:RetryMaxDelay ({RetryMaxDelay}) must be at least History:RetryBaseDelay ({RetryBaseDelay}).",
                [nameof(RetryMaxDelay)]);
        }

        if (BufferCapacity < BatchSize)
        {
            yield return new ValidationResult(
                $"History:BufferCapacity ({BufferCapacity}) must be at least History:BatchSize ({BatchSize}).",
                [nameof(BufferCapacity)]);
        }

        if (!string.IsNullOrWhiteSpace(SpillPath) && !string.IsNullOrWhiteSpace(EmbeddedPath) &&
            string.Equals(Path.GetFullPath(SpillPath), Path.GetFullPath(EmbeddedPath), StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                $"History:SpillPath ({SpillPath}) must not be the embedded store's file (History:EmbeddedPath).", [nameof(SpillPath)]);
        }

        if (RollupRetention > TimeSpan.Zero && RollupRetention < TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                $"History:RollupRetention ({RollupRetention}) must be 0 (keep for ever) or at least 1 hour.", [nameof(RollupRetention)]);
        }

        if (Store == HistoryStoreKind.InfluxDb)
        {
            if (InfluxDb.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult(
                    "History:InfluxDb:Url must be an absolute http(s) URL (e.g. http://localhost:8086) when History:Store is InfluxDb.",
                    [nameof(InfluxDb)]);
            }

            if (string.IsNullOrWhiteSpace(InfluxDb.Database))
            {
                yield return new ValidationResult("History:InfluxDb:Database must not be empty.", [nameof(InfluxDb)]);
            }

            if (string.IsNullOrWhiteSpace(InfluxDb.RollupRetentionPolicy))
            {
                yield return new ValidationResult("History:InfluxDb:RollupRetentionPolicy must not be empty.", [nameof(InfluxDb)]);
            }

            if (InfluxDb.Timeout <= TimeSpan.Zero)
            {
                yield return new ValidationResult("History:InfluxDb:Timeout must be positive.", [nameof(InfluxDb)]);
            }
        }
    }
}

/// <summary>How to reach InfluxDB's v1 HTTP API (section <c>History:InfluxDb</c>).</summary>
public sealed class InfluxDbOptions
{
    /// <summary>Base URL, e.g. <c>http://localhost:8086</c>. Required when the InfluxDB store is chosen.</summary>
    public Uri? Url { get; set; }

    /// <summary>Database (1.x), or database name mapped to a bucket by DBRP (2.x), or database (3.x).
    /// Default <c>bury_urgent_care</c>.</summary>
    public string Database { get; set; } = "bury_urgent_care";

    /// <summary>Optional token, sent as <c>Authorization: Token …</c>: an API token for 2.x/3.x, or
    /// <c>username:password</c> for 1.8+ with auth enabled. Default none.</summary>
    public string? Token { get; set; }

    /// <summary>Create the database and set its retention to <see cref="HistoryOptions.RawRetention"/> before the
    /// first write (InfluxQL <c>CREATE DATABASE</c> + <c>ALTER RETENTION POLICY "autogen"</c>). Default true,
    /// for 1.x; set false for 2.x/3.x, where buckets and DBRP mappings are made by their own tools.</summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>The retention policy the daily rollups (<c>daily_*</c>) are written to and read from, so that they
    /// outlive the raw points of the default policy. Default <c>rollups</c>; created with
    /// <see cref="HistoryOptions.RollupRetention"/> (0 = <c>INF</c>) when <see cref="CreateDatabase"/>. On 2.x, map it
    /// to a long-lived bucket with a DBRP mapping (<c>--rp rollups</c>).</summary>
    public string RollupRetentionPolicy { get; set; } = "rollups";

    /// <summary>Gzip request bodies (<c>Content-Encoding: gzip</c>). Default false: on a LAN or loopback the
    /// CPU costs more than the bytes save.</summary>
    public bool Gzip { get; set; }

    /// <summary>Time allowed for one HTTP request. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
