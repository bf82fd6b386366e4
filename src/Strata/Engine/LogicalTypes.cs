using System.Runtime.InteropServices;
using System.Text;
using Strata.Data;

namespace Strata.Engine;

/// <summary>Builds DuckDB logical types from Strata types (for data chunks fed to the appender).</summary>
internal static unsafe class LogicalTypes
{
    /// <summary>A new logical type for <paramref name="type"/>; the caller destroys it.</summary>
    public static nint Create(DataType type)
    {
        switch (type.Kind)
        {
            case TypeKind.Decimal:
                return NativeMethods.duckdb_create_decimal_type((byte)type.Precision, (byte)type.Scale);
            case TypeKind.List:
            {
                var child = Create(type.ElementType!);
                try { return NativeMethods.duckdb_create_list_type(child); }
                finally { NativeMethods.duckdb_destroy_logical_type(ref child); }
            }
            case TypeKind.FixedSizeList:
            {
                var child = Create(type.ElementType!);
                try { return NativeMethods.duckdb_create_array_type(child, (ulong)type.Length); }
                finally { NativeMethods.duckdb_destroy_logical_type(ref child); }
            }
            case TypeKind.Struct:
                return CreateStruct(type);
            default:
                return NativeMethods.duckdb_create_logical_type(ScalarId(type.Kind));
        }
    }

    /// <summary>The DuckDB type id of a non-nested kind.</summary>
    public static DuckDbTypeId ScalarId(TypeKind kind) => kind switch
    {
        TypeKind.Boolean => DuckDbTypeId.Boolean,
        TypeKind.Int8 => DuckDbTypeId.TinyInt,
        TypeKind.Int16 => DuckDbTypeId.SmallInt,
        TypeKind.Int32 => DuckDbTypeId.Integer,
        TypeKind.Int64 => DuckDbTypeId.BigInt,
        TypeKind.UInt8 => DuckDbTypeId.UTinyInt,
        TypeKind.UInt16 => DuckDbTypeId.USmallInt,
        TypeKind.UInt32 => DuckDbTypeId.UInteger,
        TypeKind.UInt64 => DuckDbTypeId.UBigInt,
        TypeKind.Float32 => DuckDbTypeId.Float,
        TypeKind.Float64 => DuckDbTypeId.Double,
        TypeKind.String => DuckDbTypeId.Varchar,
        TypeKind.Binary => DuckDbTypeId.Blob,
        TypeKind.Date => DuckDbTypeId.Date,
        TypeKind.Timestamp => DuckDbTypeId.Timestamp,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a scalar kind"),
    };

    private static nint CreateStruct(DataType type)
    {
        var n = type.Fields.Count;
        var members = new nint[n];
        var namePointers = new nint[n];
        var handles = new GCHandle[n];
        try
        {
            for (var i = 0; i < n; i++)
            {
                members[i] = Create(type.Fields[i].Type);
                var bytes = Encoding.UTF8.GetBytes(type.Fields[i].Name + "\0");
                handles[i] = GCHandle.Alloc(bytes, GCHandleType.Pinned);
                namePointers[i] = handles[i].AddrOfPinnedObject();
            }
            fixed (nint* m = members)
            fixed (nint* p = namePointers)
                return NativeMethods.duckdb_create_struct_type(m, (byte**)p, (ulong)n);
        }
        finally
        {
            for (var i = 0; i < n; i++)
            {
                if (handles[i].IsAllocated) handles[i].Free();
                if (members[i] != 0) NativeMethods.duckdb_destroy_logical_type(ref members[i]);
            }
        }
    }
}
