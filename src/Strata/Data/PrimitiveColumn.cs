namespace Strata.Data;

/// <summary>A column of fixed-width values: booleans, numbers, decimals, dates and timestamps.</summary>
/// <typeparam name="T">bool, sbyte, short, int, long, byte, ushort, uint, ulong, float, double, decimal, DateOnly or DateTime.</typeparam>
public sealed class PrimitiveColumn<T> : Column where T : unmanaged
{
    private readonly T[] _values;

    /// <summary>Wraps <paramref name="values"/> (no copy); the first <paramref name="length"/> are used.</summary>
    public PrimitiveColumn(DataType type, T[] values, int length, bool[]? validity) : base(type, length, validity)
    {
        if (values.Length < length) throw new ArgumentException("values are shorter than the column", nameof(values));
        if (TypeKindMap.ClrType(type.Kind) != typeof(T))
            throw new ArgumentException($"a {type} column holds {TypeKindMap.ClrType(type.Kind).Name}, not {typeof(T).Name}");
        _values = values;
    }

    /// <summary>The values (entries at null positions are undefined).</summary>
    public ReadOnlySpan<T> Values => _values.AsSpan(0, Length);

    /// <summary>The backing array (may be longer than <see cref="Column.Length"/>).</summary>
    internal T[] RawValues => _values;

    /// <summary>The value at a position (undefined when null).</summary>
    public T this[int index] => (uint)index < (uint)Length ? _values[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <inheritdoc />
    protected override object GetValueCore(int index) => _values[index];

    /// <inheritdoc />
    public override Column Slice(int offset, int length)
    {
        CheckRange(offset, length);
        return new PrimitiveColumn<T>(Type, _values.AsSpan(offset, length).ToArray(), length, SliceValidity(offset, length));
    }

    /// <summary>The Strata type that holds <typeparamref name="T"/> by default.</summary>
    internal static DataType TypeOf() => TypeKindMap.DefaultType(typeof(T))
        ?? throw new StrataInvalidInputException($"{typeof(T).Name} is not a Strata column type.");
}
