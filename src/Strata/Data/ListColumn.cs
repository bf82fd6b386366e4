namespace Strata.Data;

/// <summary>A column of variable-length lists: offsets into a child column of elements.</summary>
public sealed class ListColumn : Column
{
    private readonly int[] _offsets;

    /// <summary>Creates a list column; <paramref name="offsets"/> has Length+1 entries.</summary>
    public ListColumn(DataType type, int[] offsets, Column values, int length, bool[]? validity) : base(type, length, validity)
    {
        if (type.Kind != TypeKind.List) throw new ArgumentException("type must be a list", nameof(type));
        if (offsets.Length < length + 1) throw new ArgumentException("offsets need Length+1 entries", nameof(offsets));
        _offsets = offsets;
        Values = values;
    }

    /// <summary>Start of each list in <see cref="Values"/>; entry i+1 is the end of list i.</summary>
    public ReadOnlySpan<int> Offsets => _offsets.AsSpan(0, Length + 1);

    /// <summary>All elements, list after list.</summary>
    public Column Values { get; }

    /// <summary>Number of elements of list <paramref name="index"/>.</summary>
    public int ListLength(int index) => _offsets[index + 1] - _offsets[index];

    /// <inheritdoc />
    protected override object GetValueCore(int index) => ListValues.ToArray(Values, _offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <inheritdoc />
    public override Column Slice(int offset, int length)
    {
        CheckRange(offset, length);
        var start = _offsets[offset];
        var end = _offsets[offset + length];
        var offsets = new int[length + 1];
        for (var i = 0; i <= length; i++) offsets[i] = _offsets[offset + i] - start;
        return new ListColumn(Type, offsets, Values.Slice(start, end - start), length, SliceValidity(offset, length));
    }
}
