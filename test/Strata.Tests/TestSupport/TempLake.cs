namespace Strata.Tests.TestSupport;

/// <summary>A lake in a fresh temporary folder, deleted on dispose.</summary>
public sealed class TempLake : IAsyncDisposable
{
    private TempLake(string folder, Lake lake)
    {
        Folder = folder;
        Lake = lake;
    }

    public string Folder { get; }
    public Lake Lake { get; }

    public static async Task<TempLake> CreateAsync(LakeOptions? options = null)
    {
        var folder = NewFolder();
        var lake = await Lake.CreateAsync(folder, options ?? new LakeOptions { Author = "tests" });
        return new TempLake(folder, lake);
    }

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "strata-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        await Lake.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Every file under the folder with its content hash, for byte-identical comparisons.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(folder, f);
            if (rel.StartsWith("_scratch", StringComparison.Ordinal)) continue;
            result[rel] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)));
        }
        return result;
    }
}
