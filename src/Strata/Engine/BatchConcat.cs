using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Concatenates batches column by column with block copies (the general
/// <see cref="RecordBatch.Concat"/> appends value by value, which boxes).
/// </summary>
internal static class BatchConcat
{
    /// <summary>One batch holding the rows of all <paramref name="batches"/> (which must share the schema's types).</summary>
    public static RecordBatch Concat(Schema schema, IReadOnlyList<RecordBatch> batches)
    {
        if (batches.Count == 1 && batches[0].Schema.Equals(schema)) return batches[0];
        var columns = new Column[schema.Count];
        for (var c = 0; c < schema.Count; c++)
            columns[c] = Concat(schema[c].Type, batches.Select(b => b.Columns[c]).ToArray());
        return new RecordBatch(schema, columns);
    }

    /// <summary>One column holding the values of all <paramref name="parts"/>, in order.</summary>
    public static Column Concat(DataType type, IReadOnlyList<Column> parts)
    {
        if (parts.Count == 1 && parts[0].Type == type) return parts[0];
        var total = 0;
        foreach (var p in parts)
        {
            if (p.Type != type) throw new StrataInvalidInputException($"cannot concatenate a {p.Type} column to a {type} column.");
            total = checked(total + p.Length);
        }
        var validity = ConcatValidity(parts, total);
        switch (type.Kind)
        {
            case TypeKind.Boolean: return Primitive<bool>(type, parts, total, validity);
            case TypeKind.Int8: return Primitive<sbyte>(type, parts, total, validity);
            case TypeKind.Int16: return Primitive<short>(type, parts, total, validity);
            case TypeKind.Int32: return Primitive<int>(type, parts, total, validity);
            case TypeKind.Int64: return Primitive<long>(type, parts, total, validity);
            case TypeKind.UInt8: return Primitive<byte>(type, parts, total, validity);
            case TypeKind.UInt16: return Primitive<ushort>(type, parts, total, validity);
            case TypeKind.UInt32: return Primitive<uint>(type, parts, total, validity);
            case TypeKind.UInt64: return Primitive<ulong>(type, parts, total, validity);
            case TypeKind.Float32: return Primitive<float>(type, parts, total, validity);
            case TypeKind.Float64: return Primitive<double>(type, parts, total, validity);
            case TypeKind.Decimal: return Primitive<decimal>(type, parts, total, validity);
            case TypeKind.Date: return Primitive<DateOnly>(type, parts, total, validity);
            case TypeKind.Timestamp: return Primitive<DateTime>(type, parts, total, validity);
            case TypeKind.String:
            {
                var values = new string?[total];
                var at = 0;
                foreach (StringColumn p in parts)
                {
                    p.RawValues.AsSpan(0, p.Length).CopyTo(values.AsSpan(at));
                    at += p.Length;
                }
                return new StringColumn(values, total, validity);
            }
            case TypeKind.Binary:
            {
                var values = new byte[]?[total];
                var at = 0;
                foreach (BinaryColumn p in parts)
                {
                    p.RawValues.AsSpan(0, p.Length).CopyTo(values.AsSpan(at));
                    at += p.Length;
                }
                return new BinaryColumn(values, total, validity);
            }
            case TypeKind.List:
            {
                var offsets = new int[total + 1];
                var children = new List<Column>(parts.Count);
                var at = 0;
                var elements = 0;
                foreach (ListColumn p in parts)
                {
                    var o = p.Offsets;
                    for (var i = 0; i < p.Length; i++) offsets[at + i + 1] = elements + o[i + 1] - o[0];
                    children.Add(Range(p.Values, o[0], o[p.Length] - o[0]));
                    elements += o[p.Length] - o[0];
                    at += p.Length;
                }
                return new ListColumn(type, offsets, Concat(type.ElementType!, children), total, validity);
            }
            case TypeKind.FixedSizeList:
            {
                var children = parts.Select(p => Range(((FixedSizeListColumn)p).Values, 0, p.Length * type.Length)).ToArray();
                return new FixedSizeListColumn(type, Concat(type.ElementType!, children), total, validity);
            }
            case TypeKind.Struct:
            {
                var children = new Column[type.Fields.Count];
                for (var f = 0; f < children.Length; f++)
                    children[f] = Concat(type.Fields[f].Type, parts.Select(p => Range(((StructColumn)p).Children[f], 0, p.Length)).ToArray());
                return new StructColumn(type, children, total, validity);
            }
            default:
                throw new StrataInvalidInputException($"cannot concatenate columns of type {type}.");
        }
    }

    private static PrimitiveColumn<T> Primitive<T>(DataType type, IReadOnlyList<Column> parts, int total, bool[]? validity) where T : unmanaged
    {
        var values = GC.AllocateUninitializedArray<T>(total);
        var at = 0;
        foreach (PrimitiveColumn<T> p in parts)
        {
            p.Values.CopyTo(values.AsSpan(at));
            at += p.Length;
        }
        return new PrimitiveColumn<T>(type, values, total, validity);
    }

    private static Column Range(Column column, int offset, int length) =>
        offset == 0 && length == column.Length ? column : column.Slice(offset, length);

    private static bool[]? ConcatValidity(IReadOnlyList<Column> parts, int total)
    {
        if (parts.All(p => p.Validity is null)) return null;
        var validity = new bool[total];
        var at = 0;
        foreach (var p in parts)
        {
            if (p.Validity is null) validity.AsSpan(at, p.Length).Fill(true);
            else p.Validity.AsSpan(0, p.Length).CopyTo(validity.AsSpan(at));
            at += p.Length;
        }
        return validity;
    }
}
