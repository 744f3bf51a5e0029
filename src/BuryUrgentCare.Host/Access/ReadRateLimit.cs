namespace BuryUrgentCare.Access;

/// <summary>
/// Rate limits on reads: each caller's <c>GET</c>s of <c>/api/…</c> come out of a token bucket of
/// <see cref="AccessOptions.ReadRequestsPerMinute"/> (a minute's allowance as a burst, refilled at that rate), so a runaway
/// script or a misbehaving screen cannot take the node's CPU from the wallboards. A caller is the signed-in name (the
/// device for a wall screen) at its remote address: under the development sign-in everyone is "developer", and one
/// browser's loop must not starve another's. Wallboards get their figures over SignalR, not by polling, and a page
/// load costs a handful of requests, so the default allowance is far above what any page needs.
/// </summary>
internal static partial class ReadRateLimit
{
    public static Func<HttpContext, RequestDelegate, Task> Middleware(int perMinute, TokenBuckets buckets, ILogger logger) =>
        (context, next) =>
        {
            var request = context.Request;
            if (perMinute <= 0 || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !request.Path.StartsWithSegments("/api"))
            {
                return next(context);
            }

            var caller = $"{context.User.Actor()}@{context.Connection.RemoteIpAddress}";
            if (buckets.TryAcquire(caller, perMinute, out var retryAfter))
            {
                return next(context);
            }

            var seconds = TokenBuckets.RetryAfterSeconds(retryAfter);
            LogLimited(logger, context.User.Actor(), perMinute, seconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return AccessProblems.Write(context, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"These credentials may read {perMinute} times a minute from one address. Retry after {seconds} s; " +
                "live figures come over the wallboard hub (SignalR) without polling.", "read-rate-limit");
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Reads by {Actor} over {PerMinute} requests/min: answered 429, retry after {RetryAfterSeconds} s")]
    private static partial void LogLimited(ILogger logger, string actor, int perMinute, long retryAfterSeconds);
}
