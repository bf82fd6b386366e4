using System.Globalization;
using System.Text.RegularExpressions;
using Strata.Storage;

namespace Strata.TestHost;

/// <summary>
/// Storage wrapper of the backfill host. For the backfilled table (<see cref="TableId"/>, set once the table is open)
/// it prints <c>committed &lt;version&gt;</c> as soon as a manifest is created, and holds the operation the stall names
/// (<see cref="HostStall"/>): checkpoint files and column files placed, manifests created. Everything else passes through.
/// </summary>
internal sealed partial class ObservedStorage(ILakeStorage inner) : DelegatingStorage(inner)
{
    public string? TableId { get; set; }


    public override async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (TableId is not { } id || ManifestPath().Match(path) is not { Success: true } m || m.Groups[1].Value != id)
            return await Inner.TryCreateAsync(path, content, cancellationToken).ConfigureAwait(false);
        return await HostStall.AroundAsync("manifest", path, async () =>
        {
            var created = await Inner.TryCreateAsync(path, content, cancellationToken).ConfigureAwait(false);
            if (created) HostOutput.Line("committed " + long.Parse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            return created;
        }).ConfigureAwait(false);
    }

    public override Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        var op = TableId is { } id
            ? path.StartsWith($"tables/{id}/checkpoints/", StringComparison.Ordinal) ? "checkpoint"
            : path.StartsWith($"tables/{id}/data/", StringComparison.Ordinal) ? "data" : null
            : null;
        if (op is null) return Inner.PutFileAsync(path, localFile, cancellationToken);
        return HostStall.AroundAsync(op, path, async () =>
        {
            await Inner.PutFileAsync(path, localFile, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    [GeneratedRegex(@"^tables/([^/]+)/v/(\d{20})\.json$")]
    private static partial Regex ManifestPath();
}
