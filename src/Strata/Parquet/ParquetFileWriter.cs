using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Strata.Data;
using Strata.Tables;

namespace Strata.Parquet;

/// <summary>
/// Writes flat columns of fixed-width values, text and binaries to a Parquet file without the engine: one data
/// page per column chunk, PLAIN values, definition levels for nulls, no compression, row groups of
/// <see cref="ParquetSettings.RowGroupSize"/> rows, and min/max statistics where their order is plain (signed
/// integers, dates, timestamps, floats without NaN) so DuckDB can skip row groups by them. The schema matches what
/// DuckDB writes for the same types (every column OPTIONAL, the same converted and logical types), so a reader
/// cannot tell the files apart by their types.
/// </summary>
/// <remarks>
/// Used where the engine's fixed cost dominates: a small append (a system table's one-row commits) costs ~4 ms
/// through a DuckDB COPY and well under one here, and a backfill's assembled column file is the slices' values
/// copied out. Large or compressible data (text of an ingest) still goes through DuckDB, which compresses with zstd.
/// </remarks>
internal static class ParquetFileWriter
{
    private const int Plain = 0;
    private const int Rle = 3;

    /// <summary>True when columns of <paramref name="type"/> can be written.</summary>
    public static bool Supports(DataType type) => TypesOf(type) is not null;

    /// <summary>Writes the columns (all of one length) to a new file; returns its size in bytes.</summary>
    /// <exception cref="ArgumentException">The names and columns do not pair up, lengths differ, or a type is not supported.</exception>
    /// <exception cref="IOException">The file exists or cannot be written.</exception>
    public static long Write(string path, IReadOnlyList<string> names, IReadOnlyList<Column> columns)
    {
        if (names.Count != columns.Count) throw new ArgumentException($"{names.Count} names for {columns.Count} columns.", nameof(names));
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        foreach (var c in columns)
        {
            if (c.Length != rows) throw new ArgumentException("the columns differ in length.", nameof(columns));
            if (!Supports(c.Type)) throw new ArgumentException($"a {c.Type} column cannot be written without the engine.", nameof(columns));
        }
        using var body = new PooledBufferWriter(1 << 16);
        var header = new ArrayBufferWriter<byte>(256);
        var groups = new List<(int Rows, List<Chunk> Chunks)>();
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            file.Write("PAR1"u8);
            long offset = 4;
            for (var start = 0; start < rows; start += ParquetSettings.RowGroupSize)
            {
                var n = Math.Min(ParquetSettings.RowGroupSize, rows - start);
                var chunks = new List<Chunk>(columns.Count);
                foreach (var column in columns)
                {
                    body.ResetWrittenCount();
                    var nulls = WriteLevels(body, column, start, n);
                    var stats = WriteValues(body, column, start, n);
                    header.ResetWrittenCount();
                    var t = new ThriftCompactWriter(header);
                    t.I32Field(1, 0); // DATA_PAGE
                    t.I32Field(2, body.WrittenCount);
                    t.I32Field(3, body.WrittenCount);
                    t.BeginStructField(5);
                    t.I32Field(1, n);
                    t.I32Field(2, Plain);
                    t.I32Field(3, Rle);
                    t.I32Field(4, Rle);
                    t.EndStruct();
                    t.EndMessage();
                    file.Write(header.WrittenSpan);
                    file.Write(body.WrittenSpan);
                    var size = header.WrittenCount + body.WrittenCount;
                    chunks.Add(new Chunk(offset, size, n, nulls, stats));
                    offset += size;
                }
                groups.Add((n, chunks));
            }
            var footer = Footer(names, columns, rows, groups);
            file.Write(footer);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
            file.Write(length);
            file.Write("PAR1"u8);
            return file.Position;
        }
    }

    private sealed record Chunk(long Offset, int Size, int Values, int Nulls, (byte[] Min, byte[] Max)? Stats);

    /// <summary>Definition levels (bit width 1) behind their 4-byte length: one RLE run when nothing is null, else bit-packed groups of 8.</summary>
    private static int WriteLevels(PooledBufferWriter w, Column column, int start, int n)
    {
        var validity = column.Validity;
        var nulls = 0;
        if (validity is not null)
            for (var i = 0; i < n; i++)
                if (!validity[start + i]) nulls++;
        var lengthAt = w.WrittenCount;
        w.GetSpan(4);
        w.Advance(4);
        var begin = w.WrittenCount;
        if (nulls == 0)
        {
            ThriftCompactWriter.VarInt(w, (ulong)n << 1);
            w.GetSpan(1)[0] = 1;
            w.Advance(1);
        }
        else
        {
            var groups = (n + 7) / 8;
            ThriftCompactWriter.VarInt(w, ((ulong)groups << 1) | 1);
            var span = w.GetSpan(groups)[..groups];
            span.Clear();
            for (var i = 0; i < n; i++)
                if (validity![start + i]) span[i >> 3] |= (byte)(1 << (i & 7));
            w.Advance(groups);
        }
        BinaryPrimitives.WriteInt32LittleEndian(w.WrittenSpan.Slice(lengthAt, 4), w.WrittenCount - begin);
        return nulls;
    }

    /// <summary>PLAIN values of the rows that are not null; returns min/max statistics where they are safe to give.</summary>
    private static (byte[] Min, byte[] Max)? WriteValues(PooledBufferWriter w, Column column, int start, int n)
    {
        switch (column)
        {
            case PrimitiveColumn<bool> c: return Booleans(w, c, start, n);
            case PrimitiveColumn<sbyte> c: return Numbers(w, c, start, n, v => (int)v, ordered: true);
            case PrimitiveColumn<short> c: return Numbers(w, c, start, n, v => (int)v, ordered: true);
            case PrimitiveColumn<int> c: return Numbers(w, c, start, n, v => v, ordered: true);
            case PrimitiveColumn<byte> c: return Numbers(w, c, start, n, v => (int)v, ordered: false);
            case PrimitiveColumn<ushort> c: return Numbers(w, c, start, n, v => (int)v, ordered: false);
            case PrimitiveColumn<uint> c: return Numbers(w, c, start, n, v => unchecked((int)v), ordered: false);
            case PrimitiveColumn<DateOnly> c: return Numbers(w, c, start, n, v => v.DayNumber - UnixEpochDay, ordered: true);
            case PrimitiveColumn<long> c: return Numbers(w, c, start, n, v => v, ordered: true);
            case PrimitiveColumn<ulong> c: return Numbers(w, c, start, n, v => unchecked((long)v), ordered: false);
            case PrimitiveColumn<DateTime> c: return Numbers(w, c, start, n, v => (v.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond, ordered: true);
            case PrimitiveColumn<float> c: return Numbers(w, c, start, n, v => v, ordered: true);
            case PrimitiveColumn<double> c: return Numbers(w, c, start, n, v => v, ordered: true);
            case StringColumn c:
                for (var i = 0; i < n; i++)
                {
                    if (c.IsNull(start + i)) continue;
                    var s = c.RawValues[start + i] ?? "";
                    var len = Encoding.UTF8.GetByteCount(s);
                    var span = w.GetSpan(4 + len);
                    BinaryPrimitives.WriteInt32LittleEndian(span, len);
                    Encoding.UTF8.GetBytes(s, span[4..]);
                    w.Advance(4 + len);
                }
                return null;
            case BinaryColumn c:
                for (var i = 0; i < n; i++)
                {
                    if (c.IsNull(start + i)) continue;
                    var b = c.RawValues[start + i] ?? [];
                    var span = w.GetSpan(4 + b.Length);
                    BinaryPrimitives.WriteInt32LittleEndian(span, b.Length);
                    b.CopyTo(span[4..]);
                    w.Advance(4 + b.Length);
                }
                return null;
            default:
                throw new ArgumentException($"a {column.Type} column cannot be written without the engine.", nameof(column));
        }
    }

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private static (byte[], byte[])? Booleans(PooledBufferWriter w, PrimitiveColumn<bool> c, int start, int n)
    {
        var values = c.RawValues;
        var bytes = (n + 7) / 8;
        var span = w.GetSpan(bytes)[..bytes];
        span.Clear();
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            if (c.IsNull(start + i)) continue;
            if (values[start + i]) span[k >> 3] |= (byte)(1 << (k & 7));
            k++;
        }
        w.Advance((k + 7) / 8);
        return null;
    }

    /// <summary>
    /// Fixed-width values as <typeparamref name="TP"/> (Parquet's INT32, INT64, FLOAT or DOUBLE), and their min and max when
    /// <paramref name="ordered"/> (signed order) and no value is NaN; a zero minimum is given as -0 and a zero maximum as +0,
    /// as Parquet asks for floats.
    /// </summary>
    private static (byte[], byte[])? Numbers<T, TP>(PooledBufferWriter w, PrimitiveColumn<T> c, int start, int n, Func<T, TP> convert, bool ordered)
        where T : unmanaged where TP : unmanaged, INumber<TP>
    {
        var size = Unsafe.SizeOf<TP>();
        var values = c.RawValues;
        var output = MemoryMarshal.Cast<byte, TP>(w.GetSpan(size * n)[..(size * n)]);
        var k = 0;
        if (typeof(T) == typeof(TP) && c.Validity is null)
        {
            MemoryMarshal.Cast<T, TP>(values.AsSpan(start, n)).CopyTo(output);
            k = n;
        }
        else
            for (var i = 0; i < n; i++)
                if (!c.IsNull(start + i)) output[k++] = convert(values[start + i]);
        w.Advance(size * k);
        if (!ordered || k == 0) return null;
        TP min = output[0], max = output[0];
        foreach (var v in output[..k])
        {
            if (TP.IsNaN(v)) return null;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (TP.IsZero(min)) min = -TP.Zero;
        if (TP.IsZero(max)) max = TP.Zero;
        return (BytesOf(min), BytesOf(max));
    }

    private static byte[] BytesOf<TP>(TP value) where TP : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<TP>(in value)).ToArray();

    /// <summary>The file's metadata (Parquet's FileMetaData struct).</summary>
    private static byte[] Footer(IReadOnlyList<string> names, IReadOnlyList<Column> columns, int rows, List<(int Rows, List<Chunk> Chunks)> groups)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var t = new ThriftCompactWriter(buffer);
        t.I32Field(1, 1); // version
        t.BeginList(2, ThriftCompactWriter.ListOfStruct, columns.Count + 1);
        t.BeginStructElement();
        t.I32Field(3, 0); // REQUIRED
        t.StringField(4, "duckdb_schema");
        t.I32Field(5, columns.Count);
        t.EndStruct();
        for (var c = 0; c < columns.Count; c++)
        {
            var (physical, converted) = Types(columns[c].Type);
            t.BeginStructElement();
            t.I32Field(1, physical);
            t.I32Field(3, 1); // OPTIONAL
            t.StringField(4, names[c]);
            if (converted is { } ct) t.I32Field(6, ct);
            if (columns[c].Type.Kind == TypeKind.Timestamp)
            {
                // LogicalType.TIMESTAMP(isAdjustedToUTC = false, unit = MICROS), as DuckDB writes it.
                t.BeginStructField(10);
                t.BeginStructField(8);
                t.BoolField(1, false);
                t.BeginStructField(2);
                t.BeginStructField(2);
                t.EndStruct();
                t.EndStruct();
                t.EndStruct();
                t.EndStruct();
            }
            t.EndStruct();
        }
        t.I64Field(3, rows);
        t.BeginList(4, ThriftCompactWriter.ListOfStruct, groups.Count);
        foreach (var (groupRows, chunks) in groups)
        {
            t.BeginStructElement();
            t.BeginList(1, ThriftCompactWriter.ListOfStruct, chunks.Count);
            for (var c = 0; c < chunks.Count; c++)
            {
                var chunk = chunks[c];
                t.BeginStructElement();
                t.I64Field(2, chunk.Offset); // file_offset
                t.BeginStructField(3); // ColumnMetaData
                t.I32Field(1, Types(columns[c].Type).Physical);
                t.BeginList(2, ThriftCompactWriter.ListOfI32, 2);
                t.I32Element(Plain);
                t.I32Element(Rle);
                t.BeginList(3, ThriftCompactWriter.ListOfBinary, 1);
                t.StringElement(names[c]);
                t.I32Field(4, 0); // UNCOMPRESSED
                t.I64Field(5, chunk.Values);
                t.I64Field(6, chunk.Size);
                t.I64Field(7, chunk.Size);
                t.I64Field(9, chunk.Offset); // data_page_offset
                t.BeginStructField(12); // Statistics
                if (chunk.Stats is { } s)
                {
                    t.BinaryField(1, s.Max);
                    t.BinaryField(2, s.Min);
                }
                t.I64Field(3, chunk.Nulls);
                if (chunk.Stats is { } v)
                {
                    t.BinaryField(5, v.Max);
                    t.BinaryField(6, v.Min);
                }
                t.EndStruct();
                t.EndStruct();
                t.EndStruct();
            }
            t.I64Field(2, chunks.Sum(x => (long)x.Size)); // total_byte_size
            t.I64Field(3, groupRows);
            t.I64Field(5, chunks[0].Offset); // file_offset
            t.I64Field(6, chunks.Sum(x => (long)x.Size)); // total_compressed_size
            t.EndStruct();
        }
        t.StringField(6, "Strata");
        t.BeginList(7, ThriftCompactWriter.ListOfStruct, columns.Count); // column_orders: TypeDefinedOrder
        for (var c = 0; c < columns.Count; c++)
        {
            t.BeginStructElement();
            t.BeginStructField(1);
            t.EndStruct();
            t.EndStruct();
        }
        t.EndMessage();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parquet's physical type and converted type of a Strata type (as DuckDB writes them).</summary>
    private static (int Physical, int? Converted) Types(DataType type) =>
        TypesOf(type) ?? throw new ArgumentException($"a {type} column cannot be written without the engine.", nameof(type));

    /// <summary>Parquet's physical type and converted type of a Strata type, or null when this writer cannot write it.</summary>
    private static (int Physical, int? Converted)? TypesOf(DataType type) => type.Kind switch
    {
        TypeKind.Boolean => (0, null),
        TypeKind.Int8 => (1, 15),
        TypeKind.Int16 => (1, 16),
        TypeKind.Int32 => (1, 17),
        TypeKind.Int64 => (2, 18),
        TypeKind.UInt8 => (1, 11),
        TypeKind.UInt16 => (1, 12),
        TypeKind.UInt32 => (1, 13),
        TypeKind.UInt64 => (2, 14),
        TypeKind.Float32 => (4, null),
        TypeKind.Float64 => (5, null),
        TypeKind.String => (6, 0),
        TypeKind.Binary => (6, null),
        TypeKind.Date => (1, 6),
        TypeKind.Timestamp => (2, 10),
        _ => null,
    };
}
