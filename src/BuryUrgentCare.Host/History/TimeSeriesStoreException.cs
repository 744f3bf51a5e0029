using System.Net;

namespace BuryUrgentCare.History;

/// <summary>A time-series store refused a request or could not be reached.</summary>
public sealed class TimeSeriesStoreException : Exception
{
    public TimeSeriesStoreException(string message, bool isTransient, HttpStatusCode? statusCode = null,
        string? responseBody = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
        ResponseBody = responseBody;
    }

    /// <summary>
    /// True when retrying the same request may succeed (server down, timeout, 5xx, auth or a missing
    /// database that an operator can fix); false when the data itself was refused (HTTP 400 bad line
    /// protocol or field type conflict, 413 too large), where retrying can only fail again.
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>The HTTP status, for the InfluxDB store, when the server answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's error body, verbatim, when it sent one.</summary>
    public string? ResponseBody { get; }
}
