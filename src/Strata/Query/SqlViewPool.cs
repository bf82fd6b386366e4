using System.Collections.Concurrent;
using Strata.Engine;

namespace Strata.Query;

/// <summary>
/// The idle <see cref="SqlViewConnection"/>s of a lake. A query rents one (or gets a new one), and hands it
/// back when it ends cleanly and its SQL could not have changed the connection's state (see
/// <see cref="IsReadOnlyStatement"/>); otherwise the connection is closed. At most <see cref="MaxIdle"/> stay open.
/// </summary>
internal sealed class SqlViewPool(Func<DuckDbDatabase> engine) : IDisposable
{
    /// <summary>Idle connections kept at most.</summary>
    public const int MaxIdle = 4;

    private static readonly string[] ReadOnlyStarts = ["SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SUMMARIZE", "SHOW", "EXPLAIN", "("];

    private readonly ConcurrentQueue<SqlViewConnection> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>An idle connection, or a new one.</summary>
    public SqlViewConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out var c))
        {
            Interlocked.Decrement(ref _idleCount);
            return c;
        }
        return new SqlViewConnection(engine());
    }

    /// <summary>Keeps the connection for the next query when <paramref name="reusable"/>, else closes it.</summary>
    public void Return(SqlViewConnection connection, bool reusable)
    {
        if (!reusable || _disposed || Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            if (reusable && !_disposed) Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
            return;
        }
        _idle.Enqueue(connection);
        if (_disposed && _idle.TryDequeue(out var late)) late.Dispose();
    }

    /// <summary>
    /// True for one statement that only reads (a query, DESCRIBE, SHOW, EXPLAIN …): it cannot create objects in
    /// the view database or change the connection's settings, so the connection may serve the next query.
    /// </summary>
    public static bool IsReadOnlyStatement(string sql)
    {
        var text = sql.AsSpan().Trim();
        while (text.Length > 0 && text[^1] == ';') text = text[..^1].TrimEnd();
        if (text.Contains(';')) return false; // possibly several statements (or a ';' in a literal): do not risk it
        foreach (var start in ReadOnlyStarts)
        {
            if (!text.StartsWith(start, StringComparison.OrdinalIgnoreCase)) continue;
            if (start == "(" || text.Length == start.Length || !char.IsLetterOrDigit(text[start.Length]) && text[start.Length] != '_') return true;
        }
        return false;
    }

    /// <summary>Closes the idle connections; connections still rented are closed when returned.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var c)) c.Dispose();
    }
}
