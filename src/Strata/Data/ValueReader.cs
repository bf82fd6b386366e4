namespace Strata.Data;

/// <summary>
/// Reads typed values from one column without boxing. Made by <see cref="ValueReaders"/> for a
/// (column, .NET type) pair when a batch is converted to records; errors name the column and row.
/// </summary>
internal abstract class ValueReader<T>
{
    /// <summary>Binds the reader to a column.</summary>
    protected ValueReader(Column column, string path)
    {
        Column = column;
        Path = path;
    }

    /// <summary>The column read.</summary>
    protected Column Column { get; }

    /// <summary>The column name (with <c>.field</c> for struct fields) used in error messages.</summary>
    protected string Path { get; }

    /// <summary>The value at a row.</summary>
    /// <exception cref="StrataInvalidInputException">The value is null and <typeparamref name="T"/> cannot hold null, or it cannot be converted.</exception>
    public abstract T Read(int row);

    /// <summary>
    /// Copies <c>destination.Length</c> values starting at <paramref name="start"/> in one go when
    /// none is null and no conversion is needed; false when the caller must read them one by one.
    /// </summary>
    public virtual bool TryCopy(int start, Span<T> destination) => false;

    /// <summary>An error about the value at a row; <see cref="WhatOf"/> recovers <paramref name="what"/>.</summary>
    protected StrataInvalidInputException Error(int row, string what, Exception? inner = null)
    {
        var e = new StrataInvalidInputException($"column '{Path}', row {row}: {what}", inner);
        e.Data[WhatKey] = what;
        return e;
    }

    /// <summary>The description of an error made by <see cref="Error"/> without its column and row (for list elements).</summary>
    protected static string WhatOf(StrataInvalidInputException e) => e.Data[WhatKey] as string ?? e.Message;

    private const string WhatKey = "Strata.ValueReader.What";

    /// <summary>The error for a null read into a non-nullable value type.</summary>
    protected StrataInvalidInputException NullError(int row) =>
        Error(row, $"the value is null but the property is {ClrTypeInference.Display(typeof(T))}; make it nullable ({ClrTypeInference.Display(typeof(T))}?) or fill the nulls.");
}
