namespace Strata.Data;

/// <summary>
/// Appends typed values to a column builder without boxing. Made once per conversion by
/// <see cref="ValueAppenders"/> for a (.NET type, column type) pair; the builder passed in
/// is always of the kind the appender was made for.
/// </summary>
internal abstract class ValueAppender<T>
{
    /// <summary>Appends one value (null appends a null).</summary>
    public abstract void Append(ColumnBuilder builder, T value);
}
