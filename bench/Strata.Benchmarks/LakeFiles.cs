namespace Strata.Benchmarks;

/// <summary>The Parquet files behind a table version, as paths in the lake folder (what a baseline reads directly).</summary>
internal static class LakeFiles
{
    /// <summary>The local paths of every data file of the table's current version, fragment by fragment.</summary>
    public static async Task<IReadOnlyList<string>> DataFilesAsync(Table table)
    {
        var files = new List<string>();
        foreach (var fragment in table.Snapshot.Manifest.Fragments)
            foreach (var file in fragment.Files)
                files.Add(await table.Lake.Storage.GetLocalPathAsync(file.Path));
        return files;
    }

    /// <summary>Bytes of the files.</summary>
    public static long Size(IEnumerable<string> files) => files.Sum(f => new FileInfo(f).Length);
}
