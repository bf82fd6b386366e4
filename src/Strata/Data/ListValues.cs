namespace Strata.Data;

/// <summary>Turns a run of child values into the array a list value is returned as.</summary>
internal static class ListValues
{
    public static Array ToArray(Column values, int start, int count)
    {
        var hasNull = false;
        for (var i = 0; i < count && !hasNull; i++) hasNull = values.IsNull(start + i);
        if (!hasNull)
        {
            switch (values)
            {
                case PrimitiveColumn<float> f: return f.Values.Slice(start, count).ToArray();
                case PrimitiveColumn<double> d: return d.Values.Slice(start, count).ToArray();
                case PrimitiveColumn<long> l: return l.Values.Slice(start, count).ToArray();
                case PrimitiveColumn<int> n: return n.Values.Slice(start, count).ToArray();
                case StringColumn s: return s.RawValues.AsSpan(start, count).ToArray();
            }
            var clr = TypeKindMap.ClrType(values.Type.Kind);
            if (clr.IsValueType || clr == typeof(string) || clr == typeof(byte[]))
            {
                var typed = Array.CreateInstance(clr, count);
                for (var i = 0; i < count; i++) typed.SetValue(values.GetValue(start + i), i);
                return typed;
            }
        }
        var result = new object?[count];
        for (var i = 0; i < count; i++) result[i] = values.GetValue(start + i);
        return result;
    }
}
