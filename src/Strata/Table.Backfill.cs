using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Strata.Backfill;
using Strata.Format;
using Strata.Jobs;
using Strata.Tables;
using Strata.Udfs;

namespace Strata;

public sealed partial class Table
{
    /// <summary>Plans a backfill of a UDF column without running it (Geneva's <c>plan_backfill</c>).</summary>
    public async Task<BackfillPlan> PlanBackfillAsync(string column, BackfillOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new BackfillOptions()).Validate();
        var (snap, outputs, inputs, udf) = await PrepareBackfillAsync(column, cancellationToken).ConfigureAwait(false);
        var jobId = options.JobId is null ? JobIds.New() : JobIds.Validate(options.JobId);
        options = await WithFailedRowsAsync(options, cancellationToken).ConfigureAwait(false);
        return await BackfillPlanner.PlanAsync(Lake, this, snap, outputs, inputs, udf, jobId, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Computes a UDF column (and the other outputs of its UDF) for the rows that need it, in parallel,
    /// checkpointing as it goes and committing fragments in groups; returns a handle to await, watch or
    /// cancel. A rerun — or the same <see cref="BackfillOptions.JobId"/> after a crash — skips every
    /// checkpointed slice. Appends and other columns' backfills may run meanwhile.
    /// </summary>
    public BackfillJob BackfillAsync(string column, BackfillOptions? options = null, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        options = (options ?? new BackfillOptions()).Validate();
        var jobId = options.JobId is null ? JobIds.New() : JobIds.Validate(options.JobId);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var job = new BackfillJob(jobId, cancel);
        job.Completion = Task.Run(() => RunBackfillAsync(column, jobId, options, job, cancel), CancellationToken.None)
            .ContinueWith(t =>
            {
                cancel.Dispose();
                return t;
            }, TaskScheduler.Default).Unwrap();
        return job;
    }

    private async Task<(TableSnapshot, List<FieldEntry>, List<FieldEntry>, Udf)> PrepareBackfillAsync(string column, CancellationToken ct)
    {
        var snap = await _store.ReadLatestAsync(ct).ConfigureAwait(false);
        var field = snap.Field(column);
        if (field.Provenance is not { Kind: "udf" } prov || prov.Properties?.GetValueOrDefault("udf") is not { Length: > 0 } udfName)
            throw new StrataInvalidInputException($"column '{field.Name}' is not computed by a UDF (it is '{field.Provenance?.Kind ?? "data"}'); add it with a UDF to backfill it.");
        var udf = await Lake.Udfs.ResolveAsync(udfName, ct).ConfigureAwait(false);
        var outputNames = prov.Properties.GetValueOrDefault("outputs")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [field.Name];
        // Multi-output UDFs fill all their columns in one pass (those still present).
        var outputs = snap.Manifest.Fields.Where(f => f.Provenance?.Kind == "udf"
            && string.Equals(f.Provenance.Properties?.GetValueOrDefault("udf"), udfName, StringComparison.OrdinalIgnoreCase)
            && outputNames.Contains(f.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (outputs.Count == 0) outputs = [field];
        if (udf.Outputs.Count != outputs.Count && udf.Options.Outputs is not null)
            throw new StrataConflictException($"UDF '{udf.Name}' has {udf.Outputs.Count} outputs but the table has {outputs.Count} of its columns; add the missing ones or alter the UDF.");
        var inputs = (prov.Inputs ?? udf.Inputs).Select(snap.Field).ToList();
        if (inputs.Count != udf.Inputs.Count)
            throw new StrataConflictException($"column '{field.Name}' binds {inputs.Count} inputs but UDF '{udf.Name}' takes {udf.Inputs.Count}.");
        for (var i = 0; i < outputs.Count; i++)
        {
            var expected = udf.Outputs.Count == outputs.Count ? udf.Outputs[i].Type : udf.Outputs[0].Type;
            if (snap.TypeOf(outputs[i]) != expected)
                throw new StrataConflictException($"column '{outputs[i].Name}' is {snap.TypeOf(outputs[i])} but UDF '{udf.Name}' now returns {expected}; alter the column.");
        }
        return (snap, outputs, inputs, udf);
    }

    private async Task<BackfillResult> RunBackfillAsync(string column, string jobId, BackfillOptions options, BackfillJob job,
        CancellationTokenSource cancel)
    {
        var ct = cancel.Token;
        var clock = Stopwatch.StartNew();
        var jobs = Lake.Jobs;
        var config = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["where"] = options.Where,
            ["concurrency"] = options.Concurrency.ToString(CultureInfo.InvariantCulture),
            ["checkpoint_size"] = options.CheckpointSize?.ToString(CultureInfo.InvariantCulture),
            ["task_rows"] = options.TaskRows?.ToString(CultureInfo.InvariantCulture),
            ["commit_granularity"] = options.CommitGranularity?.ToString(CultureInfo.InvariantCulture),
            ["executor"] = (options.Executor ?? new InProcessBackfillExecutor()).GetType().Name,
        });
        // Bad requests (not a UDF column, UDF not found) fail before any job record is written.
        var prepared = await PrepareBackfillAsync(column, ct).ConfigureAwait(false);
        // A new random id cannot name an existing job; a given one may (a resume).
        var existing = options.JobId is null ? null : await jobs.GetAsync(jobId, CancellationToken.None).ConfigureAwait(false);
        if (existing is not null && (existing.TableId != Id || !(existing.Column ?? "").Split(',').Contains(prepared.Item2[0].Name, StringComparer.OrdinalIgnoreCase)))
            throw new StrataInvalidInputException($"job {jobId} belongs to {existing.Table}.{existing.Column}, not {Name}.{column}; use another job id.");
        // Job bookkeeping (events, the Pending state) goes to system tables in the background and is awaited before the
        // job ends, so appends to them hold up the work as little as possible. States are stamped (seq) when saved, and
        // appends to one system table commit in call order, so they stay in order.
        var bookkeeping = new List<Task>();
        var record = existing ?? new JobRecord
        {
            JobId = jobId,
            Table = Name,
            TableId = Id,
            Column = column,
            Kind = "backfill",
            Status = JobStatus.Pending,
            LaunchedBy = Lake.Author,
            Config = config,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        if (existing is null) bookkeeping.Add(jobs.SaveAsync(record, CancellationToken.None));

        var state = new BackfillState();
        try
        {
            var (snap, outputs, inputs, udf) = prepared;
            options = await WithFailedRowsAsync(options, ct).ConfigureAwait(false);
            var plan = await BackfillPlanner.PlanAsync(Lake, this, snap, outputs, inputs, udf, jobId, options, ct).ConfigureAwait(false);
            var byFragment = plan.Tasks.GroupBy(t => t.FragmentId).ToDictionary(g => g.Key, g => g.Count());
            state.RowsPlanned = plan.Tasks.Sum(t => t.Rows);
            state.FragmentsPlanned = byFragment.Count;
            record = record with
            {
                Status = JobStatus.Running,
                Column = string.Join(",", plan.Columns),
                StartedAt = record.StartedAt ?? DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
                RowsPlanned = plan.RowsToCompute,
                FragmentsPlanned = byFragment.Count,
            };
            // Awaited: once the UDF runs, the record says Running (the Pending state, if new, is queued before it).
            await jobs.SaveAsync(record, CancellationToken.None).ConfigureAwait(false);
            bookkeeping.Add(jobs.AddEventsAsync([new JobEvent(jobId, DateTimeOffset.UtcNow, "planned",
                $"{plan.Tasks.Count} tasks over {byFragment.Count} fragments, {plan.RowsToCompute} rows to compute at version {plan.ReadVersion}; {plan.FragmentsSkipped} fragments up to date")],
                CancellationToken.None));

            void Report() => job.Report(new BackfillProgress(jobId, state.RowsPlanned, Interlocked.Read(ref state.RowsDone),
                Interlocked.Read(ref state.RowsFromCheckpoints), Interlocked.Read(ref state.RowsCommitted), state.FragmentsCommitted,
                state.FragmentsPlanned, Interlocked.Read(ref state.RowsFailed), clock.Elapsed));
            void OnCheckpoint(BackfillTask task, long rows, bool existed)
            {
                Interlocked.Add(ref state.RowsDone, rows);
                if (existed) Interlocked.Add(ref state.RowsFromCheckpoints, rows);
                var progress = new BackfillProgress(jobId, state.RowsPlanned, Interlocked.Read(ref state.RowsDone),
                    Interlocked.Read(ref state.RowsFromCheckpoints), Interlocked.Read(ref state.RowsCommitted), state.FragmentsCommitted,
                    state.FragmentsPlanned, Interlocked.Read(ref state.RowsFailed), clock.Elapsed);
                job.Report(progress);
                options.Progress?.Report(progress);
            }

            using var execution = new BackfillExecution(Lake, udf, options.Concurrency, OnCheckpoint);
            var gate = new SemaphoreSlim(1, 1);
            var remaining = new Dictionary<long, int>(byFragment);
            var ready = new List<(long Fragment, DataFileEntry File, List<CheckpointSlice> Slices)>();
            var fragmentsById = snap.Manifest.Fragments.ToDictionary(f => f.Id);
            var tasksByFragment = plan.Tasks.GroupBy(t => t.FragmentId).ToDictionary(g => g.Key, g => g.ToList());
            var outputTypes = outputs.Select(snap.TypeOf).ToList();
            var sinceCommit = Stopwatch.StartNew();
            var lastCommitCost = TimeSpan.Zero;

            // Runs on the worker that finished the fragment's last task, outside the gate: the other workers keep computing.
            async Task<(long, DataFileEntry, List<CheckpointSlice>)> AssembleAsync(long fragId, CancellationToken token)
            {
                var tasks = tasksByFragment[fragId];
                var key = tasks[0].CheckpointKey;
                var slices = (await CheckpointSlices.ListAsync(Lake.Storage, Id, key, fragId, token).ConfigureAwait(false)).GetValueOrDefault(fragId) ?? [];
                using var conn = Lake.Engine.Connect();
                var (written, complete) = await BackfillAssembler.WriteAsync(Lake, conn, new FragmentWriter(Lake, Id), fragmentsById[fragId], outputs, outputTypes,
                    CheckpointSlices.Folder(Id, key), slices, token).ConfigureAwait(false);
                var file = new DataFileEntry
                {
                    Path = written.Path,
                    Columns = outputs.ToDictionary(o => o.Id, o => o.Name),
                    SizeBytes = written.SizeBytes,
                    Computed = new ComputedEntry(udf.Version, tasks[0].InputsKey, complete ? true : null),
                };
                return (fragId, file, slices);
            }

            // Commits the ready fragments: with CommitGranularity, that many at a time; by default as they come, unless the
            // last commit was so recent that committing now would spend more than a fifth of the time on commits.
            async Task CommitReadyAsync(bool all, CancellationToken token)
            {
                if (ready.Count == 0) return;
                if (!all && (options.CommitGranularity is { } granularity
                        ? ready.Count < granularity
                        : ready.Count < BackfillOptions.DefaultCommitGranularity && sinceCommit.Elapsed < lastCommitCost * 4))
                    return;
                var batch = ready.ToList();
                ready.Clear();
                var files = batch.ToDictionary(b => b.Fragment, b => b.File);
                var commitClock = Stopwatch.StartNew();
                var tx = new BackfillTransaction(new OperationRecord("backfill", new Dictionary<string, string>
                {
                    ["job"] = jobId,
                    ["columns"] = string.Join(",", outputs.Select(o => o.Name)),
                    ["udf"] = udf.Name,
                    ["version"] = udf.Version,
                    ["fragments"] = batch.Count.ToString(CultureInfo.InvariantCulture),
                }), outputs.Select(o => o.Id).ToList(), udf.Name, udf.Version, files) { ReadVersion = snap.Version };
                var before = await _store.Log.LatestAsync(token).ConfigureAwait(false);
                var committed = await CommitAsync(tx, token).ConfigureAwait(false);
                state.CommitRetries += (int)Math.Max(0, committed.Version - before - 1);
                state.Version = committed.Version;
                state.FragmentsLost += tx.Lost.Count;
                foreach (var (fragId, _, slices) in batch.Where(b => !tx.Lost.Contains(b.Fragment)))
                {
                    state.FragmentsCommitted++;
                    Interlocked.Add(ref state.RowsCommitted, fragmentsById[fragId].PhysicalRows);
                    foreach (var slice in slices)
                        await Lake.Storage.DeleteAsync(slice.Path, CancellationToken.None).ConfigureAwait(false);
                }
                bookkeeping.Add(jobs.AddEventsAsync([new JobEvent(jobId, DateTimeOffset.UtcNow, "commit",
                    $"version {committed.Version}: {batch.Count - tx.Lost.Count} fragments{(tx.Lost.Count > 0 ? $", {tx.Lost.Count} rewritten meanwhile (backfill again)" : "")}")],
                    CancellationToken.None));
                lastCommitCost = commitClock.Elapsed;
                sinceCommit.Restart();
                Report();
            }

            async Task CompletedAsync(BackfillTaskResult result, CancellationToken token)
            {
                Interlocked.Add(ref state.RowsComputed, result.RowsComputed);
                Interlocked.Add(ref state.RowsFailed, result.Errors.Count);
                Interlocked.Add(ref state.Calls, result.Calls);
                Interlocked.Add(ref state.UdfTicks, result.UdfTime.Ticks);
                Interlocked.Add(ref state.ReadTicks, result.ReadTime.Ticks);
                Interlocked.Add(ref state.WriteTicks, result.WriteTime.Ticks);
                if (result.Errors.Count > 0)
                    await jobs.AddErrorsAsync(result.Errors.Select(e => new JobError(jobId, string.Join(",", outputs.Select(o => o.Name)), e.RowId,
                        e.Attempt, e.ExceptionType, e.Message, e.StackTrace, DateTimeOffset.UtcNow)), CancellationToken.None).ConfigureAwait(false);
                bool fragmentDone;
                await gate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    fragmentDone = --remaining[result.Task.FragmentId] == 0;
                }
                finally
                {
                    gate.Release();
                }
                if (!fragmentDone) return;
                var assembled = await AssembleAsync(result.Task.FragmentId, token).ConfigureAwait(false);
                await gate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    ready.Add(assembled);
                    await CommitReadyAsync(false, token).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }

            state.Version = snap.Version;
            var executor = options.Executor ?? new InProcessBackfillExecutor();
            await executor.RunAsync(execution, plan.Tasks, CompletedAsync, ct).ConfigureAwait(false);
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await CommitReadyAsync(true, ct).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
            await DeleteSettledCheckpointsAsync(outputs, inputs, udf.Version, CancellationToken.None).ConfigureAwait(false);
            var result = new BackfillResult(jobId, state.Version, state.RowsComputed, state.RowsFromCheckpoints, state.RowsCommitted,
                state.RowsFailed, state.FragmentsCommitted, state.FragmentsLost, state.Calls, state.CommitRetries);
            await Task.WhenAll(bookkeeping).ConfigureAwait(false);
            await Task.WhenAll(jobs.SaveAsync(Finish(record, state, JobStatus.Done, null), CancellationToken.None),
                jobs.AddEventsAsync([new JobEvent(jobId, DateTimeOffset.UtcNow, "done",
                    $"{state.RowsComputed} rows computed, {state.RowsFromCheckpoints} from checkpoints, {state.RowsFailed} failed, {state.FragmentsCommitted} fragments committed")],
                    CancellationToken.None)).ConfigureAwait(false);
            Report();
            return result;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await SettleAsync(bookkeeping).ConfigureAwait(false);
            await jobs.SaveAsync(Finish(record, state, JobStatus.Cancelled, "cancelled"), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception e)
        {
            await SettleAsync(bookkeeping).ConfigureAwait(false);
            await jobs.SaveAsync(Finish(record, state, JobStatus.Failed, $"{e.GetType().Name}: {e.Message}"), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Deletes checkpoint files of fragments that no longer need them: fragments gone from the latest
    /// version, and fragments whose columns are now up to date for this UDF version (e.g. a crash between
    /// a commit and its checkpoint deletion left them behind).
    /// </summary>
    private async Task DeleteSettledCheckpointsAsync(IReadOnlyList<FieldEntry> outputs, IReadOnlyList<FieldEntry> inputs, string udfVersion,
        CancellationToken ct)
    {
        var latest = await _store.ReadLatestAsync(ct).ConfigureAwait(false);
        var byId = latest.Manifest.Fragments.ToDictionary(f => f.Id);
        var prefix = BackfillPlanner.FieldsPrefix(outputs) + "-";
        await foreach (var e in Lake.Storage.ListAsync(FormatConstants.TableCheckpointsFolder(Id), ct).ConfigureAwait(false))
        {
            var parts = e.Path.Split('/');
            if (parts.Length < 2 || !parts[^2].StartsWith(prefix, StringComparison.Ordinal)) continue; // another column's checkpoints
            var name = parts[^1];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var fragId)) continue;
            var settled = !byId.TryGetValue(fragId, out var frag)
                || outputs.All(o => BackfillPlanner.IsUpToDate(frag, o.Id, udfVersion, BackfillPlanner.InputsKey(frag, inputs)));
            if (settled) await Lake.Storage.DeleteAsync(e.Path, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for background bookkeeping of a job that is failing anyway (its own failure, if any, is not the one to report).</summary>
    private static async Task SettleAsync(List<Task> bookkeeping)
    {
        try
        {
            await Task.WhenAll(bookkeeping).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the job's failure is reported instead
        }
    }

    /// <summary>Turns <see cref="BackfillOptions.RetryFailedRowsOf"/> into a where clause over the failed rows' ids.</summary>
    private async Task<BackfillOptions> WithFailedRowsAsync(BackfillOptions options, CancellationToken ct)
    {
        if (options.RetryFailedRowsOf is not { } failedJob) return options;
        var errors = await Lake.GetErrorsAsync(JobIds.Validate(failedJob), null, ct).ConfigureAwait(false);
        var ids = errors.Where(e => e.RowId is not null).Select(e => e.RowId!.Value).Distinct().Order().ToList();
        var where = ids.Count == 0 ? "false" : $"{FormatConstants.RowIdColumn} IN ({string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})";
        return options with { Where = options.Where is null ? where : $"({options.Where}) AND {where}" };
    }

    private static JobRecord Finish(JobRecord record, BackfillState s, JobStatus status, string? error) => record with
    {
        Status = status,
        Error = error,
        UpdatedAt = DateTimeOffset.UtcNow,
        CompletedAt = DateTimeOffset.UtcNow,
        RowsCheckpointed = s.RowsDone,
        RowsCommitted = s.RowsCommitted,
        RowsSkipped = s.RowsFromCheckpoints,
        RowsFailed = s.RowsFailed,
        FragmentsPlanned = s.FragmentsPlanned,
        FragmentsCommitted = s.FragmentsCommitted,
        UdfMs = (long)TimeSpan.FromTicks(s.UdfTicks).TotalMilliseconds,
        ReadMs = (long)TimeSpan.FromTicks(s.ReadTicks).TotalMilliseconds,
        WriteMs = (long)TimeSpan.FromTicks(s.WriteTicks).TotalMilliseconds,
        CommitRetries = s.CommitRetries,
    };

    private sealed class BackfillState
    {
        public long RowsPlanned;
        public long RowsDone;
        public long RowsFromCheckpoints;
        public long RowsCommitted;
        public long RowsComputed;
        public long RowsFailed;
        public long Calls;
        public long UdfTicks;
        public long ReadTicks;
        public long WriteTicks;
        public int FragmentsPlanned;
        public int FragmentsCommitted;
        public int FragmentsLost;
        public int CommitRetries;
        public long Version;
    }
}
