using System.Text.Json;
using BuryUrgentCare.Contract;

namespace BuryUrgentCare.Gateway;

/// <summary>Why a request body could not be split into events.</summary>
public enum BatchProblem
{
    None,
    /// <summary>The body is empty or only whitespace.</summary>
    Empty,
    /// <summary>The body is not well-formed JSON.</summary>
    MalformedJson,
    /// <summary>The body is JSON, but neither an object nor an array.</summary>
    NotObjectOrArray,
    /// <summary>The body is an empty array.</summary>
    EmptyArray,
    /// <summary>The array holds more events than allowed.</summary>
    TooManyEvents,
}

/// <summary>
/// Splits a request body — one event (a JSON object) or a JSON array of events — into each event's
/// exact original UTF-8 bytes, so what is validated and produced to Kafka is byte for byte what the
/// integrator sent (no re-serialisation: number formats, escapes and key order survive). The body must be
/// well-formed JSON as a whole; each element is then validated on its own by the contract parser, so an
/// element that is JSON but not an object is a per-event rejection, not a failed request.
/// </summary>
public static class EventBatch
{
    // Deeper than the parser's own limit (32), so that limit, not this one, decides an event's fate.
    private const int MaxDepth = 64;

    public static BatchProblem Split(ReadOnlyMemory<byte> body, int maxEvents, out List<ReadOnlyMemory<byte>> events, out string detail)
    {
        events = [];
        detail = "";
        body = Trim(body);
        if (body.IsEmpty)
        {
            detail = "The body is empty: send one event (a JSON object) or a JSON array of events.";
            return BatchProblem.Empty;
        }

        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    reader.Skip();
                    EnsureEnd(ref reader);
                    events.Add(body);
                    return BatchProblem.None;
                case JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (events.Count == maxEvents)
                        {
                            detail = $"The array holds more than {maxEvents} events; split it into requests of at most {maxEvents}.";
                            events.Clear();
                            return BatchProblem.TooManyEvents;
                        }

                        var start = (int)reader.TokenStartIndex;
                        reader.Skip(); // to the element's last token (no-op for a scalar)
                        events.Add(body[start..(int)reader.BytesConsumed]);
                    }

                    EnsureEnd(ref reader);
                    if (events.Count == 0)
                    {
                        detail = "The array is empty: it must hold at least one event.";
                        return BatchProblem.EmptyArray;
                    }

                    return BatchProblem.None;
                default:
                    EnsureEnd(ref reader);
                    detail = "The body must be one event (a JSON object) or a JSON array of events.";
                    return BatchProblem.NotObjectOrArray;
            }
        }
        catch (JsonException ex)
        {
            // The reader's message names a line and byte position and at most one character: no payload.
            events.Clear();
            detail = "The body is not well-formed JSON: " + ex.Message;
            return BatchProblem.MalformedJson;
        }
    }

    /// <summary>
    /// The event's <c>id</c>, to echo in its result — or null when it is absent, not a string, longer than
    /// the contract allows, or contains an NHS number (an id must never carry identifiable data back out).
    /// </summary>
    public static string? ReadId(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return null;
                    }

                    var id = reader.GetString()!;
                    return id.Length is > 0 and <= 128 && !NhsNumber.ContainsValid(id) ? id : null;
                }

                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Malformed JSON or an undecodable escape: the result simply carries no id.
        }

        return null;
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException($"Unexpected content after the JSON value at byte {reader.TokenStartIndex}.");
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var start = span.StartsWith("\uFEFF"u8) ? 3 : 0; // a UTF-8 byte order mark, as some Windows tools write
        while (start < span.Length && IsJsonWhitespace(span[start])) start++;
        var end = span.Length;
        while (end > start && IsJsonWhitespace(span[end - 1])) end--;
        return body[start..end];
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
