using System.Globalization;
using Strata.TestHost;

// The durability tests' child process. Modes:
//   commit-loop LAKE TABLE N
//   append-loop LAKE TABLE WRITER N ROWS
//   add-columns LAKE TABLE PREFIX N [START_AT_VERSION]
//   conflict-delete LAKE TABLE WHERE [BARRIER_DIR PARTIES]
//   conflict-update LAKE TABLE WHERE COLUMN EXPRESSION [BARRIER_DIR PARTIES]
//   backfill LAKE TABLE COLUMN JOBID CALLSFILE [CONCURRENCY]
//     (also prints "checkpoint <rowsDone>" per checkpoint and "done <rowsComputed> <rowsFromCheckpoints> <calls>";
//      STRATA_HOST_CALL_DELAY_US slows each UDF call, STRATA_HOST_STALL makes it stop for good at a chosen point)
//   hold-lock LOCKFOLDER OWNER TABLE INSTANCE|- shared|exclusive RELEASEFILE
//     (takes the locks, prints "locked <pid>", holds them until RELEASEFILE exists or it is killed, then
//      releases and prints "released")
//   vault process resume ID --lake LAKE   (a vault's background process: Vault.RunProcessAsync)
//   vault-execute LAKE TABLE PROCESSID     (executes the table's draft with that caller id; prints "started")
// Each prints "committed <version> <detail>" per commit (flushed at once); errors go to stderr with exit code 1.
// Each prints "ready" once the lake is open and the engine warm; when STRATA_HOST_START_FILE is set, it then
// waits for that file to exist before it starts committing.
try
{
    switch (args)
    {
        case ["commit-loop", var lake, var table, var n]:
            await HostModes.CommitLoopAsync(lake, table, Int(n));
            break;
        case ["append-loop", var lake, var table, var writer, var n, var rows]:
            await HostModes.AppendLoopAsync(lake, table, writer, Int(n), Int(rows));
            break;
        case ["add-columns", var lake, var table, var prefix, var n, .. var start] when start.Length <= 1:
            await HostModes.AddColumnsAsync(lake, table, prefix, Int(n), start.Length == 1 ? Int(start[0]) : 0);
            break;
        case ["conflict-delete", var lake, var table, var where, .. var barrier] when barrier.Length is 0 or 2:
            await HostModes.ConflictWriteAsync(lake, table, where, null, barrier.ElementAtOrDefault(0), barrier.Length == 2 ? Int(barrier[1]) : 0);
            break;
        case ["conflict-update", var lake, var table, var where, var column, var expr, .. var barrier] when barrier.Length is 0 or 2:
            await HostModes.ConflictWriteAsync(lake, table, where, (column, expr), barrier.ElementAtOrDefault(0), barrier.Length == 2 ? Int(barrier[1]) : 0);
            break;
        case ["backfill", var lake, var table, var column, var jobId, var callsFile, .. var concurrency] when concurrency.Length <= 1:
            await HostModes.BackfillAsync(lake, table, column, jobId, callsFile, concurrency.Length == 1 ? Int(concurrency[0]) : 2);
            break;
        case ["hold-lock", var folder, var owner, var table, var instance, var mode, var releaseFile]:
            await LockHostMode.HoldAsync(folder, owner, table, instance, mode, releaseFile);
            break;
        case ["vault", "process", "resume", var id, "--lake", var lake]:
            await Strata.Vault.Vault.RunProcessAsync(lake, id);
            break;
        case ["vault-execute", var lake, var table, var id]:
            await using (var vault = await Strata.Vault.Vault.OpenAsync(lake))
            {
                Console.WriteLine("started");
                await vault.ExecuteInstanceAsync(table, processId: id);
            }
            break;
        default:
            await Console.Error.WriteLineAsync($"unknown arguments: {string.Join(' ', args)}");
            return 2;
    }
    return 0;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync("error: " + e);
    return 1;
}

static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
