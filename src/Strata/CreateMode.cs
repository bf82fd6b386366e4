namespace Strata;

/// <summary>What table creation does when the table already exists.</summary>
public enum CreateMode
{
    /// <summary>Fail (unless <see cref="CreateTableOptions.ExistOk"/>) — the default.</summary>
    Create,
    /// <summary>Replace the content with the new data and schema as a new version (history is kept).</summary>
    Overwrite,
}
