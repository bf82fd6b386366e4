namespace Strata.Data;

/// <summary>A column of structs: one child column per field.</summary>
public sealed class StructColumn : Column
{
    /// <summary>Creates the column; children follow the type's fields.</summary>
    public StructColumn(DataType type, IReadOnlyList<Column> children, int length, bool[]? validity) : base(type, length, validity)
    {
        if (type.Kind != TypeKind.Struct) throw new ArgumentException("type must be a struct", nameof(type));
        if (children.Count != type.Fields.Count) throw new ArgumentException("one child per field", nameof(children));
        for (var i = 0; i < children.Count; i++)
            if (children[i].Length < length || children[i].Type != type.Fields[i].Type)
                throw new ArgumentException($"child {i} does not match field {type.Fields[i]}", nameof(children));
        Children = children;
    }

    /// <summary>The child columns, in field order.</summary>
    public IReadOnlyList<Column> Children { get; }

    /// <inheritdoc />
    protected override object GetValueCore(int index)
    {
        var d = new Dictionary<string, object?>(Children.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Children.Count; i++) d[Type.Fields[i].Name] = Children[i].GetValue(index);
        return d;
    }

    /// <inheritdoc />
    public override Column Slice(int offset, int length)
    {
        CheckRange(offset, length);
        return new StructColumn(Type, Children.Select(c => c.Slice(offset, length)).ToArray(), length, SliceValidity(offset, length));
    }
}
