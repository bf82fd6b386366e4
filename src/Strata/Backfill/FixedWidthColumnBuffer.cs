using System.Runtime.InteropServices;
using Strata.Data;

namespace Strata.Backfill;

/// <summary>
/// One fixed-width column of a fragment being assembled from checkpoint slices: the slices' raw values are
/// copied straight into one typed array (no column per slice, no concatenation), nulls into a validity array
/// made on the first null.
/// </summary>
internal sealed class FixedWidthColumnBuffer
{
    private readonly Array _values;
    private readonly int _width;
    private bool[]? _validity;

    public FixedWidthColumnBuffer(DataType type, int length)
    {
        _width = WidthOf(type) ?? throw new ArgumentException($"{type} is not a fixed-width type.", nameof(type));
        Type = type;
        Length = length;
        _values = Array.CreateInstance(TypeKindMap.ClrType(type.Kind), length);
    }

    public DataType Type { get; }

    public int Length { get; }

    /// <summary>True when no value read so far is null.</summary>
    public bool Complete => _validity is null;

    /// <summary>Bytes per value of a fixed-width type that checkpoints store raw; null for other types.</summary>
    public static int? WidthOf(DataType type) => type.Kind switch
    {
        TypeKind.Boolean or TypeKind.Int8 or TypeKind.UInt8 => 1,
        TypeKind.Int16 or TypeKind.UInt16 => 2,
        TypeKind.Int32 or TypeKind.UInt32 or TypeKind.Float32 or TypeKind.Date => 4,
        TypeKind.Int64 or TypeKind.UInt64 or TypeKind.Float64 or TypeKind.Timestamp => 8,
        _ => null,
    };

    /// <summary>Reads one slice payload of <paramref name="rows"/> values into rows [offset, offset + rows).</summary>
    /// <exception cref="FormatException">The payload is shorter than the values or its flags are bad.</exception>
    public void ReadFrom(ref SliceReader reader, int offset, int rows)
    {
        if (offset < 0 || rows < 0 || offset + rows > Length) throw new FormatException("a checkpoint slice lies outside its fragment");
        if (reader.Validity(rows) is { } validity)
        {
            if (_validity is null)
            {
                _validity = new bool[Length];
                Array.Fill(_validity, true);
            }
            validity.CopyTo(_validity, offset);
        }
        var bytes = reader.Bytes(rows * _width);
        bytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(_values), Length * _width)[(offset * _width)..]);
    }

    /// <summary>The column read (the buffer must not be read into afterwards).</summary>
    /// <remarks>Chosen by the type's kind, not the array's runtime type: the runtime lets a ushort[] pass as a short[].</remarks>
    public Column ToColumn() => Type.Kind switch
    {
        TypeKind.Boolean => new PrimitiveColumn<bool>(Type, (bool[])_values, Length, _validity),
        TypeKind.Int8 => new PrimitiveColumn<sbyte>(Type, (sbyte[])_values, Length, _validity),
        TypeKind.UInt8 => new PrimitiveColumn<byte>(Type, (byte[])_values, Length, _validity),
        TypeKind.Int16 => new PrimitiveColumn<short>(Type, (short[])_values, Length, _validity),
        TypeKind.UInt16 => new PrimitiveColumn<ushort>(Type, (ushort[])_values, Length, _validity),
        TypeKind.Int32 => new PrimitiveColumn<int>(Type, (int[])_values, Length, _validity),
        TypeKind.UInt32 => new PrimitiveColumn<uint>(Type, (uint[])_values, Length, _validity),
        TypeKind.Float32 => new PrimitiveColumn<float>(Type, (float[])_values, Length, _validity),
        TypeKind.Date => new PrimitiveColumn<DateOnly>(Type, (DateOnly[])_values, Length, _validity),
        TypeKind.Int64 => new PrimitiveColumn<long>(Type, (long[])_values, Length, _validity),
        TypeKind.UInt64 => new PrimitiveColumn<ulong>(Type, (ulong[])_values, Length, _validity),
        TypeKind.Float64 => new PrimitiveColumn<double>(Type, (double[])_values, Length, _validity),
        TypeKind.Timestamp => new PrimitiveColumn<DateTime>(Type, (DateTime[])_values, Length, _validity),
        _ => throw new InvalidOperationException($"no column for {Type}"),
    };
}
