namespace Strata.Data;

/// <summary>The kinds of values Strata stores.</summary>
public enum TypeKind
{
    /// <summary>true/false.</summary>
    Boolean,
    /// <summary>Signed 8-bit integer (sbyte).</summary>
    Int8,
    /// <summary>Signed 16-bit integer (short).</summary>
    Int16,
    /// <summary>Signed 32-bit integer (int).</summary>
    Int32,
    /// <summary>Signed 64-bit integer (long).</summary>
    Int64,
    /// <summary>Unsigned 8-bit integer (byte).</summary>
    UInt8,
    /// <summary>Unsigned 16-bit integer (ushort).</summary>
    UInt16,
    /// <summary>Unsigned 32-bit integer (uint).</summary>
    UInt32,
    /// <summary>Unsigned 64-bit integer (ulong).</summary>
    UInt64,
    /// <summary>32-bit IEEE float.</summary>
    Float32,
    /// <summary>64-bit IEEE double.</summary>
    Float64,
    /// <summary>Fixed-point decimal with precision and scale (held as <see cref="decimal"/>).</summary>
    Decimal,
    /// <summary>UTF-8 text.</summary>
    String,
    /// <summary>Arbitrary bytes.</summary>
    Binary,
    /// <summary>Calendar date (<see cref="DateOnly"/>).</summary>
    Date,
    /// <summary>Timestamp with microsecond precision, no time zone (<see cref="DateTime"/>, treated as UTC).</summary>
    Timestamp,
    /// <summary>Variable-length list of one element type.</summary>
    List,
    /// <summary>Fixed-length list of one element type (vectors, embeddings).</summary>
    FixedSizeList,
    /// <summary>Named fields of their own types.</summary>
    Struct,
}
