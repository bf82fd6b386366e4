using System.Buffers;
using System.Text;

namespace Strata.Parquet;

/// <summary>
/// Writes Thrift's compact protocol, the encoding of Parquet's page headers and footer: fields are a
/// header byte (the id as a delta from the previous field of the struct, and the type), integers are
/// zigzag varints, binaries are a varint length and the bytes, and a struct ends with a zero byte.
/// </summary>
internal sealed class ThriftCompactWriter(ArrayBufferWriter<byte> output)
{
    private const byte BoolTrue = 1;
    private const byte BoolFalse = 2;
    private const byte I32 = 5;
    private const byte I64 = 6;
    private const byte Binary = 8;
    private const byte List = 9;
    private const byte Struct = 12;

    private readonly Stack<short> _outer = new();
    private short _last;

    /// <summary>Element type codes for <see cref="BeginList"/>.</summary>
    public const byte ListOfI32 = I32;

    /// <inheritdoc cref="ListOfI32"/>
    public const byte ListOfBinary = Binary;

    /// <inheritdoc cref="ListOfI32"/>
    public const byte ListOfStruct = Struct;

    public void I32Field(short id, int value)
    {
        Header(id, I32);
        VarInt(ZigZag(value));
    }

    public void I64Field(short id, long value)
    {
        Header(id, I64);
        VarInt(ZigZag(value));
    }

    public void BoolField(short id, bool value) => Header(id, value ? BoolTrue : BoolFalse);

    public void BinaryField(short id, ReadOnlySpan<byte> value)
    {
        Header(id, Binary);
        Bytes(value);
    }

    public void StringField(short id, string value) => BinaryField(id, Encoding.UTF8.GetBytes(value));

    /// <summary>Starts a struct-typed field; end it with <see cref="EndStruct"/>.</summary>
    public void BeginStructField(short id)
    {
        Header(id, Struct);
        _outer.Push(_last);
        _last = 0;
    }

    /// <summary>Starts a struct that is a list element (no field header).</summary>
    public void BeginStructElement()
    {
        _outer.Push(_last);
        _last = 0;
    }

    /// <summary>Ends the struct begun last.</summary>
    public void EndStruct()
    {
        Byte(0);
        _last = _outer.Pop();
    }

    /// <summary>Ends the outermost struct (a page header or the footer), which has no field header.</summary>
    public void EndMessage()
    {
        Byte(0);
        _last = 0;
    }

    /// <summary>Starts a list field of <paramref name="count"/> elements of <paramref name="elementType"/>; the elements follow.</summary>
    public void BeginList(short id, byte elementType, int count)
    {
        Header(id, List);
        if (count < 15) Byte((byte)((count << 4) | elementType));
        else
        {
            Byte((byte)(0xF0 | elementType));
            VarInt((ulong)count);
        }
    }

    public void I32Element(int value) => VarInt(ZigZag(value));

    public void StringElement(string value) => Bytes(Encoding.UTF8.GetBytes(value));

    private void Header(short id, byte type)
    {
        var delta = id - _last;
        if (delta is > 0 and <= 15) Byte((byte)((delta << 4) | type));
        else
        {
            Byte(type);
            VarInt(ZigZag(id));
        }
        _last = id;
    }

    private void Bytes(ReadOnlySpan<byte> value)
    {
        VarInt((ulong)value.Length);
        value.CopyTo(output.GetSpan(value.Length));
        output.Advance(value.Length);
    }

    private void Byte(byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private void VarInt(ulong v) => VarInt(output, v);

    /// <summary>An unsigned LEB128 varint: Thrift's integers, and the run headers of Parquet's RLE/bit-packed levels.</summary>
    public static void VarInt(IBufferWriter<byte> w, ulong v)
    {
        var span = w.GetSpan(10);
        var n = 0;
        while (v >= 0x80)
        {
            span[n++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[n++] = (byte)v;
        w.Advance(n);
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));
}
