using Strata.Catalog;
using Strata.Data;
using Strata.Format;

namespace Strata.Tables;

/// <summary>Manifest field entries for columns written by callers (provenance "data").</summary>
internal static class ManifestFields
{
    /// <summary>One entry per field of <paramref name="schema"/>, with ids from <paramref name="firstId"/>, changed in <paramref name="version"/>.</summary>
    public static List<FieldEntry> FromSchema(Schema schema, int firstId, long version) =>
        schema.Fields.Select((f, i) => new FieldEntry
        {
            Id = firstId + i,
            Name = f.Name,
            Type = f.Type.ToString(),
            Nullable = f.Nullable,
            Provenance = new ColumnProvenance { Kind = "data" },
            ChangedInVersion = version,
        }).ToList();

    /// <summary>The manifest of a new, empty table with <paramref name="schema"/> (version as given).</summary>
    public static TableManifest EmptyTable(CatalogEntry entry, Schema schema, string author, long version) => new()
    {
        TableId = entry.TableId,
        Version = version,
        Timestamp = entry.CreatedAt,
        Author = author,
        Operation = new OperationRecord("create"),
        Fields = FromSchema(schema, 0, 1),
        Fragments = [],
        NextFieldId = schema.Count,
        Description = entry.Description,
        Properties = entry.Properties ?? new Dictionary<string, string>(),
    };
}
