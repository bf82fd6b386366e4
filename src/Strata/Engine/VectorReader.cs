using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Converts the rows of a DuckDB result vector into a Strata <see cref="Column"/>. One reader
/// per result column is built from the column's logical type; nested readers hold their
/// children's readers. Fixed-width values are copied as one block; text and nested values are
/// decoded straight from the vector memory (no per-value P/Invoke).
/// </summary>
internal abstract unsafe class VectorReader
{
    /// <summary>Creates a reader producing columns of <paramref name="type"/>.</summary>
    protected VectorReader(DataType type, string column)
    {
        Type = type;
        ColumnName = column;
    }

    /// <summary>The Strata type of the columns read.</summary>
    public DataType Type { get; }

    /// <summary>The result column's name, for messages.</summary>
    protected string ColumnName { get; }

    /// <summary>Reads the selected rows of <paramref name="vector"/>.</summary>
    public abstract Column Read(nint vector, in RowSelection rows);

    /// <summary>The reader for a DuckDB type.</summary>
    /// <exception cref="StrataQueryException">The type cannot be read without a cast.</exception>
    public static VectorReader Create(DuckDbTypeInfo type, string column)
    {
        if (!type.IsNative)
            throw new StrataQueryException(
                $"column '{column}' has DuckDB type {type}, which Strata cannot hold; CAST it in the query, e.g. CAST(\"{column}\" AS VARCHAR).");
        var dataType = type.ToDataType();
        return type.Id switch
        {
            DuckDbTypeId.Boolean => new FixedWidthReader<bool>(dataType, column),
            DuckDbTypeId.TinyInt => new FixedWidthReader<sbyte>(dataType, column),
            DuckDbTypeId.SmallInt => new FixedWidthReader<short>(dataType, column),
            DuckDbTypeId.Integer => new FixedWidthReader<int>(dataType, column),
            DuckDbTypeId.BigInt => new FixedWidthReader<long>(dataType, column),
            DuckDbTypeId.UTinyInt => new FixedWidthReader<byte>(dataType, column),
            DuckDbTypeId.USmallInt => new FixedWidthReader<ushort>(dataType, column),
            DuckDbTypeId.UInteger => new FixedWidthReader<uint>(dataType, column),
            DuckDbTypeId.UBigInt => new FixedWidthReader<ulong>(dataType, column),
            DuckDbTypeId.Float => new FixedWidthReader<float>(dataType, column),
            DuckDbTypeId.Double => new FixedWidthReader<double>(dataType, column),
            DuckDbTypeId.Decimal => new DecimalReader(dataType, type.Storage, column),
            DuckDbTypeId.HugeInt => new HugeIntReader(dataType, unsigned: false, column),
            DuckDbTypeId.UHugeInt => new HugeIntReader(dataType, unsigned: true, column),
            DuckDbTypeId.Varchar => new StringReader(column),
            DuckDbTypeId.Blob => new BlobReader(column),
            DuckDbTypeId.Date => new DateReader(column),
            DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampTz => new TimestampReader(TimestampUnit.Micros, column),
            DuckDbTypeId.TimestampS => new TimestampReader(TimestampUnit.Seconds, column),
            DuckDbTypeId.TimestampMs => new TimestampReader(TimestampUnit.Millis, column),
            DuckDbTypeId.TimestampNs => new TimestampReader(TimestampUnit.Nanos, column),
            DuckDbTypeId.List => new ListReader(dataType, Create(type.Element!, column), column),
            DuckDbTypeId.Map => new ListReader(dataType,
                new StructReader(dataType.ElementType!, type.Members.Select(m => Create(m.Type, column)).ToArray(), column), column),
            DuckDbTypeId.Array => new ArrayReader(dataType, Create(type.Element!, column), column),
            DuckDbTypeId.Struct => new StructReader(dataType, type.Members.Select(m => Create(m.Type, column)).ToArray(), column),
            _ => throw new StrataQueryException($"column '{column}' has DuckDB type {type}, which Strata cannot read."),
        };
    }

    /// <summary>
    /// Validity of the selected rows (null when all are valid): the vector's bit mask, plus
    /// negative gather positions, which are nulls.
    /// </summary>
    protected static bool[]? ReadValidity(nint vector, in RowSelection rows)
    {
        var mask = NativeMethods.duckdb_vector_get_validity(vector);
        if (mask is null && rows.Indices is null) return null;
        bool[]? validity = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var valid = r >= 0 && (mask is null || ((mask[r >> 6] >> (int)(r & 63)) & 1) != 0);
            if (!valid)
            {
                if (validity is null)
                {
                    validity = new bool[rows.Count];
                    validity.AsSpan(0, i).Fill(true);
                }
                validity[i] = false;
            }
            else if (validity is not null)
            {
                validity[i] = true;
            }
        }
        return validity;
    }

    /// <summary>The selection for children of rows whose parent may be null: null parents become -1.</summary>
    protected static RowSelection MaskNulls(in RowSelection rows, bool[]? validity)
    {
        if (validity is null) return rows;
        var indices = new long[rows.Count];
        for (var i = 0; i < rows.Count; i++) indices[i] = validity[i] ? rows[i] : -1;
        return new RowSelection(indices);
    }
}
