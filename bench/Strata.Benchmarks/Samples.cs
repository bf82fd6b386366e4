namespace Strata.Benchmarks;

/// <summary>Timings (ms) of repeated runs of one side of a figure.</summary>
internal sealed class Samples(IReadOnlyList<double> values)
{
    public IReadOnlyList<double> Values { get; } = values.Count > 0 ? values : throw new ArgumentException("no samples", nameof(values));

    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    public double Median
    {
        get
        {
            var sorted = Values.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public double Min => Values.Min();
}

/// <summary>The runs of one side of a figure, as wall-clock and CPU samples.</summary>
internal sealed class Series(IReadOnlyList<Timing> runs)
{
    public IReadOnlyList<Timing> Runs { get; } = runs;

    public Samples Wall { get; } = new(runs.Select(r => r.WallMs).ToList());

    public Samples Cpu { get; } = new(runs.Select(r => r.CpuMs).ToList());
}
