using System.Globalization;

namespace Strata.TestHost;

/// <summary>
/// A point at which the backfill host stops for good so that the test's SIGKILL lands exactly there
/// (<see cref="HostEnvironment.StallVariable"/>): <c>OP:WHEN:N</c> with OP one of
/// <list type="bullet">
/// <item><c>call</c> — the Nth UDF call (WHEN must be <c>before</c>): mid-batch;</item>
/// <item><c>checkpoint</c> — moving the Nth checkpoint file into place: <c>before</c> is mid-checkpoint (its Parquet is written, not yet published);</item>
/// <item><c>data</c> — placing the Nth column file a backfill commit assembled: <c>after</c> is mid-commit (file in place, manifest not yet created);</item>
/// <item><c>manifest</c> — creating the Nth manifest of the table: <c>after</c> is right after the commit, before its checkpoints are deleted.</item>
/// </list>
/// When the point is reached the host prints <c>stall OP WHEN N PATH</c> and blocks; from then on every UDF call
/// blocks too (without being recorded), so the state the kill meets is the one the line announced, give or take
/// the in-flight writes of other workers.
/// </summary>
internal static class HostStall
{
    private static string? _op;
    private static bool _after;
    private static long _n;
    private static int _stalled;
    private static readonly Dictionary<string, long> Counts = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static void Configure(string? spec)
    {
        if (string.IsNullOrEmpty(spec)) return;
        var parts = spec.Split(':');
        if (parts.Length != 3 || parts[0] is not ("call" or "checkpoint" or "data" or "manifest") || parts[1] is not ("before" or "after")
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || (parts[0] == "call" && parts[1] != "before"))
            throw new ArgumentException($"bad stall '{spec}': use call:before:N, or checkpoint|data|manifest:before|after:N");
        (_op, _after, _n) = (parts[0], parts[1] == "after", n);
    }

    private static bool Stalled => Volatile.Read(ref _stalled) != 0;

    /// <summary>Called by every UDF call (the <paramref name="n"/>th of this process) before it runs.</summary>
    public static void OnCall(long n)
    {
        if (_op == "call" && n == _n) Announce($"call before {n.ToString(CultureInfo.InvariantCulture)}");
        if (Stalled || (_op == "call" && n > _n)) Thread.Sleep(Timeout.Infinite);
    }

    /// <summary>
    /// Runs a storage operation of kind <paramref name="op"/> (numbered per kind, from 1, in the order they start); blocks
    /// for good before or after it when it is the stall point, and before it when the process has stalled already.
    /// </summary>
    public static async Task<T> AroundAsync<T>(string op, string path, Func<Task<T>> action)
    {
        long n;
        lock (Gate) Counts[op] = n = Counts.GetValueOrDefault(op) + 1;
        // Once stalled the process is as good as killed: no other worker's write may land between the stall line and the kill.
        if (Stalled) await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
        if (_op == op && !_after && n == _n) await StallAsync(op, "before", n, path).ConfigureAwait(false);
        var result = await action().ConfigureAwait(false);
        if (_op == op && _after && n == _n) await StallAsync(op, "after", n, path).ConfigureAwait(false);
        return result;
    }

    private static async Task StallAsync(string op, string when, long n, string path)
    {
        Announce($"{op} {when} {n.ToString(CultureInfo.InvariantCulture)} {path}");
        await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
    }

    private static void Announce(string what)
    {
        Interlocked.Exchange(ref _stalled, 1);
        HostOutput.Line("stall " + what);
    }
}
