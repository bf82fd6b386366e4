namespace Strata.Data;

/// <summary>A column of fixed-length lists (vectors): a child column of Length × N elements.</summary>
public sealed class FixedSizeListColumn : Column
{
    /// <summary>Creates the column; <paramref name="values"/> holds Length × type.Length elements.</summary>
    public FixedSizeListColumn(DataType type, Column values, int length, bool[]? validity) : base(type, length, validity)
    {
        if (type.Kind != TypeKind.FixedSizeList) throw new ArgumentException("type must be a fixed-size list", nameof(type));
        if (values.Length < (long)length * type.Length) throw new ArgumentException("too few element values", nameof(values));
        Values = values;
    }

    /// <summary>All elements, vector after vector.</summary>
    public Column Values { get; }

    /// <summary>Elements per value.</summary>
    public int ListSize => Type.Length;

    /// <inheritdoc />
    protected override object GetValueCore(int index) => ListValues.ToArray(Values, index * ListSize, ListSize);

    /// <summary>The elements of a float vector at a position, without boxing (element type must be float).</summary>
    public ReadOnlySpan<float> GetFloats(int index) =>
        ((PrimitiveColumn<float>)Values).Values.Slice(index * ListSize, ListSize);

    /// <inheritdoc />
    public override Column Slice(int offset, int length)
    {
        CheckRange(offset, length);
        return new FixedSizeListColumn(Type, Values.Slice(offset * ListSize, length * ListSize), length, SliceValidity(offset, length));
    }
}
