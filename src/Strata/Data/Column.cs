namespace Strata.Data;

/// <summary>
/// One typed column of a <see cref="RecordBatch"/>: values plus validity (null flags).
/// Columns are immutable once built; build them with <see cref="ColumnBuilder"/>.
/// Layout follows Arrow: fixed-width values in one array, lists as offsets over a child
/// column, structs as child columns; validity is one flag per value (null = all valid).
/// </summary>
public abstract class Column
{
    private readonly bool[]? _validity;
    private int _nullCount = -1;

    /// <summary>Creates a column of <paramref name="length"/> values.</summary>
    protected Column(DataType type, int length, bool[]? validity)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
        if (validity is not null && validity.Length < length)
            throw new ArgumentException("validity is shorter than the column", nameof(validity));
        Type = type;
        Length = length;
        _validity = validity;
    }

    /// <summary>The column's type.</summary>
    public DataType Type { get; }

    /// <summary>Number of values.</summary>
    public int Length { get; }

    /// <summary>Validity flags (true = value present), or null when no value is null.</summary>
    public bool[]? Validity => _validity;

    /// <summary>True when the value at <paramref name="index"/> is present.</summary>
    public bool IsValid(int index) => _validity is null || _validity[index];

    /// <summary>True when the value at <paramref name="index"/> is null.</summary>
    public bool IsNull(int index) => _validity is not null && !_validity[index];

    /// <summary>Number of null values.</summary>
    public int NullCount
    {
        get
        {
            if (_nullCount < 0)
            {
                var n = 0;
                if (_validity is not null)
                    for (var i = 0; i < Length; i++)
                        if (!_validity[i]) n++;
                _nullCount = n;
            }
            return _nullCount;
        }
    }

    /// <summary>
    /// The value at <paramref name="index"/> as a .NET object: null, bool, sbyte..ulong, float, double,
    /// decimal, string, byte[], DateOnly, DateTime, an array for lists (T[] of the element type,
    /// object?[] when an element is null) or a <c>Dictionary&lt;string, object?&gt;</c> for structs.
    /// </summary>
    public object? GetValue(int index)
    {
        if ((uint)index >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(index));
        return IsNull(index) ? null : GetValueCore(index);
    }

    /// <summary>The value at a valid (non-null) position.</summary>
    protected abstract object GetValueCore(int index);

    /// <summary>A copy of rows [offset, offset+length).</summary>
    public abstract Column Slice(int offset, int length);

    /// <summary>A column of the rows at the given positions, in that order.</summary>
    public virtual Column Take(IReadOnlyList<int> indices)
    {
        var b = ColumnBuilder.Create(Type, indices.Count);
        foreach (var i in indices) b.AppendFrom(this, i);
        return b.Build();
    }

    /// <summary>Copies a slice of the validity flags (null when none are null).</summary>
    protected bool[]? SliceValidity(int offset, int length) =>
        _validity is null ? null : _validity.AsSpan(offset, length).ToArray();

    /// <summary>Checks a slice range.</summary>
    protected void CheckRange(int offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"slice [{offset}, {offset + length}) is outside a column of {Length} values");
    }

    /// <summary>A column of <paramref name="length"/> nulls of the given type.</summary>
    public static Column Nulls(DataType type, int length)
    {
        var b = ColumnBuilder.Create(type, length);
        for (var i = 0; i < length; i++) b.AppendNull();
        return b.Build();
    }

    /// <summary>Builds a column of the given type from .NET values (converted as needed).</summary>
    /// <exception cref="StrataInvalidInputException">A value cannot be converted to the type.</exception>
    public static Column FromValues(DataType type, IEnumerable<object?> values)
    {
        var b = ColumnBuilder.Create(type);
        foreach (var v in values) b.Append(v);
        return b.Build();
    }

    /// <summary>A column that wraps the array (no copy) with optional validity.</summary>
    public static PrimitiveColumn<T> From<T>(T[] values, bool[]? validity = null) where T : unmanaged =>
        new(PrimitiveColumn<T>.TypeOf(), values, values.Length, validity);

    /// <summary>A string column over the array (null entries are nulls).</summary>
    public static StringColumn From(string?[] values) => new(values, values.Length, StringColumn.ValidityOf(values));

    /// <inheritdoc />
    public override string ToString() => $"{Type} column of {Length} values";
}
