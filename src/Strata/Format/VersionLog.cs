using System.Globalization;
using System.Text;
using Strata.Storage;

namespace Strata.Format;

/// <summary>
/// A folder of immutable, numbered JSON documents (table manifests, catalog versions). A new version
/// is committed with create-if-absent, so exactly one writer wins each number. A <c>_latest</c> hint
/// (advisory, may lag) lets readers find the newest version without listing: read the hint, then probe
/// forward until a number is missing.
/// </summary>
internal sealed class VersionLog(ILakeStorage storage, string folder)
{
    private const string HintFile = "_latest";

    public string Folder => folder;

    public static string FileName(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".json";

    public string PathOf(long version) => $"{folder}/{FileName(version)}";

    public async Task<byte[]?> TryReadAsync(long version, CancellationToken ct)
    {
        try
        {
            return await storage.ReadAllBytesAsync(PathOf(version), ct).ConfigureAwait(false);
        }
        catch (StrataNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The newest committed version, or 0 when none exists.</summary>
    public async Task<long> LatestAsync(CancellationToken ct)
    {
        long start = 0;
        try
        {
            var hint = await storage.ReadAllBytesAsync($"{folder}/{HintFile}", ct).ConfigureAwait(false);
            if (long.TryParse(Encoding.ASCII.GetString(hint), NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h > 0)
                start = h;
        }
        catch (StrataNotFoundException)
        {
        }
        if (start > 0 && !await storage.ExistsAsync(PathOf(start), ct).ConfigureAwait(false))
            start = 0; // stale or bad hint: fall back to listing
        if (start == 0)
        {
            var all = await ListAsync(ct).ConfigureAwait(false);
            if (all.Count == 0) return 0;
            start = all[^1];
        }
        while (await storage.ExistsAsync(PathOf(start + 1), ct).ConfigureAwait(false)) start++;
        return start;
    }

    /// <summary>Creates version <paramref name="version"/> if no one else has; false when it exists.</summary>
    public async Task<bool> TryCommitAsync(long version, byte[] content, CancellationToken ct)
    {
        if (!await storage.TryCreateAsync(PathOf(version), content, ct).ConfigureAwait(false)) return false;
        // The version is committed now: nothing after this point may fail the commit (or let a caller
        // believe it failed and delete its files). The hint is advisory; readers probe past a stale one.
        try
        {
            await storage.WriteAsync($"{folder}/{HintFile}", Encoding.ASCII.GetBytes(version.ToString(CultureInfo.InvariantCulture)),
                CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // deliberately swallowing: the commit already happened
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        return true;
    }

    /// <summary>All committed versions, ascending.</summary>
    public async Task<List<long>> ListAsync(CancellationToken ct)
    {
        var versions = new List<long>();
        await foreach (var e in storage.ListAsync(folder, ct).ConfigureAwait(false))
        {
            var name = e.Path[(e.Path.LastIndexOf('/') + 1)..];
            if (name.Length == 25 && name.EndsWith(".json", StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                versions.Add(v);
        }
        versions.Sort();
        return versions;
    }

    public Task DeleteAsync(long version, CancellationToken ct) => storage.DeleteAsync(PathOf(version), ct);
}
