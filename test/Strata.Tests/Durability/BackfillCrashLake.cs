using System.Globalization;
using Strata.Data;
using Strata.Jobs;
using Strata.Tables;
using Strata.TestHost;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Durability;

/// <summary>
/// One lake of the backfill crash tests: a table of <see cref="Rows"/> rows in fragments of <see cref="RowsPerFragment"/>
/// with the UDF column <see cref="BackfillWorkload.UdfName"/> added (from this process, with the same UDF the host
/// runs); a job id; and the calls file the hosts append one line per UDF call to. It runs backfill hosts (killed or
/// not) and accounts for the work: after each kill, the useful rows (committed fragments, plus checkpointed slices of
/// the others) against the calls made, so the work a kill wasted is known exactly.
/// </summary>
internal sealed class BackfillCrashLake : IAsyncDisposable
{
    public const int Rows = 6000;
    public const int RowsPerFragment = 1000;
    public const int Concurrency = 2;
    public const string TableName = "docs";
    public const string Column = BackfillWorkload.UdfName;

    /// <summary>The most UDF calls a kill may waste: one checkpoint slice per worker.</summary>
    public const int InFlightPerKill = Concurrency * BackfillWorkload.CheckpointSize;

    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private readonly string _root;
    private long _linesAtLastCheck;
    private long _usefulAtLastCheck;

    private BackfillCrashLake(string root, string tableId, string jobId)
    {
        _root = root;
        TableId = tableId;
        JobId = jobId;
    }

    public string LakeFolder => Path.Combine(_root, "lake");
    public string CallsFile => Path.Combine(_root, "calls.txt");
    public string TableId { get; }
    public string JobId { get; }

    /// <summary>Kills so far (runs that ended without <c>done</c>).</summary>
    public int Kills { get; private set; }

    /// <summary>UDF calls whose results no checkpoint or commit kept, summed over the kills so far.</summary>
    public long Wasted { get; private set; }

    public static LakeOptions TestOptions() => new()
    {
        Author = "tests",
        MaxRowsPerFragment = RowsPerFragment,
        EngineThreads = 1,
        WriteParallelism = 1,
    };

    public static async Task<BackfillCrashLake> CreateAsync(string jobId)
    {
        var root = TempLake.NewFolder();
        await using var lake = await Lake.CreateAsync(Path.Combine(root, "lake"), TestOptions());
        var table = await lake.CreateTableAsync(TableName, BackfillWorkload.Rows(0, Rows));
        Assert.Equal(Rows / RowsPerFragment, table.FragmentCount);
        await table.AddColumnsAsync(BackfillWorkload.CreateUdf(), Column);
        File.WriteAllBytes(Path.Combine(root, "calls.txt"), []);
        return new BackfillCrashLake(root, table.Id, jobId);
    }

    /// <summary>Starts a backfill host on this lake's job.</summary>
    public HostProcess StartHost(string? stall = null, int callDelayMicroseconds = 0)
    {
        var env = new Dictionary<string, string>();
        if (stall is not null) env[HostEnvironment.StallVariable] = stall;
        if (callDelayMicroseconds > 0) env[HostEnvironment.CallDelayVariable] = callDelayMicroseconds.ToString(CultureInfo.InvariantCulture);
        return HostProcess.StartWithEnvironment(env, "backfill", LakeFolder, TableName, Column, JobId, CallsFile,
            Concurrency.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// SIGKILLs <paramref name="host"/> and waits for it to be gone; returns what it printed. The host must still be running —
    /// unless <paramref name="mayHaveFinished"/>, when it may also have finished (printed <c>done</c>) just before; only a
    /// run without <c>done</c> counts as a kill.
    /// </summary>
    public async Task<HostOutputLines> KillAsync(HostProcess host, bool mayHaveFinished = false)
    {
        var exitedByItself = host.HasExited;
        if (!exitedByItself) host.Kill();
        var code = await host.WaitForExitAsync(Generous);
        var lines = HostOutputLines.Parse(host.Lines);
        if (exitedByItself)
            Assert.True(mayHaveFinished && code == 0 && lines.Done is not null, $"the host stopped before it was killed: {host.Report()}");
        else if (lines.Done is not null)
            Assert.True(mayHaveFinished, $"the host finished before it was killed: {host.Report()}");
        if (lines.Done is null) Kills++;
        return lines;
    }

    /// <summary>Runs a host to the end (no kill, no stall, no delay); returns its output, which must end with <c>done</c>.</summary>
    public async Task<HostOutputLines> RunToCompletionAsync()
    {
        await using var host = StartHost();
        var code = await host.WaitForExitAsync(Generous);
        Assert.True(code == 0, $"the backfill host failed: {host.Report()}");
        var lines = HostOutputLines.Parse(host.Lines);
        Assert.True(lines.Done is not null, $"the backfill host did not print 'done': {host.Report()}");
        return lines;
    }

    /// <summary>Lines in the calls file (each a row id, checked).</summary>
    public IReadOnlyList<long> CallIds()
    {
        using var stream = new FileStream(CallsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        Assert.True(text.Length == 0 || text[^1] == '\n', "the calls file ends in a partial line");
        var ids = new List<long>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var id = long.Parse(line, NumberStyles.None, CultureInfo.InvariantCulture);
            Assert.InRange(id, 0, Rows - 1);
            ids.Add(id);
        }
        return ids;
    }

    /// <summary>
    /// Checks the lake as a kill (or a completed run) left it, through a fresh lake object: every committed version
    /// opens and reads in full, each value present equals the function's, and the latest has exactly the committed
    /// fragments' rows filled. Then accounts for the work: useful rows (committed fragments + checkpointed slices of
    /// the other fragments) against the calls file; the calls since the last check that kept nothing are this run's
    /// waste, and must be at most <see cref="InFlightPerKill"/>.
    /// </summary>
    public async Task<LakeState> CheckAsync(HostOutputLines printed, bool killed)
    {
        await using var lake = await Lake.OpenAsync(LakeFolder, TestOptions());
        var table = await lake.OpenTableAsync(TableName);
        var versions = await table.ListVersionsAsync();
        Assert.Equal(versions[^1].Version, table.Version);
        if (printed.Committed.Count > 0)
            Assert.True(table.Version >= printed.Committed[^1], $"the host reported version {printed.Committed[^1]} but the latest is {table.Version}");
        long filledInLatest = 0;
        foreach (var v in versions)
        {
            var old = await table.CheckoutAsync(v.Version);
            Assert.Equal(Rows, old.RowCount);
            var filled = CheckValues(await old.ToBatchAsync(), v.Version);
            if (v.Version == table.Version) filledInLatest = filled;
        }

        var snap = await new ManifestStore(lake, TableId).ReadLatestAsync(CancellationToken.None);
        var fieldId = snap.Manifest.Fields.Single(f => f.Name == Column).Id;
        var committed = snap.Manifest.Fragments.Where(f => f.Files.Any(x => x.Columns.ContainsKey(fieldId))).Select(f => f.Id).ToHashSet();
        Assert.True(committed.Count * RowsPerFragment == filledInLatest,
            $"the latest version has {filledInLatest} values but {committed.Count} fragments with a column file");

        var checkpoints = CheckpointFiles();
        var pending = checkpoints.Count(c => !committed.Contains(c.Fragment));
        var useful = (long)committed.Count * RowsPerFragment + (long)pending * BackfillWorkload.CheckpointSize;
        var calls = CallIds().Count;
        var wasted = calls - _linesAtLastCheck - (useful - _usefulAtLastCheck);
        Assert.True(wasted >= 0, $"{calls - _linesAtLastCheck} calls since the last check, but {useful - _usefulAtLastCheck} rows became useful");
        if (killed)
            Assert.True(wasted <= InFlightPerKill,
                $"the kill wasted {wasted} UDF calls; at most {InFlightPerKill} ({Concurrency} workers × checkpoint size {BackfillWorkload.CheckpointSize}) may be in flight");
        else
            Assert.Equal(0, wasted);
        Wasted += wasted;
        _linesAtLastCheck = calls;
        _usefulAtLastCheck = useful;

        JobRecord? job = null;
        try
        {
            job = await lake.GetJobAsync(JobId);
        }
        catch (StrataNotFoundException)
        {
        }
        return new LakeState(table.Version, committed.Count, checkpoints.Count, pending, calls, wasted, job?.Status);
    }

    /// <summary>Checks every row of a version: ids 0…Rows-1 once each, the text, and the UDF value where present; returns how many are present.</summary>
    private static long CheckValues(RecordBatch batch, long version)
    {
        var seen = new bool[Rows];
        long filled = 0;
        var hasColumn = batch.Schema.Contains(Column);
        for (var r = 0; r < batch.RowCount; r++)
        {
            var id = (long)batch[r, "id"]!;
            Assert.False(seen[id], $"version {version}: id {id} appears twice");
            seen[id] = true;
            var text = (string)batch[r, "text"]!;
            if (text != BackfillWorkload.Text(id)) Assert.Fail($"version {version}: id {id} has text '{text}'");
            if (!hasColumn || batch[r, Column] is not { } value) continue;
            filled++;
            var expected = BackfillWorkload.Expected(id, text);
            if (Convert.ToInt64(value, CultureInfo.InvariantCulture) != expected)
                Assert.Fail($"version {version}: id {id} has {Column} = {value}; an uninterrupted run computes {expected}");
        }
        return filled;
    }

    /// <summary>The checkpoint files under the table's checkpoints folder: (fragment, slice start), names checked (fragment-start-end.ckpt).</summary>
    public List<(long Fragment, long Start)> CheckpointFiles()
    {
        var dir = Path.Combine(LakeFolder, "tables", TableId, "checkpoints");
        var result = new List<(long, long)>();
        if (!Directory.Exists(dir)) return result;
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            Assert.True(name.Length == 8 + 1 + 12 + 1 + 12 + 5 && name[8] == '-' && name[21] == '-' && name.EndsWith(".ckpt", StringComparison.Ordinal),
                $"unexpected file in the checkpoints folder: {Path.GetRelativePath(LakeFolder, file)}");
            var fragment = long.Parse(name.AsSpan(0, 8), NumberStyles.None, CultureInfo.InvariantCulture);
            var start = long.Parse(name.AsSpan(9, 12), NumberStyles.None, CultureInfo.InvariantCulture);
            var end = long.Parse(name.AsSpan(22, 12), NumberStyles.None, CultureInfo.InvariantCulture);
            Assert.True(start % BackfillWorkload.CheckpointSize == 0 && start < RowsPerFragment, $"checkpoint {name} starts mid-slice");
            Assert.True(end > start && end - start <= BackfillWorkload.CheckpointSize && end <= RowsPerFragment, $"checkpoint {name} is not one slice of at most the checkpoint size");
            result.Add((fragment, start));
        }
        return result;
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>The lake after a run: latest version, fragments committed, checkpoint files (all / of uncommitted fragments), calls so far, this run's waste, the job's status.</summary>
internal sealed record LakeState(long Version, int CommittedFragments, int CheckpointFiles, int PendingCheckpoints, long Calls, long Wasted, JobStatus? JobStatus);

/// <summary>What a backfill host printed: <c>checkpoint</c>, <c>committed</c>, <c>stall</c> and <c>done</c> lines.</summary>
internal sealed record HostOutputLines(IReadOnlyList<long> Checkpoints, IReadOnlyList<long> Committed, string? Stall, (long Computed, long FromCheckpoints, long Calls)? Done)
{
    public static HostOutputLines Parse(IReadOnlyList<string> lines)
    {
        var checkpoints = new List<long>();
        var committed = new List<long>();
        string? stall = null;
        (long, long, long)? done = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var parts = lines[i].Split(' ');
            switch (parts)
            {
                case ["ready"]:
                    break;
                case ["checkpoint", var n] when long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var rows):
                    checkpoints.Add(rows);
                    break;
                case ["committed", var n] when long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var version):
                    committed.Add(version);
                    break;
                case ["stall", ..]:
                    stall = lines[i];
                    break;
                case ["done", var a, var b, var c]:
                    done = (long.Parse(a, CultureInfo.InvariantCulture), long.Parse(b, CultureInfo.InvariantCulture), long.Parse(c, CultureInfo.InvariantCulture));
                    break;
                default:
                    // A kill may cut the very last line short; anything else is a protocol error.
                    Assert.True(i == lines.Count - 1, $"unexpected host output line '{lines[i]}'");
                    break;
            }
        }
        for (var i = 1; i < committed.Count; i++)
            Assert.True(committed[i] > committed[i - 1], "the host reported versions out of order");
        return new HostOutputLines(checkpoints, committed, stall, done);
    }
}
