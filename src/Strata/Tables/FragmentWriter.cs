using System.Globalization;
using Strata.Data;
using Strata.Engine;
using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// Writes Parquet files of a table through DuckDB: batches are appended to a temporary DuckDB table
/// and COPYed to a scratch file, which the storage layer then moves (or uploads) into the lake.
/// Nothing written here is visible to readers until a manifest that names it is committed.
/// </summary>
internal sealed class FragmentWriter(Lake lake, string tableId)
{
    /// <summary>Writes the result of a query (run on <paramref name="connection"/>) as one data file whose columns are <paramref name="columnNames"/>.</summary>
    public async Task<WrittenFile> WriteQueryAsync(DuckDbConnection connection, string selectSql, IReadOnlyList<string> columnNames,
        CancellationToken ct)
    {
        var stem = Ids.NewFileStem();
        var scratch = ScratchFile(stem);
        long rows;
        try
        {
            rows = connection.ExecuteNonQuery($"COPY ({selectSql}) TO {SqlNames.Literal(scratch)} {ParquetSettings.CopyOptions}");
        }
        catch
        {
            TryDelete(scratch);
            throw;
        }
        var size = new FileInfo(scratch).Length;
        var path = $"{FormatConstants.TableDataFolder(tableId)}/{stem}.parquet";
        await lake.Storage.PutFileAsync(path, scratch, ct).ConfigureAwait(false);
        return new WrittenFile(path, rows, size, columnNames);
    }

    /// <summary>
    /// Stages batches (all of one schema) in a temporary DuckDB table and writes them as files of at most
    /// MaxRowsPerFragment rows; <paramref name="select"/> maps the staged table (a quoted name) to the
    /// file's SELECT and its column map (field id → column name).
    /// </summary>
    public async Task<List<(WrittenFile File, Dictionary<int, string> Columns)>> WriteBatchesAsync(IEnumerable<RecordBatch> batches,
        Func<string, (string Sql, Dictionary<int, string> Columns)> select, CancellationToken ct)
    {
        var result = new List<(WrittenFile, Dictionary<int, string>)>();
        using var conn = lake.Engine.Connect();
        var temp = "_w_" + Ids.Random(6);
        var max = lake.Options.MaxRowsPerFragment;
        var created = false;
        try
        {
            long pending = 0;
            foreach (var batch in batches)
            {
                ct.ThrowIfCancellationRequested();
                if (!created)
                {
                    conn.CreateTable(temp, batch.Schema, temporary: true);
                    created = true;
                }
                var offset = 0;
                while (offset < batch.RowCount)
                {
                    var take = (int)Math.Min(batch.RowCount - offset, max - pending);
                    conn.Append(temp, offset == 0 && take == batch.RowCount ? batch : batch.Slice(offset, take));
                    pending += take;
                    offset += take;
                    if (pending >= max)
                    {
                        result.Add(await FlushAsync(conn, temp, select, ct).ConfigureAwait(false));
                        pending = 0;
                    }
                }
            }
            if (pending > 0) result.Add(await FlushAsync(conn, temp, select, ct).ConfigureAwait(false));
        }
        finally
        {
            if (created) conn.Execute($"DROP TABLE IF EXISTS {SqlNames.Quote(temp)}");
        }
        return result;
    }

    private async Task<(WrittenFile, Dictionary<int, string>)> FlushAsync(DuckDbConnection conn, string temp,
        Func<string, (string Sql, Dictionary<int, string> Columns)> select, CancellationToken ct)
    {
        var (sql, columns) = select(SqlNames.Quote(temp));
        var file = await WriteQueryAsync(conn, sql, columns.Values.ToList(), ct).ConfigureAwait(false);
        conn.Execute($"DELETE FROM {SqlNames.Quote(temp)}");
        return (file, columns);
    }

    private string ScratchFile(string stem)
    {
        Directory.CreateDirectory(lake.Storage.ScratchDirectory);
        return Path.Combine(lake.Storage.ScratchDirectory, stem + ".parquet");
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { }
    }

    internal static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
}
