using System.Diagnostics;
using System.Text.Json;

namespace Strata.Vault.Locks;

/// <summary>
/// The lock table on disk: <c>locks.json</c> holds every granted lock; <c>locks.guard</c> is opened with
/// <see cref="FileShare.None"/> (an OS <c>flock</c> on Unix) around each read-check-write, so only one process
/// changes the table at a time. The kernel drops that file lock when its process dies, even by kill -9, so a
/// crashed process never leaves the guard held. Writes go to a temporary file renamed over <c>locks.json</c>,
/// so readers outside the guard see the old or the new table, never half of one.
/// </summary>
internal sealed class LockTable
{
    public const string TableFileName = "locks.json";
    public const string GuardFileName = "locks.guard";

    // The guard is held only for a read-check-write of a small file; a wait this long means something is wrong.
    private static readonly TimeSpan GuardTimeout = TimeSpan.FromSeconds(30);

    private readonly string _tablePath;
    private readonly string _guardPath;
    private readonly string _tempPath;

    public LockTable(string folder)
    {
        Directory.CreateDirectory(folder);
        _tablePath = Path.Combine(folder, TableFileName);
        _guardPath = Path.Combine(folder, GuardFileName);
        _tempPath = Path.Combine(folder, TableFileName + ".tmp");
    }

    public string TablePath => _tablePath;

    /// <summary>Takes the cross-process guard, retrying while another process or thread holds it.</summary>
    public IDisposable EnterGuard(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(_guardPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && clock.Elapsed < GuardTimeout)
            {
                // Held by someone else (sharing violation): a short randomized sleep, growing with the attempt.
                Thread.Sleep(Random.Shared.Next(1, Math.Min(2 + attempt, 20) + 1));
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                throw new StrataException(
                    $"The lock table guard {_guardPath} stayed busy for {GuardTimeout.TotalSeconds:0} s ({e.Message}). " +
                    "Check that no process is stuck holding it (e.g. with `lsof`), then retry.", e);
            }
        }
    }

    /// <summary>Reads the table; a missing file is an empty table. Safe with or without the guard.</summary>
    public List<LockRecord> Read()
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(_tablePath); }
        catch (FileNotFoundException) { return []; }
        LockTableFile? file;
        try { file = JsonSerializer.Deserialize(bytes, LockJsonContext.Default.LockTableFile); }
        catch (JsonException e)
        {
            throw new StrataCorruptDataException(_tablePath,
                "the lock table is not valid JSON. Make sure no vault process runs, then delete the file to clear every lock.", e);
        }
        if (file is null || file.Format != LockTableFile.FormatName)
            throw new StrataCorruptDataException(_tablePath,
                $"not a lock table (format '{file?.Format}', expected '{LockTableFile.FormatName}'). Make sure no vault process runs, then delete the file.");
        if (file.FormatVersion != LockTableFile.CurrentVersion)
            throw new StrataCorruptDataException(_tablePath,
                $"lock table format version {file.FormatVersion} is not supported (this Strata reads version {LockTableFile.CurrentVersion}). Use a matching Strata version.");
        return file.Locks;
    }

    /// <summary>Replaces the table atomically. Call only while holding the guard.</summary>
    public void Write(List<LockRecord> locks)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new LockTableFile { Locks = locks }, LockJsonContext.Default.LockTableFile);
        using (var fs = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(bytes);
            fs.Flush(flushToDisk: true);
        }
        File.Move(_tempPath, _tablePath, overwrite: true);
    }
}
