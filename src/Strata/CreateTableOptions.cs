namespace Strata;

/// <summary>Options of table creation (Geneva's <c>create_table</c> parameters).</summary>
public sealed record CreateTableOptions
{
    /// <summary>Create or overwrite. Default <see cref="CreateMode.Create"/>.</summary>
    public CreateMode Mode { get; init; } = CreateMode.Create;

    /// <summary>When the table exists and mode is Create: open it (checking the schema, if one was given) instead of failing.</summary>
    public bool ExistOk { get; init; }

    /// <summary>Bad-vector handling of the initial data.</summary>
    public WriteOptions Write { get; init; } = WriteOptions.Default;

    /// <summary>A description of the table.</summary>
    public string? Description { get; init; }

    /// <summary>Kind of catalog entry (table, vault_table, view …). Default "table".</summary>
    internal string Kind { get; init; } = "table";

    /// <summary>Table-level settings stored in every version.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }
}
