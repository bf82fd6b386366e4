namespace Strata.Data;

/// <summary>Builds a <see cref="FixedSizeListColumn"/>; every value must have exactly the type's length.</summary>
public sealed class FixedSizeListColumnBuilder : ColumnBuilder
{
    /// <summary>Creates the builder.</summary>
    public FixedSizeListColumnBuilder(DataType type, int capacity = 16) : base(type, capacity) =>
        Elements = Create(type.ElementType!, Math.Min(capacity, 1 << 20) * type.Length);

    /// <summary>The builder of the element column.</summary>
    public ColumnBuilder Elements { get; }

    /// <summary>Appends a float vector without boxing (element type must be float).</summary>
    public void Append(ReadOnlySpan<float> vector)
    {
        CheckLength(vector.Length);
        var el = (PrimitiveColumnBuilder<float>)Elements;
        foreach (var f in vector) el.Append(f);
        MarkValid();
        Count++;
    }

    /// <inheritdoc />
    protected override void AppendValue(object value)
    {
        if (value is float[] floats && Type.ElementType!.Kind == TypeKind.Float32)
        {
            Append(floats);
            return;
        }
        // Collect first so a vector of the wrong length leaves the builder untouched.
        var items = new List<object?>(Type.Length);
        foreach (var e in ValueConverter.Elements(value, Type))
        {
            items.Add(e);
            if (items.Count > Type.Length) break;
        }
        CheckLength(items.Count);
        foreach (var e in items) Elements.Append(e);
        MarkValid();
        Count++;
    }

    private void CheckLength(int n)
    {
        if (n != Type.Length)
            throw new StrataInvalidInputException($"a {Type} column needs vectors of exactly {Type.Length} values; got {n}.");
    }

    /// <inheritdoc />
    protected override void AppendDefault()
    {
        for (var i = 0; i < Type.Length; i++) Elements.AppendNull();
    }

    /// <inheritdoc />
    protected override void Grow(int capacity) { }

    /// <inheritdoc />
    protected override Column BuildCore(bool[]? validity) => new FixedSizeListColumn(Type, Elements.Build(), Count, validity);
}
