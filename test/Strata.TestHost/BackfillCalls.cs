using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Strata.TestHost;

/// <summary>
/// The host's record of UDF calls: one line (the row's id) per call appended to the calls file and written
/// through at once (no buffering), so a SIGKILL loses no call already counted. Optionally slows every call
/// down (<see cref="HostEnvironment.CallDelayVariable"/>) so random kills land mid-work, and blocks every call
/// from the one the stall names on (or once any other stall has begun), so a kill lands mid-batch.
/// </summary>
internal static class BackfillCalls
{
    private static readonly Lock Gate = new();
    private static FileStream? _log;
    private static long _count;
    private static int _delayMicroseconds;

    /// <summary>Starts recording calls in <paramref name="path"/> (appending to what earlier runs wrote).</summary>
    public static void Open(string path, int delayMicroseconds)
    {
        _log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _delayMicroseconds = delayMicroseconds;
    }

    public static void OnCall(long id)
    {
        if (_log is not { } log) return; // not in a backfill host: the function is just the function
        var n = Interlocked.Increment(ref _count);
        HostStall.OnCall(n); // blocks for good when this call (or an earlier stall) says so; such a call is not recorded
        var line = Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture) + "\n");
        lock (Gate) log.Write(line);
        Delay();
    }

    private static void Delay()
    {
        var us = _delayMicroseconds;
        if (us <= 0) return;
        if (us >= 1000)
        {
            Thread.Sleep(us / 1000);
            return;
        }
        var until = Stopwatch.GetTimestamp() + us * Stopwatch.Frequency / 1_000_000;
        while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
    }
}
