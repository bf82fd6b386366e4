using System.Runtime.InteropServices;

namespace Strata.Data;

/// <summary>
/// Chooses and creates the <see cref="ValueAppender{T}"/> for a .NET type and a column type: a direct
/// typed append when they match, a checked numeric conversion between numbers, element-by-element
/// appends for lists, field-by-field for structs, and the builder's loose <see cref="ColumnBuilder.Append(object)"/>
/// (one box per value) for anything else.
/// </summary>
internal static class ValueAppenders
{
    private static readonly HashSet<Type> Numbers =
    [
        typeof(sbyte), typeof(short), typeof(int), typeof(long), typeof(byte), typeof(ushort), typeof(uint), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal),
    ];

    /// <summary>True for the .NET number types that convert with <see cref="NumericCast{TSource, TTarget}"/>.</summary>
    public static bool IsNumber(Type t) => Numbers.Contains(t);

    /// <summary>A <c>ValueAppender&lt;clr&gt;</c> for a column of <paramref name="type"/>.</summary>
    /// <exception cref="StrataInvalidInputException">A struct field has no matching property.</exception>
    public static object Create(Type clr, DataType type, string path)
    {
        if (Nullable.GetUnderlyingType(clr) is { } under)
            return New(typeof(NullableValue<>), [under], Create(under, type, path));
        var stored = TypeKindMap.ClrType(type.Kind);
        switch (type.Kind)
        {
            case TypeKind.String when clr == typeof(string):
                return new Text();
            case TypeKind.String when clr.IsEnum || clr == typeof(Guid):
                return New(typeof(Formatted<>), [clr]);
            case TypeKind.Binary when clr == typeof(byte[]):
                return new Bytes();
            case TypeKind.Timestamp when clr == typeof(DateTimeOffset):
                return new Offset();
            case TypeKind.FixedSizeList when clr == typeof(float[]) && type.ElementType!.Kind == TypeKind.Float32:
                return new FloatVector();
            case TypeKind.List when ClrTypeInference.ElementTypeOf(clr) is { } element:
                return New(typeof(ListOf<,>), [clr, element], Create(element, type.ElementType!, path + "[]"));
            case TypeKind.Struct when ClrTypeInference.IsRecordLike(clr):
                return New(typeof(StructOf<>), [clr], (object)StructMembers(clr, type, path));
            case < TypeKind.String or TypeKind.Date or TypeKind.Timestamp when clr == stored:
                return New(typeof(Primitive<>), [clr]);
            case >= TypeKind.Int8 and <= TypeKind.Decimal when IsNumber(clr):
                return New(typeof(Numeric<,>), [clr, stored]);
            default:
                return New(typeof(Boxed<>), [clr]);
        }
    }

    /// <summary>A <c>MemberAppender&lt;owner&gt;</c> reading <paramref name="member"/> into a column of <paramref name="type"/>.</summary>
    public static object ForMember(Type owner, RecordMember member, DataType type, string path) =>
        New(typeof(Member<,>), [owner, member.ClrType], member.Getter, Create(member.ClrType, type, path));

    private static object[] StructMembers(Type clr, DataType type, string path)
    {
        var shape = RecordShape.For(clr);
        var members = new object[type.Fields.Count];
        for (var i = 0; i < members.Length; i++)
        {
            var field = type.Fields[i];
            var index = shape.IndexOfColumn(field.Name);
            if (index < 0)
                throw new StrataInvalidInputException(
                    $"column '{path}' is {type} but {ClrTypeInference.Display(clr)} has no property for field '{field.Name}'.");
            members[i] = ForMember(clr, shape.Members[index], field.Type, path + "." + field.Name);
        }
        return members;
    }

    private static object New(Type open, Type[] arguments, params object[] constructorArguments) =>
        Activator.CreateInstance(open.MakeGenericType(arguments), constructorArguments)!;

    private sealed class Member<TOwner, TValue>(Func<TOwner, TValue> getter, ValueAppender<TValue> appender) : MemberAppender<TOwner>
    {
        public override void Append(ColumnBuilder builder, TOwner owner) => appender.Append(builder, getter(owner));
    }

    private sealed class Primitive<T> : ValueAppender<T> where T : unmanaged
    {
        public override void Append(ColumnBuilder builder, T value) => ((PrimitiveColumnBuilder<T>)builder).Append(value);
    }

    private sealed class NullableValue<T>(ValueAppender<T> inner) : ValueAppender<T?> where T : struct
    {
        public override void Append(ColumnBuilder builder, T? value)
        {
            if (value.HasValue) inner.Append(builder, value.GetValueOrDefault());
            else builder.AppendNull();
        }
    }

    private sealed class Numeric<TSource, TTarget> : ValueAppender<TSource>
        where TSource : System.Numerics.INumberBase<TSource>
        where TTarget : unmanaged, System.Numerics.INumberBase<TTarget>
    {
        public override void Append(ColumnBuilder builder, TSource value) =>
            ((PrimitiveColumnBuilder<TTarget>)builder).Append(NumericCast<TSource, TTarget>.Convert(value));
    }

    private sealed class Text : ValueAppender<string?>
    {
        public override void Append(ColumnBuilder builder, string? value) => ((StringColumnBuilder)builder).Append(value);
    }

    private sealed class Formatted<T> : ValueAppender<T> where T : struct
    {
        public override void Append(ColumnBuilder builder, T value) => ((StringColumnBuilder)builder).Append(value.ToString());
    }

    private sealed class Bytes : ValueAppender<byte[]?>
    {
        public override void Append(ColumnBuilder builder, byte[]? value) => ((BinaryColumnBuilder)builder).Append(value);
    }

    private sealed class Offset : ValueAppender<DateTimeOffset>
    {
        public override void Append(ColumnBuilder builder, DateTimeOffset value) =>
            ((PrimitiveColumnBuilder<DateTime>)builder).Append(value.UtcDateTime);
    }

    private sealed class FloatVector : ValueAppender<float[]?>
    {
        public override void Append(ColumnBuilder builder, float[]? value)
        {
            if (value is null) builder.AppendNull();
            else ((FixedSizeListColumnBuilder)builder).Append(value.AsSpan());
        }
    }

    private sealed class ListOf<TList, TElement>(ValueAppender<TElement> element) : ValueAppender<TList>
        where TList : IEnumerable<TElement>
    {
        public override void Append(ColumnBuilder builder, TList value)
        {
            if (value is null)
            {
                builder.AppendNull();
                return;
            }
            var list = (ListColumnBuilder)builder;
            var elements = list.Elements;
            switch (value)
            {
                case TElement[] array:
                    foreach (var e in array) element.Append(elements, e);
                    break;
                case List<TElement> items:
                    foreach (var e in CollectionsMarshal.AsSpan(items)) element.Append(elements, e);
                    break;
                default:
                    foreach (var e in value) element.Append(elements, e);
                    break;
            }
            list.EndList();
        }
    }

    private sealed class StructOf<T>(object[] members) : ValueAppender<T>
    {
        private readonly MemberAppender<T>[] _members = members.Cast<MemberAppender<T>>().ToArray();

        public override void Append(ColumnBuilder builder, T value)
        {
            if (value is null)
            {
                builder.AppendNull();
                return;
            }
            var fields = (StructColumnBuilder)builder;
            for (var i = 0; i < _members.Length; i++) _members[i].Append(fields.Children[i], value);
            fields.EndStruct();
        }
    }

    private sealed class Boxed<T> : ValueAppender<T>
    {
        public override void Append(ColumnBuilder builder, T value) => builder.Append(value);
    }
}
