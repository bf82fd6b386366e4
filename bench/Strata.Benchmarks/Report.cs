using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Strata.Benchmarks;

/// <summary>Prints the figures as one aligned text table, or as JSON lines.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void WriteTable(TextWriter output, IReadOnlyList<FigureResult> results, string header)
    {
        string[] titles = ["figure", "strata ms", "baseline ms", "ratio", "cpu ratio", "target", "", "note"];
        var rows = results.Select(r => new[]
        {
            r.Figure,
            Number(r.StrataMs),
            Number(r.BaselineMs),
            r.Error is null ? r.Ratio.ToString("0.000", Inv) : "-",
            r.CpuRatio is { } cpu ? cpu.ToString("0.000", Inv) : "-",
            r.TargetText ?? (r.Target is { } t ? "≤ " + t.ToString("0.##", Inv) : "-"),
            r.Error is not null ? "ERROR" : r.Ok ? "ok" : "MISS",
            r.Error ?? r.Note,
        }).ToList();
        var widths = titles.Select((t, i) => Math.Max(t.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(header);
        output.WriteLine(Line(titles, widths));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))).TrimEnd());
        foreach (var row in rows) output.WriteLine(Line(row, widths));
    }

    public static void WriteJson(TextWriter output, IReadOnlyList<FigureResult> results, IReadOnlyDictionary<string, object> run)
    {
        foreach (var r in results)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("figure", r.Figure);
                WriteNumber(json, "strata_ms", r.StrataMs);
                WriteNumber(json, "baseline_ms", r.BaselineMs);
                WriteNumber(json, "ratio", r.Error is null ? r.Ratio : double.NaN);
                WriteNumber(json, "strata_cpu_ms", r.StrataCpuMs ?? double.NaN);
                WriteNumber(json, "baseline_cpu_ms", r.BaselineCpuMs ?? double.NaN);
                WriteNumber(json, "cpu_ratio", r.CpuRatio ?? double.NaN);
                if (r.Target is { } t) json.WriteNumber("target", t);
                else json.WriteNull("target");
                json.WriteBoolean("ok", r.Ok);
                foreach (var (k, v) in r.Spread) WriteNumber(json, k, v);
                foreach (var (k, v) in r.Extra) WriteNumber(json, k, v);
                if (r.Note.Length > 0) json.WriteString("note", r.Note);
                if (r.Error is not null) json.WriteString("error", r.Error);
                foreach (var (k, v) in run)
                {
                    if (v is string s) json.WriteString(k, s);
                    else WriteNumber(json, k, Convert.ToDouble(v, Inv));
                }
                json.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, Math.Round(value, 3));
        else json.WriteNull(name);
    }

    private static string Number(double ms) =>
        double.IsNaN(ms) ? "-" : ms >= 100 ? ms.ToString("#,0", Inv) : ms.ToString("0.00", Inv);

    private static string Line(string[] cells, int[] widths)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append("  ");
            // Numbers right-aligned, text left-aligned.
            sb.Append(i is >= 1 and <= 4 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }
        return sb.ToString().TrimEnd();
    }
}
