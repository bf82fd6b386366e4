using System.Text;
using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// A managed copy of a DuckDB logical type (read once from the native handle), with the
/// rules for how Strata reads it: which types map straight onto a Strata <see cref="DataType"/>
/// ("native") and the cast that turns every other type into text.
/// </summary>
internal sealed class DuckDbTypeInfo
{
    private DuckDbTypeInfo(DuckDbTypeId id) => Id = id;

    /// <summary>The type id.</summary>
    public DuckDbTypeId Id { get; }

    /// <summary>The alias (e.g. <c>JSON</c>), or null.</summary>
    public string? Alias { get; private init; }

    /// <summary>Decimal width (total digits).</summary>
    public int Width { get; private init; }

    /// <summary>Decimal scale.</summary>
    public int Scale { get; private init; }

    /// <summary>Decimal storage: SmallInt, Integer, BigInt or HugeInt.</summary>
    public DuckDbTypeId Storage { get; private init; }

    /// <summary>Element type of a LIST or ARRAY.</summary>
    public DuckDbTypeInfo? Element { get; private init; }

    /// <summary>Size of an ARRAY.</summary>
    public int ArraySize { get; private init; }

    /// <summary>Members of a STRUCT, or key and value of a MAP.</summary>
    public IReadOnlyList<(string Name, DuckDbTypeInfo Type)> Members { get; private init; } = [];

    /// <summary>Reads a native logical type (the handle stays owned by the caller).</summary>
    public static DuckDbTypeInfo FromNative(nint type)
    {
        if (type == 0) return new DuckDbTypeInfo(DuckDbTypeId.Invalid);
        var id = NativeMethods.duckdb_get_type_id(type);
        var alias = NativeMethods.Utf8AndFree(NativeMethods.duckdb_logical_type_get_alias(type));
        switch (id)
        {
            case DuckDbTypeId.Decimal:
                return new DuckDbTypeInfo(id)
                {
                    Alias = alias,
                    Width = NativeMethods.duckdb_decimal_width(type),
                    Scale = NativeMethods.duckdb_decimal_scale(type),
                    Storage = NativeMethods.duckdb_decimal_internal_type(type),
                };
            case DuckDbTypeId.List:
                return new DuckDbTypeInfo(id) { Alias = alias, Element = Child(NativeMethods.duckdb_list_type_child_type(type)) };
            case DuckDbTypeId.Array:
                return new DuckDbTypeInfo(id)
                {
                    Alias = alias,
                    Element = Child(NativeMethods.duckdb_array_type_child_type(type)),
                    ArraySize = checked((int)NativeMethods.duckdb_array_type_array_size(type)),
                };
            case DuckDbTypeId.Map:
                return new DuckDbTypeInfo(id)
                {
                    Alias = alias,
                    Members = [("key", Child(NativeMethods.duckdb_map_type_key_type(type))),
                               ("value", Child(NativeMethods.duckdb_map_type_value_type(type)))],
                };
            case DuckDbTypeId.Struct:
                var n = (int)NativeMethods.duckdb_struct_type_child_count(type);
                var members = new (string, DuckDbTypeInfo)[n];
                for (var i = 0; i < n; i++)
                    members[i] = (NativeMethods.Utf8AndFree(NativeMethods.duckdb_struct_type_child_name(type, (ulong)i)) ?? $"f{i}",
                                  Child(NativeMethods.duckdb_struct_type_child_type(type, (ulong)i)));
                return new DuckDbTypeInfo(id) { Alias = alias, Members = members };
            default:
                return new DuckDbTypeInfo(id) { Alias = alias };
        }
    }

    /// <summary>Reads and destroys a logical type handle returned by DuckDB.</summary>
    public static DuckDbTypeInfo FromOwnedNative(nint type)
    {
        try { return FromNative(type); }
        finally
        {
            if (type != 0) NativeMethods.duckdb_destroy_logical_type(ref type);
        }
    }

    private static DuckDbTypeInfo Child(nint type) => FromOwnedNative(type);

    /// <summary>True when the type is not known yet (a statement whose result depends on unbound parameters).</summary>
    public bool IsUndetermined => Id is DuckDbTypeId.Invalid or DuckDbTypeId.Any;

    /// <summary>True when Strata reads the type directly, without a cast (recursively).</summary>
    public bool IsNative => Id switch
    {
        DuckDbTypeId.Boolean or DuckDbTypeId.TinyInt or DuckDbTypeId.SmallInt or DuckDbTypeId.Integer or DuckDbTypeId.BigInt
            or DuckDbTypeId.UTinyInt or DuckDbTypeId.USmallInt or DuckDbTypeId.UInteger or DuckDbTypeId.UBigInt
            or DuckDbTypeId.Float or DuckDbTypeId.Double or DuckDbTypeId.HugeInt or DuckDbTypeId.UHugeInt
            or DuckDbTypeId.Varchar or DuckDbTypeId.Blob or DuckDbTypeId.Date
            or DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs
            or DuckDbTypeId.TimestampTz => true,
        DuckDbTypeId.Decimal => Storage is DuckDbTypeId.SmallInt or DuckDbTypeId.Integer or DuckDbTypeId.BigInt or DuckDbTypeId.HugeInt,
        DuckDbTypeId.List => Element!.IsNative,
        DuckDbTypeId.Array => Element!.IsNative && ArraySize >= 1,
        DuckDbTypeId.Map => Members.All(m => m.Type.IsNative),
        DuckDbTypeId.Struct => Members.Count > 0 && Members.All(m => m.Type.IsNative) && !HasDuplicateNames(),
        _ => false,
    };

    private bool HasDuplicateNames() =>
        Members.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Members.Count;

    /// <summary>The Strata type the values are read as (only for <see cref="IsNative"/> types).</summary>
    public DataType ToDataType() => Id switch
    {
        DuckDbTypeId.Boolean => DataType.Boolean,
        DuckDbTypeId.TinyInt => DataType.Int8,
        DuckDbTypeId.SmallInt => DataType.Int16,
        DuckDbTypeId.Integer => DataType.Int32,
        DuckDbTypeId.BigInt => DataType.Int64,
        DuckDbTypeId.UTinyInt => DataType.UInt8,
        DuckDbTypeId.USmallInt => DataType.UInt16,
        DuckDbTypeId.UInteger => DataType.UInt32,
        DuckDbTypeId.UBigInt => DataType.UInt64,
        DuckDbTypeId.Float => DataType.Float32,
        DuckDbTypeId.Double => DataType.Float64,
        DuckDbTypeId.Decimal => DataType.Decimal(Math.Max(Width, 1), Scale),
        DuckDbTypeId.HugeInt or DuckDbTypeId.UHugeInt => DataType.Decimal(38, 0),
        DuckDbTypeId.Varchar => DataType.String,
        DuckDbTypeId.Blob => DataType.Binary,
        DuckDbTypeId.Date => DataType.Date,
        DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs
            or DuckDbTypeId.TimestampTz => DataType.Timestamp,
        DuckDbTypeId.List => DataType.List(Element!.ToDataType()),
        DuckDbTypeId.Array => DataType.FixedSizeList(Element!.ToDataType(), ArraySize),
        DuckDbTypeId.Map => DataType.List(DataType.Struct(Members.Select(m => new Field(m.Name, m.Type.ToDataType())))),
        DuckDbTypeId.Struct => DataType.Struct(Members.Select(m => new Field(m.Name, m.Type.ToDataType()))),
        _ => throw new InvalidOperationException($"{this} is not read natively"),
    };

    /// <summary>
    /// The DuckDB type to CAST a value of this type to so that Strata can read it: the same
    /// type where it is native, VARCHAR in place of every other (ENUM, UUID, TIME, INTERVAL, UNION, BIT, …).
    /// </summary>
    public string CastTarget() => Id switch
    {
        DuckDbTypeId.Boolean => "BOOLEAN",
        DuckDbTypeId.TinyInt => "TINYINT",
        DuckDbTypeId.SmallInt => "SMALLINT",
        DuckDbTypeId.Integer => "INTEGER",
        DuckDbTypeId.BigInt => "BIGINT",
        DuckDbTypeId.UTinyInt => "UTINYINT",
        DuckDbTypeId.USmallInt => "USMALLINT",
        DuckDbTypeId.UInteger => "UINTEGER",
        DuckDbTypeId.UBigInt => "UBIGINT",
        DuckDbTypeId.Float => "FLOAT",
        DuckDbTypeId.Double => "DOUBLE",
        DuckDbTypeId.HugeInt => "HUGEINT",
        DuckDbTypeId.UHugeInt => "UHUGEINT",
        DuckDbTypeId.Varchar => "VARCHAR",
        DuckDbTypeId.Blob => "BLOB",
        DuckDbTypeId.Date => "DATE",
        DuckDbTypeId.Timestamp => "TIMESTAMP",
        DuckDbTypeId.TimestampS => "TIMESTAMP_S",
        DuckDbTypeId.TimestampMs => "TIMESTAMP_MS",
        DuckDbTypeId.TimestampNs => "TIMESTAMP_NS",
        DuckDbTypeId.TimestampTz => "TIMESTAMPTZ",
        DuckDbTypeId.Decimal when IsNative => $"DECIMAL({Width},{Scale})",
        DuckDbTypeId.List => Element!.CastTarget() + "[]",
        DuckDbTypeId.Array when ArraySize >= 1 => $"{Element!.CastTarget()}[{ArraySize}]",
        DuckDbTypeId.Map => $"MAP({Members[0].Type.CastTarget()}, {Members[1].Type.CastTarget()})",
        DuckDbTypeId.Struct when Members.Count > 0 && !HasDuplicateNames() =>
            "STRUCT(" + string.Join(", ", Members.Select(m => $"{SqlNames.Quote(m.Name)} {m.Type.CastTarget()}")) + ")",
        _ => "VARCHAR",
    };

    /// <summary>The DuckDB spelling, for messages.</summary>
    public override string ToString()
    {
        if (Alias is not null) return Alias;
        var sb = new StringBuilder();
        switch (Id)
        {
            case DuckDbTypeId.Decimal: sb.Append($"DECIMAL({Width},{Scale})"); break;
            case DuckDbTypeId.List: sb.Append(Element).Append("[]"); break;
            case DuckDbTypeId.Array: sb.Append(Element).Append('[').Append(ArraySize).Append(']'); break;
            case DuckDbTypeId.Map: sb.Append($"MAP({Members[0].Type}, {Members[1].Type})"); break;
            case DuckDbTypeId.Struct:
                sb.Append("STRUCT(").AppendJoin(", ", Members.Select(m => $"{m.Name} {m.Type}")).Append(')');
                break;
            default: sb.Append(Id.ToString().ToUpperInvariant()); break;
        }
        return sb.ToString();
    }
}
