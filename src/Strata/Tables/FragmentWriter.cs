using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Strata.Data;
using Strata.Engine;
using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// Writes Parquet files of a table through DuckDB: batches stream through <see cref="BatchTableFunction"/>
/// into a COPY to a scratch file, which the storage layer then moves (or uploads) into the lake.
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
    /// Writes batches (all of one schema) as fragment files of at most MaxRowsPerFragment rows each, in
    /// input order. The caller's thread cuts the input into fragments; WriteParallelism workers, each with
    /// its own engine connection, COPY a fragment's batches to Parquet through the batch table function, so
    /// different fragments are encoded at once. <paramref name="select"/> maps the source (a table expression) to the file's SELECT and its column map (field id → column name). On failure every
    /// file written so far is deleted.
    /// </summary>
    public async Task<List<(WrittenFile File, Dictionary<int, string> Columns)>> WriteBatchesAsync(IEnumerable<RecordBatch> batches,
        Func<string, (string Sql, Dictionary<int, string> Columns)> select, CancellationToken ct)
    {
        var workers = Math.Max(1, lake.Options.WriteParallelism);
        var max = lake.Options.MaxRowsPerFragment;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<(int Seq, List<RecordBatch> Batches)>(new BoundedChannelOptions(workers) { SingleWriter = true });
        var results = new ConcurrentDictionary<int, (WrittenFile, Dictionary<int, string>)>();
        var consumers = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            try
            {
                using var conn = lake.Engine.Connect();
                await foreach (var (seq, list) in channel.Reader.ReadAllAsync(failed.Token).ConfigureAwait(false))
                    results[seq] = await WriteFragmentAsync(conn, list, select, failed.Token).ConfigureAwait(false);
            }
            catch
            {
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None)).ToArray();

        Exception? producerError = null;
        try
        {
            var seq = 0;
            var pending = new List<RecordBatch>();
            long rows = 0;
            foreach (var batch in batches)
            {
                failed.Token.ThrowIfCancellationRequested();
                var offset = 0;
                while (offset < batch.RowCount)
                {
                    var take = (int)Math.Min(batch.RowCount - offset, max - rows);
                    pending.Add(offset == 0 && take == batch.RowCount ? batch : batch.Slice(offset, take));
                    rows += take;
                    offset += take;
                    if (rows >= max)
                    {
                        await channel.Writer.WriteAsync((seq++, pending), failed.Token).ConfigureAwait(false);
                        pending = [];
                        rows = 0;
                    }
                }
            }
            if (rows > 0) await channel.Writer.WriteAsync((seq++, pending), failed.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            producerError = e;
            await failed.CancelAsync().ConfigureAwait(false);
        }
        channel.Writer.TryComplete();
        try
        {
            await Task.WhenAll(consumers).ConfigureAwait(false);
        }
        catch (Exception) when (producerError is null && consumers.FirstOrDefault(c => c.IsFaulted && c.Exception!.InnerException is not OperationCanceledException) is { } first)
        {
            producerError = first.Exception!.InnerException!;
        }
        catch (Exception e) when (producerError is null)
        {
            producerError = e;
        }
        catch (Exception)
        {
            // the producer's error is the one to report
        }
        if (producerError is not null)
        {
            foreach (var (file, _) in results.Values) await lake.Storage.DeleteAsync(file.Path, CancellationToken.None).ConfigureAwait(false);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(producerError).Throw();
        }
        return results.OrderBy(r => r.Key).Select(r => r.Value).ToList();
    }

    private async Task<(WrittenFile, Dictionary<int, string>)> WriteFragmentAsync(DuckDbConnection conn, List<RecordBatch> batches,
        Func<string, (string Sql, Dictionary<int, string> Columns)> select, CancellationToken ct)
    {
        // The batches stream into the COPY through a table function: no staging table, no second copy of the rows.
        using var source = BatchTableFunction.Open(batches);
        ct.ThrowIfCancellationRequested();
        var (sql, columns) = select(source.Sql);
        var file = await WriteQueryAsync(conn, sql, columns.Values.ToList(), ct).ConfigureAwait(false);
        return (file, columns);
    }

    /// <summary>Writes a query's result to a Parquet file in the scratch folder and returns its local path (the caller moves it into the lake).</summary>
    public Task<string> CopyToScratchAsync(DuckDbConnection connection, string selectSql, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var scratch = ScratchFile(Ids.NewFileStem());
        try
        {
            connection.ExecuteNonQuery($"COPY ({selectSql}) TO {SqlNames.Literal(scratch)} {ParquetSettings.CopyOptions}");
        }
        catch
        {
            TryDelete(scratch);
            throw;
        }
        return Task.FromResult(scratch);
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
