using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace BuryUrgentCare.Contract;

/// <summary>
/// Parses and validates one message against contract v1 in a single forward pass over the UTF-8
/// bytes (<see cref="Utf8JsonReader"/>), scanning every string, property name and number for NHS
/// numbers on the way. Never throws for bad input: it returns a <see cref="Rejection"/> instead.
/// Thread-safe: the parser holds only the immutable unit catalog.
/// </summary>
public sealed class EventParser
{
    /// <summary>Largest accepted message (contract v1: 64 KiB).</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>How far ahead of the receiver's clock an event time may be (contract v1: 5 minutes).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    private const int MaxDepth = 32;
    private const int MaxIdLength = 128;
    private const int MaxSubjectLength = 64;

    private readonly UnitCatalog _units;

    public EventParser(UnitCatalog units) => _units = units ?? throw new ArgumentNullException(nameof(units));

    public UnitCatalog Units => _units;

    /// <summary>Parses <paramref name="utf8"/>; <paramref name="receivedAt"/> is the receiver's clock for the future-time rule.</summary>
    public bool TryParse(ReadOnlySpan<byte> utf8, DateTimeOffset receivedAt, out UecEvent evt, out Rejection rejection) =>
        TryParse(utf8, receivedAt.UtcTicks, out evt, out rejection);

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, DateTimeOffset, out UecEvent, out Rejection)"/>
    public bool TryParse(ReadOnlySpan<byte> utf8, long receivedAtUtcTicks, out UecEvent evt, out Rejection rejection)
    {
        evt = default;
        evt.Unit = -1; // until a known unit is read
        if (utf8.Length > MaxMessageBytes)
        {
            rejection = new(RejectionReason.TooLarge, $"message is {utf8.Length} bytes; the limit is {MaxMessageBytes} (64 KiB)");
            return false;
        }

        if (!Utf8.IsValid(utf8))
        {
            rejection = new(RejectionReason.MalformedJson, "message is not valid UTF-8");
            return false;
        }

        var scratch = new Scratch();
        try
        {
            if (!ReadEnvelope(utf8, ref scratch, ref evt, out rejection))
            {
                return false;
            }
        }
        catch (JsonException ex)
        {
            rejection = new(RejectionReason.MalformedJson, ex.Message);
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // Unescaping a string or name that holds a lone surrogate (e.g. "\uD800"): the reader accepts
            // the escape's syntax, but the text cannot be decoded, so it is not usable JSON text.
            rejection = new(RejectionReason.MalformedJson, ex.Message);
            return false;
        }

        return Validate(ref scratch, ref evt, receivedAtUtcTicks, out rejection);
    }

    private bool ReadEnvelope(ReadOnlySpan<byte> utf8, ref Scratch s, ref UecEvent evt, out Rejection rejection)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            rejection = new(RejectionReason.MalformedJson, "an event must be a JSON object");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Unescaped(ref reader, ref s);
            var attribute = Envelope.Identify(name);
            ScanUnlessKnown(name, attribute != Envelope.Unknown, ref s);
            reader.Read();
            if (attribute != Envelope.Unknown && !s.MarkSeen(attribute))
            {
                s.Fail(RejectionReason.BadValue, $"attribute '{Encoding.UTF8.GetString(name)}' appears more than once");
            }

            if (attribute is not (Envelope.Unknown or Envelope.Data) && !IsString(ref reader))
            {
                // Every attribute but data is a string. Any other value is a bad value (the cases below see a
                // non-string token), but it is still scanned, and skipped whole so the pass stays on this level.
                SkipScanning(ref reader, ref s);
            }

            switch (attribute)
            {
                case Envelope.SpecVersion:
                    s.SpecVersionOk = IsString(ref reader) && StringEquals(ref reader, "1.0"u8, ref s);
                    break;
                case Envelope.Id:
                    if (IsString(ref reader))
                    {
                        ReadKey(ref reader, ref s, out evt.Id, out var length);
                        s.IdLengthOk = length is >= 1 and <= MaxIdLength;
                    }

                    break;
                case Envelope.Source:
                    s.SourceOk = IsString(ref reader) && !IsBlank(ScanString(ref reader, ref s));
                    break;
                case Envelope.Type:
                    s.TypeState = IsString(ref reader) && Known(EventTypes.TryParse(Unescaped(ref reader, ref s), out evt.Type), ref reader, ref s) ? Field.Ok : Field.Invalid;
                    break;
                case Envelope.Time:
                    if (IsString(ref reader))
                    {
                        var time = Unescaped(ref reader, ref s);
                        var valid = Rfc3339.TryParseUtcTicks(time, out evt.TimeTicks);
                        s.TimeState = valid ? Field.Ok : Field.Invalid;
                        if (!valid || !Rfc3339.ShortEnoughToHoldNoNhsNumber(time))
                        {
                            s.Scan(time);
                        }
                    }
                    else
                    {
                        s.TimeState = Field.Invalid;
                    }

                    break;
                case Envelope.Unit:
                    s.UnitState = IsString(ref reader) && TryFindUnit(ScanString(ref reader, ref s), out evt.Unit) ? Field.Ok : Field.Invalid;
                    break;
                case Envelope.Subject:
                    if (IsString(ref reader))
                    {
                        ReadKey(ref reader, ref s, out evt.Subject, out var length);
                        s.SubjectState = length is >= 1 and <= MaxSubjectLength ? Field.Ok : Field.Invalid;
                    }
                    else
                    {
                        s.SubjectState = Field.Invalid;
                    }

                    break;
                case Envelope.DataContentType:
                    s.ContentTypeOk = IsString(ref reader) && StringEquals(ref reader, "application/json"u8, ref s);
                    break;
                case Envelope.Data:
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        s.DataState = Field.Ok;
                        ReadData(ref reader, ref s, ref evt);
                    }
                    else
                    {
                        s.DataState = reader.TokenType == JsonTokenType.Null ? Field.Absent : Field.Invalid;
                        SkipScanning(ref reader, ref s);
                    }

                    break;
                default:
                    SkipScanning(ref reader, ref s); // CloudEvents extension attributes are allowed
                    break;
            }
        }

        // A well-formed document ends with the object's close and nothing after it.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            rejection = new(RejectionReason.MalformedJson, "unexpected content after the event object");
            return false;
        }

        rejection = default;
        return true;
    }

    private void ReadData(ref Utf8JsonReader reader, ref Scratch s, ref UecEvent evt)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Unescaped(ref reader, ref s);
            var field = DataField.Identify(name);
            ScanUnlessKnown(name, field != DataField.Unknown, ref s);
            reader.Read();
            var isString = reader.TokenType == JsonTokenType.String;
            if (field is not (DataField.Unknown or DataField.Resources or DataField.Subjects or DataField.StreamedFrom) && (!isString || field is DataField.Acuity or DataField.Booked))
            {
                // The cases below read only the value they expect. Scan any other value here, so no number or
                // string escapes the NHS-number scan, and skip an object or array whole (a bad value for every
                // field) so the pass does not read its contents as fields of data.
                SkipScanning(ref reader, ref s);
            }

            switch (field)
            {
                case DataField.ArrivalMode:
                    s.ArrivalMode = isString && Known(Vocabulary.ArrivalModes.TryParse(Unescaped(ref reader, ref s), out evt.ArrivalMode), ref reader, ref s) ? Field.Ok : Field.Invalid;
                    break;
                case DataField.Acuity:
                    var acuity = 0;
                    s.Acuity = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out acuity) && acuity is >= 1 and <= 5 ? Field.Ok : Field.Invalid;
                    evt.Acuity = s.Acuity == Field.Ok ? (byte)acuity : (byte)0;
                    break;
                case DataField.AgeBand:
                    AgeBand band = default;
                    s.AgeBand = isString && Known(Vocabulary.AgeBands.TryParse(Unescaped(ref reader, ref s), out band), ref reader, ref s) ? Field.Ok : Field.Invalid;
                    evt.AgeBand = s.AgeBand == Field.Ok ? band : null;
                    break;
                case DataField.Specialty:
                    // v1.1: a closed list, no longer free text that could carry a name (hazard H15).
                    s.Specialty = isString && Known(Vocabulary.Specialties.TryParse(Unescaped(ref reader, ref s), out evt.Specialty), ref reader, ref s) ? Field.Ok : Field.Invalid;
                    break;
                case DataField.Disposition:
                    // The type may come after data, so the value is matched against every disposition set now.
                    s.Disposition = isString ? Field.Ok : Field.Invalid;
                    if (isString)
                    {
                        var value = Unescaped(ref reader, ref s);
                        s.AeDispositionOk = Vocabulary.AeDispositions.TryParse(value, out evt.AeDisposition);
                        s.UtcDispositionOk = Vocabulary.UtcDispositions.TryParse(value, out evt.UtcDisposition);
                        s.IvchDispositionOk = Vocabulary.IvchDispositions.TryParse(value, out evt.IvchDisposition);
                        Known(s.AeDispositionOk || s.UtcDispositionOk || s.IvchDispositionOk, ref reader, ref s);
                    }

                    break;
                case DataField.Category:
                    s.Category = isString && Known(Vocabulary.Categories.TryParse(Unescaped(ref reader, ref s), out evt.Category), ref reader, ref s) ? Field.Ok : Field.Invalid;
                    break;
                case DataField.Outcome:
                    s.Outcome = isString && Known(Vocabulary.GreenCarOutcomes.TryParse(Unescaped(ref reader, ref s), out evt.Outcome), ref reader, ref s) ? Field.Ok : Field.Invalid;
                    break;
                case DataField.Route:
                    s.Route = isString && Known(Vocabulary.Routes.TryParse(Unescaped(ref reader, ref s), out evt.Route), ref reader, ref s) ? Field.Ok : Field.Invalid;
                    break;
                case DataField.Booked:
                    s.Booked = reader.TokenType is JsonTokenType.True or JsonTokenType.False ? Field.Ok : Field.Invalid;
                    evt.Booked = s.Booked == Field.Ok ? reader.TokenType == JsonTokenType.True : null;
                    break;
                case DataField.Resources:
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        s.Resources = ReadResources(ref reader, ref s, out evt.Resources) ? Field.Ok : Field.Invalid;
                    }
                    else
                    {
                        s.Resources = Field.Invalid;
                        SkipScanning(ref reader, ref s);
                    }

                    break;
                case DataField.Subjects:
                    s.Subjects = reader.TokenType == JsonTokenType.StartArray && ReadSubjects(ref reader, ref s, out evt.CensusSubjects) ? Field.Ok : Field.Invalid;
                    if (s.Subjects == Field.Invalid && reader.TokenType != JsonTokenType.EndArray)
                    {
                        SkipScanning(ref reader, ref s);
                    }

                    break;
                case DataField.StreamedFrom:
                    s.StreamedFrom = reader.TokenType == JsonTokenType.StartObject && ReadStreamedFrom(ref reader, ref s, out evt.StreamedFromArrivedTicks)
                        ? Field.Ok : Field.Invalid;
                    if (s.StreamedFrom == Field.Invalid && reader.TokenType != JsonTokenType.EndObject)
                    {
                        SkipScanning(ref reader, ref s);
                    }

                    break;
                default:
                    SkipScanning(ref reader, ref s); // unknown data fields are ignored, but still scanned
                    break;
            }
        }
    }

    /// <summary>
    /// <c>census.declared</c>'s <c>data.subjects</c>: an array of pseudonymised episode ids, each a string of 1–64
    /// characters, kept as hashes like <c>subject</c>. Reads to the array's end (scanning every value) whatever it finds.
    /// The hashes go into this thread's reused buffer (<see cref="UecEvent.CensusSubjects"/> says how long they stay):
    /// a census lists every patient present, so an array per census was most of the pipeline's allocation per event.
    /// </summary>
    private static bool ReadSubjects(ref Utf8JsonReader reader, ref Scratch s, out ArraySegment<UInt128> subjects)
    {
        var hashes = _censusBuffer ??= new UInt128[64];
        var ok = true;
        var i = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                if (i == hashes.Length)
                {
                    Array.Resize(ref _censusBuffer, hashes.Length * 2);
                    hashes = _censusBuffer;
                }

                ReadKey(ref reader, ref s, out hashes[i++], out var length);
                ok &= length is >= 1 and <= MaxSubjectLength;
            }
            else
            {
                ok = false;
                SkipScanning(ref reader, ref s);
            }
        }

        subjects = ok ? new ArraySegment<UInt128>(hashes, 0, i) : default;
        return ok;
    }

    [ThreadStatic]
    private static UInt128[]? _censusBuffer;

    /// <summary>
    /// <c>utc.arrived</c>'s <c>data.streamedFrom</c> (v1.1): the A&amp;E attendance this UTC episode continues, as
    /// <c>{ "subject": …, "arrived": … }</c> — both required; other members are ignored (and scanned).
    /// </summary>
    private static bool ReadStreamedFrom(ref Utf8JsonReader reader, ref Scratch s, out long arrivedTicks)
    {
        arrivedTicks = 0;
        bool subjectOk = false, arrivedOk = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Unescaped(ref reader, ref s);
            var isSubject = name.SequenceEqual("subject"u8);
            var isArrived = !isSubject && name.SequenceEqual("arrived"u8);
            ScanUnlessKnown(name, isSubject || isArrived, ref s);
            reader.Read();
            if (isSubject && reader.TokenType == JsonTokenType.String)
            {
                ReadKey(ref reader, ref s, out _, out var length);
                subjectOk = length is >= 1 and <= MaxSubjectLength;
            }
            else if (isArrived && reader.TokenType == JsonTokenType.String)
            {
                arrivedOk = Rfc3339.TryParseUtcTicks(ScanString(ref reader, ref s), out arrivedTicks);
            }
            else
            {
                if (isSubject || isArrived)
                {
                    (subjectOk, arrivedOk) = isSubject ? (false, arrivedOk) : (subjectOk, false);
                }

                SkipScanning(ref reader, ref s);
            }
        }

        return subjectOk && arrivedOk;
    }

    private static bool ReadResources(ref Utf8JsonReader reader, ref Scratch s, out KeyValuePair<string, long>[]? resources)
    {
        var list = new List<KeyValuePair<string, long>>();
        var ok = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (NhsNumber.ContainsValid(name))
            {
                s.Identifiable = true;
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0 && name.Length > 0)
            {
                s.Scan(reader.ValueSpan);
                list.Add(new(name, value));
            }
            else
            {
                ok = false;
                SkipScanning(ref reader, ref s);
            }
        }

        resources = ok ? [.. list] : null;
        return ok && list.Count > 0;
    }

    private bool Validate(ref Scratch s, ref UecEvent evt, long receivedAtUtcTicks, out Rejection rejection)
    {
        rejection = default;
        // Identifiable data outranks every other problem: the integrator must hear about it first,
        // and the event must never be logged with its payload.
        if (s.Identifiable)
        {
            rejection = new(RejectionReason.IdentifiableData, "a value in the event is a valid NHS number; send pseudonymised ids only");
            return false;
        }

        if (s.FirstFailure is { } failure)
        {
            rejection = failure;
            return false;
        }

        if (!s.Seen(Envelope.SpecVersion)) return Reject(RejectionReason.MissingField, "specversion is required", out rejection);
        if (!s.SpecVersionOk) return Reject(RejectionReason.BadValue, "specversion must be \"1.0\"", out rejection);
        if (!s.Seen(Envelope.Id)) return Reject(RejectionReason.MissingField, "id is required", out rejection);
        if (!s.IdLengthOk) return Reject(RejectionReason.BadValue, "id must be a string of 1–128 characters", out rejection);
        if (!s.Seen(Envelope.Source)) return Reject(RejectionReason.MissingField, "source is required", out rejection);
        if (!s.SourceOk) return Reject(RejectionReason.BadValue, "source must be a non-empty URI-reference string", out rejection);
        if (!s.Seen(Envelope.Type)) return Reject(RejectionReason.MissingField, "type is required", out rejection);
        if (s.TypeState != Field.Ok) return Reject(RejectionReason.UnknownType, "type is not a contract v1.1 event type", out rejection);
        if (!s.Seen(Envelope.Time)) return Reject(RejectionReason.MissingField, "time is required", out rejection);
        if (s.TimeState != Field.Ok) return Reject(RejectionReason.BadTime, "time must be RFC 3339 with an offset, e.g. 2026-11-22T09:41:07Z", out rejection);
        if (evt.TimeTicks - receivedAtUtcTicks > MaxFutureSkew.Ticks)
        {
            return Reject(RejectionReason.FutureTime, "time is more than 5 minutes ahead of the receiver's clock", out rejection);
        }

        if (!s.Seen(Envelope.Unit)) return Reject(RejectionReason.MissingField, "unit is required", out rejection);
        if (s.UnitState != Field.Ok) return Reject(RejectionReason.UnknownUnit, "unit is not a configured unit", out rejection);

        var service = evt.Type.Service();
        if (service is { } required && _units.ServiceOf(evt.Unit) != required)
        {
            return Reject(RejectionReason.TypeUnitMismatch, $"{evt.Type.WireName()} is not accepted by unit {_units[evt.Unit].Id}", out rejection);
        }

        if (evt.Type.HasSubject())
        {
            if (!s.Seen(Envelope.Subject)) return Reject(RejectionReason.MissingField, "subject (the pseudonymised episode id) is required", out rejection);
            if (s.SubjectState != Field.Ok) return Reject(RejectionReason.BadValue, "subject must be a string of 1–64 characters", out rejection);
        }
        else
        {
            evt.Subject = default;
        }

        if (s.Seen(Envelope.DataContentType) && !s.ContentTypeOk)
        {
            return Reject(RejectionReason.BadValue, "datacontenttype, when present, must be \"application/json\"", out rejection);
        }

        if (s.DataState == Field.Invalid) return Reject(RejectionReason.BadValue, "data must be a JSON object", out rejection);

        return ValidateData(ref s, ref evt, out rejection);
    }

    private static bool ValidateData(ref Scratch s, ref UecEvent evt, out Rejection rejection)
    {
        rejection = default;
        switch (evt.Type)
        {
            case EventType.AeArrived:
            case EventType.UtcArrived:
                if (!Require(s.ArrivalMode, "data.arrivalMode", Vocabulary.ArrivalModes, out rejection)) return false;
                if (!Optional(s.Acuity, "data.acuity must be an integer from 1 to 5", out rejection)) return false;
                if (!OneOf(s.AgeBand, "data.ageBand", Vocabulary.AgeBands, out rejection)) return false;
                if (evt.Type != EventType.UtcArrived || s.StreamedFrom == Field.Absent)
                {
                    evt.StreamedFromArrivedTicks = 0; // only a UTC arrival continues an A&E attendance
                    return true;
                }

                if (!Optional(s.StreamedFrom, "data.streamedFrom must be an object with subject (the A&E attendance's pseudonymised id, 1–64 characters) and arrived (its arrival time, RFC 3339 with an offset)", out rejection)) return false;
                return evt.StreamedFromArrivedTicks <= evt.TimeTicks
                    || Reject(RejectionReason.BadValue, "data.streamedFrom.arrived must not be after the UTC arrival's time: the A&E arrival comes first", out rejection);
            case EventType.AeAssessed:
            case EventType.UtcAssessed:
                if (s.Acuity == Field.Absent) return Reject(RejectionReason.MissingField, "data.acuity is required", out rejection);
                return Optional(s.Acuity, "data.acuity must be an integer from 1 to 5", out rejection);
            case EventType.AeAdmitDecision:
                return OneOf(s.Specialty, "data.specialty", Vocabulary.Specialties, out rejection);
            case EventType.AeReferred:
                return Require(s.Specialty, "data.specialty", Vocabulary.Specialties, out rejection);
            case EventType.AeDeparted:
                return RequireDisposition(s.Disposition, s.AeDispositionOk, Vocabulary.AeDispositions, out rejection);
            case EventType.UtcDeparted:
                return RequireDisposition(s.Disposition, s.UtcDispositionOk, Vocabulary.UtcDispositions, out rejection);
            case EventType.GreenCarDispatched:
                return Require(s.Category, "data.category", Vocabulary.Categories, out rejection);
            case EventType.GreenCarOutcome:
            case EventType.GreenCarOutcomeCorrected:
                return Require(s.Outcome, "data.outcome", Vocabulary.GreenCarOutcomes, out rejection);
            case EventType.IvchCallReceived:
                return Require(s.Route, "data.route", Vocabulary.Routes, out rejection);
            case EventType.IvchOutcome:
            case EventType.IvchOutcomeCorrected:
                if (!RequireDisposition(s.Disposition, s.IvchDispositionOk, Vocabulary.IvchDispositions, out rejection)) return false;
                return Optional(s.Booked, "data.booked must be true or false", out rejection);
            case EventType.CensusDeclared:
                if (s.Subjects == Field.Absent) return Reject(RejectionReason.MissingField, "data.subjects is required (an empty array for nobody present)", out rejection);
                return Optional(s.Subjects, "data.subjects must be an array of pseudonymised episode ids, each a string of 1–64 characters", out rejection);
            case EventType.CapacityDeclared:
                if (s.Resources == Field.Absent) return Reject(RejectionReason.MissingField, "data.resources is required", out rejection);
                return Optional(s.Resources, "data.resources must be a non-empty object of name → non-negative integer", out rejection);
            default:
                return true; // handover, seen, on-scene, clear, assessed (ivch), abandoned, entered-in-error carry no data
        }
    }

    private static bool Require<T>(Field state, string name, WireNames<T> set, out Rejection rejection) where T : struct, Enum
    {
        if (state == Field.Absent) return Reject(RejectionReason.MissingField, name + " is required", out rejection);
        return OneOf(state, name, set, out rejection);
    }

    private static bool RequireDisposition<T>(Field state, bool inSet, WireNames<T> set, out Rejection rejection) where T : struct, Enum
    {
        if (state == Field.Absent) return Reject(RejectionReason.MissingField, "data.disposition is required", out rejection);
        return OneOf(state == Field.Ok && inSet ? Field.Ok : Field.Invalid, "data.disposition", set, out rejection);
    }

    /// <summary>
    /// Like <see cref="Optional"/> for a value of a closed set. The detail lists the set, so it is built only
    /// when the value is rejected: building it eagerly cost an allocation on every accepted event.
    /// </summary>
    private static bool OneOf<T>(Field state, string name, WireNames<T> set, out Rejection rejection) where T : struct, Enum
    {
        if (state == Field.Invalid) return Reject(RejectionReason.BadValue, $"{name} must be one of {set.Describe()}", out rejection);
        rejection = default;
        return true;
    }

    private static bool Optional(Field state, string detail, out Rejection rejection)
    {
        if (state == Field.Invalid) return Reject(RejectionReason.BadValue, detail, out rejection);
        rejection = default;
        return true;
    }

    private static bool Reject(RejectionReason reason, string detail, out Rejection rejection)
    {
        rejection = new(reason, detail);
        return false;
    }

    private bool TryFindUnit(ReadOnlySpan<byte> utf8, out int index)
    {
        index = -1;
        if (utf8.Length > 128)
        {
            return false;
        }

        // By the bytes first: a hit is the unit decoding would find (see UnitCatalog), without decoding every event.
        return _units.TryGetIndex(utf8, out index) || TryFindUnitDecoded(utf8, out index);
    }

    /// <summary>
    /// The unit of an id its bytes did not find, by its characters. A method of its own: the character buffer is then not
    /// part of <see cref="TryFindUnit"/>'s frame, which the runtime zeroes (256 bytes) on every call, hit or not.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private bool TryFindUnitDecoded(ReadOnlySpan<byte> utf8, out int index)
    {
        Span<char> chars = stackalloc char[128];
        if (Encoding.UTF8.TryGetChars(utf8, chars, out var written) && _units.TryGetIndex(chars[..written], out index))
        {
            return true;
        }

        // A failed dictionary lookup leaves 0 behind, which is the first unit's index: the rejection
        // (and the consumer's unit-to-partition map) would be charged to FGH-ED instead of "(unknown)".
        index = -1;
        return false;
    }

    private static bool IsBlank(ReadOnlySpan<byte> value) => value.Trim(" \t\r\n"u8).IsEmpty;

    private static bool IsString(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String;

    private static bool StringEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected, ref Scratch s) =>
        Known(Unescaped(ref reader, ref s).SequenceEqual(expected), ref reader, ref s);

    /// <summary>
    /// For a string read with <see cref="Unescaped"/> and matched against the contract's own words (event
    /// types, closed sets, fixed values): scans it for NHS numbers only when it did not match. The
    /// contract's words hold no NHS number (<c>VocabularyTests</c> checks every one), so a match could not have one.
    /// </summary>
    private static bool Known(bool matched, ref Utf8JsonReader reader, ref Scratch s)
    {
        if (!matched)
        {
            ScanString(ref reader, ref s);
        }

        return matched;
    }

    /// <summary>Reads an id-like string: scans it, hashes its unescaped UTF-8 and counts its characters.</summary>
    private static void ReadKey(ref Utf8JsonReader reader, ref Scratch s, out UInt128 hash, out int length)
    {
        var value = ScanString(ref reader, ref s);
        hash = XxHash128.HashToUInt128(value);
        // The length rules count characters (Unicode scalar values, as JSON Schema's maxLength does, so
        // "😀" is one, not two UTF-16 chars). The value is valid UTF-8, in which every byte that is not a
        // continuation byte (10xxxxxx) starts a character.
        length = Ascii.IsValid(value) ? value.Length : value.Length - CountContinuationBytes(value);
    }

    private static int CountContinuationBytes(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) == 0x80)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The unescaped value of the current string token, NHS-scanned. Unescaped values live in the
    /// scratch buffer, valid until the next call.
    /// </summary>
    private static ReadOnlySpan<byte> ScanString(ref Utf8JsonReader reader, ref Scratch s)
    {
        var value = Unescaped(ref reader, ref s);
        s.Scan(value);
        return value;
    }

    /// <summary>
    /// The unescaped text of the current property name or string, not yet scanned (see
    /// <see cref="ScanUnlessKnown"/> and <see cref="Known"/>); valid until the next unescaping.
    /// </summary>
    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, ref Scratch s)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        var buffer = s.Buffer(reader.ValueSpan.Length);
        return buffer[..reader.CopyString(buffer)];
    }

    /// <summary>
    /// Scans a property name for NHS numbers unless it is one of the contract's own names, which hold no
    /// digits (so the scan could not find one): only names the contract does not know can carry a number.
    /// </summary>
    private static void ScanUnlessKnown(ReadOnlySpan<byte> name, bool known, ref Scratch s)
    {
        if (!known)
        {
            s.Scan(name);
        }
    }

    /// <summary>Skips the current value (and everything inside it), scanning strings, names and numbers.</summary>
    private static void SkipScanning(ref Utf8JsonReader reader, ref Scratch s)
    {
        var depth = reader.CurrentDepth;
        do
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                case JsonTokenType.PropertyName:
                    ScanString(ref reader, ref s);
                    break;
                case JsonTokenType.Number:
                    s.Scan(reader.ValueSpan);

                    break;
            }

            if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) && reader.CurrentDepth == depth)
            {
                return;
            }
        }
        while (reader.Read() && reader.CurrentDepth > depth);
    }

    private enum Field : byte { Absent, Ok, Invalid }

    /// <summary>What the single pass found; lives on the stack.</summary>
    private struct Scratch
    {
        private int _seen;
        private byte[]? _buffer;

        public bool Identifiable;
        public Rejection? FirstFailure;
        public bool SpecVersionOk, IdLengthOk, SourceOk, ContentTypeOk;
        public bool AeDispositionOk, UtcDispositionOk, IvchDispositionOk;
        public Field TypeState, TimeState, UnitState, SubjectState, DataState;
        public Field ArrivalMode, Acuity, AgeBand, Specialty, Disposition, Category, Outcome, Route, Booked, Resources, Subjects, StreamedFrom;

        /// <summary>Marks the event identifiable if <paramref name="text"/> holds a valid NHS number (once found, no more scanning).</summary>
        public void Scan(ReadOnlySpan<byte> text)
        {
            if (!Identifiable && NhsNumber.ContainsValid(text))
            {
                Identifiable = true;
            }
        }

        public bool MarkSeen(int attribute)
        {
            var bit = 1 << attribute;
            var first = (_seen & bit) == 0;
            _seen |= bit;
            return first;
        }

        public readonly bool Seen(int attribute) => (_seen & (1 << attribute)) != 0;

        public void Fail(RejectionReason reason, string detail) => FirstFailure ??= new Rejection(reason, detail);

        public Span<byte> Buffer(int length)
        {
            // Escaped values are rare (a JSON writer escapes only quotes, controls and, by default, non-ASCII).
            if (_buffer is null || _buffer.Length < length)
            {
                _buffer = new byte[Math.Max(length, 256)];
            }

            return _buffer;
        }
    }

    private static class Envelope
    {
        public const int Unknown = -1, SpecVersion = 0, Id = 1, Source = 2, Type = 3, Time = 4, Unit = 5, Subject = 6, DataContentType = 7, Data = 8;

        public static int Identify(ReadOnlySpan<byte> name) => name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => Id,
            4 when name.SequenceEqual("type"u8) => Type,
            4 when name.SequenceEqual("time"u8) => Time,
            4 when name.SequenceEqual("unit"u8) => Unit,
            4 when name.SequenceEqual("data"u8) => Data,
            6 when name.SequenceEqual("source"u8) => Source,
            7 when name.SequenceEqual("subject"u8) => Subject,
            11 when name.SequenceEqual("specversion"u8) => SpecVersion,
            15 when name.SequenceEqual("datacontenttype"u8) => DataContentType,
            _ => Unknown,
        };
    }

    private static class DataField
    {
        public const int Unknown = -1, ArrivalMode = 0, Acuity = 1, AgeBand = 2, Specialty = 3, Disposition = 4, Category = 5, Outcome = 6, Route = 7, Booked = 8, Resources = 9, Subjects = 10, StreamedFrom = 11;

        public static int Identify(ReadOnlySpan<byte> name) => name.Length switch
        {
            5 when name.SequenceEqual("route"u8) => Route,
            6 when name.SequenceEqual("acuity"u8) => Acuity,
            6 when name.SequenceEqual("booked"u8) => Booked,
            7 when name.SequenceEqual("ageBand"u8) => AgeBand,
            7 when name.SequenceEqual("outcome"u8) => Outcome,
            8 when name.SequenceEqual("category"u8) => Category,
            9 when name.SequenceEqual("specialty"u8) => Specialty,
            9 when name.SequenceEqual("resources"u8) => Resources,
            8 when name.SequenceEqual("subjects"u8) => Subjects,
            12 when name.SequenceEqual("streamedFrom"u8) => StreamedFrom,
            11 when name.SequenceEqual("arrivalMode"u8) => ArrivalMode,
            11 when name.SequenceEqual("disposition"u8) => Disposition,
            _ => Unknown,
        };
    }
}
