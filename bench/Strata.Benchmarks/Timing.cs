using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Strata.Benchmarks;

/// <summary>
/// What one timed operation cost: wall-clock time and the CPU time of the whole process (all threads, DuckDB's
/// included). On a shared machine wall time suffers from other work; CPU time mostly does not, so it is recorded
/// alongside as a steadier — if parallelism-blind — second opinion.
/// </summary>
internal readonly record struct Timing(double WallMs, double CpuMs)
{
    public Timing Per(int calls) => new(WallMs / calls, CpuMs / calls);

    public static Timing Mean(IReadOnlyCollection<Timing> timings) =>
        new(timings.Average(t => t.WallMs), timings.Average(t => t.CpuMs));
}

/// <summary>A running measurement: started with <see cref="Start"/>, read with <see cref="Elapsed"/>.</summary>
internal readonly partial struct TimingClock
{
    private const int ClockProcessCpuTime = 2; // CLOCK_PROCESS_CPUTIME_ID on Linux
    private readonly long _wallStart;
    private readonly double _cpuStart;

    private TimingClock(long wallStart, double cpuStart)
    {
        _wallStart = wallStart;
        _cpuStart = cpuStart;
    }

    public static TimingClock Start() => new(Stopwatch.GetTimestamp(), CpuNowMs());

    public Timing Elapsed => new(Stopwatch.GetElapsedTime(_wallStart).TotalMilliseconds, CpuNowMs() - _cpuStart);

    /// <summary>CPU time of the process so far, in ms (nanosecond clock on Linux; the coarser process counter elsewhere).</summary>
    public static double CpuNowMs()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockProcessCpuTime, out var t) == 0)
            return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
        return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
