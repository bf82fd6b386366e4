using System.Diagnostics;
using System.Globalization;
using Strata.Data;
using Strata.Format;
using Strata.Tables;
using Strata.Udfs;

namespace Strata.Backfill;

/// <summary>
/// Runs one task: finds the intact checkpoint slices an earlier run left in its row range (a corrupt or
/// truncated one is deleted and recomputed), reads each gap's inputs and current values in one query, runs
/// the UDF slice by slice on the rows matching the where clause (others keep their values), and writes
/// each slice's outputs (one value per physical row, deleted rows null) as a binary checkpoint
/// (<see cref="CheckpointSliceFile"/>). Slices are written atomically and never overlap within a run, so
/// re-running is idempotent. With <see cref="BackfillTask.GrowSlices"/>, slices grow from
/// <see cref="BackfillTask.CheckpointSize"/> rows to about <see cref="SliceTarget"/> of work.
/// </summary>
internal static class BackfillTaskRunner
{
    /// <summary>How much work a grown slice holds: what a crash can lose per running task.</summary>
    public static readonly TimeSpan SliceTarget = TimeSpan.FromMilliseconds(250);

    public static async Task<BackfillTaskResult> RunAsync(Lake lake, TableSnapshot snap, Udf udf, UdfInvoker worker, BackfillTask task,
        Action<BackfillTask, long, bool>? onCheckpoint, CancellationToken ct)
    {
        var frag = snap.Manifest.Fragments.FirstOrDefault(f => f.Id == task.FragmentId)
            ?? throw new StrataNotFoundException($"fragment {task.FragmentId} is not in version {task.ReadVersion} of {task.TableName}.");
        var outputs = task.Columns.Select(snap.Field).ToList();
        var inputs = task.Inputs.Select(snap.Field).ToList();
        var types = outputs.Select(snap.TypeOf).ToList();
        long computed = 0, fromCheckpoints = 0, calls = 0;
        var errors = new List<BackfillRowError>();
        var retries = 0;
        var udfTime = TimeSpan.Zero;
        var readTime = TimeSpan.Zero;
        var writeTime = TimeSpan.Zero;

        // Slices already checkpointed (by an earlier run or attempt) and intact are kept; the gaps between them are computed.
        var clock = Stopwatch.StartNew();
        var listed = await CheckpointSlices.ListAsync(lake.Storage, task.TableId, task.CheckpointKey, task.FragmentId, ct).ConfigureAwait(false);
        var gaps = new List<(long Start, long End)>();
        var cursor = task.RowStart;
        foreach (var slice in CheckpointSlices.Within(listed.GetValueOrDefault(task.FragmentId) ?? [], task.RowStart, task.RowEnd))
        {
            var bytes = await TryReadAsync(lake, slice.Path, ct).ConfigureAwait(false);
            if (bytes is null || !CheckpointSliceFile.IsIntact(bytes, slice.FragmentId, slice.Start, slice.Rows, types.Count))
            {
                await lake.Storage.DeleteAsync(slice.Path, ct).ConfigureAwait(false);
                continue;
            }
            if (slice.Start > cursor) gaps.Add((cursor, slice.Start));
            cursor = slice.End;
            fromCheckpoints += slice.Rows;
            onCheckpoint?.Invoke(task, slice.Rows, true);
        }
        if (cursor < task.RowEnd) gaps.Add((cursor, task.RowEnd));
        readTime += clock.Elapsed;
        if (gaps.Count == 0) return new BackfillTaskResult(task, 0, fromCheckpoints, 0, errors, 0, udfTime, readTime, writeTime);

        var tagged = await ScanPlanner.TaggedScanAsync(lake.Storage, snap, [frag], ct).ConfigureAwait(false);
        // Every row matches (no where clause): the current values are never kept and the match flag is constant, so
        // neither is read; row ids follow from positions when the fragment numbers its rows from a start.
        var everyRow = task.Where == "true";
        var rowIdStart = frag.RowIdStart;
        var select = string.Join(", ", inputs.Select((f, i) => $"{SqlNames.Quote(f.Name)} AS {SqlNames.Quote(udf.Inputs[i])}")
            .Concat(everyRow ? [] : outputs.Select((f, j) => $"{SqlNames.Quote(f.Name)} AS __o{j}"))
            .Append(everyRow ? "true AS __match" : $"COALESCE(({task.Where}), false) AS __match")
            .Append(rowIdStart is null ? $"{FormatConstants.RowIdColumn} AS __rowid" : "0 AS __rowid"));
        var inputNames = udf.Inputs.ToArray();
        var sliceRows = (long)task.CheckpointSize;
        using var conn = lake.Engine.Connect();
        foreach (var (lo, hi) in gaps)
        {
            clock.Restart();
            var sql = $"SELECT {select}, __pos FROM ({tagged}) AS __t "
                + $"WHERE __pos >= {lo.ToString(CultureInfo.InvariantCulture)} AND __pos < {hi.ToString(CultureInfo.InvariantCulture)}";
            // A fragment's scan keeps file order (insertion order is preserved), so no sort is needed; should it ever not, sort.
            var all = lake.RunEngine(() => conn.QueryAll(sql));
            if (!Ascending(all)) all = lake.RunEngine(() => conn.QueryAll(sql + " ORDER BY __pos"));
            readTime += clock.Elapsed;
            var allPositions = ((PrimitiveColumn<long>)all.Column("__pos")).RawValues;
            var allInputs = all.Select(inputNames);
            var allMatch = everyRow ? null : ((PrimitiveColumn<bool>)all.Column("__match")).RawValues;
            var allRowIds = rowIdStart is null ? ((PrimitiveColumn<long>)all.Column("__rowid")).RawValues : null;
            var row = 0;
            for (var s = lo; s < hi;)
            {
                ct.ThrowIfCancellationRequested();
                var e = Math.Min(s + sliceRows, hi);
                var sliceClock = Stopwatch.StartNew();
                var first = row;
                while (row < all.RowCount && allPositions[row] < e) row++;
                var n = row - first;
                var whole = first == 0 && n == all.RowCount;
                var batch = whole ? allInputs : allInputs.Slice(first, n);

                clock.Restart();
                var include = new bool[n];
                if (allMatch is null) Array.Fill(include, true);
                else Array.Copy(allMatch, first, include, 0, n);
                var rowIds = new long[n];
                if (allRowIds is not null) Array.Copy(allRowIds, first, rowIds, 0, n);
                else for (var i = 0; i < n; i++) rowIds[i] = rowIdStart!.Value + allPositions[first + i];
                var included = 0;
                for (var i = 0; i < n; i++) if (include[i]) included++;
                var run = worker.Run(batch, include, rowIds, ct);
                udfTime += clock.Elapsed;
                calls += run.Calls;
                retries += run.Retries.Count;
                computed += included;
                foreach (var err in run.Errors)
                    errors.Add(new BackfillRowError(rowIds[err.Row], err.Attempt, err.Exception.GetType().FullName ?? err.Exception.GetType().Name,
                        err.Exception.Message, err.Exception.StackTrace));

                clock.Restart();
                var values = SliceBuilder.Build(s, e, allPositions, first, include, included, run.Columns,
                    everyRow ? run.Columns : outputs.Select((_, j) => whole ? all.Column($"__o{j}") : all.Column($"__o{j}").Slice(first, n)).ToList(), types);
                var content = CheckpointSliceFile.Encode(task.FragmentId, s, (int)(e - s), values);
                await WriteSliceAsync(lake, CheckpointSlices.PathOf(task.TableId, task.CheckpointKey, task.FragmentId, s, e), content, ct)
                    .ConfigureAwait(false);
                writeTime += clock.Elapsed;
                onCheckpoint?.Invoke(task, e - s, false);
                if (task.GrowSlices) sliceRows = NextSliceRows(sliceRows, e - s, sliceClock.Elapsed, task.CheckpointSize);
                s = e;
            }
        }
        return new BackfillTaskResult(task, computed, fromCheckpoints, calls, errors, retries, udfTime, readTime, writeTime);
    }

    /// <summary>The next slice's rows: about <see cref="SliceTarget"/> at the rate just seen, at most 4× growth per slice, never below the minimum.</summary>
    internal static long NextSliceRows(long current, long rows, TimeSpan took, int minimum)
    {
        var seconds = Math.Max(took.TotalSeconds, 1e-4);
        var target = (long)(rows / seconds * SliceTarget.TotalSeconds);
        return Math.Max(minimum, Math.Min(target, current * 4));
    }

    /// <summary>Writes the slice to the scratch folder, then moves it into place: a kill leaves no partial file among the checkpoints.</summary>
    private static async Task WriteSliceAsync(Lake lake, string path, byte[] content, CancellationToken ct)
    {
        Directory.CreateDirectory(lake.Storage.ScratchDirectory);
        var scratch = Path.Combine(lake.Storage.ScratchDirectory, Ids.NewFileStem() + CheckpointSlices.Extension);
        try
        {
            File.WriteAllBytes(scratch, content);
            await lake.Storage.PutFileAsync(path, scratch, ct).ConfigureAwait(false);
        }
        finally
        {
            if (File.Exists(scratch)) File.Delete(scratch);
        }
    }

    private static bool Ascending(RecordBatch batch)
    {
        var positions = ((PrimitiveColumn<long>)batch.Column("__pos")).RawValues;
        for (var i = 1; i < batch.RowCount; i++)
            if (positions[i] <= positions[i - 1]) return false;
        return true;
    }

    private static async Task<byte[]?> TryReadAsync(Lake lake, string path, CancellationToken ct)
    {
        try
        {
            return await lake.Storage.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }
        catch (StrataNotFoundException)
        {
            return null;
        }
    }
}
