namespace Strata.Benchmarks;

/// <summary>
/// One line of the report: Strata's time, the baseline's time (both in ms, the best of the runs) and
/// their ratio, checked against <see cref="Target"/> (the ratio must be at most the target). A figure
/// judged by something else than its ratio sets <see cref="Target"/> to null and <see cref="Ok"/> itself.
/// </summary>
internal sealed record FigureResult(string Figure, double StrataMs, double BaselineMs, double? Target)
{
    /// <summary>Strata's time over the baseline's.</summary>
    public double Ratio => BaselineMs > 0 ? StrataMs / BaselineMs : double.PositiveInfinity;

    /// <summary>Whether the target is met; when null, from the ratio and <see cref="Target"/>.</summary>
    public bool? OkOverride { get; init; }

    public bool Ok => OkOverride ?? (Target is not { } t || Ratio <= t);

    /// <summary>Text of the target column (default <c>≤ target</c>).</summary>
    public string? TargetText { get; init; }

    /// <summary>A short explanation shown in the table.</summary>
    public string Note { get; init; } = "";

    /// <summary>Further numbers for the JSON output (name → value).</summary>
    public IReadOnlyDictionary<string, double> Extra { get; init; } = new Dictionary<string, double>();

    /// <summary>How the runs spread (medians, run count), for the JSON output.</summary>
    public IReadOnlyDictionary<string, double> Spread { get; init; } = new Dictionary<string, double>();

    /// <summary>Set when the figure could not be measured.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// A figure from both sides' runs: the best (minimum) of each side is the headline — on a shared machine the
    /// least-disturbed run is the closest to the intrinsic cost — with the medians kept in the JSON output.
    /// </summary>
    public static FigureResult Of(string figure, Series strata, Series baseline, double? target) =>
        new(figure, strata.Wall.Min, baseline.Wall.Min, target)
        {
            StrataCpuMs = strata.Cpu.Min,
            BaselineCpuMs = baseline.Cpu.Min,
            Spread = new Dictionary<string, double>
            {
                ["strata_median_ms"] = strata.Wall.Median,
                ["baseline_median_ms"] = baseline.Wall.Median,
                ["timed_runs"] = strata.Runs.Count,
            },
        };

    /// <summary>CPU time of the process during Strata's best run (all threads), when measured.</summary>
    public double? StrataCpuMs { get; init; }

    /// <summary>CPU time of the process during the baseline's best run, when measured.</summary>
    public double? BaselineCpuMs { get; init; }

    /// <summary>Strata's CPU time over the baseline's (null when not measured).</summary>
    public double? CpuRatio => StrataCpuMs is { } s && BaselineCpuMs is { } b && b > 0 ? s / b : null;

    public static FigureResult Failed(string figure, Exception e) =>
        new(figure, double.NaN, double.NaN, null) { Error = $"{e.GetType().Name}: {FirstLine(e.Message)}", OkOverride = false };

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 160 ? line : line[..157] + "...";
    }
}
