using System.Text;

namespace Strata.Data;

public sealed partial class RecordBatch
{
    /// <summary>
    /// The batch as an aligned plain-text table: a header of column names, a separator line, up to
    /// <paramref name="maxRows"/> rows and a footer with the row count. Cells are formatted with
    /// <see cref="ValueFormatter"/> (nulls as <c>null</c>, lists as <c>[1, 2, 3]</c>, binary as <c>&lt;12 bytes&gt;</c>,
    /// UTC timestamps in ISO 8601); numbers are right-aligned, control characters escaped, and cells wider
    /// than <paramref name="maxColumnWidth"/> cut with '…'. Wide (CJK) characters and emoji count as two columns.
    /// </summary>
    /// <example>
    /// <code>
    /// id | name  | tags
    /// ---+-------+-------
    ///  1 | alice | [a, b]
    ///  2 | null  | []
    /// (2 rows)
    /// </code>
    /// </example>
    /// <param name="maxRows">Most rows shown (0 shows only the header); the rest are counted in a <c>… N more rows</c> line.</param>
    /// <param name="maxColumnWidth">Widest a column may be, at least 3.</param>
    public string ToText(int maxRows = 20, int maxColumnWidth = 40)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxColumnWidth, 3);
        var footer = RowCount == 1 ? "(1 row)" : $"({RowCount} rows)";
        if (Schema.Count == 0) return footer;

        var shown = Math.Min(RowCount, maxRows);
        var cells = new string[shown + 1][];
        cells[0] = Schema.Fields.Select(f => DisplayWidth.Fit(DisplayWidth.Escape(f.Name), maxColumnWidth)).ToArray();
        for (var r = 0; r < shown; r++)
        {
            cells[r + 1] = new string[Schema.Count];
            for (var c = 0; c < Schema.Count; c++)
            {
                // Format no further than could be shown, so long lists and vectors stay cheap.
                var text = ValueFormatter.Format(Columns[c].GetValue(r), maxColumnWidth * 4);
                cells[r + 1][c] = DisplayWidth.Fit(DisplayWidth.Escape(text), maxColumnWidth);
            }
        }

        var widths = new int[Schema.Count];
        foreach (var row in cells)
            for (var c = 0; c < row.Length; c++)
                widths[c] = Math.Max(widths[c], DisplayWidth.Of(row[c]));
        var rightAligned = Schema.Fields.Select(f => f.Type.IsNumeric).ToArray();

        var sb = new StringBuilder();
        for (var r = 0; r < cells.Length; r++)
        {
            AppendLine(sb, cells[r], widths, rightAligned);
            if (r == 0) sb.AppendJoin("-+-", widths.Select(w => new string('-', w))).Append('\n');
        }
        if (shown < RowCount) sb.Append(ValueFormatter.Ellipsis).Append(' ').Append(RowCount - shown).Append(RowCount - shown == 1 ? " more row\n" : " more rows\n");
        return sb.Append(footer).ToString();
    }

    /// <summary>The first 20 rows as a table (see <see cref="ToText"/>).</summary>
    public override string ToString() => ToText();

    private static void AppendLine(StringBuilder sb, string[] cells, int[] widths, bool[] rightAligned)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0) sb.Append(" | ");
            var pad = widths[c] - DisplayWidth.Of(cells[c]);
            var last = c == cells.Length - 1;
            if (rightAligned[c]) sb.Append(' ', pad).Append(cells[c]);
            else if (last) sb.Append(cells[c]); // no trailing spaces
            else sb.Append(cells[c]).Append(' ', pad);
        }
        sb.Append('\n');
    }
}
