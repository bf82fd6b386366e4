using System.Diagnostics;
using System.Globalization;
using Strata.Data;
using Strata.Format;
using Strata.Tables;
using Strata.Udfs;

namespace Strata.Backfill;

/// <summary>
/// Runs one task: for each checkpoint-sized slice of its row range that has no checkpoint yet, read the
/// inputs and current values, run the UDF on the rows matching the where clause (others keep their
/// values), and write the slice's outputs (one value per physical row, deleted rows null) as a Parquet
/// checkpoint. Checkpoints are written atomically and named by slice, so re-running is idempotent.
/// </summary>
internal static class BackfillTaskRunner
{
    public static string CheckpointPath(BackfillTask task, long sliceStart) =>
        $"{FormatConstants.TableCheckpointsFolder(task.TableId)}/{task.CheckpointKey}/{task.FragmentId.ToString("D8", CultureInfo.InvariantCulture)}-{sliceStart.ToString("D12", CultureInfo.InvariantCulture)}.parquet";

    public static async Task<BackfillTaskResult> RunAsync(Lake lake, TableSnapshot snap, Udf udf, UdfInvoker worker, BackfillTask task,
        Action<BackfillTask, long, bool>? onCheckpoint, CancellationToken ct)
    {
        var frag = snap.Manifest.Fragments.FirstOrDefault(f => f.Id == task.FragmentId)
            ?? throw new StrataNotFoundException($"fragment {task.FragmentId} is not in version {task.ReadVersion} of {task.TableName}.");
        var outputs = task.Columns.Select(snap.Field).ToList();
        var inputs = task.Inputs.Select(snap.Field).ToList();
        var tagged = await ScanPlanner.TaggedScanAsync(lake.Storage, snap, [frag], ct).ConfigureAwait(false);
        var select = string.Join(", ", inputs.Select((f, i) => $"{SqlNames.Quote(f.Name)} AS {SqlNames.Quote(udf.Inputs[i])}")
            .Concat(outputs.Select((f, j) => $"{SqlNames.Quote(f.Name)} AS __o{j}")));
        long computed = 0, fromCheckpoints = 0, calls = 0;
        var errors = new List<BackfillRowError>();
        var retries = 0;
        var udfTime = TimeSpan.Zero;
        var readTime = TimeSpan.Zero;
        var writeTime = TimeSpan.Zero;
        using var conn = lake.Engine.Connect();
        var writer = new FragmentWriter(lake, task.TableId);
        // Slices already checkpointed (by an earlier run or attempt) are skipped; the rest are read in one query.
        var missing = new List<(long Start, long End, string Path)>();
        for (var s = task.RowStart; s < task.RowEnd; s += task.CheckpointSize)
        {
            var e = Math.Min(s + task.CheckpointSize, task.RowEnd);
            var path = CheckpointPath(task, s);
            if (await lake.Storage.ExistsAsync(path, ct).ConfigureAwait(false))
            {
                fromCheckpoints += e - s;
                onCheckpoint?.Invoke(task, e - s, true);
            }
            else missing.Add((s, e, path));
        }
        if (missing.Count > 0)
        {
            var clock = Stopwatch.StartNew();
            var lo = missing[0].Start;
            var hi = missing[^1].End;
            var sql = $"SELECT {select}, COALESCE(({task.Where}), false) AS __match, {FormatConstants.RowIdColumn} AS __rowid, __pos FROM ({tagged}) AS __t "
                + $"WHERE __pos >= {lo.ToString(CultureInfo.InvariantCulture)} AND __pos < {hi.ToString(CultureInfo.InvariantCulture)} ORDER BY __pos";
            var all = lake.RunEngine(() => conn.QueryAll(sql));
            readTime += clock.Elapsed;
            var allPositions = (PrimitiveColumn<long>)all.Column("__pos");
            var cursor = 0;
            foreach (var (s, e, path) in missing)
            {
                ct.ThrowIfCancellationRequested();
                while (cursor < all.RowCount && allPositions[cursor] < s) cursor++;
                var first = cursor;
                while (cursor < all.RowCount && allPositions[cursor] < e) cursor++;
                var batch = first == 0 && cursor == all.RowCount ? all : all.Slice(first, cursor - first);

                clock.Restart();
                var n = batch.RowCount;
                var match = (PrimitiveColumn<bool>)batch.Column("__match");
                var include = new bool[n];
                for (var i = 0; i < n; i++) include[i] = match[i];
                var rowIds = ((PrimitiveColumn<long>)batch.Column("__rowid")).Values.ToArray();
                var run = worker.Run(batch.Select([.. udf.Inputs]), include, rowIds, ct);
                udfTime += clock.Elapsed;
                calls += run.Calls;
                retries += run.Retries.Count;
                computed += include.Count(x => x);
                foreach (var err in run.Errors)
                    errors.Add(new BackfillRowError(rowIds[err.Row], err.Attempt, err.Exception.GetType().FullName ?? err.Exception.GetType().Name,
                        err.Exception.Message, err.Exception.StackTrace));

                clock.Restart();
                var positions = (PrimitiveColumn<long>)batch.Column("__pos");
                var slice = BuildSlice(s, e, positions, include, run.Columns, outputs.Select((_, j) => batch.Column($"__o{j}")).ToList(),
                    outputs.Select(snap.TypeOf).ToList());
                await WriteCheckpointAsync(lake, conn, writer, slice, path, ct).ConfigureAwait(false);
                writeTime += clock.Elapsed;
                onCheckpoint?.Invoke(task, e - s, false);
            }
        }
        return new BackfillTaskResult(task, computed, fromCheckpoints, calls, errors, retries, udfTime, readTime, writeTime);
    }

    /// <summary>One value per physical row of [s, e): computed where included, the current value elsewhere, null for deleted rows.</summary>
    private static RecordBatch BuildSlice(long s, long e, PrimitiveColumn<long> positions, bool[] include, Column[] computed,
        List<Column> current, List<DataType> types)
    {
        var len = (int)(e - s);
        var pos = new long[len];
        for (var i = 0; i < len; i++) pos[i] = s + i;
        var columns = new List<(string, Column)> { ("pos", Column.From(pos)) };
        for (var j = 0; j < types.Count; j++)
        {
            var builder = ColumnBuilder.Create(types[j], len);
            var k = 0;
            for (var p = s; p < e; p++)
            {
                if (k < positions.Length && positions[k] == p)
                {
                    builder.AppendFrom(include[k] ? computed[j] : current[j], k);
                    k++;
                }
                else builder.AppendNull();
            }
            columns.Add(($"o{j.ToString(CultureInfo.InvariantCulture)}", builder.Build()));
        }
        return new RecordBatch([.. columns]);
    }

    private static async Task WriteCheckpointAsync(Lake lake, Engine.DuckDbConnection conn, FragmentWriter writer, RecordBatch slice, string path,
        CancellationToken ct)
    {
        var temp = "_ck_" + Ids.Random(6);
        conn.CreateTable(temp, slice.Schema, temporary: true);
        try
        {
            conn.Append(temp, slice);
            var local = await writer.CopyToScratchAsync(conn, $"SELECT * FROM {SqlNames.Quote(temp)}", ct).ConfigureAwait(false);
            await lake.Storage.PutFileAsync(path, local, ct).ConfigureAwait(false);
        }
        finally
        {
            conn.Execute($"DROP TABLE IF EXISTS {SqlNames.Quote(temp)}");
        }
    }
}
