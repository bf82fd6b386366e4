using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Strata.Data;

namespace Strata.Backfill;

/// <summary>Column payloads of <see cref="CheckpointSliceFile"/> (see its remarks for the layout); every type kind is supported.</summary>
internal static class SliceColumnCodec
{
    public static void Write(ArrayBufferWriter<byte> w, Column c)
    {
        WriteValidity(w, c);
        switch (c)
        {
            case PrimitiveColumn<bool> x: Raw(w, x.Values); break;
            case PrimitiveColumn<sbyte> x: Raw(w, x.Values); break;
            case PrimitiveColumn<short> x: Raw(w, x.Values); break;
            case PrimitiveColumn<int> x: Raw(w, x.Values); break;
            case PrimitiveColumn<long> x: Raw(w, x.Values); break;
            case PrimitiveColumn<byte> x: Raw(w, x.Values); break;
            case PrimitiveColumn<ushort> x: Raw(w, x.Values); break;
            case PrimitiveColumn<uint> x: Raw(w, x.Values); break;
            case PrimitiveColumn<ulong> x: Raw(w, x.Values); break;
            case PrimitiveColumn<float> x: Raw(w, x.Values); break;
            case PrimitiveColumn<double> x: Raw(w, x.Values); break;
            case PrimitiveColumn<decimal> x: Raw(w, x.Values); break;
            case PrimitiveColumn<DateOnly> x: Raw(w, x.Values); break;
            case PrimitiveColumn<DateTime> x: Raw(w, x.Values); break;
            case StringColumn x:
                for (var i = 0; i < x.Length; i++)
                {
                    var s = x[i] ?? "";
                    var len = CheckpointSliceFile.Utf8.GetByteCount(s);
                    var span = w.GetSpan(4 + len);
                    BinaryPrimitives.WriteInt32LittleEndian(span, len);
                    CheckpointSliceFile.Utf8.GetBytes(s, span[4..]);
                    w.Advance(4 + len);
                }
                break;
            case BinaryColumn x:
                for (var i = 0; i < x.Length; i++)
                {
                    var b = x[i] ?? [];
                    var span = w.GetSpan(4 + b.Length);
                    BinaryPrimitives.WriteInt32LittleEndian(span, b.Length);
                    b.CopyTo(span[4..]);
                    w.Advance(4 + b.Length);
                }
                break;
            case ListColumn x:
                Raw(w, x.Offsets);
                Write(w, x.Values);
                break;
            case FixedSizeListColumn x:
                Write(w, x.Values);
                break;
            case StructColumn x:
                foreach (var child in x.Children) Write(w, child);
                break;
            default:
                throw new StrataInvalidInputException($"checkpoints cannot hold a {c.Type} column ({c.GetType().Name}).");
        }
    }

    /// <summary>Reads one payload of <paramref name="n"/> values; <see cref="FormatException"/> when the bytes do not fit the type.</summary>
    public static Column Read(ref SliceReader r, DataType type, int n)
    {
        var validity = r.Validity(n);
        switch (type.Kind)
        {
            case TypeKind.Boolean: return new PrimitiveColumn<bool>(type, r.Raw<bool>(n), n, validity);
            case TypeKind.Int8: return new PrimitiveColumn<sbyte>(type, r.Raw<sbyte>(n), n, validity);
            case TypeKind.Int16: return new PrimitiveColumn<short>(type, r.Raw<short>(n), n, validity);
            case TypeKind.Int32: return new PrimitiveColumn<int>(type, r.Raw<int>(n), n, validity);
            case TypeKind.Int64: return new PrimitiveColumn<long>(type, r.Raw<long>(n), n, validity);
            case TypeKind.UInt8: return new PrimitiveColumn<byte>(type, r.Raw<byte>(n), n, validity);
            case TypeKind.UInt16: return new PrimitiveColumn<ushort>(type, r.Raw<ushort>(n), n, validity);
            case TypeKind.UInt32: return new PrimitiveColumn<uint>(type, r.Raw<uint>(n), n, validity);
            case TypeKind.UInt64: return new PrimitiveColumn<ulong>(type, r.Raw<ulong>(n), n, validity);
            case TypeKind.Float32: return new PrimitiveColumn<float>(type, r.Raw<float>(n), n, validity);
            case TypeKind.Float64: return new PrimitiveColumn<double>(type, r.Raw<double>(n), n, validity);
            case TypeKind.Decimal: return new PrimitiveColumn<decimal>(type, r.Raw<decimal>(n), n, validity);
            case TypeKind.Date: return new PrimitiveColumn<DateOnly>(type, r.Raw<DateOnly>(n), n, validity);
            case TypeKind.Timestamp: return new PrimitiveColumn<DateTime>(type, r.Raw<DateTime>(n), n, validity);
            case TypeKind.String:
            {
                var values = new string?[n];
                for (var i = 0; i < n; i++)
                {
                    var bytes = r.Bytes(r.Int32());
                    if (validity is null || validity[i])
                    {
                        try { values[i] = CheckpointSliceFile.Utf8.GetString(bytes); }
                        catch (ArgumentException e) { throw new FormatException("invalid UTF-8 in a checkpoint", e); }
                    }
                }
                return new StringColumn(values, n, validity);
            }
            case TypeKind.Binary:
            {
                var values = new byte[]?[n];
                for (var i = 0; i < n; i++)
                {
                    var bytes = r.Bytes(r.Int32());
                    if (validity is null || validity[i]) values[i] = bytes.ToArray();
                }
                return new BinaryColumn(values, n, validity);
            }
            case TypeKind.List:
            {
                var offsets = r.Raw<int>(n + 1);
                if (offsets[0] != 0) throw new FormatException("list offsets do not start at 0");
                for (var i = 0; i < n; i++)
                    if (offsets[i + 1] < offsets[i]) throw new FormatException("list offsets decrease");
                return new ListColumn(type, offsets, Read(ref r, type.ElementType!, offsets[n]), n, validity);
            }
            case TypeKind.FixedSizeList:
                return new FixedSizeListColumn(type, Read(ref r, type.ElementType!, checked(n * type.Length)), n, validity);
            case TypeKind.Struct:
            {
                var children = new Column[type.Fields.Count];
                for (var f = 0; f < children.Length; f++) children[f] = Read(ref r, type.Fields[f].Type, n);
                return new StructColumn(type, children, n, validity);
            }
            default:
                throw new FormatException($"no checkpoint payload for {type}");
        }
    }

    private static void WriteValidity(ArrayBufferWriter<byte> w, Column c)
    {
        if (c.NullCount == 0)
        {
            w.GetSpan(1)[0] = 0;
            w.Advance(1);
            return;
        }
        var bytes = (c.Length + 7) / 8;
        var span = w.GetSpan(1 + bytes);
        span[..(1 + bytes)].Clear();
        span[0] = 1;
        for (var i = 0; i < c.Length; i++)
            if (c.IsValid(i)) span[1 + (i >> 3)] |= (byte)(1 << (i & 7));
        w.Advance(1 + bytes);
    }

    private static void Raw<T>(ArrayBufferWriter<byte> w, ReadOnlySpan<T> values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        bytes.CopyTo(w.GetSpan(bytes.Length));
        w.Advance(bytes.Length);
    }
}
