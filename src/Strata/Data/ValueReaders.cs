using System.Globalization;
using System.Runtime.InteropServices;

namespace Strata.Data;

/// <summary>
/// Chooses and creates the <see cref="ValueReader{T}"/> for a column and a .NET type: direct reads of
/// the backing arrays when the types match, checked numeric conversions (long → int), element and
/// field readers for lists and structs, and a boxed conversion for anything else.
/// </summary>
internal static class ValueReaders
{
    /// <summary>
    /// Readers for the members of <paramref name="shape"/> that its factory reads, over columns found by
    /// name among <paramref name="fields"/>; null where no column matches.
    /// </summary>
    /// <exception cref="StrataInvalidInputException">A constructor parameter without a default has no column.</exception>
    public static object?[] ForShape(RecordShape shape, IReadOnlyList<Field> fields, IReadOnlyList<Column> columns, string prefix)
    {
        var index = new Dictionary<string, int>(fields.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++) index.TryAdd(fields[i].Name, i);
        var readers = new object?[shape.Members.Count];
        for (var i = 0; i < readers.Length; i++)
        {
            if (!shape.IsRead(i)) continue;
            var member = shape.Members[i];
            if (!index.TryGetValue(member.ColumnName, out var c))
            {
                if (shape.IsRequired(i))
                    throw new StrataInvalidInputException(
                        $"there is no column '{prefix}{member.ColumnName}', which the constructor of {ClrTypeInference.Display(shape.Type)} needs; " +
                        $"columns are: {string.Join(", ", fields.Select(f => f.Name))}.");
                continue;
            }
            readers[i] = Create(member.ClrType, columns[c], prefix + fields[c].Name);
        }
        return readers;
    }

    /// <summary>A <c>ValueReader&lt;clr&gt;</c> over <paramref name="column"/>.</summary>
    public static object Create(Type clr, Column column, string path)
    {
        if (clr == typeof(object)) return new Boxed<object>(column, path);
        if (Nullable.GetUnderlyingType(clr) is { } under)
            return New(typeof(NullableOf<>), [under], column, path, Create(under, column, path));
        var columnType = column.GetType();
        if (columnType.IsGenericType && columnType.GetGenericTypeDefinition() == typeof(PrimitiveColumn<>))
        {
            var stored = columnType.GetGenericArguments()[0];
            if (stored == clr) return New(typeof(Primitive<>), [clr], column, path);
            if (ValueAppenders.IsNumber(stored) && ValueAppenders.IsNumber(clr)) return New(typeof(Numeric<,>), [stored, clr], column, path);
            if (stored == typeof(DateTime) && clr == typeof(DateTimeOffset)) return new Offset(column, path);
        }
        if (column is StringColumn)
        {
            if (clr == typeof(string)) return new Text(column, path);
            if (clr.IsEnum) return New(typeof(EnumText<>), [clr], column, path);
            if (clr == typeof(Guid)) return new GuidText(column, path);
        }
        if (column is BinaryColumn && clr == typeof(byte[])) return new Bytes(column, path);
        if (column is ListColumn or FixedSizeListColumn && ClrTypeInference.TryCollectionTarget(clr, out var element, out var asList))
        {
            var values = column is ListColumn list ? list.Values : ((FixedSizeListColumn)column).Values;
            return New(typeof(ListOf<,>), [clr, element], column, path, Create(element, values, path + "[]"), asList);
        }
        if (column is StructColumn s && ClrTypeInference.IsRecordLike(clr))
        {
            var shape = RecordShape.For(clr);
            var readers = ForShape(shape, s.Type.Fields, s.Children, path + ".");
            return New(typeof(StructOf<>), [clr], column, path, shape.CreateFactory(), readers);
        }
        return New(typeof(Boxed<>), [clr], column, path);
    }

    private static object New(Type open, Type[] arguments, params object[] constructorArguments) =>
        Activator.CreateInstance(open.MakeGenericType(arguments), constructorArguments)!;

    /// <summary>Converts a value read from a column to a property type it is not already (the slow path).</summary>
    private static object ConvertObject(object value, Type target)
    {
        if (target == typeof(string)) return ValueFormatter.Format(value);
        switch (value)
        {
            case DateOnly d when target == typeof(DateTime): return d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            case DateOnly d when target == typeof(DateTimeOffset): return new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            case DateTime t when target == typeof(DateOnly): return DateOnly.FromDateTime(t);
            case string s when target.IsEnum: return Enum.Parse(target, s, ignoreCase: true);
            case string s when target == typeof(Guid): return Guid.Parse(s, CultureInfo.InvariantCulture);
            case string s when target == typeof(char) && s.Length == 1: return s[0];
            case Array array when ClrTypeInference.TryCollectionTarget(target, out var element, out var asList):
                var typed = Array.CreateInstance(element, array.Length);
                for (var i = 0; i < array.Length; i++)
                {
                    var item = array.GetValue(i);
                    typed.SetValue(item is null || element.IsInstanceOfType(item) ? item : ConvertObject(item, Nullable.GetUnderlyingType(element) ?? element), i);
                }
                return asList ? Activator.CreateInstance(typeof(List<>).MakeGenericType(element), typed)! : typed;
        }
        if (target.IsEnum) return Enum.ToObject(target, value);
        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(target))
        {
            if (value is float or double or decimal && ValueAppenders.IsNumber(target) && target != typeof(float) && target != typeof(double) && target != typeof(decimal)
                && Convert.ToDecimal(value, CultureInfo.InvariantCulture) % 1 != 0)
                throw new OverflowException($"{value} is not a whole number.");
            return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        throw new InvalidCastException();
    }

    private sealed class Primitive<T>(Column column, string path) : ValueReader<T>(column, path) where T : unmanaged
    {
        private readonly T[] _values = ((PrimitiveColumn<T>)column).RawValues;
        private readonly bool[]? _validity = column.Validity;

        public override T Read(int row)
        {
            if (_validity is not null && !_validity[row]) throw NullError(row);
            return _values[row];
        }

        public override bool TryCopy(int start, Span<T> destination)
        {
            if (_validity is not null && destination.Length > 0 && _validity.AsSpan(start, destination.Length).Contains(false)) return false;
            _values.AsSpan(start, destination.Length).CopyTo(destination);
            return true;
        }
    }

    private sealed class NullableOf<T>(Column column, string path, ValueReader<T> inner) : ValueReader<T?>(column, path) where T : struct
    {
        public override T? Read(int row) => Column.IsNull(row) ? null : inner.Read(row);
    }

    private sealed class Numeric<TSource, TTarget>(Column column, string path) : ValueReader<TTarget>(column, path)
        where TSource : unmanaged, System.Numerics.INumberBase<TSource>
        where TTarget : System.Numerics.INumberBase<TTarget>
    {
        private readonly TSource[] _values = ((PrimitiveColumn<TSource>)column).RawValues;

        public override TTarget Read(int row)
        {
            if (Column.IsNull(row)) throw NullError(row);
            try
            {
                return NumericCast<TSource, TTarget>.Convert(_values[row]);
            }
            catch (OverflowException e)
            {
                throw Error(row, $"{_values[row]} does not fit in {ClrTypeInference.Display(typeof(TTarget))}.", e);
            }
        }
    }

    private sealed class Offset(Column column, string path) : ValueReader<DateTimeOffset>(column, path)
    {
        private readonly DateTime[] _values = ((PrimitiveColumn<DateTime>)column).RawValues;

        public override DateTimeOffset Read(int row) =>
            Column.IsNull(row) ? throw NullError(row) : new DateTimeOffset(DateTime.SpecifyKind(_values[row], DateTimeKind.Utc));
    }

    private sealed class Text(Column column, string path) : ValueReader<string?>(column, path)
    {
        private readonly string?[] _values = ((StringColumn)column).RawValues;

        public override string? Read(int row) => Column.IsNull(row) ? null : _values[row];
    }

    private sealed class Bytes(Column column, string path) : ValueReader<byte[]?>(column, path)
    {
        private readonly byte[]?[] _values = ((BinaryColumn)column).RawValues;

        public override byte[]? Read(int row) => Column.IsNull(row) ? null : _values[row];
    }

    private sealed class EnumText<T>(Column column, string path) : ValueReader<T>(column, path) where T : struct, Enum
    {
        private readonly string?[] _values = ((StringColumn)column).RawValues;

        public override T Read(int row)
        {
            if (Column.IsNull(row)) throw NullError(row);
            return Enum.TryParse<T>(_values[row], ignoreCase: true, out var value)
                ? value
                : throw Error(row, $"'{_values[row]}' is not a {typeof(T).Name} value; expected one of {string.Join(", ", Enum.GetNames<T>())}.");
        }
    }

    private sealed class GuidText(Column column, string path) : ValueReader<Guid>(column, path)
    {
        private readonly string?[] _values = ((StringColumn)column).RawValues;

        public override Guid Read(int row)
        {
            if (Column.IsNull(row)) throw NullError(row);
            return Guid.TryParse(_values[row], CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error(row, $"'{_values[row]}' is not a GUID.");
        }
    }

    private sealed class ListOf<TList, TElement>(Column column, string path, ValueReader<TElement> element, bool asList)
        : ValueReader<TList>(column, path)
    {
        private readonly ListColumn? _list = column as ListColumn;
        private readonly int _size = (column as FixedSizeListColumn)?.ListSize ?? 0;

        public override TList Read(int row)
        {
            if (Column.IsNull(row)) return default!;
            int start, count;
            if (_list is not null)
            {
                var offsets = _list.Offsets;
                start = offsets[row];
                count = offsets[row + 1] - start;
            }
            else
            {
                start = row * _size;
                count = _size;
            }
            if (asList)
            {
                var items = new List<TElement>(count);
                CollectionsMarshal.SetCount(items, count);
                Fill(row, start, CollectionsMarshal.AsSpan(items));
                return (TList)(object)items;
            }
            var array = new TElement[count];
            Fill(row, start, array);
            return (TList)(object)array;
        }

        private void Fill(int row, int start, Span<TElement> destination)
        {
            if (element.TryCopy(start, destination)) return;
            var k = 0;
            try
            {
                for (; k < destination.Length; k++) destination[k] = element.Read(start + k);
            }
            catch (StrataInvalidInputException e)
            {
                throw Error(row, $"list element {k}: {WhatOf(e)}", e);
            }
        }
    }

    private sealed class StructOf<T>(Column column, string path, Delegate factory, object?[] readers) : ValueReader<T>(column, path)
    {
        private readonly Func<object?[], int, T> _factory = (Func<object?[], int, T>)factory;

        public override T Read(int row)
        {
            if (Column.IsNull(row)) return typeof(T).IsValueType ? throw NullError(row) : default!;
            return _factory(readers, row);
        }
    }

    private sealed class Boxed<T>(Column column, string path) : ValueReader<T>(column, path)
    {
        private static readonly bool CanBeNull = ClrTypeInference.IsNullable(typeof(T));

        public override T Read(int row)
        {
            var value = Column.GetValue(row);
            if (value is null) return CanBeNull ? default! : throw NullError(row);
            if (value is T typed) return typed;
            var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
            try
            {
                return (T)ConvertObject(value, target);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
            {
                throw Error(row, $"a {Column.Type} value cannot be read into {ClrTypeInference.Display(typeof(T))}.", e);
            }
        }
    }
}
