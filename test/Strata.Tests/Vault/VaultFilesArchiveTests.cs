using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Strata.Vault.Utilities;

namespace Strata.Tests.Vault;

/// <summary>CompressAsync / DecompressAsync on a real lake: byte-identical round trip and refusals.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VaultFilesArchiveTests
{
    [Fact]
    public async Task Round_trip_restores_every_file_folder_mode_and_mtime()
    {
        using var v = await VaultFilesTestVault.CreateAsync();
        var before = VaultFilesTestVault.Describe(v.Path);
        Assert.Contains("vault/tables/t1/artifacts/empty/", before.Keys);
        Assert.Contains(before.Keys, k => k.EndsWith(".parquet", StringComparison.Ordinal));

        var archive = await VaultFiles.CompressAsync(v.Path);
        Assert.Equal(v.Archive, archive);
        Assert.Equal(before, VaultFilesTestVault.Describe(v.Path)); // compressing only reads
        Assert.Single(Directory.GetFiles(v.Root)); // one archive, no temporary left
        await VaultFiles.DeleteAsync(v.Path);
        Assert.False(Directory.Exists(v.Path));

        Assert.Equal(v.Path, await VaultFiles.DecompressAsync(v.Path));
        Assert.Equal(before, VaultFilesTestVault.Describe(v.Path));
        Assert.Equal([v.Archive], Directory.GetFiles(v.Root)); // no staging folder left
        Assert.Equal([v.Path], Directory.GetDirectories(v.Root));

        // The restored folder is a working lake.
        await using var lake = await Lake.OpenAsync(v.Path);
        Assert.Equal(200L, await (await lake.OpenTableAsync("docs")).CountRowsAsync());
    }

    [Fact]
    public async Task The_level_maps_onto_the_compressor_and_is_validated()
    {
        using var v = await VaultFilesTestVault.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(v.Path, "vault", "text.txt"),
            string.Concat(Enumerable.Range(0, 40_000).Select(i => $"line {i % 977} of a compressible log\n")));
        await VaultFiles.CompressAsync(v.Path, level: 1);
        var fast = new FileInfo(v.Archive).Length;
        await VaultFiles.CompressAsync(v.Path, level: 9); // replaces the archive
        var small = new FileInfo(v.Archive).Length;
        Assert.True(small < fast, $"level 9 ({small} bytes) should be smaller than level 1 ({fast} bytes)");
        Assert.Single(Directory.GetFiles(v.Root));

        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.CompressAsync(v.Path, level: 0));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.CompressAsync(v.Path, level: 10));
        Assert.Equal(small, new FileInfo(v.Archive).Length);
    }

    [Fact]
    public async Task Missing_folder_or_archive_is_not_found_and_an_existing_target_is_never_overwritten()
    {
        using var v = await VaultFilesTestVault.CreateAsync();
        var missing = Path.Combine(v.Root, "nope");
        await Assert.ThrowsAsync<StrataNotFoundException>(() => VaultFiles.CompressAsync(missing));
        await File.WriteAllTextAsync(missing, "a file");
        await Assert.ThrowsAsync<StrataNotFoundException>(() => VaultFiles.CompressAsync(missing));
        var e = await Assert.ThrowsAsync<StrataNotFoundException>(() => VaultFiles.DecompressAsync(v.Path));
        Assert.Contains(v.Archive, e.Message, StringComparison.Ordinal);

        await VaultFiles.CompressAsync(v.Path);
        var before = VaultFilesTestVault.Describe(v.Path);
        await File.WriteAllTextAsync(Path.Combine(v.Path, "vault", "zero-length"), "changed after compressing");
        var changed = VaultFilesTestVault.Describe(v.Path);
        await Assert.ThrowsAsync<StrataAlreadyExistsException>(() => VaultFiles.DecompressAsync(v.Path));
        Assert.Equal(changed, VaultFilesTestVault.Describe(v.Path));
        Assert.NotEqual(before, changed);
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.CompressAsync(""));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.CompressAsync("/"));
    }

    [Fact]
    public async Task Compress_refuses_links_and_special_files_in_the_vault()
    {
        using var v = await VaultFilesTestVault.CreateAsync();
        var outside = Path.Combine(v.Root, "outside.txt");
        await File.WriteAllTextAsync(outside, "not part of the vault");
        var link = Path.Combine(v.Path, "vault", "link.txt");
        File.CreateSymbolicLink(link, outside);
        var e = await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.CompressAsync(v.Path));
        Assert.Contains("vault/link.txt", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(v.Archive));
        File.Delete(link);

        var fifo = Path.Combine(v.Path, "vault", "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) await mkfifo.WaitForExitAsync();
        Assert.True(File.Exists(fifo));
        e = await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.CompressAsync(v.Path));
        Assert.Contains("vault/pipe", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(v.Archive));
        Assert.Single(Directory.GetFiles(v.Root)); // only outside.txt: no temporary archive left
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("vault/../../evil.txt")]
    [InlineData("/tmp/strata-evil-absolute.txt")]
    [InlineData("./evil.txt")]
    [InlineData("a//evil.txt")]
    [InlineData("a\\..\\evil.txt")]
    public async Task Decompress_refuses_entries_that_escape_the_target(string name)
    {
        using var v = await VaultFilesTestVault.CreateAsync();
        var target = Path.Combine(v.Root, "restored");
        await WriteArchiveAsync(target + ".tar.gz", tar =>
        {
            tar.WriteEntry(TarFile("ok.txt", "fine"));
            tar.WriteEntry(TarFile(name, "evil"));
        });
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DecompressAsync(target));
        AssertNothingExtracted(v, target);
        Assert.False(File.Exists("/tmp/strata-evil-absolute.txt"));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    [InlineData(TarEntryType.Fifo)]
    [InlineData(TarEntryType.CharacterDevice)]
    public async Task Decompress_refuses_links_and_special_entries(TarEntryType type)
    {
        using var v = await VaultFilesTestVault.CreateAsync();
        var target = Path.Combine(v.Root, "restored");
        await WriteArchiveAsync(target + ".tar.gz", tar =>
        {
            var entry = new PaxTarEntry(type, "vault/thing");
            if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink) entry.LinkName = "/etc/passwd";
            tar.WriteEntry(entry);
            tar.WriteEntry(TarFile("vault/thing/through-link.txt", "evil"));
        });
        var e = await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DecompressAsync(target));
        Assert.Contains("vault/thing", e.Message, StringComparison.Ordinal);
        AssertNothingExtracted(v, target);
    }

    [Fact]
    public async Task Decompress_refuses_repeated_entries_and_corrupt_archives()
    {
        using var v = await VaultFilesTestVault.CreateAsync();
        var target = Path.Combine(v.Root, "restored");
        await WriteArchiveAsync(target + ".tar.gz", tar =>
        {
            tar.WriteEntry(TarFile("a.txt", "first"));
            tar.WriteEntry(TarFile("a.txt", "second"));
        });
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultFiles.DecompressAsync(target));
        AssertNothingExtracted(v, target);

        await File.WriteAllBytesAsync(target + ".tar.gz", Encoding.UTF8.GetBytes("this is not gzip at all"));
        var e = await Assert.ThrowsAsync<StrataCorruptDataException>(() => VaultFiles.DecompressAsync(target));
        Assert.Equal(target + ".tar.gz", e.Path);
        AssertNothingExtracted(v, target);

        // A truncated real archive.
        await VaultFiles.CompressAsync(v.Path);
        var bytes = await File.ReadAllBytesAsync(v.Archive);
        await File.WriteAllBytesAsync(target + ".tar.gz", bytes[..(bytes.Length / 2)]);
        await Assert.ThrowsAsync<StrataCorruptDataException>(() => VaultFiles.DecompressAsync(target));
        AssertNothingExtracted(v, target);
    }

    private static PaxTarEntry TarFile(string name, string text) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };

    private static async Task WriteArchiveAsync(string path, Action<TarWriter> write)
    {
        await using var output = File.Create(path);
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        write(tar);
    }

    private static void AssertNothingExtracted(VaultFilesTestVault v, string target)
    {
        Assert.False(Directory.Exists(target));
        Assert.Equal([v.Path], Directory.GetDirectories(v.Root)); // no staging folder left
        Assert.DoesNotContain(Directory.EnumerateFiles(v.Root, "evil*", SearchOption.AllDirectories), _ => true);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(v.Root)!, "evil.txt")));
    }
}
