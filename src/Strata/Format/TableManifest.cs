namespace Strata.Format;

/// <summary>
/// One immutable version of a table, stored as JSON at <c>tables/&lt;id&gt;/v/&lt;version&gt;.json</c>.
/// Field names are part of the on-disk format (docs/format.md); add fields, never rename them.
/// </summary>
internal sealed record TableManifest
{
    /// <summary>Identifies the file kind.</summary>
    public string Format { get; init; } = FormatConstants.TableManifestFormat;

    /// <summary>Format version; readers reject versions they do not know.</summary>
    public int FormatVersion { get; init; } = FormatConstants.TableManifestVersion;

    public required string TableId { get; init; }
    public required long Version { get; init; }
    public long? ParentVersion { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string Author { get; init; }
    public required OperationRecord Operation { get; init; }
    public string? ProcessId { get; init; }

    /// <summary>TableVault's named version ("base" by default).</summary>
    public string NamedVersion { get; init; } = "base";

    /// <summary>TableVault instance id (<c>&lt;version&gt;_&lt;time&gt;_&lt;unique&gt;</c>) when this version is an instance.</summary>
    public string? InstanceId { get; init; }

    public string? Description { get; init; }
    public bool Success { get; init; } = true;

    public required IReadOnlyList<FieldEntry> Fields { get; init; }
    public required IReadOnlyList<FragmentEntry> Fragments { get; init; }

    /// <summary>Next stable row id to hand out; row ids are never reused.</summary>
    public long NextRowId { get; init; }
    public long NextFragmentId { get; init; }
    public int NextFieldId { get; init; }

    /// <summary>Inputs this version was computed from (table id and version).</summary>
    public IReadOnlyList<LineageEntry> Lineage { get; init; } = [];

    /// <summary>Table-level settings carried from version to version.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Total live rows (physical rows minus deletions).</summary>
    public long LiveRowCount() => Fragments.Sum(f => f.LiveRowCount);
}

/// <summary>What a commit did.</summary>
/// <param name="Kind">create, append, delete, update, merge_insert, add_columns, drop_columns, alter_columns, overwrite, restore, compact, backfill, …</param>
/// <param name="Parameters">The operation's parameters, for the version history.</param>
internal sealed record OperationRecord(string Kind, IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>A column of the table schema with its stable id and provenance.</summary>
internal sealed record FieldEntry
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public bool Nullable { get; init; } = true;

    /// <summary>How the column's values came to be.</summary>
    public ColumnProvenance? Provenance { get; init; }

    /// <summary>The version in which the column's values last changed.</summary>
    public long ChangedInVersion { get; init; }
}

/// <summary>Where a column's values come from.</summary>
internal sealed record ColumnProvenance
{
    /// <summary>data (written by callers), sql (expression), udf, builder, or empty (typed all-null).</summary>
    public required string Kind { get; init; }
    public string? Expression { get; init; }
    public IReadOnlyList<string>? Inputs { get; init; }
    public string? CodeHash { get; init; }
    public IReadOnlyDictionary<string, string>? Properties { get; init; }
}

/// <summary>
/// A horizontal slice of the table. Every data file of a fragment has the same physical rows in the
/// same order; a file holds some of the columns (column groups). Deleted rows stay in the files and
/// are listed in the deletion file.
/// </summary>
internal sealed record FragmentEntry
{
    public required long Id { get; init; }

    /// <summary>Physical rows in each data file (including deleted ones).</summary>
    public required long PhysicalRows { get; init; }

    /// <summary>Row id of the first row when the fragment's row ids are contiguous; null when the first file holds a <c>_rowid</c> column.</summary>
    public long? RowIdStart { get; init; }

    public required IReadOnlyList<DataFileEntry> Files { get; init; }
    public DeletionEntry? Deletion { get; init; }

    public long LiveRowCount => PhysicalRows - (Deletion?.Count ?? 0);
}

/// <summary>A Parquet file of a fragment.</summary>
internal sealed record DataFileEntry
{
    public required string Path { get; init; }

    /// <summary>Field id → column name inside the file (names inside files never change; renames are metadata).</summary>
    public required IReadOnlyDictionary<int, string> Columns { get; init; }

    /// <summary>True when the file has a <c>_rowid</c> column with the stable row ids.</summary>
    public bool HasRowIds { get; init; }

    public long SizeBytes { get; init; }

    /// <summary>For files written by a backfill: the UDF version and the identity of the inputs they were computed from.</summary>
    public ComputedEntry? Computed { get; init; }

    /// <summary>Per field: what the field's values in this file were computed with (files that hold several computed columns, e.g. after compaction).</summary>
    public IReadOnlyDictionary<int, ComputedEntry>? ComputedFields { get; init; }

    /// <summary>What a field's values in this file were computed with, if known.</summary>
    public ComputedEntry? ComputedOf(int fieldId) => ComputedFields?.GetValueOrDefault(fieldId) ?? Computed;
}

/// <summary>What a computed column file was computed with.</summary>
/// <param name="UdfVersion">The UDF version.</param>
/// <param name="InputsKey">A hash of the fragment's input files (changes when an input column is rewritten).</param>
/// <param name="Complete">True when every physical row of the file has a value in every column: a backfill then
/// knows without reading the file that no row of the fragment needs computing (absent: unknown).</param>
internal sealed record ComputedEntry(string UdfVersion, string InputsKey, bool? Complete = null);

/// <summary>A Parquet file with one column <c>pos</c>: physical positions of deleted rows in a fragment.</summary>
internal sealed record DeletionEntry(string Path, long Count);

/// <summary>An input of a version: another table at a version.</summary>
internal sealed record LineageEntry(string TableId, string TableName, long Version);
