namespace Strata.Data;

/// <summary>Reads one property of a record through a compiled getter and appends it to the column's builder.</summary>
internal abstract class MemberAppender<TOwner>
{
    /// <summary>Appends the property value of <paramref name="owner"/>.</summary>
    public abstract void Append(ColumnBuilder builder, TOwner owner);
}
