using System.Diagnostics;

namespace Strata.Benchmarks;

/// <summary>
/// Stopwatch timing. Each side of a figure runs alternately with the other (Strata first on even
/// runs, the baseline first on odd ones) so drift — page cache, JIT tiers, a noisy neighbour — hits both.
/// </summary>
internal static class Measure
{
    /// <summary>Milliseconds taken by <paramref name="action"/>, after a full garbage collection.</summary>
    public static async Task<double> TimeAsync(Func<Task> action)
    {
        Settle();
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>Milliseconds taken by <paramref name="action"/>, after a full garbage collection.</summary>
    public static double Time(Action action)
    {
        Settle();
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Runs each side <paramref name="runs"/> times, alternating; each call gets the run number and returns its own
    /// timing in ms (so it can keep setup and cleanup outside the timed part).
    /// </summary>
    public static async Task<(Samples Strata, Samples Baseline)> AlternateAsync(int runs, Func<int, Task<double>> strata,
        Func<int, Task<double>> baseline)
    {
        var s = new List<double>(runs);
        var b = new List<double>(runs);
        for (var run = 0; run < runs; run++)
        {
            if (run % 2 == 0)
            {
                s.Add(await strata(run));
                b.Add(await baseline(run));
            }
            else
            {
                b.Add(await baseline(run));
                s.Add(await strata(run));
            }
        }
        return (new Samples(s), new Samples(b));
    }

    /// <summary>Mean ms per call of <paramref name="iterations"/> calls.</summary>
    public static async Task<double> MeanAsync(int iterations, Func<Task> action)
    {
        Settle();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) await action();
        return sw.Elapsed.TotalMilliseconds / iterations;
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
