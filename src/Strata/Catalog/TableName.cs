using Strata.Data;
using Strata.Format;

namespace Strata.Catalog;

/// <summary>A table's name within its namespace: <c>table</c> or <c>ns.sub.table</c>.</summary>
internal sealed record TableName(IReadOnlyList<string> Namespace, string Name)
{
    /// <summary>Parses and validates a (possibly dotted) name.</summary>
    public static TableName Parse(string? qualified, string what = "table")
    {
        if (string.IsNullOrEmpty(qualified)) throw new StrataInvalidInputException($"{what} name is empty; give a name.");
        if (qualified.Contains("..", StringComparison.Ordinal) || qualified.IndexOfAny(['/', '\\']) >= 0)
            throw new StrataInvalidInputException($"{what} name '{Names.Printable(qualified)}' contains a path separator or '..'; names are not paths.");
        if (qualified.StartsWith('.') || qualified.EndsWith('.'))
            throw new StrataInvalidInputException($"{what} name '{Names.Printable(qualified)}' starts or ends with '.'; use ns.name for a namespaced table.");
        var parts = qualified.Split('.');
        foreach (var p in parts) Names.ValidateTable(p, parts.Length > 1 && p != parts[^1] ? "namespace" : what);
        return new TableName(parts[..^1], parts[^1]);
    }

    public bool Matches(CatalogEntry e) =>
        string.Equals(e.Name, Name, StringComparison.OrdinalIgnoreCase)
        && e.Namespace.Count == Namespace.Count
        && e.Namespace.Zip(Namespace).All(p => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Namespace.Count == 0 ? Name : string.Join('.', Namespace) + "." + Name;
}
