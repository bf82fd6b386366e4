namespace Strata.Engine;

/// <summary>
/// The process-wide in-memory DuckDB database used for work that needs an engine but no
/// database of its own (file conversion in <see cref="Data.BatchFiles"/>). Created on first use;
/// it spills to a per-process folder under the system temp folder; callers open their own connection.
/// </summary>
internal static class EngineHost
{
    private static readonly Lazy<DuckDbDatabase> Shared = new(Open, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared database.</summary>
    public static DuckDbDatabase Database => Shared.Value;

    /// <summary>A new connection to the shared database (dispose it when done).</summary>
    public static DuckDbConnection Connect() => Database.Connect();

    private static DuckDbDatabase Open() => DuckDbDatabase.OpenInMemory(new DuckDbOptions
    {
        TempDirectory = Path.Combine(Path.GetTempPath(), "strata-duckdb", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    });
}
