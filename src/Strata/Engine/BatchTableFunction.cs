using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// A DuckDB table function, <c>__strata_batches(token)</c>, that yields the rows registered under a token
/// (Strata batches, or chunks DuckDB produced earlier), so that <c>COPY (SELECT … FROM __strata_batches(7)) TO …</c> streams
/// batches straight into DuckDB's Parquet writer with no staging table. Its callbacks run on DuckDB's
/// threads; they never let an exception escape (a failure becomes the query's error).
/// </summary>
/// <remarks>
/// Call order: <see cref="Register"/> once per database; per query, <see cref="Open(ITableFunctionSource)"/> the rows, run
/// SQL naming <see cref="BatchSource.Sql"/>, then dispose the source. The function reads one source
/// from one thread (DuckDB's default for a table function), in order, so row order is the input order.
/// </remarks>
internal static unsafe class BatchTableFunction
{
    /// <summary>The SQL name of the function.</summary>
    public const string Name = "__strata_batches";

    private static readonly ConcurrentDictionary<long, ITableFunctionSource> Sources = new();

    /// <summary>Registers the function in the database of <paramref name="connection"/>.</summary>
    /// <exception cref="StrataQueryException">DuckDB refused the registration.</exception>
    public static void Register(DuckDbConnection connection)
    {
        var function = NativeMethods.duckdb_create_table_function();
        try
        {
            NativeMethods.duckdb_table_function_set_name(function, Name);
            var bigint = NativeMethods.duckdb_create_logical_type(DuckDbTypeId.BigInt);
            try { NativeMethods.duckdb_table_function_add_parameter(function, bigint); }
            finally { NativeMethods.duckdb_destroy_logical_type(ref bigint); }
            NativeMethods.duckdb_table_function_set_bind(function, &Bind);
            NativeMethods.duckdb_table_function_set_init(function, &Init);
            NativeMethods.duckdb_table_function_set_function(function, &Produce);
            if (NativeMethods.duckdb_register_table_function(connection.BeginStatement(), function) != NativeMethods.Success)
                throw new StrataQueryException($"DuckDB refused to register the table function {Name}.");
        }
        finally
        {
            NativeMethods.duckdb_destroy_table_function(ref function);
        }
    }

    /// <summary>Makes <paramref name="batches"/> (all of one schema, at least one) readable through the function until the source is disposed.</summary>
    public static BatchSource Open(IReadOnlyList<RecordBatch> batches) => Open(new RecordBatchSource(batches));

    /// <summary>Makes <paramref name="rows"/> readable through the function until the returned source is disposed.</summary>
    public static BatchSource Open(ITableFunctionSource rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // Unguessable tokens: SQL run through the lake cannot name another write's rows by counting.
        long token;
        do token = RandomNumberGenerator.GetInt32(1, int.MaxValue) * (1L << 31) + RandomNumberGenerator.GetInt32(0, int.MaxValue);
        while (!Sources.TryAdd(token, rows));
        return new BatchSource(token, $"{Name}({token.ToString(CultureInfo.InvariantCulture)})");
    }

    internal static void Close(long token) => Sources.TryRemove(token, out _);

    [UnmanagedCallersOnly]
    private static void Bind(nint info)
    {
        try
        {
            var value = NativeMethods.duckdb_bind_get_parameter(info, 0);
            long token;
            try { token = NativeMethods.duckdb_get_int64(value); }
            finally { NativeMethods.duckdb_destroy_value(ref value); }
            if (!Sources.TryGetValue(token, out var rows))
            {
                NativeMethods.duckdb_bind_set_error(info, $"{Name}: no batches are registered under {token.ToString(CultureInfo.InvariantCulture)}.");
                return;
            }
            foreach (var field in rows.Schema.Fields)
            {
                var type = LogicalTypes.Create(field.Type);
                try { NativeMethods.duckdb_bind_add_result_column(info, field.Name, type); }
                finally { NativeMethods.duckdb_destroy_logical_type(ref type); }
            }
            NativeMethods.duckdb_bind_set_cardinality(info, (ulong)rows.RowCount, true);
            // The bind data is the token itself (never 0), so there is nothing to free.
            NativeMethods.duckdb_bind_set_bind_data(info, (nint)token, &ForgetToken);
        }
#pragma warning disable CA1031 // an exception must not cross into native code: it becomes the query's error
        catch (Exception e)
#pragma warning restore CA1031
        {
            NativeMethods.duckdb_bind_set_error(info, $"{Name}: {e.Message}");
        }
    }

    [UnmanagedCallersOnly]
    private static void ForgetToken(nint data)
    {
    }

    [UnmanagedCallersOnly]
    private static void Init(nint info)
    {
        try
        {
            var token = (long)NativeMethods.duckdb_init_get_bind_data(info);
            if (!Sources.TryGetValue(token, out var rows))
            {
                NativeMethods.duckdb_init_set_error(info, $"{Name}: the rows of {token.ToString(CultureInfo.InvariantCulture)} were released.");
                return;
            }
            var handle = GCHandle.Alloc(rows.OpenCursor());
            NativeMethods.duckdb_init_set_init_data(info, GCHandle.ToIntPtr(handle), &FreeCursor);
        }
#pragma warning disable CA1031 // see Bind
        catch (Exception e)
#pragma warning restore CA1031
        {
            NativeMethods.duckdb_init_set_error(info, $"{Name}: {e.Message}");
        }
    }

    [UnmanagedCallersOnly]
    private static void FreeCursor(nint data)
    {
        if (data != 0) GCHandle.FromIntPtr(data).Free();
    }

    [UnmanagedCallersOnly]
    private static void Produce(nint info, nint output)
    {
        try
        {
            var cursor = (IChunkCursor)GCHandle.FromIntPtr(NativeMethods.duckdb_function_get_init_data(info)).Target!;
            cursor.Fill(output);
        }
#pragma warning disable CA1031 // see Bind
        catch (Exception e)
#pragma warning restore CA1031
        {
            NativeMethods.duckdb_data_chunk_set_size(output, 0);
            NativeMethods.duckdb_function_set_error(info, $"{Name}: {e.Message}");
        }
    }
}
