using System.Text.RegularExpressions;

namespace Strata;

public sealed partial class Lake
{
    /// <summary>
    /// Turns an engine error that names one of the lake's own files (a truncated or corrupt Parquet
    /// file) into a <see cref="StrataCorruptDataException"/> naming that file; other errors pass through.
    /// </summary>
    internal Exception TranslateEngineError(StrataQueryException e)
    {
        var root = Location.TrimEnd('/') + "/";
        foreach (Match m in Regex.Matches(e.Message, "(" + Regex.Escape(root) + "[^\"' ]+?\\.parquet)"))
        {
            var rel = m.Groups[1].Value[root.Length..];
            return new StrataCorruptDataException(rel, $"the data file cannot be read ({FirstLine(e.Message)}); restore an earlier version or the file from a backup.", e);
        }
        // DuckDB echoes the failing query ("LINE 1: SELECT … read_parquet('…')"): internal SQL and paths the caller never wrote.
        var cut = e.Message.IndexOf("\nLINE ", StringComparison.Ordinal);
        return cut < 0 ? e : new StrataQueryException(e.Message[..cut].TrimEnd(), e);
    }

    private static string FirstLine(string message)
    {
        var i = message.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? message : message[..i];
    }

    /// <summary>Runs engine work, translating errors about the lake's own files.</summary>
    internal T RunEngine<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (StrataQueryException e)
        {
            var translated = TranslateEngineError(e);
            if (ReferenceEquals(translated, e)) throw;
            throw translated;
        }
    }

    /// <summary>Streams engine results, translating errors about the lake's own files.</summary>
    internal IEnumerable<T> RunEngine<T>(IEnumerable<T> results)
    {
        using var e = results.GetEnumerator();
        while (true)
        {
            T current;
            try
            {
                if (!e.MoveNext()) yield break;
                current = e.Current;
            }
            catch (StrataQueryException ex)
            {
                var translated = TranslateEngineError(ex);
                if (ReferenceEquals(translated, ex)) throw;
                throw translated;
            }
            yield return current;
        }
    }
}
