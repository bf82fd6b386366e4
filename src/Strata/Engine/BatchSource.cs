namespace Strata.Engine;

/// <summary>
/// Batches registered with <see cref="BatchTableFunction"/>: <see cref="Sql"/> is the table-function call
/// that reads them (usable wherever SQL takes a table). Dispose once the query that reads them has finished.
/// </summary>
internal sealed class BatchSource : IDisposable
{
    private readonly long _token;
    private bool _disposed;

    internal BatchSource(long token, string sql)
    {
        _token = token;
        Sql = sql;
    }

    /// <summary>The SQL table expression, e.g. <c>__strata_batches(7)</c>.</summary>
    public string Sql { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        BatchTableFunction.Close(_token);
    }
}
