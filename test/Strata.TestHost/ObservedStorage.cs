using System.Globalization;
using System.Text.RegularExpressions;
using Strata.Storage;

namespace Strata.TestHost;

/// <summary>
/// Storage wrapper of the backfill host. For the backfilled table (<see cref="TableId"/>, set once the table is open)
/// it prints <c>committed &lt;version&gt;</c> as soon as a manifest is created, and holds the operation the stall names
/// (<see cref="HostStall"/>): checkpoint files and column files placed, manifests created. Everything else passes through.
/// </summary>
internal sealed partial class ObservedStorage(ILakeStorage inner) : ILakeStorage
{
    public string? TableId { get; set; }

    public string Location => inner.Location;
    public string ScratchDirectory => inner.ScratchDirectory;

    public async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (TableId is not { } id || ManifestPath().Match(path) is not { Success: true } m || m.Groups[1].Value != id)
            return await inner.TryCreateAsync(path, content, cancellationToken).ConfigureAwait(false);
        return await HostStall.AroundAsync("manifest", path, async () =>
        {
            var created = await inner.TryCreateAsync(path, content, cancellationToken).ConfigureAwait(false);
            if (created) HostOutput.Line("committed " + long.Parse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            return created;
        }).ConfigureAwait(false);
    }

    public Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        var op = TableId is { } id
            ? path.StartsWith($"tables/{id}/checkpoints/", StringComparison.Ordinal) ? "checkpoint"
            : path.StartsWith($"tables/{id}/data/", StringComparison.Ordinal) ? "data" : null
            : null;
        if (op is null) return inner.PutFileAsync(path, localFile, cancellationToken);
        return HostStall.AroundAsync(op, path, async () =>
        {
            await inner.PutFileAsync(path, localFile, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    [GeneratedRegex(@"^tables/([^/]+)/v/(\d{20})\.json$")]
    private static partial Regex ManifestPath();

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => inner.ExistsAsync(path, cancellationToken);
    public IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default) => inner.ReadAllBytesAsync(path, cancellationToken);
    public Task<int> ReadRangeAsync(string path, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadRangeAsync(path, offset, buffer, cancellationToken);
    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(path, content, cancellationToken);
    public ValueTask<string> GetLocalPathAsync(string path, CancellationToken cancellationToken = default) =>
        inner.GetLocalPathAsync(path, cancellationToken);
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, cancellationToken);
}
