namespace BuryUrgentCare.Contract;

/// <summary>
/// Why an event was not processed. A closed set: integrators code against these names
/// (<see cref="RejectionReasons.Code"/>), and they appear in dead-letter headers and ingest statistics.
/// </summary>
public enum RejectionReason : byte
{
    /// <summary>Not JSON, not UTF-8, not an object, or nested beyond the parser's depth limit.</summary>
    MalformedJson,
    /// <summary>A required attribute or data field is absent.</summary>
    MissingField,
    /// <summary><c>type</c> is not a contract v1.1 type.</summary>
    UnknownType,
    /// <summary><c>unit</c> is not a configured unit.</summary>
    UnknownUnit,
    /// <summary>A value has the wrong JSON type, is out of its set or range, or has the wrong length.</summary>
    BadValue,
    /// <summary><c>time</c> is not RFC 3339 with an offset.</summary>
    BadTime,
    /// <summary><c>time</c> is more than 5 minutes ahead of the receiver's clock.</summary>
    FutureTime,
    /// <summary>The message is larger than 64 KiB.</summary>
    TooLarge,
    /// <summary>A value anywhere in the event is a valid NHS number.</summary>
    IdentifiableData,
    /// <summary>The type belongs to another service than the unit's (e.g. <c>ivch.outcome</c> for <c>FGH-ED</c>).</summary>
    TypeUnitMismatch,
}

/// <summary>A rejection: its reason code and a detail a person can act on.</summary>
public readonly record struct Rejection(RejectionReason Reason, string Detail)
{
    public string Code => Reason.Code();

    public override string ToString() => $"{Code}: {Detail}";
}

public static class RejectionReasons
{
    private static readonly string[] Codes =
    [
        "malformed-json", "missing-field", "unknown-type", "unknown-unit", "bad-value",
        "bad-time", "future-time", "too-large", "identifiable-data", "type-unit-mismatch",
    ];

    /// <summary>The wire code, e.g. <c>missing-field</c>.</summary>
    public static string Code(this RejectionReason reason) => Codes[(int)reason];

    public static IReadOnlyList<string> AllCodes => Codes;

    public static int Count => Codes.Length;
}
