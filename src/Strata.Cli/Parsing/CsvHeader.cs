using System.Text;

namespace Strata.Cli.Parsing;

/// <summary>Reads the column names from the first line of a CSV file (RFC 4180 quoting).</summary>
internal static class CsvHeader
{
    /// <summary>The names in the file's header line; empty when the file is empty.</summary>
    public static IReadOnlyList<string> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = reader.ReadLine();
        return line is null ? [] : Parse(line);
    }

    /// <summary>Splits one CSV line into fields: commas separate, double quotes quote, doubled quotes escape.</summary>
    public static IReadOnlyList<string> Parse(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString().Trim());
        return fields;
    }
}
