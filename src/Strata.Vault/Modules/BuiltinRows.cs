namespace Strata.Vault.Modules;

/// <summary>Built-in module <c>builtin_rows</c>: rows from a YAML list.</summary>
public static class BuiltinRows
{
    /// <summary>One row per value of the list (one output column; give it a dtype to convert the text).</summary>
    public static IReadOnlyList<string> Rows(IReadOnlyList<string> values) => values;
}
