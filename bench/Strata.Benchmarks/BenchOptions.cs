using System.Globalization;

namespace Strata.Benchmarks;

/// <summary>Command line of a benchmark run: <c>[--n ROWS] [--json] [--only NAME,...] [--runs K] [--dir FOLDER]</c>.</summary>
internal sealed record BenchOptions
{
    /// <summary>The figure groups, in the order they run.</summary>
    public static readonly IReadOnlyList<string> Groups = ["ingest", "scan", "add_column", "append", "time_travel", "csv", "codec", "vault", "backfill"];

    /// <summary>Groups that run only when named in <c>--only</c> (informational, not targets of the issue).</summary>
    public static readonly IReadOnlyList<string> OptIn = ["codec"];

    /// <summary>Rows of the main workload. Default 1,000,000.</summary>
    public int Rows { get; init; } = 1_000_000;

    /// <summary>Print one JSON object per figure instead of a table.</summary>
    public bool Json { get; init; }

    /// <summary>Figure groups to run (all when empty).</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Timed runs per side after the warm-up; the best is reported (the median too, in JSON). Default 3.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Runs of the figures that take milliseconds (scans, opens): at least 5.</summary>
    public int CheapRuns => Math.Max(Runs, 5);

    /// <summary>Folder under which the run's temporary folder is made. Default: the system temp folder.</summary>
    public string? Directory { get; init; }

    /// <summary>Versions of the time-travel table: 1,000 at the full N, scaled down (at least 100) for smaller runs.</summary>
    public int Versions => Math.Clamp(Rows / 1000, 100, 1000);

    /// <summary>Size of the generated CSV: about 1 GB at the full N, in proportion below (at least 4 MB).</summary>
    public long CsvBytes => Math.Max(4_000_000, (long)(1_000_000_000.0 * Rows / 1_000_000));

    public bool Includes(string group) => Only.Count == 0
        ? !OptIn.Contains(group, StringComparer.OrdinalIgnoreCase)
        : Only.Contains(group, StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses the arguments; null (after printing why) when they are not valid.</summary>
    public static BenchOptions? Parse(string[] args, TextWriter error)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--n":
                        options = options with { Rows = ParseCount(Next()) };
                        break;
                    case "--json":
                        options = options with { Json = true };
                        break;
                    case "--only":
                        var names = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        var unknown = names.Where(n => !Groups.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
                        if (unknown.Count > 0) throw new FormatException($"unknown figure '{unknown[0]}'; choose from {string.Join(", ", Groups)}");
                        options = options with { Only = names };
                        break;
                    case "--runs":
                        options = options with { Runs = ParseCount(Next()) };
                        break;
                    case "--dir":
                        options = options with { Directory = Next() };
                        break;
                    case "-h" or "--help":
                        error.WriteLine(Usage);
                        return null;
                    default:
                        throw new FormatException($"unknown argument '{args[i]}'");
                }
            }
            catch (FormatException e)
            {
                error.WriteLine(e.Message);
                error.WriteLine(Usage);
                return null;
            }
        }
        return options;
    }

    private static int ParseCount(string text)
    {
        // Accept 1000000, 1_000_000 and 1e6.
        var clean = text.Replace("_", "", StringComparison.Ordinal);
        if (double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 1 && d <= int.MaxValue)
            return (int)d;
        throw new FormatException($"'{text}' is not a positive count");
    }

    public const string Usage =
        "usage: Strata.Benchmarks [--n ROWS] [--json] [--only NAME,...] [--runs K] [--dir FOLDER]\n" +
        "       figures: ingest, scan, add_column, append, time_travel, csv, backfill (default: all of these); codec (only when named)\n" +
        "       Strata.Benchmarks backfill-kill LAKE TABLE JOB FRACTION   (child mode: backfill that SIGKILLs itself at FRACTION)\n" +
        "       Strata.Benchmarks ingest-csv LAKE FILE   (child mode: Strata CSV ingest, prints time and peak memory)\n" +
        "       Strata.Benchmarks copy-csv FILE OUT      (child mode: DuckDB CSV → Parquet, prints time and peak memory)";
}
