using System.Globalization;
using System.Text;

namespace Strata.Data;

/// <summary>
/// How many terminal columns text takes: one per character, two for East Asian wide characters and most
/// emoji, none for combining marks; grapheme clusters (a letter and its accents, a flag, an emoji sequence)
/// are never split.
/// </summary>
internal static class DisplayWidth
{
    /// <summary>The display width of <paramref name="text"/>.</summary>
    public static int Of(string text)
    {
        var width = 0;
        for (var i = 0; i < text.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(text, i);
            width += OfCluster(text.AsSpan(i, length));
            i += length;
        }
        return width;
    }

    /// <summary>The text cut to at most <paramref name="maxWidth"/> columns, ending with '…' when cut.</summary>
    public static string Fit(string text, int maxWidth)
    {
        if (Of(text) <= maxWidth) return text;
        var sb = new StringBuilder();
        var width = 0;
        for (var i = 0; i < text.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(text, i);
            var w = OfCluster(text.AsSpan(i, length));
            if (width + w > maxWidth - 1) break;
            sb.Append(text, i, length);
            width += w;
            i += length;
        }
        return sb.Append(ValueFormatter.Ellipsis).ToString();
    }

    /// <summary>The text with control characters shown as escapes (<c>\n</c>, <c>\t</c>, <c>\u0001</c>) so a table stays aligned.</summary>
    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static int OfCluster(ReadOnlySpan<char> cluster)
    {
        if (Rune.DecodeFromUtf16(cluster, out var rune, out _) != System.Buffers.OperationStatus.Done) return 1;
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) return 0;
        return IsWide(rune.Value) ? 2 : 1;
    }

    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F
            or >= 0x2E80 and <= 0x303E
            or >= 0x3041 and <= 0x33FF
            or >= 0x3400 and <= 0x4DBF
            or >= 0x4E00 and <= 0x9FFF
            or >= 0xA000 and <= 0xA4CF
            or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F
            or >= 0xFF00 and <= 0xFF60
            or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1F64F
            or >= 0x1F680 and <= 0x1F6FF
            or >= 0x1F900 and <= 0x1F9FF
            or >= 0x1FA70 and <= 0x1FAFF
            or >= 0x20000 and <= 0x2FFFD
            or >= 0x30000 and <= 0x3FFFD;
}
