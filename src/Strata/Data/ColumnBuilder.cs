namespace Strata.Data;

/// <summary>
/// Accumulates values of one type and builds an immutable <see cref="Column"/>.
/// <see cref="Append"/> converts loosely typed values (numbers of other widths, ISO date text,
/// enumerables for lists, dictionaries/tuples/objects for structs) and fails with
/// <see cref="StrataInvalidInputException"/> when a value does not fit.
/// </summary>
public abstract class ColumnBuilder
{
    private bool[]? _validity;

    /// <summary>Creates a builder.</summary>
    protected ColumnBuilder(DataType type, int capacity)
    {
        Type = type;
        Capacity = Math.Max(capacity, 4);
    }

    /// <summary>The type of the column being built.</summary>
    public DataType Type { get; }

    /// <summary>Number of values appended so far.</summary>
    public int Count { get; protected set; }

    /// <summary>Current capacity of the value storage.</summary>
    protected int Capacity { get; private set; }

    /// <summary>Creates a builder for the type.</summary>
    public static ColumnBuilder Create(DataType type, int capacity = 16) => type.Kind switch
    {
        TypeKind.Boolean => new PrimitiveColumnBuilder<bool>(type, capacity),
        TypeKind.Int8 => new PrimitiveColumnBuilder<sbyte>(type, capacity),
        TypeKind.Int16 => new PrimitiveColumnBuilder<short>(type, capacity),
        TypeKind.Int32 => new PrimitiveColumnBuilder<int>(type, capacity),
        TypeKind.Int64 => new PrimitiveColumnBuilder<long>(type, capacity),
        TypeKind.UInt8 => new PrimitiveColumnBuilder<byte>(type, capacity),
        TypeKind.UInt16 => new PrimitiveColumnBuilder<ushort>(type, capacity),
        TypeKind.UInt32 => new PrimitiveColumnBuilder<uint>(type, capacity),
        TypeKind.UInt64 => new PrimitiveColumnBuilder<ulong>(type, capacity),
        TypeKind.Float32 => new PrimitiveColumnBuilder<float>(type, capacity),
        TypeKind.Float64 => new PrimitiveColumnBuilder<double>(type, capacity),
        TypeKind.Decimal => new PrimitiveColumnBuilder<decimal>(type, capacity),
        TypeKind.Date => new PrimitiveColumnBuilder<DateOnly>(type, capacity),
        TypeKind.Timestamp => new PrimitiveColumnBuilder<DateTime>(type, capacity),
        TypeKind.String => new StringColumnBuilder(capacity),
        TypeKind.Binary => new BinaryColumnBuilder(capacity),
        TypeKind.List => new ListColumnBuilder(type, capacity),
        TypeKind.FixedSizeList => new FixedSizeListColumnBuilder(type, capacity),
        TypeKind.Struct => new StructColumnBuilder(type, capacity),
        _ => throw new StrataInvalidInputException($"no column builder for {type}"),
    };

    /// <summary>Appends a value (null appends a null).</summary>
    public void Append(object? value)
    {
        if (value is null || value is DBNull) AppendNull();
        else AppendValue(value);
    }

    /// <summary>Appends a null.</summary>
    public void AppendNull()
    {
        EnsureCapacity(Count + 1);
        _validity ??= CreateValidity();
        _validity[Count] = false;
        AppendDefault();
        Count++;
    }

    /// <summary>Appends the value at <paramref name="index"/> of <paramref name="source"/> (same type or convertible).</summary>
    public virtual void AppendFrom(Column source, int index) => Append(source.GetValue(index));

    /// <summary>Builds the column; the builder must not be used afterwards.</summary>
    public Column Build() => BuildCore(_validity);

    /// <summary>Appends a non-null value, converting it as needed.</summary>
    protected abstract void AppendValue(object value);

    /// <summary>Stores the placeholder behind a null at position <see cref="Count"/>.</summary>
    protected abstract void AppendDefault();

    /// <summary>Builds the column with the given validity.</summary>
    protected abstract Column BuildCore(bool[]? validity);

    /// <summary>Grows the value storage to at least <paramref name="capacity"/>.</summary>
    protected abstract void Grow(int capacity);

    /// <summary>Marks position <see cref="Count"/> valid (call before incrementing Count).</summary>
    protected void MarkValid()
    {
        EnsureCapacity(Count + 1);
        if (_validity is not null) _validity[Count] = true;
    }

    /// <summary>Ensures room for <paramref name="needed"/> values.</summary>
    protected void EnsureCapacity(int needed)
    {
        if (needed <= Capacity) return;
        var next = Math.Max(needed, Capacity * 2);
        Grow(next);
        if (_validity is not null) Array.Resize(ref _validity, next);
        Capacity = next;
    }

    private bool[] CreateValidity()
    {
        var v = new bool[Capacity];
        Array.Fill(v, true, 0, Count);
        return v;
    }
}
