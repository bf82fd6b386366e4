using System.Diagnostics;
using Strata.Data;
using Strata.Engine;
using Strata.Tables;

namespace Strata.Benchmarks;

/// <summary>
/// The baseline: plain DuckDB doing the same job without Strata's bookkeeping, through the very binding
/// Strata uses (appender fed by the same <see cref="RecordBatch"/>es, same Parquet settings — zstd, row
/// groups of 122,880 — and the same engine settings as a lake's engine: all cores, insertion order kept,
/// Parquet metadata cache on).
/// </summary>
internal sealed class DuckDbBaseline : IDisposable
{
    private readonly DuckDbDatabase _database;
    private readonly DuckDbConnection _connection;
    private int _tables;

    public DuckDbBaseline(string tempDirectory)
    {
        Directory.CreateDirectory(tempDirectory);
        _database = DuckDbDatabase.OpenInMemory(Options(tempDirectory));
        _connection = _database.Connect();
        // As a lake's engine does (Lake.CreateEngine): footers of files read again are not parsed again.
        _connection.Execute("SET GLOBAL parquet_metadata_cache = true");
    }

    /// <summary>The settings of a lake's engine (see <c>Lake.CreateEngine</c>).</summary>
    public static DuckDbOptions Options(string tempDirectory) => new()
    {
        Threads = Environment.ProcessorCount,
        TempDirectory = tempDirectory,
        PreserveInsertionOrder = true,
    };

    /// <summary>The <c>COPY … TO</c> options clause Strata writes fragments with.</summary>
    public static string CopyOptions => ParquetSettings.CopyOptions;

    public DuckDbConnection Connection => _connection;

    /// <summary>
    /// Loads batches into a new table through the appender, COPYs it to one Parquet file and drops it;
    /// returns the rows and the time (ms) of the two phases.
    /// </summary>
    public (long Rows, double AppendMs, double CopyMs) WriteParquet(IEnumerable<RecordBatch> batches, Schema schema, string path)
    {
        var table = "b_" + (++_tables).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sw = Stopwatch.StartNew();
        _connection.CreateTable(table, schema, temporary: true);
        try
        {
            _connection.AppendBatches(table, batches);
            var append = sw.Elapsed.TotalMilliseconds;
            var rows = _connection.ExecuteNonQuery($"COPY {SqlNames.Quote(table)} TO {SqlNames.Literal(path)} {CopyOptions}");
            return (rows, append, sw.Elapsed.TotalMilliseconds - append);
        }
        finally
        {
            _connection.Execute($"DROP TABLE {SqlNames.Quote(table)}");
        }
    }

    /// <summary>Runs a query and returns the whole result (as Strata's <c>SqlAsync</c> does).</summary>
    public RecordBatch Query(string sql) => _connection.QueryAll(sql);

    /// <summary>The first value of a query's result.</summary>
    public object? Scalar(string sql) => _connection.QueryScalar(sql);

    public long Execute(string sql) => _connection.ExecuteNonQuery(sql);

    /// <summary>A DuckDB list literal of file paths, for <c>read_parquet</c>.</summary>
    public static string FileList(IEnumerable<string> files) => "[" + string.Join(", ", files.Select(SqlNames.Literal)) + "]";

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }
}
