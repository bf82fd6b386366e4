namespace Strata.Data;

/// <summary>Builds a <see cref="ListColumn"/>; <see cref="Elements"/> receives the elements.</summary>
public sealed class ListColumnBuilder : ColumnBuilder
{
    private int[] _offsets;

    /// <summary>Creates the builder.</summary>
    public ListColumnBuilder(DataType type, int capacity = 16) : base(type, capacity)
    {
        _offsets = new int[Capacity + 1];
        Elements = Create(type.ElementType!, capacity);
    }

    /// <summary>The builder of the element column.</summary>
    public ColumnBuilder Elements { get; }

    /// <summary>Closes a list whose elements were appended to <see cref="Elements"/> directly.</summary>
    public void EndList()
    {
        MarkValid();
        _offsets[++Count] = Elements.Count;
    }

    /// <inheritdoc />
    protected override void AppendValue(object value)
    {
        foreach (var e in ValueConverter.Elements(value, Type)) Elements.Append(e);
        EndList();
    }

    /// <inheritdoc />
    protected override void AppendDefault() => _offsets[Count + 1] = Elements.Count;

    /// <inheritdoc />
    protected override void Grow(int capacity) => Array.Resize(ref _offsets, capacity + 1);

    /// <inheritdoc />
    protected override Column BuildCore(bool[]? validity) => new ListColumn(Type, _offsets, Elements.Build(), Count, validity);
}
