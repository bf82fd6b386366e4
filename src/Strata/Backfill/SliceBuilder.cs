using Strata.Data;

namespace Strata.Backfill;

/// <summary>Builds a slice's output columns: one value per physical row, computed where included, the current value elsewhere, null for deleted rows.</summary>
internal static class SliceBuilder
{
    /// <param name="s">First physical row of the slice.</param>
    /// <param name="e">End (exclusive) of the slice.</param>
    /// <param name="positions">Physical positions of the query's rows (ascending); the slice's rows start at <paramref name="first"/>.</param>
    /// <param name="first">Index of the slice's first row in <paramref name="positions"/>.</param>
    /// <param name="include">Per slice row: whether the UDF computed it.</param>
    /// <param name="included">How many rows are included.</param>
    /// <param name="computed">The UDF's output columns (one value per slice row).</param>
    /// <param name="current">The current output values (one per slice row).</param>
    /// <param name="types">The output types.</param>
    public static Column[] Build(long s, long e, long[] positions, int first, bool[] include, int included, Column[] computed,
        IReadOnlyList<Column> current, IReadOnlyList<DataType> types)
    {
        var len = (int)(e - s);
        var n = include.Length;
        var result = new Column[types.Count];
        var contiguous = n == len; // positions are distinct and inside [s, e): n == len means no row of the slice is deleted
        for (var j = 0; j < types.Count; j++)
        {
            if (contiguous && included == n)
            {
                result[j] = computed[j];
                continue;
            }
            if (contiguous && included == 0)
            {
                result[j] = current[j];
                continue;
            }
            var builder = ColumnBuilder.Create(types[j], len);
            var k = 0;
            for (var p = s; p < e; p++)
            {
                if (k < n && positions[first + k] == p)
                {
                    builder.AppendFrom(include[k] ? computed[j] : current[j], k);
                    k++;
                }
                else builder.AppendNull();
            }
            result[j] = builder.Build();
        }
        return result;
    }
}
