using System.Text.RegularExpressions;

namespace Strata.Cli.Parsing;

/// <summary>Splits the comma lists and <c>name=EXPR</c> items of <c>--select</c>, <c>--set</c> and <c>--on</c>.</summary>
internal static partial class TextLists
{
    /// <summary>
    /// Splits at commas that are not inside parentheses, brackets or quotes, so
    /// <c>id, substr(body, 1, 10)</c> gives two items. Items are trimmed; empty items are an error.
    /// </summary>
    public static IReadOnlyList<string> SplitTopLevel(string text, string what)
    {
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q) quote = null; // a doubled quote closes and reopens: same result
                continue;
            }
            switch (c)
            {
                case '\'' or '"': quote = c; break;
                case '(' or '[' or '{': depth++; break;
                case ')' or ']' or '}': depth = Math.Max(0, depth - 1); break;
                case ',' when depth == 0:
                    items.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }
        items.Add(text[start..]);
        var trimmed = items.Select(s => s.Trim()).ToList();
        if (trimmed.Any(s => s.Length == 0))
            throw new CliUsageException($"{what} '{text}' has an empty item; separate items with single commas.");
        return trimmed;
    }

    /// <summary>
    /// Reads <c>name=EXPR</c> (a plain or double-quoted identifier, then <c>=</c> that is not part of
    /// <c>==</c>); false for anything else (e.g. a bare column name).
    /// </summary>
    public static bool TryParseAssignment(string item, out string name, out string expression)
    {
        var m = AssignmentPattern().Match(item);
        if (!m.Success)
        {
            name = expression = "";
            return false;
        }
        name = m.Groups["quoted"].Success ? m.Groups["quoted"].Value.Replace("\"\"", "\"", StringComparison.Ordinal) : m.Groups["plain"].Value;
        expression = m.Groups["expr"].Value.Trim();
        return true;
    }

    /// <summary>Parses <c>col=EXPR</c>, or explains the expected form.</summary>
    public static (string Name, string Expression) ParseAssignment(string item, string option)
    {
        if (!TryParseAssignment(item, out var name, out var expression) || expression.Length == 0)
            throw new CliUsageException($"{option} '{item}' is not of the form column=EXPR (e.g. {option} \"score=score*2\").");
        return (name, expression);
    }

    [GeneratedRegex("""^\s*(?:"(?<quoted>(?:[^"]|"")+)"|(?<plain>[A-Za-z_][A-Za-z0-9_]*))\s*=(?!=)(?<expr>.*)$""", RegexOptions.Singleline)]
    private static partial Regex AssignmentPattern();
}
