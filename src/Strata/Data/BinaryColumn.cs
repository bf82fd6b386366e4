namespace Strata.Data;

/// <summary>A column of byte arrays.</summary>
public sealed class BinaryColumn : Column
{
    private readonly byte[]?[] _values;

    /// <summary>Wraps the values (no copy).</summary>
    public BinaryColumn(byte[]?[] values, int length, bool[]? validity) : base(DataType.Binary, length, validity)
    {
        if (values.Length < length) throw new ArgumentException("values are shorter than the column", nameof(values));
        _values = values;
    }

    /// <summary>The value at a position (null when null).</summary>
    public byte[]? this[int index] => IsNull(index) ? null : _values[index];

    /// <summary>The backing array.</summary>
    internal byte[]?[] RawValues => _values;

    /// <inheritdoc />
    protected override object GetValueCore(int index) => _values[index] ?? [];

    /// <inheritdoc />
    public override Column Slice(int offset, int length)
    {
        CheckRange(offset, length);
        return new BinaryColumn(_values.AsSpan(offset, length).ToArray(), length, SliceValidity(offset, length));
    }
}
