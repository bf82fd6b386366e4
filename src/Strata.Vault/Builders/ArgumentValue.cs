namespace Strata.Vault.Builders;

/// <summary>A builder argument as written in YAML: a scalar (text with placeholders, or exactly one table reference), a list, or a mapping.</summary>
internal sealed record ArgumentValue
{
    public string? Scalar { get; init; }
    public TableReference? Reference { get; init; }
    public IReadOnlyList<ArgumentValue>? List { get; init; }
    public IReadOnlyDictionary<string, ArgumentValue>? Map { get; init; }
    public required int Line { get; init; }

    /// <summary>Every table reference in the value.</summary>
    public IEnumerable<TableReference> References()
    {
        if (Reference is not null) yield return Reference;
        foreach (var item in List ?? []) foreach (var r in item.References()) yield return r;
        foreach (var item in Map?.Values ?? []) foreach (var r in item.References()) yield return r;
    }
}
