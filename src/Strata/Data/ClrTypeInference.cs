using System.Collections;

namespace Strata.Data;

/// <summary>Maps .NET property and array element types to Strata types (schema inference for records and arrays).</summary>
internal static class ClrTypeInference
{
    /// <summary>The field a record member maps to: its declared or inferred type; nullable unless a non-nullable value type.</summary>
    public static Field FieldOf(RecordMember member) =>
        new(member.ColumnName, member.DeclaredType ?? Infer(member.ClrType, Display(member.Owner) + "." + member.ColumnName, [member.Owner]),
            IsNullable(member.ClrType));

    /// <summary>The default Strata type for a .NET type.</summary>
    /// <exception cref="StrataInvalidInputException">The type cannot be stored; the message names <paramref name="path"/>.</exception>
    public static DataType Infer(Type clr, string path) => Infer(clr, path, []);

    /// <summary>True unless <paramref name="clr"/> is a value type other than <see cref="Nullable{T}"/>.</summary>
    public static bool IsNullable(Type clr) => !clr.IsValueType || Nullable.GetUnderlyingType(clr) is not null;

    /// <summary>True for the types held as text: enums, <see cref="Guid"/> and <see cref="char"/>.</summary>
    public static bool IsTextLike(Type t) => t.IsEnum || t == typeof(Guid) || t == typeof(char);

    private static DataType Infer(Type clr, string path, HashSet<Type> visiting)
    {
        var t = Nullable.GetUnderlyingType(clr) ?? clr;
        if (TypeKindMap.DefaultType(t) is { } scalar) return scalar;
        if (IsTextLike(t)) return DataType.String;
        if (ElementTypeOf(t) is { } element) return DataType.List(Infer(element, path + "[]", visiting));
        if (IsRecordLike(t))
        {
            if (!visiting.Add(t))
                throw new StrataInvalidInputException($"'{path}' of type {Display(t)} refers back to itself; Strata cannot store recursive types. Add [StrataIgnore].");
            var shape = RecordShape.For(t);
            var fields = shape.Members.Select(m => new Field(m.ColumnName,
                m.DeclaredType ?? Infer(m.ClrType, path + "." + m.ColumnName, visiting), IsNullable(m.ClrType)));
            var type = DataType.Struct(fields);
            visiting.Remove(t);
            return type;
        }
        throw new StrataInvalidInputException(
            $"'{path}' has type {Display(clr)}, which Strata cannot store; use a supported type, " +
            "set the column type with [StrataColumn(Type = ...)] or leave it out with [StrataIgnore].");
    }

    /// <summary>The element type when <paramref name="t"/> is stored as a list (arrays and <c>IEnumerable&lt;T&gt;</c>), else null.</summary>
    public static Type? ElementTypeOf(Type t)
    {
        if (t == typeof(string) || t == typeof(byte[]) || IsDictionary(t)) return null;
        if (t.IsArray) return t.GetArrayRank() == 1 ? t.GetElementType() : null;
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return t.GetGenericArguments()[0];
        Type? found = null;
        foreach (var i in t.GetInterfaces())
        {
            if (!i.IsGenericType || i.GetGenericTypeDefinition() != typeof(IEnumerable<>)) continue;
            if (found is not null) return null; // ambiguous
            found = i.GetGenericArguments()[0];
        }
        return found;
    }

    /// <summary>True for dictionaries, which map to structs only as row values (<c>RecordBatch.FromRows</c>), never as record types.</summary>
    public static bool IsDictionary(Type t) =>
        typeof(IDictionary).IsAssignableFrom(t) ||
        t.GetInterfaces().Append(t).Any(i => i.IsGenericType &&
            (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    /// <summary>True for user classes and structs with public properties (stored as structs).</summary>
    public static bool IsRecordLike(Type t)
    {
        if (t.IsPrimitive || t.IsEnum || t.IsPointer || t.IsArray || t == typeof(string) || t == typeof(object)) return false;
        if (typeof(Delegate).IsAssignableFrom(t) || IsDictionary(t) || ElementTypeOf(t) is not null) return false;
        if (TypeKindMap.DefaultType(t) is not null) return false;
        // Framework types (TimeSpan, Uri, Type, ...) have properties but are not records.
        var ns = t.Namespace ?? "";
        if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.", StringComparison.Ordinal)) return false;
        return RecordShape.For(t).Members.Count > 0;
    }

    /// <summary>
    /// How a list is read into <paramref name="t"/>: the element type and whether to build a <see cref="List{T}"/>
    /// (else an array). False when <paramref name="t"/> is not a collection Strata can fill.
    /// </summary>
    public static bool TryCollectionTarget(Type t, out Type element, out bool asList)
    {
        element = typeof(object);
        asList = false;
        if (ElementTypeOf(t) is not { } e) return false;
        element = e;
        if (t.IsAssignableFrom(e.MakeArrayType())) return true;
        asList = t.IsAssignableFrom(typeof(List<>).MakeGenericType(e));
        return asList;
    }

    private static readonly Dictionary<Type, string> Aliases = new()
    {
        [typeof(bool)] = "bool", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short", [typeof(int)] = "int", [typeof(long)] = "long",
        [typeof(byte)] = "byte", [typeof(ushort)] = "ushort", [typeof(uint)] = "uint", [typeof(ulong)] = "ulong", [typeof(float)] = "float",
        [typeof(double)] = "double", [typeof(decimal)] = "decimal", [typeof(string)] = "string", [typeof(object)] = "object", [typeof(char)] = "char",
    };

    /// <summary>A readable C# name: <c>int?</c>, <c>List&lt;string&gt;</c>, <c>float[]</c>.</summary>
    public static string Display(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } u) return Display(u) + "?";
        if (t.IsArray) return Display(t.GetElementType()!) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        if (!t.IsGenericType) return Aliases.TryGetValue(t, out var alias) ? alias : t.Name;
        var name = t.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick > 0) name = name[..tick];
        return name + "<" + string.Join(", ", t.GetGenericArguments().Select(Display)) + ">";
    }
}
