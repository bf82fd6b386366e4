namespace Strata.Data;

/// <summary>Builds a <see cref="PrimitiveColumn{T}"/>.</summary>
public sealed class PrimitiveColumnBuilder<T> : ColumnBuilder where T : unmanaged
{
    private T[] _values;

    /// <summary>Creates the builder.</summary>
    public PrimitiveColumnBuilder(DataType type, int capacity = 16) : base(type, capacity) => _values = new T[Capacity];

    /// <summary>Appends a typed value without conversion.</summary>
    public void Append(T value)
    {
        MarkValid();
        _values[Count++] = Type.Kind == TypeKind.Timestamp && value is DateTime dt ? (T)(object)ValueConverter.Normalize(dt) : value;
    }

    /// <inheritdoc />
    public override void AppendFrom(Column source, int index)
    {
        if (source is PrimitiveColumn<T> p && p.Type == Type)
        {
            if (p.IsNull(index)) AppendNull();
            else { MarkValid(); _values[Count++] = p.RawValues[index]; }
        }
        else base.AppendFrom(source, index);
    }

    /// <inheritdoc />
    protected override void AppendValue(object value) => Append(ValueConverter.To<T>(value, Type));

    /// <inheritdoc />
    protected override void AppendDefault() => _values[Count] = default;

    /// <inheritdoc />
    protected override void Grow(int capacity) => Array.Resize(ref _values, capacity);

    /// <inheritdoc />
    protected override Column BuildCore(bool[]? validity) => new PrimitiveColumn<T>(Type, _values, Count, validity);
}
