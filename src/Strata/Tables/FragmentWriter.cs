using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Strata.Data;
using Strata.Engine;
using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// Writes Parquet files of a table through DuckDB: batches stream through <see cref="BatchTableFunction"/>
/// into a COPY to a scratch file, which the storage layer then moves (or uploads) into the lake. Columns
/// that <see cref="Parquet.ParquetFileWriter"/> can write and that are small or not compressible skip the
/// engine (<see cref="WriteColumnsAsync"/>). Nothing written here is visible to readers until a manifest
/// that names it is committed.
/// </summary>
internal sealed class FragmentWriter(Lake lake, string tableId)
{
    /// <summary>Rows up to which text and binary columns are written without the engine (uncompressed); beyond, DuckDB's zstd pays.</summary>
    public const int SmallRows = 8192;

    /// <summary>
    /// True when these columns are written without the engine by <see cref="WriteColumnsAsync"/>: every type is
    /// supported, and text or binaries only when there are at most <see cref="SmallRows"/> rows.
    /// </summary>
    public static bool WritesDirectly(IReadOnlyList<DataType> types, long rows) =>
        types.All(Parquet.ParquetFileWriter.Supports)
        && (rows <= SmallRows || types.All(t => t.Kind is not (TypeKind.String or TypeKind.Binary)));

    /// <summary>Writes columns (one length, types that <see cref="Parquet.ParquetFileWriter"/> supports) as one data file, without the engine.</summary>
    public async Task<WrittenFile> WriteColumnsAsync(IReadOnlyList<string> names, IReadOnlyList<Column> columns, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var stem = Ids.NewFileStem();
        var scratch = ScratchFile(stem);
        long size;
        try
        {
            size = Parquet.ParquetFileWriter.Write(scratch, names, columns);
        }
        catch
        {
            TryDelete(scratch);
            throw;
        }
        var path = $"{FormatConstants.TableDataFolder(tableId)}/{stem}.parquet";
        await lake.Storage.PutFileAsync(path, scratch, ct).ConfigureAwait(false);
        return new WrittenFile(path, columns.Count == 0 ? 0 : columns[0].Length, size, names);
    }

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
    /// different fragments are encoded at once. <paramref name="select"/> maps the source (a table expression)
    /// to the file's SELECT and its column map (field id → column name). On failure every file written so far is deleted.
    /// </summary>
    public Task<List<(WrittenFile File, Dictionary<int, string> Columns)>> WriteBatchesAsync(IEnumerable<RecordBatch> batches,
        Func<string, (string Sql, Dictionary<int, string> Columns)> select, CancellationToken ct) =>
        WriteFragmentsAsync(token => CutBatches(batches, lake.Options.MaxRowsPerFragment, token),
            (conn, fragment, token) => WriteSourceAsync(conn, new RecordBatchSource(fragment), select, token), release: null, ct);

    /// <summary>
    /// Like <see cref="WriteBatchesAsync"/> for the rows of a file that DuckDB reads itself (e.g. a CSV): its
    /// chunks, read as <paramref name="schema"/> on the caller's thread, go to the COPYs unconverted, cut at
    /// chunk boundaries into fragments of at most MaxRowsPerFragment rows (which must be at least one vector).
    /// </summary>
    public Task<List<(WrittenFile File, Dictionary<int, string> Columns)>> WriteFileAsync(string path, FileFormat format, Schema schema,
        Func<string, (string Sql, Dictionary<int, string> Columns)> select, CancellationToken ct) =>
        WriteFragmentsAsync(token => CutChunks(path, format, schema, token),
            (conn, fragment, token) => WriteSourceAsync(conn, fragment, select, token), release: f => f.Dispose(), ct);

    private IEnumerable<NativeChunkList> CutChunks(string path, FileFormat format, Schema schema, CancellationToken ct)
    {
        var max = lake.Options.MaxRowsPerFragment;
        using var conn = lake.Engine.Connect();
        NativeChunkList? current = null;
        try
        {
            foreach (var chunk in FileFormats.ReadNativeChunks(conn, path, format, schema, ct))
            {
                var size = (long)NativeMethods.duckdb_data_chunk_get_size(chunk);
                if (current is not null && current.RowCount + size > max)
                {
                    var full = current;
                    current = null;
                    yield return full; // the consumer owns it now
                }
                current ??= new NativeChunkList(schema);
                current.Add(chunk);
            }
            if (current is not null)
            {
                var last = current;
                current = null;
                yield return last;
            }
        }
        finally
        {
            current?.Dispose();
        }
    }

    private static IEnumerable<List<RecordBatch>> CutBatches(IEnumerable<RecordBatch> batches, long max, CancellationToken ct)
    {
        var pending = new List<RecordBatch>();
        long rows = 0;
        foreach (var batch in batches)
        {
            ct.ThrowIfCancellationRequested();
            var offset = 0;
            while (offset < batch.RowCount)
            {
                var take = (int)Math.Min(batch.RowCount - offset, max - rows);
                pending.Add(offset == 0 && take == batch.RowCount ? batch : batch.Slice(offset, take));
                rows += take;
                offset += take;
                if (rows >= max)
                {
                    yield return pending;
                    pending = [];
                    rows = 0;
                }
            }
        }
        if (rows > 0) yield return pending;
    }

    /// <summary>
    /// The write pipeline: the caller's thread enumerates the fragments (<paramref name="cut"/>) into a bounded
    /// channel; WriteParallelism workers write them. <paramref name="release"/> frees a fragment once written or
    /// abandoned. On failure every file written so far is deleted and the first real error is rethrown.
    /// </summary>
    private async Task<List<(WrittenFile File, Dictionary<int, string> Columns)>> WriteFragmentsAsync<T>(Func<CancellationToken, IEnumerable<T>> cut,
        Func<DuckDbConnection, T, CancellationToken, Task<(WrittenFile, Dictionary<int, string>)>> write, Action<T>? release, CancellationToken ct)
    {
        var workers = Math.Max(1, lake.Options.WriteParallelism);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<(int Seq, T Fragment)>(new BoundedChannelOptions(workers) { SingleWriter = true });
        var results = new ConcurrentDictionary<int, (WrittenFile, Dictionary<int, string>)>();
        var consumers = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            try
            {
                using var conn = lake.Engine.Connect();
                await foreach (var (seq, fragment) in channel.Reader.ReadAllAsync(failed.Token).ConfigureAwait(false))
                {
                    try { results[seq] = await write(conn, fragment, failed.Token).ConfigureAwait(false); }
                    finally { release?.Invoke(fragment); }
                }
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
            foreach (var fragment in cut(failed.Token))
            {
                try
                {
                    failed.Token.ThrowIfCancellationRequested();
                    await channel.Writer.WriteAsync((seq++, fragment), failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    release?.Invoke(fragment);
                    throw;
                }
            }
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
        while (channel.Reader.TryRead(out var left)) release?.Invoke(left.Fragment);
        if (producerError is not null)
        {
            foreach (var (file, _) in results.Values) await lake.Storage.DeleteAsync(file.Path, CancellationToken.None).ConfigureAwait(false);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(producerError).Throw();
        }
        return results.OrderBy(r => r.Key).Select(r => r.Value).ToList();
    }

    private async Task<(WrittenFile, Dictionary<int, string>)> WriteSourceAsync(DuckDbConnection conn, ITableFunctionSource rows,
        Func<string, (string Sql, Dictionary<int, string> Columns)> select, CancellationToken ct)
    {
        // The rows stream into the COPY through a table function: no staging table, no second copy of the rows.
        using var source = BatchTableFunction.Open(rows);
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
