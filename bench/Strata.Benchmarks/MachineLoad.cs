using System.Globalization;

namespace Strata.Benchmarks;

/// <summary>The 1-minute load average (Linux), recorded with the figures: other work on the machine skews timings.</summary>
internal static class MachineLoad
{
    public static double? OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string Text(double? load) => load is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) : "?";
}
