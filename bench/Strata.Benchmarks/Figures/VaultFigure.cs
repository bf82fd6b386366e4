using System.Globalization;
using Strata.Data;
using Strata.Vault;

namespace Strata.Benchmarks.Figures;

/// <summary>
/// Figure group <c>vault</c>: a vault table whose index builder makes N rows (a generator) plus one row-wise
/// column builder (<c>sq = id * id</c>, 2 threads). <c>vault.execute</c> is the first build (rows/s in the
/// note) against writing the same two columns, already computed, as a plain lake table; <c>vault.reexecute</c>
/// is a no-change re-execute of a copied draft against that first build (target ≤ 0.02).
/// </summary>
internal static class VaultFigure
{
    private const string Module = """
        public static class Gen
        {
            public static IEnumerable<long> Ids(int n) { for (long i = 0; i < n; i++) yield return i; }
            public static long Square(long id) => id * id;
        }
        """;

    private const string Column = "builder_type: ColumnBuilder\nchanged_columns: [sq]\ncode_module: gen\nfunction: Square\n"
        + "arguments:\n  id: <<self.id>>\nreturn_type: row-wise\nn_threads: 2\n";

    private static string Index(int rows) => string.Create(CultureInfo.InvariantCulture,
        $"builder_type: IndexBuilder\nchanged_columns: [id]\nprimary_key: [id]\ncode_module: gen\nfunction: Ids\narguments:\n  n: {rows}\nreturn_type: generator\n");

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var rows = ctx.Options.Rows;
        // Warm-up: compiles the module and JITs the executor on a small table.
        await BuildAsync(ctx, "warm", Math.Min(rows, 10_000), reexecute: true);
        var first = new List<Timing>();
        var again = new List<Timing>();
        var plain = new List<Timing>();
        for (var run = 0; run < ctx.Options.Runs; run++)
        {
            var (f, a) = await BuildAsync(ctx, $"run{run}", rows, reexecute: true);
            first.Add(f);
            again.Add(a!.Value);
            plain.Add(await PlainAsync(ctx, run, rows));
            ctx.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run}: first build {f.WallMs:#,0} ms, no-change re-execute {a.Value.WallMs:#,0} ms, plain write {plain[^1].WallMs:#,0} ms"));
        }
        var firstSeries = new Series(first);
        var againSeries = new Series(again);
        var rowsPerSecond = rows / (firstSeries.Wall.Min / 1000);
        return
        [
            FigureResult.Of("vault.execute", firstSeries, new Series(plain), null) with
            {
                TargetText = "rows/s",
                Note = string.Create(CultureInfo.InvariantCulture,
                    $"{rowsPerSecond:#,0} rows/s (index generator + row-wise column, 2 threads); baseline: the same rows written as a plain table"),
                Extra = new Dictionary<string, double> { ["rows"] = rows, ["rows_per_second"] = rowsPerSecond },
            },
            FigureResult.Of("vault.reexecute", againSeries, firstSeries, 0.02) with
            {
                Note = "no-change re-execute of a copied draft (no builder calls, origin's data files referenced) / first build",
            },
        ];
    }

    /// <summary>Builds a fresh vault's table of <paramref name="rows"/> rows; times the first execute and, optionally, a no-change re-execute.</summary>
    private static async Task<(Timing First, Timing? Again)> BuildAsync(BenchContext ctx, string name, int rows, bool reexecute)
    {
        await using var vault = await Vault.Vault.OpenAsync(ctx.NewFolder("vault-" + name), new VaultOptions { Create = true, Author = "bench" });
        await vault.CreateCodeModuleAsync("gen", Module);
        await vault.CreateTableAsync("big");
        await vault.CreateInstanceAsync("big", builders: ["sq"]);
        await vault.CreateBuilderFileAsync("big", "big_index", text: Index(rows));
        await vault.CreateBuilderFileAsync("big", "sq", text: Column);
        var first = await Measure.TimeAsync(() => vault.ExecuteInstanceAsync("big"));
        var (check, _) = await vault.GetDataFrameAsync("big", rows: 3);
        if (!Equals(check[2, "sq"], 4L)) throw new InvalidOperationException($"the vault computed sq = {check[2, "sq"]} for id 2.");
        if (!reexecute) return (first, null);
        await vault.CreateInstanceAsync("big", copy: true);
        var again = await Measure.TimeAsync(() => vault.ExecuteInstanceAsync("big"));
        if ((await vault.Lake.OpenTableAsync("big")).RowCount != rows) throw new InvalidOperationException("the re-executed instance lost rows.");
        return (first, again);
    }

    /// <summary>The baseline: the same two columns, computed in a loop, written as a plain lake table.</summary>
    private static async Task<Timing> PlainAsync(BenchContext ctx, int run, int rows)
    {
        var lake = await Lake.CreateAsync(ctx.NewFolder($"vault-plain{run}"));
        await using var _ = lake;
        return await Measure.TimeAsync(async () =>
        {
            var ids = new long[rows];
            var sq = new long[rows];
            for (var i = 0; i < rows; i++)
            {
                ids[i] = i;
                sq[i] = (long)i * i;
            }
            await lake.CreateTableAsync("big", RecordBatch.FromArrays(("id", ids), ("sq", sq)));
        });
    }
}
