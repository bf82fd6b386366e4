using Strata.Tests.TestSupport;
using Strata.Vault.Utilities;

namespace Strata.Tests.Vault;

/// <summary>DeleteAsync: only lakes, never through links.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VaultFilesDeleteTests
{
    [Fact]
    public async Task Deletes_a_lake_but_not_what_its_links_point_to()
    {
        using var v = await VaultFilesTestVault.CreateAsync();
        var outsideDir = Path.Combine(v.Root, "outside");
        Directory.CreateDirectory(outsideDir);
        await File.WriteAllTextAsync(Path.Combine(outsideDir, "keep.txt"), "keep me");
        var outsideFile = Path.Combine(v.Root, "keep-too.txt");
        await File.WriteAllTextAsync(outsideFile, "keep me too");
        File.SetUnixFileMode(outsideFile, UnixFileMode.UserRead);
        Directory.CreateSymbolicLink(Path.Combine(v.Path, "vault", "dir-link"), outsideDir);
        File.CreateSymbolicLink(Path.Combine(v.Path, "vault", "file-link"), outsideFile);
        var readOnlyDir = Path.Combine(v.Path, "vault", "tables", "t1", "artifacts");
        File.SetUnixFileMode(readOnlyDir, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        await VaultFiles.DeleteAsync(v.Path);

        Assert.False(Directory.Exists(v.Path));
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(outsideDir, "keep.txt")));
        Assert.Equal("keep me too", await File.ReadAllTextAsync(outsideFile));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(outsideFile));
    }

    [Fact]
    public async Task Refuses_what_is_not_a_lake_and_changes_nothing()
    {
        var root = TempLake.NewFolder();
        try
        {
            var plain = Path.Combine(root, "plain");
            Directory.CreateDirectory(plain);
            await File.WriteAllTextAsync(Path.Combine(plain, "data.txt"), "x");
            var e = await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DeleteAsync(plain));
            Assert.Contains("_strata_lake.json", e.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(plain, "data.txt")));

            // A marker that is only a link to another lake's marker does not make a lake.
            var lakePath = Path.Combine(root, "lake");
            await using (await Lake.CreateAsync(lakePath, new LakeOptions { Author = "tests" })) { }
            File.CreateSymbolicLink(Path.Combine(plain, "_strata_lake.json"), Path.Combine(lakePath, "_strata_lake.json"));
            await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DeleteAsync(plain));
            Assert.True(File.Exists(Path.Combine(plain, "data.txt")));

            // A link to a lake is refused; the lake stays.
            var link = Path.Combine(root, "lake-link");
            Directory.CreateSymbolicLink(link, lakePath);
            await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DeleteAsync(link));
            await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DeleteAsync(link + "/"));
            Assert.True(File.Exists(Path.Combine(lakePath, "_strata_lake.json")));

            var file = Path.Combine(root, "file.txt");
            await File.WriteAllTextAsync(file, "x");
            await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DeleteAsync(file));
            Assert.True(File.Exists(file));
            await Assert.ThrowsAsync<StrataNotFoundException>(() => VaultFiles.DeleteAsync(Path.Combine(root, "missing")));
            await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DeleteAsync("  "));

            await VaultFiles.DeleteAsync(lakePath + "/");
            Assert.False(Directory.Exists(lakePath));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
