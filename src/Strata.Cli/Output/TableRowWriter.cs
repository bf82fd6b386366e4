using Spectre.Console;
using Spectre.Console.Rendering;
using Strata.Data;

namespace Strata.Cli.Output;

/// <summary>
/// A table for people (Spectre.Console): values as <see cref="ValueFormatter"/> shows them, cut at
/// <see cref="MaxCellWidth"/> characters; nulls dim <c>null</c>; numeric columns right-aligned.
/// Rows are held until <see cref="RowWriter.End"/>, so callers limit them.
/// </summary>
internal sealed class TableRowWriter : RowWriter
{
    /// <summary>Longest cell text before it is cut with an ellipsis.</summary>
    public const int MaxCellWidth = 48;

    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly int _maxCellWidth;
    private readonly List<IRenderable[]> _rows = [];
    private bool[] _numeric = [];

    /// <summary>Creates a writer printing to <paramref name="output"/>, cutting cells at <paramref name="maxCellWidth"/> characters.</summary>
    public TableRowWriter(TextWriter output, bool terminal, int maxCellWidth = MaxCellWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCellWidth, 1);
        _out = output;
        _terminal = terminal;
        _maxCellWidth = maxCellWidth;
    }

    /// <inheritdoc />
    protected override void OnBegin() => _numeric = Enumerable.Repeat(true, Columns.Count).ToArray();

    /// <inheritdoc />
    protected override void OnRow(IReadOnlyList<object?> values)
    {
        var cells = new IRenderable[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value is null)
            {
                cells[i] = new Markup("[dim]null[/]");
                continue;
            }
            if (value is not (sbyte or short or int or long or byte or ushort or uint or ulong or float or double or decimal)) _numeric[i] = false;
            cells[i] = new Text(ValueFormatter.Format(value, _maxCellWidth));
        }
        _rows.Add(cells);
    }

    /// <inheritdoc />
    public override void End(string? note = null)
    {
        var console = SpectreConsoles.Create(_out, _terminal);
        var summary = RowCount == 1 ? "1 row" : $"{RowCount} rows";
        if (Columns.Count == 0)
        {
            console.MarkupLine($"[dim]({summary})[/]");
            return;
        }
        var table = new Spectre.Console.Table().Border(TableBorder.Rounded);
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = new TableColumn(new Text(Columns[i], new Style(decoration: Decoration.Bold)));
            if (_numeric[i] && _rows.Count > 0) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in _rows) table.AddRow(row);
        console.Write(table);
        console.MarkupLine($"[dim]{Markup.Escape(note is null ? $"({summary})" : $"({summary}; {note})")}[/]");
        _out.Flush();
    }
}
