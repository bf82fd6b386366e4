using System.Globalization;
using System.Text;

namespace Strata.Benchmarks;

/// <summary>
/// Writes the CSV of figure 6: the workload's scalar columns (id, category, value, text — a CSV has no
/// vector type), seeded, until the file reaches the requested size.
/// </summary>
internal static class CsvGenerator
{
    /// <summary>Writes the file; returns its row count.</summary>
    public static long Write(string path, long bytes, int seed = 7)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(64);
        var line = new StringBuilder(128);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20);
        writer.Write("id,category,value,text\n");
        long rows = 0;
        while (true)
        {
            // Check the size every 64K rows (the writer's buffer makes stream.Position lag a little).
            for (var i = 0; i < 65_536; i++, rows++)
            {
                line.Clear()
                    .Append(rows.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Workload.Category(random.Next(Workload.Categories))).Append(',')
                    .Append(random.NextDouble().ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(Workload.Text(random, sb)).Append('\n');
                writer.Write(line);
            }
            writer.Flush();
            if (stream.Position >= bytes) return rows;
        }
    }
}
