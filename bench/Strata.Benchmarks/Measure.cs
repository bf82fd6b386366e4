namespace Strata.Benchmarks;

/// <summary>
/// Timing of figures. Each side runs alternately with the other (Strata first on even runs, the baseline
/// first on odd ones) so drift — page cache, JIT tiers, a noisy neighbour — hits both.
/// </summary>
internal static class Measure
{
    /// <summary>What <paramref name="action"/> cost, measured after a full garbage collection.</summary>
    public static async Task<Timing> TimeAsync(Func<Task> action)
    {
        Settle();
        var clock = TimingClock.Start();
        await action();
        return clock.Elapsed;
    }

    /// <summary>What <paramref name="action"/> cost, measured after a full garbage collection.</summary>
    public static Timing Time(Action action)
    {
        Settle();
        var clock = TimingClock.Start();
        action();
        return clock.Elapsed;
    }

    /// <summary>
    /// Runs each side <paramref name="runs"/> times, alternating; each call gets the run number and returns its own
    /// timing (so it can keep setup and cleanup outside the timed part).
    /// </summary>
    public static async Task<(Series Strata, Series Baseline)> AlternateAsync(int runs, Func<int, Task<Timing>> strata,
        Func<int, Task<Timing>> baseline)
    {
        var s = new List<Timing>(runs);
        var b = new List<Timing>(runs);
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
        return (new Series(s), new Series(b));
    }

    /// <summary>Mean cost per call of <paramref name="iterations"/> calls.</summary>
    public static async Task<Timing> MeanAsync(int iterations, Func<Task> action)
    {
        Settle();
        var clock = TimingClock.Start();
        for (var i = 0; i < iterations; i++) await action();
        return clock.Elapsed.Per(iterations);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
