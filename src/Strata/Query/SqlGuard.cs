namespace Strata.Query;

/// <summary>
/// Checks SQL fragments given by callers (predicates, expressions) before they are embedded in the
/// queries Strata builds: one expression only — balanced quotes and parentheses, no ';', no comments —
/// so a fragment cannot end the surrounding query or start another statement.
/// </summary>
internal static class SqlGuard
{
    public static string Expression(string? sql, string what)
    {
        if (string.IsNullOrWhiteSpace(sql)) throw new StrataInvalidInputException($"the {what} is empty.");
        var depth = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'' or '"':
                    var close = sql.IndexOf(c, i + 1);
                    while (close >= 0 && close + 1 < sql.Length && sql[close + 1] == c) close = sql.IndexOf(c, close + 2);
                    if (close < 0) throw Bad(sql, what, "has an unterminated quote");
                    i = close;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth < 0) throw Bad(sql, what, "has an unbalanced ')'");
                    break;
                case ';':
                    throw Bad(sql, what, "contains ';' (one expression only)");
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    throw Bad(sql, what, "contains a comment");
                default:
                    if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t') throw Bad(sql, what, "contains control characters");
                    break;
            }
        }
        if (depth != 0) throw Bad(sql, what, "has an unbalanced '('");
        return sql;
    }

    private static StrataInvalidInputException Bad(string sql, string what, string why) =>
        new($"the {what} '{(sql.Length > 80 ? sql[..80] + "…" : sql)}' {why}.");
}
