using System.Runtime.InteropServices;
using System.Text;
using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Copies rows of Strata columns into the vectors of a DuckDB data chunk. Fixed-width values
/// (booleans, integers, floats, and vectors of them) are copied as one block straight into the
/// vector memory; dates, timestamps and decimals are converted in a tight loop; only text and
/// bytes need one native call per value (DuckDB owns the string heap). Validity is written as
/// 64-bit mask words. One writer keeps a scratch buffer for UTF-8, so it is not thread-safe.
/// </summary>
internal sealed unsafe class VectorWriter
{
    private static readonly byte* Empty = (byte*)NativeMemory.AllocZeroed(1);
    private byte[] _scratch = new byte[1024];

    /// <summary>Writes rows [offset, offset+count) of <paramref name="column"/> to positions [0, count) of <paramref name="vector"/>.</summary>
    public void Write(nint vector, Column column, int offset, int count)
    {
        WriteValidity(vector, column, offset, count);
        switch (column.Type.Kind)
        {
            case TypeKind.Boolean: CopyBlock(vector, (PrimitiveColumn<bool>)column, offset, count); break;
            case TypeKind.Int8: CopyBlock(vector, (PrimitiveColumn<sbyte>)column, offset, count); break;
            case TypeKind.Int16: CopyBlock(vector, (PrimitiveColumn<short>)column, offset, count); break;
            case TypeKind.Int32: CopyBlock(vector, (PrimitiveColumn<int>)column, offset, count); break;
            case TypeKind.Int64: CopyBlock(vector, (PrimitiveColumn<long>)column, offset, count); break;
            case TypeKind.UInt8: CopyBlock(vector, (PrimitiveColumn<byte>)column, offset, count); break;
            case TypeKind.UInt16: CopyBlock(vector, (PrimitiveColumn<ushort>)column, offset, count); break;
            case TypeKind.UInt32: CopyBlock(vector, (PrimitiveColumn<uint>)column, offset, count); break;
            case TypeKind.UInt64: CopyBlock(vector, (PrimitiveColumn<ulong>)column, offset, count); break;
            case TypeKind.Float32: CopyBlock(vector, (PrimitiveColumn<float>)column, offset, count); break;
            case TypeKind.Float64: CopyBlock(vector, (PrimitiveColumn<double>)column, offset, count); break;
            case TypeKind.Decimal: WriteDecimals(vector, (PrimitiveColumn<decimal>)column, offset, count); break;
            case TypeKind.Date: WriteDates(vector, (PrimitiveColumn<DateOnly>)column, offset, count); break;
            case TypeKind.Timestamp: WriteTimestamps(vector, (PrimitiveColumn<DateTime>)column, offset, count); break;
            case TypeKind.String: WriteStrings(vector, (StringColumn)column, offset, count); break;
            case TypeKind.Binary: WriteBinaries(vector, (BinaryColumn)column, offset, count); break;
            case TypeKind.List: WriteList(vector, (ListColumn)column, offset, count); break;
            case TypeKind.FixedSizeList: WriteArray(vector, (FixedSizeListColumn)column, offset, count); break;
            case TypeKind.Struct: WriteStruct(vector, (StructColumn)column, offset, count); break;
            default: throw new StrataInvalidInputException($"columns of type {column.Type} cannot be written to DuckDB.");
        }
    }

    private static void WriteValidity(nint vector, Column column, int offset, int count)
    {
        var validity = column.Validity;
        var hasNull = validity is not null && validity.AsSpan(offset, count).Contains(false);
        var words = (count + 63) >> 6;
        var mask = NativeMethods.duckdb_vector_get_validity(vector);
        if (!hasNull)
        {
            // A reused chunk may still carry the previous batch's mask.
            if (mask is not null) new Span<ulong>(mask, words).Fill(ulong.MaxValue);
            return;
        }
        NativeMethods.duckdb_vector_ensure_validity_writable(vector);
        mask = NativeMethods.duckdb_vector_get_validity(vector);
        var flags = validity!.AsSpan(offset, count);
        for (var w = 0; w < words; w++)
        {
            var word = ulong.MaxValue;
            var end = Math.Min(64, count - (w << 6));
            for (var b = 0; b < end; b++)
                if (!flags[(w << 6) + b]) word &= ~(1UL << b);
            mask[w] = word;
        }
    }

    private static void CopyBlock<T>(nint vector, PrimitiveColumn<T> column, int offset, int count) where T : unmanaged
    {
        var target = new Span<T>(NativeMethods.duckdb_vector_get_data(vector), count);
        column.Values.Slice(offset, count).CopyTo(target);
    }

    private static void WriteDates(nint vector, PrimitiveColumn<DateOnly> column, int offset, int count)
    {
        var target = (int*)NativeMethods.duckdb_vector_get_data(vector);
        var values = column.Values.Slice(offset, count);
        for (var i = 0; i < count; i++) target[i] = EngineValues.DateToDays(values[i]);
    }

    private static void WriteTimestamps(nint vector, PrimitiveColumn<DateTime> column, int offset, int count)
    {
        var target = (long*)NativeMethods.duckdb_vector_get_data(vector);
        var values = column.Values.Slice(offset, count);
        for (var i = 0; i < count; i++) target[i] = EngineValues.TimestampToMicros(values[i]);
    }

    private static void WriteDecimals(nint vector, PrimitiveColumn<decimal> column, int offset, int count)
    {
        var data = NativeMethods.duckdb_vector_get_data(vector);
        var precision = column.Type.Precision;
        var scale = column.Type.Scale;
        var values = column.Values.Slice(offset, count);
        for (var i = 0; i < count; i++)
        {
            var unscaled = column.IsNull(offset + i) ? Int128.Zero : EngineValues.ToUnscaled(values[i], precision, scale);
            switch (precision)
            {
                case <= 4: ((short*)data)[i] = (short)unscaled; break;
                case <= 9: ((int*)data)[i] = (int)unscaled; break;
                case <= 18: ((long*)data)[i] = (long)unscaled; break;
                default: ((DuckDbHugeInt*)data)[i] = new DuckDbHugeInt(unscaled); break;
            }
        }
    }

    private void WriteStrings(nint vector, StringColumn column, int offset, int count)
    {
        var raw = column.RawValues;
        for (var i = 0; i < count; i++)
        {
            if (column.IsNull(offset + i)) continue;
            var s = raw[offset + i] ?? string.Empty;
            if (s.Length == 0)
            {
                NativeMethods.duckdb_unsafe_vector_assign_string_element_len(vector, (ulong)i, Empty, 0);
                continue;
            }
            var max = Encoding.UTF8.GetMaxByteCount(s.Length);
            if (max > _scratch.Length) _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
            // Encoding replaces lone surrogates with U+FFFD, so the bytes are always valid UTF-8.
            var n = Encoding.UTF8.GetBytes(s, _scratch);
            fixed (byte* p = _scratch)
                NativeMethods.duckdb_unsafe_vector_assign_string_element_len(vector, (ulong)i, p, (ulong)n);
        }
    }

    private static void WriteBinaries(nint vector, BinaryColumn column, int offset, int count)
    {
        var raw = column.RawValues;
        for (var i = 0; i < count; i++)
        {
            if (column.IsNull(offset + i)) continue;
            var bytes = raw[offset + i];
            if (bytes is null || bytes.Length == 0)
            {
                NativeMethods.duckdb_vector_assign_string_element_len(vector, (ulong)i, Empty, 0);
                continue;
            }
            fixed (byte* p = bytes)
                NativeMethods.duckdb_vector_assign_string_element_len(vector, (ulong)i, p, (ulong)bytes.Length);
        }
    }

    private void WriteList(nint vector, ListColumn column, int offset, int count)
    {
        var offsets = column.Offsets;
        var first = offsets[offset];
        var total = offsets[offset + count] - first;
        if (NativeMethods.duckdb_list_vector_reserve(vector, (ulong)total) != NativeMethods.Success)
            throw new StrataQueryException($"DuckDB could not reserve room for {total} list elements.");
        var entries = (ulong*)NativeMethods.duckdb_vector_get_data(vector);
        for (var i = 0; i < count; i++)
        {
            entries[2 * i] = (ulong)(offsets[offset + i] - first);
            entries[2 * i + 1] = (ulong)(offsets[offset + i + 1] - offsets[offset + i]);
        }
        if (total > 0) Write(NativeMethods.duckdb_list_vector_get_child(vector), column.Values, first, total);
        NativeMethods.duckdb_list_vector_set_size(vector, (ulong)total);
    }

    private void WriteArray(nint vector, FixedSizeListColumn column, int offset, int count)
    {
        var size = column.ListSize;
        Write(NativeMethods.duckdb_array_vector_get_child(vector), column.Values, checked(offset * size), checked(count * size));
    }

    private void WriteStruct(nint vector, StructColumn column, int offset, int count)
    {
        for (var i = 0; i < column.Children.Count; i++)
            Write(NativeMethods.duckdb_struct_vector_get_child(vector, (ulong)i), column.Children[i], offset, count);
    }
}
