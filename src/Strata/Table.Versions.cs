using Strata.Data;
using Strata.Format;
using Strata.Tables;

namespace Strata;

public sealed partial class Table
{
    /// <summary>Every retained version, oldest first, with operation, author, time and tags.</summary>
    public async Task<IReadOnlyList<TableVersion>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        var versions = await _store.Log.ListAsync(cancellationToken).ConfigureAwait(false);
        var tags = await ListTagsAsync(cancellationToken).ConfigureAwait(false);
        var byVersion = tags.GroupBy(t => t.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Key).Order().ToList());
        var result = new List<TableVersion>(versions.Count);
        foreach (var v in versions)
        {
            var snap = await _store.ReadAsync(v, cancellationToken).ConfigureAwait(false);
            result.Add(TableVersion.From(snap.Manifest, byVersion.GetValueOrDefault(v)));
        }
        return result;
    }

    /// <summary>Makes <paramref name="version"/>'s content the newest version (a new commit; history is kept).</summary>
    public async Task<TableVersion> RestoreAsync(long version, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        var target = await _store.ReadAsync(version, cancellationToken).ConfigureAwait(false);
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var tx = new FragmentEditTransaction(Lake, _store, new OperationRecord("restore",
            new Dictionary<string, string> { ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            ReadVersion = read.Version,
            Read = read,
            RequireNoConcurrentCommit = true,
            ReplaceWith = target.Manifest,
        };
        var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return TableVersion.From(snap.Manifest);
    }

    /// <summary>Names a version (default: this object's version). Tags keep versions from cleanup.</summary>
    public async Task CreateTagAsync(string tag, long? version = null, CancellationToken cancellationToken = default)
    {
        Names.ValidateTable(tag, "tag");
        var v = version ?? Version;
        await _store.ReadAsync(v, cancellationToken).ConfigureAwait(false);
        var record = new TagRecord { Name = tag, Version = v, CreatedAt = DateTimeOffset.UtcNow, Author = Lake.Author };
        if (!await Lake.Storage.TryCreateAsync(TagPath(tag), FormatJson.Serialize(record), cancellationToken).ConfigureAwait(false))
            throw new StrataAlreadyExistsException($"tag '{tag}' already exists on '{Name}'; delete it first.");
    }

    /// <summary>Removes a tag.</summary>
    public async Task DeleteTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        Names.ValidateTable(tag, "tag");
        if (!await Lake.Storage.ExistsAsync(TagPath(tag), cancellationToken).ConfigureAwait(false))
            throw new StrataNotFoundException($"tag '{tag}' does not exist on '{Name}'.");
        await Lake.Storage.DeleteAsync(TagPath(tag), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>All tags: name → version.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ListTagsAsync(CancellationToken cancellationToken = default)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await foreach (var e in Lake.Storage.ListAsync(FormatConstants.TableTagsFolder(Id), cancellationToken).ConfigureAwait(false))
        {
            if (!e.Path.EndsWith(".json", StringComparison.Ordinal)) continue;
            var tag = FormatJson.ReadTag(await Lake.Storage.ReadAllBytesAsync(e.Path, cancellationToken).ConfigureAwait(false), e.Path);
            result[tag.Name] = tag.Version;
        }
        return result;
    }

    /// <summary>A read-only view at the version a tag names.</summary>
    public async Task<Table> CheckoutTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        var tags = await ListTagsAsync(cancellationToken).ConfigureAwait(false);
        if (!tags.TryGetValue(tag, out var v)) throw new StrataNotFoundException($"tag '{tag}' does not exist on '{Name}'.");
        return await CheckoutAsync(v, cancellationToken).ConfigureAwait(false);
    }

    private string TagPath(string tag) => $"{FormatConstants.TableTagsFolder(Id)}/{tag}.json";
}
