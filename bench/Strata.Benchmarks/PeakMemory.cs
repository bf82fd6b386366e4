using System.Globalization;

namespace Strata.Benchmarks;

/// <summary>Resident memory of a process from <c>/proc/&lt;pid&gt;/status</c> (Linux), in MiB.</summary>
internal static class PeakMemory
{
    /// <summary>This process's peak resident set (VmHWM); the managed peak working set where /proc is missing.</summary>
    public static double SelfPeakMb() =>
        ReadKb("/proc/self/status", "VmHWM:") is { } kb ? kb / 1024.0 : System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

    /// <summary>A running process's current resident set (VmRSS), or null when it has gone.</summary>
    public static double? RssMb(int pid) => ReadKb($"/proc/{pid}/status", "VmRSS:") is { } kb ? kb / 1024.0 : null;

    private static long? ReadKb(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
                var digits = line.AsSpan(key.Length).Trim();
                if (digits.EndsWith("kB", StringComparison.Ordinal)) digits = digits[..^2].Trim();
                return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
