using System.Diagnostics;
using System.Globalization;

namespace Strata.Vault.Locks;

/// <summary>
/// Identifies OS processes by pid and start time, so a lock of a dead process is recognised even when its pid
/// has been reused. On Linux the start time comes from <c>/proc/&lt;pid&gt;/stat</c> (field 22, clock ticks
/// since boot) plus the boot time (<c>btime</c> in <c>/proc/stat</c>); elsewhere from <see cref="Process.StartTime"/>.
/// </summary>
internal static class OsProcessInfo
{
    // /proc reports times in USER_HZ, which the kernel fixes at 100 for user space on every architecture.
    private const long UserHz = 100;

    private static readonly Lazy<DateTimeOffset?> BootTime = new(ReadBootTime);

    /// <summary>The current process's pid.</summary>
    public static int CurrentId { get; } = Environment.ProcessId;

    /// <summary>The current process's start time.</summary>
    public static DateTimeOffset CurrentStart { get; } = StartTimeOf(Environment.ProcessId) ?? DateTimeOffset.UnixEpoch;

    /// <summary>This machine's name, as recorded in lock holders.</summary>
    public static string Host { get; } = Environment.MachineName;

    /// <summary>
    /// True when a process with <paramref name="pid"/> runs and started at <paramref name="start"/> (to the
    /// 10 ms resolution of /proc); false when it is gone, a zombie, or a different process reusing the pid.
    /// </summary>
    public static bool IsAlive(int pid, DateTimeOffset start)
    {
        if (pid <= 0) return false;
        var actual = StartTimeOf(pid);
        return actual is { } a && Math.Abs((a - start).TotalMilliseconds) < 10;
    }

    /// <summary>The start time of a live (non-zombie) process, or null when there is none with that pid.</summary>
    public static DateTimeOffset? StartTimeOf(int pid)
    {
        if (OperatingSystem.IsLinux()) return LinuxStartTime(pid);
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited ? null : new DateTimeOffset(p.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (ArgumentException) { return null; }      // no such process
        catch (InvalidOperationException) { return null; } // exited meanwhile
    }

    private static DateTimeOffset? LinuxStartTime(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); starttime is field 22, i.e. fields[19].
        if (fields.Length < 20) return null;
        if (fields[0] is "Z" or "X" or "x") return null; // a zombie holds nothing: it is dead, only not yet reaped
        if (!long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
        return BootTime.Value is { } boot ? boot.AddTicks(ticks * (TimeSpan.TicksPerSecond / UserHz)) : null;
    }

    private static DateTimeOffset? ReadBootTime()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
                if (line.StartsWith("btime ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
