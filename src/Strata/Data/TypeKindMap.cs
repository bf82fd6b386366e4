namespace Strata.Data;

/// <summary>How each type kind is held in .NET.</summary>
internal static class TypeKindMap
{
    /// <summary>The .NET type that holds one value of the kind in a column.</summary>
    public static Type ClrType(TypeKind kind) => kind switch
    {
        TypeKind.Boolean => typeof(bool),
        TypeKind.Int8 => typeof(sbyte),
        TypeKind.Int16 => typeof(short),
        TypeKind.Int32 => typeof(int),
        TypeKind.Int64 => typeof(long),
        TypeKind.UInt8 => typeof(byte),
        TypeKind.UInt16 => typeof(ushort),
        TypeKind.UInt32 => typeof(uint),
        TypeKind.UInt64 => typeof(ulong),
        TypeKind.Float32 => typeof(float),
        TypeKind.Float64 => typeof(double),
        TypeKind.Decimal => typeof(decimal),
        TypeKind.String => typeof(string),
        TypeKind.Binary => typeof(byte[]),
        TypeKind.Date => typeof(DateOnly),
        TypeKind.Timestamp => typeof(DateTime),
        TypeKind.List or TypeKind.FixedSizeList => typeof(Array),
        TypeKind.Struct => typeof(Dictionary<string, object?>),
        _ => typeof(object),
    };

    /// <summary>The default Strata type for a scalar .NET type, or null.</summary>
    public static DataType? DefaultType(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(bool)) return DataType.Boolean;
        if (t == typeof(sbyte)) return DataType.Int8;
        if (t == typeof(short)) return DataType.Int16;
        if (t == typeof(int)) return DataType.Int32;
        if (t == typeof(long)) return DataType.Int64;
        if (t == typeof(byte)) return DataType.UInt8;
        if (t == typeof(ushort)) return DataType.UInt16;
        if (t == typeof(uint)) return DataType.UInt32;
        if (t == typeof(ulong)) return DataType.UInt64;
        if (t == typeof(float)) return DataType.Float32;
        if (t == typeof(double)) return DataType.Float64;
        if (t == typeof(decimal)) return DataType.Decimal(28, 10);
        if (t == typeof(string)) return DataType.String;
        if (t == typeof(byte[])) return DataType.Binary;
        if (t == typeof(DateOnly)) return DataType.Date;
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return DataType.Timestamp;
        return null;
    }
}
