namespace Strata.Engine;

/// <summary>Light lexical help for SQL text Strata wraps in a subquery.</summary>
internal static class SqlText
{
    /// <summary>
    /// The statement without its trailing terminators: everything up to the last ';' that is
    /// followed only by whitespace, comments and more ';'. Quotes ('…', "…", $$…$$/$tag$…$tag$)
    /// and comments (-- and /* */) are skipped so a ';' inside them does not count.
    /// </summary>
    public static string WithoutTerminator(string sql)
    {
        var end = sql.Length;       // end of the statement body
        var lastCode = -1;          // index of the last character that is code (not comment/space)
        var i = 0;
        while (i < sql.Length)
        {
            var ch = sql[i];
            if (ch == '-' && At(sql, i + 1, '-'))
            {
                var nl = sql.IndexOf('\n', i);
                i = nl < 0 ? sql.Length : nl + 1;
                continue;
            }
            if (ch == '/' && At(sql, i + 1, '*'))
            {
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + 2;
                continue;
            }
            if (char.IsWhiteSpace(ch))
            {
                i++;
                continue;
            }
            if (ch == ';')
            {
                if (lastCode >= 0 && sql[lastCode] != ';') end = i;
                lastCode = i;
                i++;
                continue;
            }
            end = sql.Length;
            i = ch switch
            {
                '\'' or '"' => SkipQuoted(sql, i, ch),
                '$' => SkipDollar(sql, i),
                _ => i + 1,
            };
            lastCode = i - 1;
        }
        return sql[..end];
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static int SkipQuoted(string s, int start, char quote)
    {
        var i = start + 1;
        while (i < s.Length)
        {
            if (s[i] == quote)
            {
                if (At(s, i + 1, quote)) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return s.Length;
    }

    private static int SkipDollar(string s, int start)
    {
        // $tag$ … $tag$ (tag may be empty); a '$' followed by digits is a parameter.
        var j = start + 1;
        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
        if (!At(s, j, '$') || (j > start + 1 && char.IsDigit(s[start + 1]))) return start + 1;
        var tag = s[start..(j + 1)];
        var close = s.IndexOf(tag, j + 1, StringComparison.Ordinal);
        return close < 0 ? s.Length : close + tag.Length;
    }
}
