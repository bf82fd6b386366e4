namespace Strata.Data;

/// <summary>Builds a <see cref="BinaryColumn"/>.</summary>
public sealed class BinaryColumnBuilder : ColumnBuilder
{
    private byte[]?[] _values;

    /// <summary>Creates the builder.</summary>
    public BinaryColumnBuilder(int capacity = 16) : base(DataType.Binary, capacity) => _values = new byte[]?[Capacity];

    /// <summary>Appends bytes (null appends a null).</summary>
    public void Append(byte[]? value)
    {
        if (value is null) { AppendNull(); return; }
        MarkValid();
        _values[Count++] = value;
    }

    /// <inheritdoc />
    protected override void AppendValue(object value) => Append(ValueConverter.ToBytes(value, Type));

    /// <inheritdoc />
    protected override void AppendDefault() => _values[Count] = null;

    /// <inheritdoc />
    protected override void Grow(int capacity) => Array.Resize(ref _values, capacity);

    /// <inheritdoc />
    protected override Column BuildCore(bool[]? validity) => new BinaryColumn(_values, Count, validity);
}
