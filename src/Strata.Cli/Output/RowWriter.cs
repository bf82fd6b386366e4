using Strata.Data;

namespace Strata.Cli.Output;

/// <summary>
/// Prints rows in one output format: <see cref="Begin"/> with the column names once, then
/// <see cref="WriteRow"/> per row (or <see cref="WriteBatch"/>), then <see cref="End"/>.
/// </summary>
internal abstract class RowWriter
{
    /// <summary>The column names given to <see cref="Begin"/>.</summary>
    protected IReadOnlyList<string> Columns { get; private set; } = [];

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>A writer for the format, printing to the console's output (table cells cut at <paramref name="maxCellWidth"/> characters).</summary>
    public static RowWriter Create(OutputFormat format, CliConsole console, int maxCellWidth = TableRowWriter.MaxCellWidth) => format switch
    {
        OutputFormat.Csv => new CsvRowWriter(console.Out),
        OutputFormat.Json => new JsonRowWriter(console.Out),
        _ => new TableRowWriter(console.Out, console.IsOutputTerminal, maxCellWidth),
    };

    /// <summary>Starts the output with the column names.</summary>
    public void Begin(IReadOnlyList<string> columns)
    {
        Columns = columns;
        OnBegin();
    }

    /// <summary>Writes one row (values in column order, as <see cref="Column.GetValue"/> returns them).</summary>
    public void WriteRow(IReadOnlyList<object?> values)
    {
        RowCount++;
        OnRow(values);
    }

    /// <summary>Writes every row of a batch (calls <see cref="Begin"/> first when nothing was begun).</summary>
    public void WriteBatch(RecordBatch batch, long maxRows = long.MaxValue)
    {
        if (Columns.Count == 0) Begin(batch.Schema.Fields.Select(f => f.Name).ToList());
        var values = new object?[batch.Columns.Count];
        for (var r = 0; r < batch.RowCount && RowCount < maxRows; r++)
        {
            for (var c = 0; c < values.Length; c++) values[c] = batch.Columns[c].GetValue(r);
            WriteRow(values);
        }
    }

    /// <summary>Finishes the output; <paramref name="note"/> (e.g. "more rows") is shown only in the table format.</summary>
    public abstract void End(string? note = null);

    /// <summary>Called once the columns are known.</summary>
    protected virtual void OnBegin() { }

    /// <summary>Writes one row.</summary>
    protected abstract void OnRow(IReadOnlyList<object?> values);
}
