namespace Strata.Format;

/// <summary>
/// One immutable version of the lake's catalog (which names map to which table ids), stored at
/// <c>catalog/v/&lt;version&gt;.json</c>. Tables are stored under generated ids, so a rename or a
/// drop is one catalog commit and no user-supplied name ever becomes a path.
/// </summary>
internal sealed record CatalogManifest
{
    public string Format { get; init; } = FormatConstants.CatalogManifestFormat;
    public int FormatVersion { get; init; } = FormatConstants.CatalogVersion;
    public required long Version { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string Author { get; init; }
    public required OperationRecord Operation { get; init; }
    public required IReadOnlyList<CatalogEntry> Tables { get; init; }

    /// <summary>Namespaces created so far (each a path of names).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Namespaces { get; init; } = [];
}

/// <summary>A named table (or view) of the catalog.</summary>
internal sealed record CatalogEntry
{
    /// <summary>Namespace path, empty for the root namespace.</summary>
    public IReadOnlyList<string> Namespace { get; init; } = [];
    public required string Name { get; init; }
    public required string TableId { get; init; }

    /// <summary>table, view, materialized_view, udtf_view, vault_table.</summary>
    public string Kind { get; init; } = "table";
    public required DateTimeOffset CreatedAt { get; init; }
    public string? Description { get; init; }

    /// <summary>Kind-specific settings (a view's SQL, a vault table's flags).</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    public string QualifiedName => Namespace.Count == 0 ? Name : string.Join('.', Namespace) + "." + Name;
}

/// <summary>The lake's marker file <c>_strata_lake.json</c>.</summary>
internal sealed record LakeMarker
{
    public string Format { get; init; } = FormatConstants.LakeMarkerFormat;
    public int FormatVersion { get; init; } = FormatConstants.LakeFormatVersion;
    public required string LakeId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Author { get; init; }
    public string? Description { get; init; }
}

/// <summary>A tag: a name for a table version, at <c>tables/&lt;id&gt;/tags/&lt;tag&gt;.json</c>.</summary>
internal sealed record TagRecord
{
    public string Format { get; init; } = FormatConstants.TagFormat;
    public int FormatVersion { get; init; } = FormatConstants.TagVersion;
    public required string Name { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Author { get; init; }
}
