using System.Text;
using Strata.Data;

namespace Strata.Cli.Output;

/// <summary>
/// CSV: a header line, then one line per row, fields quoted as RFC 4180 says (when they hold a comma,
/// quote or line break; quotes doubled). Nulls are empty fields; empty strings are <c>""</c>; binary
/// is base64; lists and structs use <see cref="ValueFormatter"/>'s text form.
/// </summary>
internal sealed class CsvRowWriter : RowWriter
{
    private readonly TextWriter _out;
    private readonly StringBuilder _line = new();

    /// <summary>Creates a writer printing to <paramref name="output"/>.</summary>
    public CsvRowWriter(TextWriter output) => _out = output;

    /// <inheritdoc />
    protected override void OnBegin() => WriteLine(Columns);

    /// <inheritdoc />
    protected override void OnRow(IReadOnlyList<object?> values) => WriteLine(values.Select(Field).ToList());

    /// <inheritdoc />
    public override void End(string? note = null) => _out.Flush();

    private void WriteLine(IReadOnlyList<string?> fields)
    {
        _line.Clear();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) _line.Append(',');
            AppendQuoted(_line, fields[i]);
        }
        _out.WriteLine(_line.ToString());
    }

    /// <summary>The field text of a value; null for a null value (written as an empty field).</summary>
    private static string? Field(object? value) => value switch
    {
        null => null,
        byte[] bytes => Convert.ToBase64String(bytes),
        _ => ValueFormatter.Format(value),
    };

    private static void AppendQuoted(StringBuilder sb, string? field)
    {
        if (field is null) return;
        if (field.Length > 0 && field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            sb.Append(field);
            return;
        }
        sb.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
