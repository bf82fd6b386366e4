namespace Strata.Data;

/// <summary>A named, typed column of a schema (or a field of a struct).</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The column type.</param>
/// <param name="Nullable">Whether the column may hold nulls (default true).</param>
public sealed record Field(string Name, DataType Type, bool Nullable = true)
{
    /// <summary>Text form <c>name type</c>.</summary>
    public override string ToString() => $"{Name} {Type}";
}
