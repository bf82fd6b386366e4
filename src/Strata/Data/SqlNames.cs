namespace Strata.Data;

/// <summary>Quoting of identifiers and literals for the SQL Strata generates.</summary>
internal static class SqlNames
{
    /// <summary>A double-quoted SQL identifier.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A single-quoted SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
