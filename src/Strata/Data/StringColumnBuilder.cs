namespace Strata.Data;

/// <summary>Builds a <see cref="StringColumn"/>.</summary>
public sealed class StringColumnBuilder : ColumnBuilder
{
    private string?[] _values;

    /// <summary>Creates the builder.</summary>
    public StringColumnBuilder(int capacity = 16) : base(DataType.String, capacity) => _values = new string?[Capacity];

    /// <summary>Appends text (null appends a null).</summary>
    public void Append(string? value)
    {
        if (value is null) { AppendNull(); return; }
        MarkValid();
        _values[Count++] = value;
    }

    /// <inheritdoc />
    protected override void AppendValue(object value) => Append(ValueConverter.ToText(value, Type));

    /// <inheritdoc />
    protected override void AppendDefault() => _values[Count] = null;

    /// <inheritdoc />
    protected override void Grow(int capacity) => Array.Resize(ref _values, capacity);

    /// <inheritdoc />
    protected override Column BuildCore(bool[]? validity) => new StringColumn(_values, Count, validity);
}
