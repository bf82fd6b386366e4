using System.Text.RegularExpressions;

namespace Strata.Data;

/// <summary>
/// Validation of user-supplied names. Names never become file paths (tables are stored under
/// generated ids), but they are still kept to a safe alphabet so that they read the same in
/// SQL, on the command line and in every file system.
/// </summary>
public static partial class Names
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 128;

    private static readonly HashSet<string> ReservedTableNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "con", "prn", "aux", "nul", "system", "information_schema", "pg_catalog", "main", "temp", "memory",
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex("^[\\p{L}_][\\p{L}\\p{Nd}_ -]*$")]
    private static partial Regex ColumnNamePattern();

    /// <summary>Checks a table, view, namespace, tag or other object name.</summary>
    /// <exception cref="StrataInvalidInputException">The name is not acceptable; the message says why.</exception>
    public static string ValidateTable(string? name, string what = "table")
    {
        Common(name, what);
        if (name!.StartsWith("__", StringComparison.Ordinal) || ReservedTableNames.Contains(name))
            throw new StrataInvalidInputException($"{what} name '{name}' is reserved; choose another name.");
        if (!TableNamePattern().IsMatch(name))
            throw new StrataInvalidInputException(
                $"{what} name '{Printable(name)}' is not valid: use a letter first, then letters, digits, '_' or '-'.");
        return name;
    }

    /// <summary>Checks a column name.</summary>
    /// <exception cref="StrataInvalidInputException">The name is not acceptable; the message says why.</exception>
    public static string ValidateColumn(string? name)
    {
        Common(name, "column");
        if (name!.StartsWith("_strata", StringComparison.OrdinalIgnoreCase) || name.Equals("_rowid", StringComparison.OrdinalIgnoreCase))
            throw new StrataInvalidInputException($"column name '{name}' is reserved for Strata's own use; choose another name.");
        if (name != name.Trim() || !ColumnNamePattern().IsMatch(name))
            throw new StrataInvalidInputException(
                $"column name '{Printable(name)}' is not valid: use a letter or '_' first, then letters, digits, '_', '-' or inner spaces.");
        return name;
    }

    private static void Common(string? name, string what)
    {
        if (string.IsNullOrEmpty(name))
            throw new StrataInvalidInputException($"{what} name is empty; give a name.");
        if (name.Length > MaxLength)
            throw new StrataInvalidInputException($"{what} name is {name.Length} characters long; the limit is {MaxLength}.");
        if (name.Any(char.IsControl))
            throw new StrataInvalidInputException($"{what} name '{Printable(name)}' contains control characters.");
        if (name.Contains("..", StringComparison.Ordinal) || name.IndexOfAny(['/', '\\']) >= 0)
            throw new StrataInvalidInputException($"{what} name '{Printable(name)}' contains a path separator or '..'.");
        if (name.IndexOfAny(['\'', '"', '`', ';']) >= 0)
            throw new StrataInvalidInputException($"{what} name '{Printable(name)}' contains a quote or ';'.");
    }

    /// <summary>The name with control characters shown as \uXXXX, for messages.</summary>
    internal static string Printable(string s) =>
        string.Concat(s.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
