using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Strata.Data;

namespace Strata.Backfill;

/// <summary>
/// The binary format of a backfill checkpoint slice: the output values of physical rows
/// [start, start + rows) of one fragment, one column after another, with a CRC-32C trailer.
/// </summary>
/// <remarks>
/// Layout (little-endian): magic <c>STCK</c>, format version (u16 = 1), reserved (u16), fragment id (i64),
/// slice start (i64), rows (i32), columns (i32); then per column its type kind (u8) and payload; then the
/// CRC-32C of every byte before it (u32). A payload is a validity flag (u8: 0 all valid, 1 a bitmap of
/// (n+7)/8 bytes follows) and then: fixed-width values as raw bytes; strings and binaries value by value as
/// an i32 byte length and the bytes (UTF-8 for strings; a null is empty); lists as n+1 i32 offsets and the child payload; fixed-size
/// lists as the child payload of n × size values; structs as each child's payload. Decoding checks the
/// magic, the version, the identity (fragment, start, rows), the kinds against the column types, the
/// exact length and the CRC: a truncated or corrupt file decodes to null and is recomputed.
/// </remarks>
internal static class CheckpointSliceFile
{
    private const uint Magic = 0x4B435453; // "STCK"
    private const ushort Version = 1;
    private const int HeaderSize = 4 + 2 + 2 + 8 + 8 + 4 + 4;

    /// <summary>Encodes a slice (all columns of <paramref name="rows"/> values).</summary>
    public static byte[] Encode(long fragmentId, long start, int rows, IReadOnlyList<Column> columns)
    {
        var w = new ArrayBufferWriter<byte>(HeaderSize + 64 + rows * 9 * Math.Max(1, columns.Count));
        var h = w.GetSpan(HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(h[8..], fragmentId);
        BinaryPrimitives.WriteInt64LittleEndian(h[16..], start);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], rows);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], columns.Count);
        w.Advance(HeaderSize);
        foreach (var c in columns)
        {
            if (c.Length != rows) throw new ArgumentException($"column has {c.Length} values, the slice {rows}.", nameof(columns));
            w.GetSpan(1)[0] = (byte)c.Type.Kind;
            w.Advance(1);
            SliceColumnCodec.Write(w, c);
        }
        var crc = Crc(w.WrittenSpan);
        BinaryPrimitives.WriteUInt32LittleEndian(w.GetSpan(4), crc);
        w.Advance(4);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>True when the bytes are a complete slice of that identity with an intact CRC (the payload is not decoded).</summary>
    public static bool IsIntact(byte[] bytes, long fragmentId, long start, int rows, int columns)
    {
        if (bytes.Length < HeaderSize + 4) return false;
        ReadOnlySpan<byte> body = bytes.AsSpan(0, bytes.Length - 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)) == Crc(body)
            && BinaryPrimitives.ReadUInt32LittleEndian(body) == Magic && BinaryPrimitives.ReadUInt16LittleEndian(body[4..]) == Version
            && BinaryPrimitives.ReadInt64LittleEndian(body[8..]) == fragmentId && BinaryPrimitives.ReadInt64LittleEndian(body[16..]) == start
            && BinaryPrimitives.ReadInt32LittleEndian(body[24..]) == rows && BinaryPrimitives.ReadInt32LittleEndian(body[28..]) == columns;
    }

    /// <summary>Decodes a slice, or null when the bytes are not a complete, intact slice of that identity and those types.</summary>
    public static Column[]? TryDecode(byte[] bytes, long fragmentId, long start, int rows, IReadOnlyList<DataType> types)
    {
        if (!IsIntact(bytes, fragmentId, start, rows, types.Count)) return null;
        var reader = new SliceReader(bytes, HeaderSize, bytes.Length - 4);
        var columns = new Column[types.Count];
        try
        {
            for (var j = 0; j < types.Count; j++)
            {
                if (reader.Byte() != (byte)types[j].Kind) return null;
                columns[j] = SliceColumnCodec.Read(ref reader, types[j], rows);
            }
        }
        catch (FormatException)
        {
            return null;
        }
        return reader.AtEnd ? columns : null;
    }

    /// <summary>
    /// Decodes a slice of fixed-width columns straight into <paramref name="targets"/> (one per column) at row
    /// <paramref name="offset"/>; false when the bytes are not a complete, intact slice of that identity and those types.
    /// </summary>
    public static bool TryDecodeInto(byte[] bytes, long fragmentId, long start, int rows, IReadOnlyList<FixedWidthColumnBuffer> targets, int offset)
    {
        if (!IsIntact(bytes, fragmentId, start, rows, targets.Count)) return false;
        var reader = new SliceReader(bytes, HeaderSize, bytes.Length - 4);
        try
        {
            foreach (var target in targets)
            {
                if (reader.Byte() != (byte)target.Type.Kind) return false;
                target.ReadFrom(ref reader, offset, rows);
            }
        }
        catch (FormatException)
        {
            return false;
        }
        return reader.AtEnd;
    }

    /// <summary>CRC-32C (Castagnoli), hardware-accelerated where available.</summary>
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words) crc = BitOperations.Crc32C(crc, word);
        for (var i = words.Length * 8; i < data.Length; i++) crc = BitOperations.Crc32C(crc, data[i]);
        return ~crc;
    }

    /// <summary>Encodes a string column's values as UTF-8 (used by <see cref="SliceColumnCodec"/>).</summary>
    internal static readonly UTF8Encoding Utf8 = new(false, true);
}
