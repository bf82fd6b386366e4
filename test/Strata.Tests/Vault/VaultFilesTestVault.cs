using System.Security.Cryptography;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Vault;

/// <summary>A real lake with a table plus hand-made extras (empty folders, odd modes, old sub-second mtimes, binary data).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class VaultFilesTestVault : IDisposable
{
    private VaultFilesTestVault(string root)
    {
        Root = root;
        Path = System.IO.Path.Combine(root, "my_vault");
    }

    public string Root { get; }
    public string Path { get; }
    public string Archive => Path + ".tar.gz";

    public static async Task<VaultFilesTestVault> CreateAsync()
    {
        var v = new VaultFilesTestVault(TempLake.NewFolder());
        await using (var lake = await Lake.CreateAsync(v.Path, new LakeOptions { Author = "tests" }))
            await lake.CreateTableAsync("docs", Enumerable.Range(0, 200).Select(i => new Doc(i, $"document {i}")));
        Directory.CreateDirectory(System.IO.Path.Combine(v.Path, "vault", "tables", "t1", "artifacts", "empty"));
        Directory.CreateDirectory(System.IO.Path.Combine(v.Path, "vault", "modules"));
        var script = System.IO.Path.Combine(v.Path, "vault", "modules", "run.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        var secret = System.IO.Path.Combine(v.Path, "vault", "secret.bin");
        await File.WriteAllBytesAsync(secret, RandomNumberGenerator.GetBytes(70_000));
        File.SetUnixFileMode(secret, UnixFileMode.UserRead);
        File.SetLastWriteTimeUtc(secret, new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1_234_567));
        await File.WriteAllBytesAsync(System.IO.Path.Combine(v.Path, "vault", "zero-length"), []);
        Directory.SetLastWriteTimeUtc(System.IO.Path.Combine(v.Path, "vault", "tables", "t1", "artifacts"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        return v;
    }

    /// <summary>Every folder and file under <paramref name="folder"/>: content hash (files), mode and mtime.</summary>
    public static SortedDictionary<string, string> Describe(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
            result[System.IO.Path.GetRelativePath(folder, d) + "/"] = $"dir {File.GetUnixFileMode(d)} {Directory.GetLastWriteTimeUtc(d).Ticks}";
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            result[System.IO.Path.GetRelativePath(folder, f)] =
                $"{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))} {File.GetUnixFileMode(f)} {File.GetLastWriteTimeUtc(f).Ticks}";
        return result;
    }

    public sealed record Doc(long Id, string Text);

    public void Dispose()
    {
        foreach (var d in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(d, File.GetUnixFileMode(d) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
