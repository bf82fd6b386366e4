namespace Strata.Data;

/// <summary>Builds a <see cref="StructColumn"/> from dictionaries, tuples or objects with matching properties.</summary>
public sealed class StructColumnBuilder : ColumnBuilder
{
    /// <summary>Creates the builder.</summary>
    public StructColumnBuilder(DataType type, int capacity = 16) : base(type, capacity) =>
        Children = type.Fields.Select(f => Create(f.Type, capacity)).ToArray();

    /// <summary>One builder per field.</summary>
    public IReadOnlyList<ColumnBuilder> Children { get; }

    /// <summary>Closes a struct whose fields were appended to <see cref="Children"/> directly.</summary>
    public void EndStruct()
    {
        MarkValid();
        Count++;
    }

    /// <inheritdoc />
    protected override void AppendValue(object value)
    {
        var fieldValues = new object?[Children.Count];
        for (var i = 0; i < Children.Count; i++) fieldValues[i] = ValueConverter.StructField(value, Type, i);
        for (var i = 0; i < Children.Count; i++) Children[i].Append(fieldValues[i]);
        EndStruct();
    }

    /// <inheritdoc />
    protected override void AppendDefault()
    {
        foreach (var c in Children) c.AppendNull();
    }

    /// <inheritdoc />
    protected override void Grow(int capacity) { }

    /// <inheritdoc />
    protected override Column BuildCore(bool[]? validity) =>
        new StructColumn(Type, Children.Select(c => c.Build()).ToArray(), Count, validity);
}
