using Strata.Data;

namespace Strata.Vault.Modules;

/// <summary>Built-in module <c>builtin_files</c>: the files of a folder the builder names explicitly (read only).</summary>
public static class BuiltinFiles
{
    /// <summary>
    /// One row per file under <paramref name="folder"/> (recursive, sorted by relative path) with columns
    /// name, path (absolute) and size (bytes). The folder is only read.
    /// </summary>
    public static RecordBatch Files(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Path.IsPathRooted(folder))
            throw new StrataInvalidInputException($"builtin_files needs an absolute folder path, not '{folder}'.");
        if (!Directory.Exists(folder)) throw new StrataNotFoundException($"builtin_files: folder '{folder}' does not exist.");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .OrderBy(f => Path.GetRelativePath(folder, f), StringComparer.Ordinal).ToList();
        return RecordBatch.FromArrays(
            ("name", files.Select(Path.GetFileName).ToArray()),
            ("path", files.ToArray()),
            ("size", files.Select(f => new FileInfo(f).Length).ToArray()));
    }
}
