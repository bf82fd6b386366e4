using System.Text.RegularExpressions;
using Strata.Data;

namespace Strata.Vault.Builders;

/// <summary>Parses <c>&lt;&lt;…&gt;&gt;</c> table references and substitutes <c>~ARTIFACT_FOLDER~</c> / <c>~PROCESS_ID~</c> placeholders.</summary>
internal static partial class ReferenceParser
{
    public const string ArtifactFolder = "~ARTIFACT_FOLDER~";
    public const string ProcessId = "~PROCESS_ID~";

    // table [ (instance) ] . ( column | {a,b,...} ) [ [col::value, ...] ]
    [GeneratedRegex(@"^\s*(?<table>[A-Za-z][A-Za-z0-9_-]*)\s*(\(\s*(?<instance>[A-Za-z0-9_-]+)\s*\))?\s*\.\s*(?:\{(?<multi>[^}]*)\}|(?<col>[^\[\]{}.,]+?))\s*(\[(?<filter>[^\]]*)\])?\s*$")]
    private static partial Regex ReferencePattern();

    /// <summary>True when the text contains a reference marker.</summary>
    public static bool HasReference(string text) => text.Contains("<<", StringComparison.Ordinal) || text.Contains(">>", StringComparison.Ordinal);

    /// <summary>The reference when the whole (trimmed) text is one; null when it holds none; an error when it is malformed or mixed with text.</summary>
    public static TableReference? Parse(string text, string where)
    {
        if (!HasReference(text)) return null;
        var t = text.Trim();
        if (!t.StartsWith("<<", StringComparison.Ordinal) || !t.EndsWith(">>", StringComparison.Ordinal) || t.IndexOf("<<", 2, StringComparison.Ordinal) >= 0)
            throw new StrataInvalidInputException($"{where}: '{text}' mixes a table reference with other text; a reference must be the whole value, like <<table.column>>.");
        var inner = t[2..^2];
        var m = ReferencePattern().Match(inner);
        if (!m.Success)
            throw new StrataInvalidInputException(
                $"{where}: '{text}' is not a valid table reference; write <<table.column>>, <<table(instance).{{a,b}}[col::value]>> or <<self.column>>.");
        var multi = m.Groups["multi"].Success;
        var columns = (multi ? m.Groups["multi"].Value.Split(',') : [m.Groups["col"].Value]).Select(c => c.Trim()).ToList();
        foreach (var c in columns)
        {
            try { Names.ValidateColumn(c); }
            catch (StrataInvalidInputException e) { throw new StrataInvalidInputException($"{where}: in '{text}': {e.Message}", e); }
        }
        var filters = new List<KeyValuePair<string, string>>();
        if (m.Groups["filter"].Success)
        {
            foreach (var part in m.Groups["filter"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var idx = part.IndexOf("::", StringComparison.Ordinal);
                if (idx <= 0) throw new StrataInvalidInputException($"{where}: filter '{part.Trim()}' in '{text}' must look like column::value.");
                filters.Add(new(part[..idx].Trim(), part[(idx + 2)..].Trim()));
            }
        }
        var table = m.Groups["table"].Value;
        var instance = m.Groups["instance"].Success ? m.Groups["instance"].Value : null;
        if (table == "self" && instance is not null)
            throw new StrataInvalidInputException($"{where}: '{text}': <<self…>> cannot name an instance.");
        return new TableReference(table, instance, columns, filters, multi, t);
    }

    /// <summary>Substitutes the placeholders in a scalar.</summary>
    public static string Substitute(string text, string artifactFolder, string processId) =>
        text.Replace(ArtifactFolder, artifactFolder, StringComparison.Ordinal).Replace(ProcessId, processId, StringComparison.Ordinal);
}
