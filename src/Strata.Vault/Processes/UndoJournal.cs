using System.Text.Json;
using Strata.Vault.Model;

namespace Strata.Vault.Processes;

/// <summary>
/// The undo journal of one process: before the process writes or deletes a file of the lake, the file's previous
/// content (or the fact that it was new) is appended to <c>vault/processes/&lt;id&gt;/journal/</c>, so that a revert
/// restores a byte-identical file set even after the process was killed. The journal's own files are written
/// directly, not through the lake's storage; the process folder goes away as a whole when the process is reverted.
/// </summary>
internal sealed class UndoJournal
{
    private static readonly AsyncLocal<UndoJournal?> CurrentSlot = new();
    private static readonly JsonSerializerOptions LineOptions = new(VaultJson.Options) { WriteIndented = false };
    private readonly Lock _gate = new();
    private readonly HashSet<string> _recorded = new(StringComparer.Ordinal);
    private readonly string _folder;
    private readonly string _log;
    private int _backups;

    public UndoJournal(string lakeRoot, string processId)
    {
        LakeRoot = lakeRoot;
        _folder = VaultPaths.Local(lakeRoot, VaultPaths.ProcessJournal(processId));
        _log = Path.Combine(_folder, "journal.log");
        foreach (var e in ReadEntries(_folder))
        {
            _recorded.Add(e.Path);
            if (e.Backup is not null) _backups++;
        }
    }

    /// <summary>The journal of the process running in this async flow, if any.</summary>
    public static UndoJournal? Current
    {
        get => CurrentSlot.Value;
        set => CurrentSlot.Value = value;
    }

    public string LakeRoot { get; }

    /// <summary>Before writing or deleting <paramref name="path"/>: remembers its content, once per path.</summary>
    public void BeforeChange(string path)
    {
        lock (_gate)
        {
            if (!_recorded.Add(path)) return;
            var local = VaultPaths.Local(LakeRoot, path);
            if (File.Exists(local))
            {
                var backup = $"{_backups++}.bak";
                Directory.CreateDirectory(_folder);
                File.Copy(local, Path.Combine(_folder, backup), overwrite: true);
                Append(new JournalEntry("existed", path, backup));
            }
            else
            {
                Append(new JournalEntry("new", path));
            }
        }
    }

    /// <summary>After a create-if-absent succeeded: the file is new.</summary>
    public void AfterCreate(string path)
    {
        lock (_gate)
        {
            if (!_recorded.Add(path)) return;
            Append(new JournalEntry("new", path));
        }
    }

    /// <summary>Before moving a folder: revert moves it back.</summary>
    public void BeforeMove(string from, string to)
    {
        lock (_gate) Append(new JournalEntry("moved", from, Target: to));
    }

    private void Append(JournalEntry entry)
    {
        Directory.CreateDirectory(_folder);
        using var stream = new FileStream(_log, FileMode.Append, FileAccess.Write, FileShare.Read);
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, LineOptions);
        stream.Write(line);
        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Undoes every recorded change, newest first. Safe to run again after an interrupted revert.</summary>
    public static void Revert(string lakeRoot, string processId)
    {
        var folder = VaultPaths.Local(lakeRoot, VaultPaths.ProcessJournal(processId));
        var entries = ReadEntries(folder);
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var e = entries[i];
            var local = VaultPaths.Local(lakeRoot, e.Path);
            switch (e.Kind)
            {
                case "new":
                    if (File.Exists(local)) File.Delete(local);
                    DeleteEmptyParents(lakeRoot, Path.GetDirectoryName(local));
                    break;
                case "existed":
                    Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                    var temp = local + ".revert-tmp";
                    File.Copy(Path.Combine(folder, e.Backup!), temp, overwrite: true);
                    File.Move(temp, local, overwrite: true);
                    break;
                case "moved":
                    var target = VaultPaths.Local(lakeRoot, e.Target!);
                    if (Directory.Exists(target) && !Directory.Exists(local))
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                        Directory.Move(target, local);
                    }
                    DeleteEmptyParents(lakeRoot, Path.GetDirectoryName(target));
                    break;
                default:
                    throw new StrataCorruptDataException(Path.Combine(folder, "journal.log"), $"unknown entry kind '{e.Kind}'.");
            }
        }
    }

    /// <summary>Removes empty folders from <paramref name="dir"/> upwards (stopping at the lake root), so a revert leaves no trace.</summary>
    public static void DeleteEmptyParents(string lakeRoot, string? dir)
    {
        var root = Path.GetFullPath(lakeRoot).TrimEnd(Path.DirectorySeparatorChar);
        while (dir is not null && dir.Length > root.Length && dir.StartsWith(root, StringComparison.Ordinal))
        {
            if (!Directory.Exists(dir) || Directory.EnumerateFileSystemEntries(dir).Any()) return;
            try { Directory.Delete(dir); }
            catch (IOException) { return; }
            dir = Path.GetDirectoryName(dir);
        }
    }

    private static List<JournalEntry> ReadEntries(string folder)
    {
        var log = Path.Combine(folder, "journal.log");
        var result = new List<JournalEntry>();
        if (!File.Exists(log)) return result;
        foreach (var line in File.ReadAllLines(log))
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<JournalEntry>(line, VaultJson.Options) is { } e) result.Add(e);
            }
            catch (JsonException)
            {
                // a line cut short by a crash: the change it announced never happened
            }
        }
        return result;
    }
}
