namespace Strata.Benchmarks;

/// <summary>
/// What the figures share: the options, the generated workload (made once), the run's temporary folder,
/// the DuckDB baseline, and a lake holding the workload as table <c>t</c> (made once, on first use, for
/// the figures that read it).
/// </summary>
internal sealed class BenchContext : IAsyncDisposable
{
    private readonly Lazy<Workload> _workload;
    private DuckDbBaseline? _baseline;
    private Lake? _mainLake;
    private int _folders;

    public BenchContext(BenchOptions options, TextWriter log)
    {
        Options = options;
        Log = log;
        var parent = options.Directory ?? Path.GetTempPath();
        Root = Path.Combine(Path.GetFullPath(parent), "strata-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Root);
        _workload = new Lazy<Workload>(() =>
        {
            Log.WriteLine($"generating {Options.Rows:N0} rows …");
            Measure.Time(() => _ = Workload.Generate(1)); // JIT only
            var w = default(Workload);
            var ms = Measure.Time(() => w = Workload.Generate(Options.Rows)).WallMs;
            Log.WriteLine($"  generated in {ms / 1000:0.0} s");
            return w!;
        });
    }

    public BenchOptions Options { get; }
    public TextWriter Log { get; }

    /// <summary>The run's temporary folder (deleted at the end).</summary>
    public string Root { get; }

    public Workload Workload => _workload.Value;

    public DuckDbBaseline Baseline => _baseline ??= new DuckDbBaseline(Path.Combine(Root, "duckdb-temp"));

    /// <summary>A new, empty folder under the run's folder.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Root, $"{++_folders:D2}-{name}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The lake holding the workload as table <c>t</c>.</summary>
    public async Task<Lake> MainLakeAsync()
    {
        if (_mainLake is not null) return _mainLake;
        var lake = await Lake.CreateAsync(NewFolder("main-lake"));
        Log.WriteLine($"creating table t ({Options.Rows:N0} rows) for the read figures …");
        var ms = (await Measure.TimeAsync(() => lake.CreateTableAsync("t", Workload.Batches, Workload.Schema))).WallMs;
        Log.WriteLine($"  created in {ms / 1000:0.0} s");
        return _mainLake = lake;
    }

    public async ValueTask DisposeAsync()
    {
        if (_mainLake is not null) await _mainLake.DisposeAsync();
        _baseline?.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException e)
        {
            Log.WriteLine($"could not delete {Root}: {e.Message}");
        }
    }
}
