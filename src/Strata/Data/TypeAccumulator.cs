using System.Collections;

namespace Strata.Data;

/// <summary>
/// Infers one column's type from loosely typed values (dictionary rows, object arrays). The first
/// non-null value decides the kind; later values may widen numbers (int + long → int64, int + double →
/// double, integers + decimal → decimal) and dates to timestamps, lists merge their element types and
/// structs their fields. Anything else (text and numbers, lists and scalars) is a conflict.
/// Columns with only nulls are strings.
/// </summary>
internal sealed class TypeAccumulator
{
    private DataType? _scalar;
    private TypeAccumulator? _element;
    private List<KeyValuePair<string, TypeAccumulator>>? _fields;

    private bool IsUnknown => _scalar is null && _element is null && _fields is null;

    /// <summary>Takes one value into account; returns null, or what conflicts with the earlier values.</summary>
    public string? Add(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return null;
            case string or char or Guid or Enum:
                return AddScalar(DataType.String);
            case byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte>:
                return AddScalar(DataType.Binary);
            case IEnumerable<KeyValuePair<string, object?>> fields:
                if (!BeStruct()) return Conflict("a struct (dictionary)");
                foreach (var (name, fieldValue) in fields)
                {
                    var conflict = Field(name).Add(fieldValue);
                    if (conflict is not null) return $"field '{name}': {conflict}";
                }
                return null;
            case IEnumerable items:
                if (!BeList()) return Conflict("a list");
                var element = ClrTypeInference.ElementTypeOf(value.GetType());
                if (element is not null && TypeKindMap.DefaultType(element) is { } known) return _element!.Add(known);
                foreach (var item in items)
                {
                    var conflict = _element!.Add(item);
                    if (conflict is not null) return $"list element: {conflict}";
                }
                return null;
        }
        if (TypeKindMap.DefaultType(value.GetType()) is { } scalar) return AddScalar(scalar);
        DataType type;
        try
        {
            type = ClrTypeInference.Infer(value.GetType(), ClrTypeInference.Display(value.GetType()));
        }
        catch (StrataInvalidInputException e)
        {
            return $"a value of type {ClrTypeInference.Display(value.GetType())} cannot be stored: {e.Message}";
        }
        return Add(type);
    }

    /// <summary>Takes a known type into account (typed arrays, objects); returns null or a conflict.</summary>
    public string? Add(DataType type)
    {
        switch (type.Kind)
        {
            case TypeKind.List or TypeKind.FixedSizeList:
                return BeList() ? _element!.Add(type.ElementType!) : Conflict(type.ToString());
            case TypeKind.Struct:
                if (!BeStruct()) return Conflict(type.ToString());
                foreach (var f in type.Fields)
                {
                    var conflict = Field(f.Name).Add(f.Type);
                    if (conflict is not null) return $"field '{f.Name}': {conflict}";
                }
                return null;
            default:
                return AddScalar(type);
        }
    }

    /// <summary>The inferred type (string when no value said otherwise).</summary>
    public DataType Result()
    {
        if (_element is not null) return DataType.List(_element.Result());
        if (_fields is not null)
        {
            if (_fields.Count == 0)
                throw new StrataInvalidInputException("every value is an empty struct (dictionary); a struct needs at least one field. Give a schema.");
            return DataType.Struct(_fields.Select(f => new Field(f.Key, f.Value.Result())));
        }
        return _scalar ?? DataType.String;
    }

    private string? AddScalar(DataType type)
    {
        if (IsUnknown)
        {
            _scalar = type;
            return null;
        }
        if (_scalar is null) return Conflict(type.ToString());
        var unified = Unify(_scalar, type);
        if (unified is null) return Conflict(type.ToString());
        _scalar = unified;
        return null;
    }

    private bool BeList()
    {
        if (IsUnknown) _element = new TypeAccumulator();
        return _element is not null;
    }

    private bool BeStruct()
    {
        if (IsUnknown) _fields = [];
        return _fields is not null;
    }

    private TypeAccumulator Field(string name)
    {
        foreach (var (key, accumulator) in _fields!)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return accumulator;
        var added = new TypeAccumulator();
        _fields.Add(new(name, added));
        return added;
    }

    private string Conflict(string found) =>
        $"holds {Article(found)} {found} value where earlier values are {Describe()}; values of one column must share a type.";

    private string Describe() => _scalar?.ToString() ?? (_element is not null ? "lists" : "structs");

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? "an" : "a";

    /// <summary>The type both values fit in, or null when they do not mix (text and numbers, bool and numbers, ...).</summary>
    internal static DataType? Unify(DataType a, DataType b)
    {
        if (a == b) return a;
        if (IsInteger(a) && IsInteger(b)) return UnifyIntegers(a.Kind, b.Kind);
        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.Kind == TypeKind.Decimal && IsInteger(b)) return a;
            if (b.Kind == TypeKind.Decimal && IsInteger(a)) return b;
            if (a.Kind == TypeKind.Decimal && b.Kind == TypeKind.Decimal)
                return DataType.Decimal(Math.Max(a.Precision, b.Precision), Math.Max(a.Scale, b.Scale));
            return DataType.Float64;
        }
        if (a.Kind is TypeKind.Date or TypeKind.Timestamp && b.Kind is TypeKind.Date or TypeKind.Timestamp) return DataType.Timestamp;
        return null;
    }

    private static bool IsInteger(DataType t) => t.Kind is >= TypeKind.Int8 and <= TypeKind.UInt64;

    private static DataType UnifyIntegers(TypeKind a, TypeKind b)
    {
        var (aSigned, aBits) = Width(a);
        var (bSigned, bBits) = Width(b);
        if (aSigned == bSigned) return Integer(aSigned, Math.Max(aBits, bBits));
        var unsignedBits = aSigned ? bBits : aBits;
        var signedBits = aSigned ? aBits : bBits;
        // A signed type holding both needs twice the unsigned width; uint64 has none, so it goes to decimal.
        var needed = Math.Max(signedBits, unsignedBits * 2);
        return needed > 64 ? DataType.Decimal(20, 0) : Integer(true, needed);
    }

    private static (bool Signed, int Bits) Width(TypeKind kind) => kind switch
    {
        TypeKind.Int8 => (true, 8),
        TypeKind.Int16 => (true, 16),
        TypeKind.Int32 => (true, 32),
        TypeKind.Int64 => (true, 64),
        TypeKind.UInt8 => (false, 8),
        TypeKind.UInt16 => (false, 16),
        TypeKind.UInt32 => (false, 32),
        _ => (false, 64),
    };

    private static DataType Integer(bool signed, int bits) => (signed, bits) switch
    {
        (true, 8) => DataType.Int8,
        (true, 16) => DataType.Int16,
        (true, 32) => DataType.Int32,
        (true, _) => DataType.Int64,
        (false, 8) => DataType.UInt8,
        (false, 16) => DataType.UInt16,
        (false, 32) => DataType.UInt32,
        _ => DataType.UInt64,
    };
}
