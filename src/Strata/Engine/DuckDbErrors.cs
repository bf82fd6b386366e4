using System.Text.RegularExpressions;

namespace Strata.Engine;

/// <summary>
/// Turns DuckDB error text into Strata exceptions. The message is DuckDB's own (it names the
/// problem and usually the fix), trimmed; its category ("Binder", "Invalid Input", "IO", …)
/// is kept in <see cref="Exception.Data"/> under <see cref="KindKey"/> so callers can tell
/// bad input files from bad SQL without parsing text.
/// </summary>
internal static partial class DuckDbErrors
{
    /// <summary>Key of the DuckDB error category in <see cref="Exception.Data"/>.</summary>
    public const string KindKey = "Strata.DuckDbErrorKind";

    [GeneratedRegex(@"^(?<kind>[A-Za-z][A-Za-z ]{0,40}?) Error: ")]
    private static partial Regex KindPattern();

    /// <summary>A query exception from DuckDB's message (or <paramref name="fallback"/> when DuckDB gave none).</summary>
    public static StrataQueryException Query(string? message, string fallback)
    {
        var text = Clean(message) ?? fallback;
        var e = new StrataQueryException(text);
        var kind = KindOf(text);
        if (kind is not null) e.Data[KindKey] = kind;
        return e;
    }

    /// <summary>The DuckDB error category of an exception raised by the engine, or null.</summary>
    public static string? Kind(Exception e) => e.Data[KindKey] as string;

    /// <summary>True for errors caused by the data read (bad CSV/JSON/Parquet, unconvertible values, unreadable file).</summary>
    public static bool IsInputError(Exception e) =>
        Kind(e) is "Invalid Input" or "Conversion" or "IO" or "Invalid" or "Out of Range";

    /// <summary>True when DuckDB stopped the query because it was interrupted.</summary>
    public static bool IsInterrupt(Exception e) => Kind(e) is "INTERRUPT" or "Interrupt";

    /// <summary>The category at the start of a DuckDB message ("Binder Error: …" gives "Binder").</summary>
    public static string? KindOf(string message)
    {
        var m = KindPattern().Match(message);
        return m.Success ? m.Groups["kind"].Value : null;
    }

    // DuckDB reports an error raised in a worker thread of a streaming query as
    // "…: Attempting to execute an unsuccessful or closed pending query result\nError: <the error>"
    // (duckdb/duckdb#18106); the wrapper says nothing, the wrapped error says what happened.
    private const string PendingWrapper = "Attempting to execute an unsuccessful or closed pending query result";

    private static string? Clean(string? message)
    {
        if (string.IsNullOrWhiteSpace(message)) return null;
        var text = message.Trim();
        var wrapper = text.IndexOf(PendingWrapper, StringComparison.Ordinal);
        if (wrapper >= 0)
        {
            var inner = text.IndexOf("\nError: ", wrapper, StringComparison.Ordinal);
            if (inner >= 0 && inner + 8 < text.Length) text = text[(inner + 8)..].Trim();
        }
        return text;
    }
}
