using System.Globalization;
using Strata.Data;

namespace Strata.Benchmarks.Figures;

/// <summary>
/// Informational (not part of the default run): the cost of Strata's Parquet settings. The workload, loaded once
/// into a DuckDB table, is written with Strata's settings (zstd) and with each alternative codec, alternately;
/// each row compares the two writes, and notes file sizes and the time of a full read of all columns.
/// </summary>
internal static class CodecFigure
{
    private static readonly string[] Alternatives = ["snappy", "lz4", "uncompressed"];

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var folder = ctx.NewFolder("codec");
        var db = ctx.Baseline;
        db.Connection.CreateTable("codec_src", Workload.Schema, temporary: true);
        try
        {
            db.Connection.AppendBatches("codec_src", ctx.Workload.Batches);
            var results = new List<FigureResult>();
            foreach (var codec in Alternatives)
            {
                long zstdBytes = 0, otherBytes = 0;
                var zstdRead = new List<double>();
                var otherRead = new List<double>();
                var (s, b) = await Measure.AlternateAsync(ctx.Options.Runs,
                    run => Task.FromResult(Write(db, Path.Combine(folder, "zstd.parquet"), "zstd", ref zstdBytes, zstdRead)),
                    run => Task.FromResult(Write(db, Path.Combine(folder, codec + ".parquet"), codec, ref otherBytes, otherRead)));
                results.Add(FigureResult.Of("parquet.zstd_vs_" + codec, s, b, null) with
                {
                    TargetText = "info",
                    Note = $"write with zstd vs {codec}: {IngestFigure.Mb(zstdBytes)} vs {IngestFigure.Mb(otherBytes)}; "
                        + $"full read {new Samples(zstdRead).Min:0} vs {new Samples(otherRead).Min:0} ms",
                    Extra = new Dictionary<string, double>
                    {
                        ["strata_bytes"] = zstdBytes,
                        ["baseline_bytes"] = otherBytes,
                        ["strata_read_ms"] = new Samples(zstdRead).Min,
                        ["baseline_read_ms"] = new Samples(otherRead).Min,
                    },
                });
            }
            return results;
        }
        finally
        {
            db.Execute("DROP TABLE codec_src");
        }
    }

    private static Timing Write(DuckDbBaseline db, string path, string codec, ref long bytes, List<double> readMs)
    {
        var rowGroup = Tables.ParquetSettings.RowGroupSize.ToString(CultureInfo.InvariantCulture);
        var ms = Measure.Time(() => db.Execute($"COPY codec_src TO {SqlNames.Literal(path)} (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE {rowGroup})"));
        bytes = new FileInfo(path).Length;
        readMs.Add(Measure.Time(() => db.Query($"SELECT sum(value), max(text), max(category), sum(id), sum(emb[64]) FROM read_parquet({SqlNames.Literal(path)})")).WallMs);
        File.Delete(path);
        return ms;
    }
}
