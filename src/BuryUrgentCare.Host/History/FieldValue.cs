using System.Globalization;

namespace BuryUrgentCare.History;

/// <summary>The type of a <see cref="FieldValue"/>, as InfluxDB line protocol distinguishes them.</summary>
public enum FieldValueKind
{
    /// <summary><c>default(FieldValue)</c>: not a value; stores reject it.</summary>
    None = 0,
    /// <summary>A 64-bit float, written without suffix (<c>1.5</c>).</summary>
    Float,
    /// <summary>A signed 64-bit integer, written with the <c>i</c> suffix (<c>42i</c>).</summary>
    Integer,
    /// <summary>A boolean, written as <c>true</c> / <c>false</c>.</summary>
    Boolean,
    /// <summary>A string, written double-quoted with <c>"</c> and <c>\</c> escaped.</summary>
    String,
}

/// <summary>
/// One field value of a <see cref="FigurePoint"/>: a float, an integer, a boolean or a string.
/// </summary>
/// <remarks>
/// A field keeps one type for its whole life: InfluxDB rejects a point whose field type differs
/// from the type already stored in the shard ("field type conflict"), so counts are always
/// <see cref="Integer(long)"/> and rates/percentages always <see cref="Float(double)"/>, even when a
/// percentage happens to be whole. NaN and ±Infinity cannot be written in line protocol and are
/// rejected here, where the figure is made, rather than in a batch seconds later.
/// </remarks>
public readonly struct FieldValue : IEquatable<FieldValue>
{
    private readonly long _integer;
    private readonly double _float;
    private readonly string? _string;

    private FieldValue(FieldValueKind kind, long integer, double @float, string? @string)
    {
        Kind = kind;
        _integer = integer;
        _float = @float;
        _string = @string;
    }

    /// <summary>Which of the four types this value holds.</summary>
    public FieldValueKind Kind { get; }

    /// <summary>A float value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static FieldValue Float(double value) =>
        double.IsFinite(value)
            ? new FieldValue(FieldValueKind.Float, 0, value, null)
            : throw new ArgumentOutOfRangeException(nameof(value), value,
                "A field value must be finite: line protocol has no representation for NaN or Infinity. Omit the field instead.");

    /// <summary>An integer value (written with the <c>i</c> suffix).</summary>
    public static FieldValue Integer(long value) => new(FieldValueKind.Integer, value, 0, null);

    /// <summary>A boolean value.</summary>
    public static FieldValue Boolean(bool value) => new(FieldValueKind.Boolean, value ? 1 : 0, 0, null);

    /// <summary>A string value.</summary>
    public static FieldValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new FieldValue(FieldValueKind.String, 0, 0, value);
    }

    public static implicit operator FieldValue(long value) => Integer(value);
    public static implicit operator FieldValue(int value) => Integer(value);
    public static implicit operator FieldValue(double value) => Float(value);
    public static implicit operator FieldValue(bool value) => Boolean(value);
    public static implicit operator FieldValue(string value) => String(value);

    /// <summary>The float value; throws unless <see cref="Kind"/> is <see cref="FieldValueKind.Float"/>.</summary>
    public double AsFloat() => Kind == FieldValueKind.Float ? _float : throw WrongKind(FieldValueKind.Float);

    /// <summary>The integer value; throws unless <see cref="Kind"/> is <see cref="FieldValueKind.Integer"/>.</summary>
    public long AsInteger() => Kind == FieldValueKind.Integer ? _integer : throw WrongKind(FieldValueKind.Integer);

    /// <summary>The boolean value; throws unless <see cref="Kind"/> is <see cref="FieldValueKind.Boolean"/>.</summary>
    public bool AsBoolean() => Kind == FieldValueKind.Boolean ? _integer != 0 : throw WrongKind(FieldValueKind.Boolean);

    /// <summary>The string value; throws unless <see cref="Kind"/> is <see cref="FieldValueKind.String"/>.</summary>
    public string AsString() => Kind == FieldValueKind.String ? _string! : throw WrongKind(FieldValueKind.String);

    private InvalidOperationException WrongKind(FieldValueKind wanted) =>
        new($"The field value is {Kind}, not {wanted}.");

    public bool Equals(FieldValue other) =>
        Kind == other.Kind && _integer == other._integer && _float.Equals(other._float) &&
        string.Equals(_string, other._string, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, _integer, _float, _string);

    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);

    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    public override string ToString() => Kind switch
    {
        FieldValueKind.Float => _float.ToString("R", CultureInfo.InvariantCulture),
        FieldValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture) + "i",
        FieldValueKind.Boolean => _integer != 0 ? "true" : "false",
        FieldValueKind.String => _string!,
        _ => "(none)",
    };
}
