using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuryUrgentCare.Realtime;

/// <summary>
/// A hub method argument serialised once and written as it is into every connection's message. Each wallboard is sent
/// to on its own (<see cref="WallboardConnections"/>), so SignalR would serialise the same snapshot again for every
/// connection: with 5,000 wallboards that was most of the host's CPU. The bytes are what the hub's JSON protocol writes
/// for the value itself (same options, the value's runtime type), so a client sees no difference.
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class SerializedArgument
{
    private readonly byte[] _utf8Json;

    private SerializedArgument(byte[] utf8Json) => _utf8Json = utf8Json;

    /// <summary>Serialises <paramref name="value"/> as the hub protocol would, with its payload options.</summary>
    public static SerializedArgument Of(object value, JsonSerializerOptions payloadOptions)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), payloadOptions));
    }

    /// <summary>Writes the stored bytes; never read (the server only sends these).</summary>
    internal sealed class Converter : JsonConverter<SerializedArgument>
    {
        public override SerializedArgument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("a serialised argument is only written");

        public override void Write(Utf8JsonWriter writer, SerializedArgument value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value._utf8Json, skipInputValidation: true); // our own serialiser's output
    }
}
