namespace Strata.Data;

/// <summary>A column of text.</summary>
public sealed class StringColumn : Column
{
    private readonly string?[] _values;

    /// <summary>Wraps the values (no copy).</summary>
    public StringColumn(string?[] values, int length, bool[]? validity) : base(DataType.String, length, validity)
    {
        if (values.Length < length) throw new ArgumentException("values are shorter than the column", nameof(values));
        _values = values;
    }

    /// <summary>The value at a position (null when null).</summary>
    public string? this[int index] => IsNull(index) ? null : _values[index];

    /// <summary>The backing array.</summary>
    internal string?[] RawValues => _values;

    /// <inheritdoc />
    protected override object GetValueCore(int index) => _values[index] ?? string.Empty;

    /// <inheritdoc />
    public override Column Slice(int offset, int length)
    {
        CheckRange(offset, length);
        return new StringColumn(_values.AsSpan(offset, length).ToArray(), length, SliceValidity(offset, length));
    }

    internal static bool[]? ValidityOf(string?[] values)
    {
        if (Array.IndexOf(values, null) < 0) return null;
        return values.Select(v => v is not null).ToArray();
    }
}
