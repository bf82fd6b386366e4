using System.Diagnostics;
using Strata.Vault.Model;

namespace Strata.Vault.Processes;

/// <summary>Reads and writes process records. They are written directly (not through the journaled storage):
/// the record of a reverted process goes away with its folder.</summary>
internal sealed class ProcessStore(string lakeRoot)
{
    private readonly Lock _gate = new();

    public string Folder(string processId) => VaultPaths.Local(lakeRoot, VaultPaths.Process(processId));

    public ProcessRecord? TryRead(string processId)
    {
        var file = VaultPaths.Local(lakeRoot, VaultPaths.ProcessRecord(processId));
        if (!File.Exists(file)) return null;
        return VaultJson.Deserialize<ProcessRecord>(File.ReadAllBytes(file), file);
    }

    public ProcessRecord Save(ProcessRecord record)
    {
        var stamped = record with { UpdatedAt = DateTimeOffset.UtcNow };
        var file = VaultPaths.Local(lakeRoot, VaultPaths.ProcessRecord(record.ProcessId));
        lock (_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temp = file + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, VaultJson.Serialize(stamped));
            File.Move(temp, file, overwrite: true);
        }
        return stamped;
    }

    public IReadOnlyList<ProcessRecord> List()
    {
        var dir = VaultPaths.Local(lakeRoot, VaultPaths.Processes);
        if (!Directory.Exists(dir)) return [];
        var result = new List<ProcessRecord>();
        foreach (var sub in Directory.EnumerateDirectories(dir))
        {
            try
            {
                if (TryRead(Path.GetFileName(sub)) is { } r) result.Add(r);
            }
            catch (StrataCorruptDataException)
            {
                // a record being replaced right now; the next listing sees it
            }
            catch (IOException)
            {
            }
        }
        return result.OrderBy(r => r.StartedAt).ToList();
    }

    /// <summary>Removes everything of the process (after a revert).</summary>
    public void DeleteAll(string processId)
    {
        var dir = Folder(processId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        UndoJournal.DeleteEmptyParents(lakeRoot, Path.GetDirectoryName(dir));
    }

    /// <summary>Removes the journal and scratch of a finished process, keeping its record.</summary>
    public void DeleteScratch(string processId)
    {
        var dir = Folder(processId);
        if (!Directory.Exists(dir)) return;
        foreach (var sub in Directory.EnumerateDirectories(dir)) Directory.Delete(sub, recursive: true);
        foreach (var f in Directory.EnumerateFiles(dir).Where(f => Path.GetFileName(f) != "process.json")) File.Delete(f);
    }

    /// <summary>True when the OS process recorded as running the process is alive (same pid and start time).</summary>
    public static bool IsAlive(ProcessRecord record)
    {
        if (record.OsProcessId == 0) return false;
        if (record.OsProcessId == Environment.ProcessId) return true;
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(record.OsProcessId);
            if (p.HasExited) return false;
            return Math.Abs((new DateTimeOffset(p.StartTime.ToUniversalTime()) - record.OsProcessStart).TotalSeconds) < 2;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static DateTimeOffset CurrentStart()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new DateTimeOffset(self.StartTime.ToUniversalTime());
    }

    internal static Stopwatch StartTimer() => Stopwatch.StartNew();
}
