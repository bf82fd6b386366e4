using System.Text.RegularExpressions;
using Strata.Storage;

namespace Strata.TestHost;

/// <summary>
/// Storage wrapper that holds the first table-manifest commit of this process until
/// <paramref name="parties"/> processes have reached theirs (a file per arrival in
/// <paramref name="barrierDir"/>). Racing processes thereby all plan against the same version and then
/// try to create the same next manifest: a real race, every time.
/// </summary>
internal sealed partial class BarrierStorage(ILakeStorage inner, string barrierDir, int parties) : DelegatingStorage(inner)
{
    private int _passed;


    public override async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (ManifestPath().IsMatch(path) && Interlocked.Exchange(ref _passed, 1) == 0)
            await ArriveAndWaitAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.TryCreateAsync(path, content, cancellationToken).ConfigureAwait(false);
    }

    private async Task ArriveAndWaitAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(barrierDir);
        await File.WriteAllTextAsync(Path.Combine(barrierDir, $"arrived-{Environment.ProcessId}"), "", ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Directory.GetFiles(barrierDir, "arrived-*").Length < parties)
        {
            if (DateTime.UtcNow > deadline)
            {
                await Console.Error.WriteLineAsync("barrier timed out; committing without the others").ConfigureAwait(false);
                return;
            }
            await Task.Delay(5, ct).ConfigureAwait(false);
        }
    }

    [GeneratedRegex(@"^tables/[^/]+/v/\d{20}\.json$")]
    private static partial Regex ManifestPath();
}
