using System.Globalization;
using System.Security.Cryptography;
using Strata.Format;

namespace Strata.Tests.Durability;

/// <summary>
/// Checks a table's files directly (not through the library): every manifest (and catalog version) is
/// complete JSON of the right version and parent, committed files never change (manifests and the data files they name keep
/// their bytes from the first time they were seen), every referenced file exists, and the only other
/// files in the version folder are the hint and temporary files a crash may leave.
/// </summary>
internal sealed class LakeFileAudit(string lakeFolder, string tableId)
{
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);

    public sealed record Result(IReadOnlyList<long> Versions, int TempLeftovers, int OrphanDataFiles, int ScratchFiles);

    public Result Check(bool linear = true)
    {
        var versionDir = Path.Combine(lakeFolder, "tables", tableId, "v");
        var versions = new List<long>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var temps = 0;
        long? hint = null;
        foreach (var file in Directory.EnumerateFiles(versionDir))
        {
            var name = Path.GetFileName(file);
            var rel = Path.GetRelativePath(lakeFolder, file).Replace('\\', '/');
            if (name == "_latest")
            {
                var text = File.ReadAllText(file);
                Assert.True(long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var h), $"the hint {rel} holds '{text}'");
                hint = h;
                continue;
            }
            if (name.StartsWith(".tmp-", StringComparison.Ordinal))
            {
                temps++;
                continue;
            }
            Assert.True(name.Length == 25 && name.EndsWith(".json", StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out _), $"unexpected file {rel}");
            var version = long.Parse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture);
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.Length > 0, $"manifest {rel} is empty");
            var manifest = FormatJson.ReadTableManifest(bytes, rel); // throws on truncated or corrupt JSON
            Assert.Equal(version, manifest.Version);
            Assert.Equal(tableId, manifest.TableId);
            if (linear) Assert.Equal(version == 1 ? null : version - 1, manifest.ParentVersion);
            Remember(rel, bytes);
            versions.Add(version);
            foreach (var frag in manifest.Fragments)
            {
                foreach (var f in frag.Files) referenced.Add(f.Path);
                if (frag.Deletion is { } d) referenced.Add(d.Path);
            }
        }
        versions.Sort();
        Assert.NotEmpty(versions);
        Assert.True(versions.SequenceEqual(Enumerable.Range(1, versions.Count).Select(i => (long)i)),
            $"versions are not 1..{versions.Count} without gaps: {string.Join(",", versions)}");
        if (hint is { } hv) Assert.True(hv >= 1 && hv <= versions[^1], $"the hint names version {hv}; the latest is {versions[^1]}");

        foreach (var rel in referenced)
        {
            var full = Path.Combine(lakeFolder, rel);
            Assert.True(File.Exists(full), $"{rel}, referenced by a committed manifest, is missing");
            Remember(rel, File.ReadAllBytes(full));
        }
        var dataDir = Path.Combine(lakeFolder, "tables", tableId, "data");
        var orphans = Directory.Exists(dataDir)
            ? Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories)
                .Count(f => !referenced.Contains(Path.GetRelativePath(lakeFolder, f).Replace('\\', '/')))
            : 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(lakeFolder, "catalog", "v"), "*.json"))
        {
            var bytes = File.ReadAllBytes(file);
            var rel = Path.GetRelativePath(lakeFolder, file).Replace('\\', '/');
            Assert.True(bytes.Length > 0, $"catalog version {rel} is empty");
            FormatJson.ReadCatalog(bytes, rel);
            Remember(rel, bytes);
        }
        var scratchDir = Path.Combine(lakeFolder, "_scratch");
        var scratch = Directory.Exists(scratchDir) ? Directory.EnumerateFiles(scratchDir, "*", SearchOption.AllDirectories).Count() : 0;
        return new Result(versions, temps, orphans, scratch);
    }

    /// <summary>Committed files are immutable: the same path must always have the same bytes.</summary>
    private void Remember(string rel, byte[] bytes)
    {
        var hash = Convert.ToHexString(SHA256.HashData(bytes));
        if (_hashes.TryGetValue(rel, out var before))
            Assert.True(before == hash, $"{rel} changed after it was committed");
        else
            _hashes[rel] = hash;
    }
}
