using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BuryUrgentCare.Simulation;

/// <summary>
/// Writes one simulated event as CloudEvents 1.0 structured-mode JSON (contract v1), reusing one
/// buffer and one <see cref="Utf8JsonWriter"/>: the only allocations per event are the result array.
/// </summary>
internal sealed class CloudEventWriter
{
    private static readonly JsonEncodedText SpecVersion = ContractNames.Encode("specversion");
    private static readonly JsonEncodedText IdName = ContractNames.Encode("id");
    private static readonly JsonEncodedText SourceName = ContractNames.Encode("source");
    private static readonly JsonEncodedText TypeName = ContractNames.Encode("type");
    private static readonly JsonEncodedText TimeName = ContractNames.Encode("time");
    private static readonly JsonEncodedText UnitName = ContractNames.Encode("unit");
    private static readonly JsonEncodedText SubjectName = ContractNames.Encode("subject");
    private static readonly JsonEncodedText DataContentType = ContractNames.Encode("datacontenttype");
    private static readonly JsonEncodedText DataName = ContractNames.Encode("data");
    private static readonly JsonEncodedText Version10 = ContractNames.Encode("1.0");
    private static readonly JsonEncodedText ApplicationJson = ContractNames.Encode("application/json");
    private static readonly JsonEncodedText ArrivalMode = ContractNames.Encode("arrivalMode");
    private static readonly JsonEncodedText Acuity = ContractNames.Encode("acuity");
    private static readonly JsonEncodedText AgeBand = ContractNames.Encode("ageBand");
    private static readonly JsonEncodedText Specialty = ContractNames.Encode("specialty");
    private static readonly JsonEncodedText Disposition = ContractNames.Encode("disposition");
    private static readonly JsonEncodedText Category = ContractNames.Encode("category");
    private static readonly JsonEncodedText Outcome = ContractNames.Encode("outcome");
    private static readonly JsonEncodedText Route = ContractNames.Encode("route");
    private static readonly JsonEncodedText Booked = ContractNames.Encode("booked");
    private static readonly JsonEncodedText Resources = ContractNames.Encode("resources");
    private static readonly JsonEncodedText StreamedFrom = ContractNames.Encode("streamedFrom");
    private static readonly JsonEncodedText Arrived = ContractNames.Encode("arrived");
    private static readonly JsonEncodedText Subjects = ContractNames.Encode("subjects");

    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;

    public CloudEventWriter() =>
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keeps "85+" readable; every value is ASCII we chose
            SkipValidation = true,
        });

    public byte[] Write(string id, long unixSeconds, SimEventKind kind, SimulatedEpisode episode)
    {
        _buffer.ResetWrittenCount();
        var w = _json;
        w.Reset(_buffer);
        w.WriteStartObject();
        w.WriteString(SpecVersion, Version10);
        w.WriteString(IdName, id);
        w.WriteString(SourceName, ContractNames.EncodedSources[(int)episode.Unit]);
        w.WriteString(TypeName, ContractNames.EncodedTypes[(int)kind]);
        WriteTime(w, TimeName, unixSeconds);
        w.WriteString(UnitName, ContractNames.EncodedUnits[(int)episode.Unit]);
        if (episode.Subject is not null)
        {
            w.WriteString(SubjectName, episode.Subject);
        }

        w.WriteString(DataContentType, ApplicationJson);
        w.WriteStartObject(DataName);
        WriteData(w, kind, episode);
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>RFC 3339 in UTC with whole seconds, e.g. 2026-11-22T09:41:07Z.</summary>
    private static void WriteTime(Utf8JsonWriter w, JsonEncodedText name, long unixSeconds)
    {
        Span<byte> time = stackalloc byte[20];
        DateTime.UnixEpoch.AddSeconds(unixSeconds)
            .TryFormat(time, out var written, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        w.WriteString(name, time[..written]);
    }

    private static void WriteData(Utf8JsonWriter w, SimEventKind kind, SimulatedEpisode e)
    {
        switch (kind)
        {
            case SimEventKind.AeArrived:
            case SimEventKind.UtcArrived:
                w.WriteString(ArrivalMode, e.ArrivalMode!.Value);
                if (e.AcuityOnArrival)
                {
                    w.WriteNumber(Acuity, e.Acuity);
                }

                if (e.AgeBand is { } ageBand)
                {
                    w.WriteString(AgeBand, ageBand);
                }

                if (e.StreamedFrom is var (subject, arrived))
                {
                    w.WriteStartObject(StreamedFrom);
                    w.WriteString(SubjectName, subject);
                    WriteTime(w, Arrived, arrived);
                    w.WriteEndObject();
                }

                break;
            case SimEventKind.AeAssessed:
            case SimEventKind.UtcAssessed:
                w.WriteNumber(Acuity, e.Acuity);
                break;
            case SimEventKind.AeAdmitDecision:
                if (e.Specialty is { } specialty)
                {
                    w.WriteString(Specialty, specialty);
                }

                break;
            case SimEventKind.AeReferred:
                w.WriteString(Specialty, e.ReferredTo!.Value);
                break;
            case SimEventKind.AeDeparted:
            case SimEventKind.UtcDeparted:
                w.WriteString(Disposition, e.Disposition!.Value);
                break;
            case SimEventKind.GreenCarDispatched:
                w.WriteString(Category, e.Category!.Value);
                break;
            case SimEventKind.GreenCarOutcome:
                w.WriteString(Outcome, e.Outcome!.Value);
                break;
            case SimEventKind.IvchCallReceived:
                w.WriteString(Route, e.Route!.Value);
                break;
            case SimEventKind.IvchOutcome:
                w.WriteString(Disposition, e.Disposition!.Value);
                if (e.Booked is { } booked)
                {
                    w.WriteBoolean(Booked, booked);
                }

                break;
            case SimEventKind.CensusDeclared:
                w.WriteStartArray(Subjects);
                foreach (var present in e.CensusSubjects!)
                {
                    w.WriteStringValue(present);
                }

                w.WriteEndArray();
                break;
            case SimEventKind.CapacityDeclared:
                w.WriteStartObject(Resources);
                foreach (var (name, value) in e.Resources!)
                {
                    w.WriteNumber(name, value);
                }

                w.WriteEndObject();
                break;
        }
    }
}
