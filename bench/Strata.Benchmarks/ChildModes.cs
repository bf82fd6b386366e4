using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Strata.Data;
using Strata.Engine;

namespace Strata.Benchmarks;

/// <summary>
/// The bench executable's child modes, run in a process of their own so their peak memory (VmHWM) is
/// theirs alone. Each prints one JSON line: elapsed_ms (the ingest only, not process start), rows, peak_mb.
/// </summary>
internal static class ChildModes
{
    /// <summary><c>ingest-csv LAKE FILE</c>: creates a lake and a table from the CSV with <c>CreateTableFromFileAsync</c>.</summary>
    public static async Task<int> IngestCsvAsync(string lakePath, string file, TextWriter output)
    {
        await using var lake = await Lake.CreateAsync(lakePath);
        var clock = TimingClock.Start();
        var table = await lake.CreateTableFromFileAsync("csv", file);
        Write(output, clock.Elapsed, table.RowCount, table.FragmentCount);
        return 0;
    }

    /// <summary><c>copy-csv FILE OUT</c>: DuckDB's <c>COPY (SELECT * FROM read_csv(FILE)) TO OUT</c> with Strata's Parquet settings.</summary>
    public static int CopyCsv(string file, string outPath, TextWriter output)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, "duckdb-temp");
        using var database = DuckDbDatabase.OpenInMemory(DuckDbBaseline.Options(temp));
        using var connection = database.Connect();
        var clock = TimingClock.Start();
        var rows = connection.ExecuteNonQuery(
            $"COPY (SELECT * FROM read_csv({SqlNames.Literal(Path.GetFullPath(file))}, header = true, auto_detect = true)) TO {SqlNames.Literal(outPath)} {DuckDbBaseline.CopyOptions}");
        Write(output, clock.Elapsed, rows, 1);
        return 0;
    }

    private static void Write(TextWriter output, Timing timing, long rows, int files)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("elapsed_ms", Math.Round(timing.WallMs, 3));
            json.WriteNumber("cpu_ms", Math.Round(timing.CpuMs, 3));
            json.WriteNumber("rows", rows);
            json.WriteNumber("files", files);
            json.WriteNumber("peak_mb", Math.Round(PeakMemory.SelfPeakMb(), 1));
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The numbers a child printed.</summary>
    internal sealed record Outcome(double ElapsedMs, double CpuMs, long Rows, int Files, double PeakMb, double SampledPeakMb);

    /// <summary>Runs the bench executable in a child mode; samples its RSS while it runs, as a check on its own VmHWM.</summary>
    public static async Task<Outcome> RunChildAsync(params string[] args)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("the bench cannot find its own executable.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(ChildModes).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        double sampled = 0;
        while (!process.HasExited)
        {
            if (PeakMemory.RssMb(process.Id) is { } rss) sampled = Math.Max(sampled, rss);
            await Task.Delay(50);
        }
        await process.WaitForExitAsync();
        var text = await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"child '{string.Join(' ', args)}' exited with {process.ExitCode}: {(await stderr).Trim()}");
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"child '{string.Join(' ', args)}' printed nothing.");
        using var doc = JsonDocument.Parse(last);
        var root = doc.RootElement;
        return new Outcome(root.GetProperty("elapsed_ms").GetDouble(), root.GetProperty("cpu_ms").GetDouble(), root.GetProperty("rows").GetInt64(), root.GetProperty("files").GetInt32(),
            root.GetProperty("peak_mb").GetDouble(), sampled);
    }

}
