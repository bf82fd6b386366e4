using Strata.Data;
using Strata.Format;

namespace Strata.Tables;

/// <summary>A committed manifest with its parsed schema; immutable.</summary>
internal sealed class TableSnapshot
{
    private readonly Dictionary<int, FieldEntry> _byId;

    public TableSnapshot(TableManifest manifest, string manifestPath)
    {
        Manifest = manifest;
        try
        {
            Schema = new Schema(manifest.Fields.Select(f => new Field(f.Name, DataType.Parse(f.Type), f.Nullable)));
        }
        catch (StrataInvalidInputException e)
        {
            throw new StrataCorruptDataException(manifestPath, $"the schema cannot be read: {e.Message}", e);
        }
        _byId = manifest.Fields.ToDictionary(f => f.Id);
    }

    public TableManifest Manifest { get; }
    public Schema Schema { get; }
    public long Version => Manifest.Version;

    public FieldEntry FieldById(int id) => _byId[id];

    public FieldEntry Field(string name) =>
        Manifest.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new StrataNotFoundException($"column '{name}' does not exist; columns are: {string.Join(", ", Manifest.Fields.Select(f => f.Name))}.");

    public DataType TypeOf(FieldEntry f) => Schema[Schema.IndexOf(f.Name)].Type;
}
