using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Backfill;

/// <summary>A bounds-checked cursor over a checkpoint slice's bytes; reading past the end throws <see cref="FormatException"/>.</summary>
internal struct SliceReader(byte[] bytes, int position, int end)
{
    private int _position = position;

    public readonly bool AtEnd => _position == end;

    public byte Byte() => Take(1)[0];

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public ReadOnlySpan<byte> Bytes(int length)
    {
        if (length < 0) throw new FormatException("negative length in a checkpoint");
        return Take(length);
    }

    public T[] Raw<T>(int count) where T : unmanaged
    {
        var size = checked(count * Unsafe.SizeOf<T>());
        var values = new T[count];
        Take(size).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>Null when every value is valid, else one flag per value.</summary>
    public bool[]? Validity(int n)
    {
        var flag = Byte();
        if (flag == 0) return null;
        if (flag != 1) throw new FormatException("bad validity flag in a checkpoint");
        var bits = Take((n + 7) / 8);
        var validity = new bool[n];
        for (var i = 0; i < n; i++) validity[i] = (bits[i >> 3] & (1 << (i & 7))) != 0;
        return validity;
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > end - _position) throw new FormatException("checkpoint ends early");
        var span = bytes.AsSpan(_position, length);
        _position += length;
        return span;
    }
}
