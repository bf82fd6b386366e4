namespace Strata.Vault.Builders;

/// <summary>A parsed builder file.</summary>
internal sealed record BuilderSpec
{
    public required string Name { get; init; }

    /// <summary>The file, for messages (lake-relative).</summary>
    public required string File { get; init; }
    public required string Text { get; init; }
    public required BuilderKind Kind { get; init; }
    public required IReadOnlyList<string> ChangedColumns { get; init; }
    public required string CodeModule { get; init; }
    public required string Function { get; init; }
    public required IReadOnlyDictionary<string, ArgumentValue> Arguments { get; init; }
    public ReturnKind ReturnType { get; init; } = ReturnKind.DataFrame;
    public int Threads { get; init; } = 1;
    public IReadOnlyDictionary<string, Dtype> Dtypes { get; init; } = new Dictionary<string, Dtype>();

    /// <summary>Declared dependencies (table names); derived from the references when empty.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];
    public bool KeepOld { get; init; }
    public int Line { get; init; } = 1;

    public IEnumerable<TableReference> References() => Arguments.Values.SelectMany(a => a.References());

    public string Where(int line) => $"{File}:{line}";
}
