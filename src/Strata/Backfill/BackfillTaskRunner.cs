using System.Diagnostics;
using System.Globalization;
using Strata.Data;
using Strata.Engine;
using Strata.Format;
using Strata.Tables;
using Strata.Udfs;

namespace Strata.Backfill;

/// <summary>
/// Runs one task: finds the intact checkpoint slices an earlier run left in its row range (a corrupt or
/// truncated one is deleted and recomputed), streams each gap's inputs and current values from one query, runs
/// the UDF unit by unit on the rows matching the where clause (others keep their values), and writes
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
        var tally = new Tally();

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
            tally.FromCheckpoints += slice.Rows;
            onCheckpoint?.Invoke(task, slice.Rows, true);
        }
        if (cursor < task.RowEnd) gaps.Add((cursor, task.RowEnd));
        tally.Read += clock.Elapsed;
        if (gaps.Count == 0) return tally.Result(task);

        var tagged = await ScanPlanner.TaggedScanAsync(lake.Storage, snap, [frag], ct).ConfigureAwait(false);
        // Every row matches (no where clause): the current values are never kept and the match flag is constant, so
        // neither is read; row ids follow from positions when the fragment numbers its rows from a start.
        var everyRow = task.Where == "true";
        var rowIdStart = frag.RowIdStart;
        var select = string.Join(", ", inputs.Select((f, i) => $"{SqlNames.Quote(f.Name)} AS {SqlNames.Quote(udf.Inputs[i])}")
            .Concat(everyRow ? [] : outputs.Select((f, j) => $"{SqlNames.Quote(f.Name)} AS __o{j}"))
            .Append(everyRow ? "true AS __match" : $"COALESCE(({task.Where}), false) AS __match")
            .Append(rowIdStart is null ? $"{FormatConstants.RowIdColumn} AS __rowid" : "0 AS __rowid"));
        var gap = new GapRun(lake, task, udf, worker, outputs, types, everyRow, rowIdStart, onCheckpoint, tally);
        using var conn = lake.Engine.Connect();
        foreach (var (lo, hi) in gaps)
        {
            string Sql(bool ordered) => $"SELECT {select}, __pos FROM ({tagged}) AS __t "
                + $"WHERE __pos >= {lo.ToString(CultureInfo.InvariantCulture)} AND __pos < {hi.ToString(CultureInfo.InvariantCulture)}"
                + (ordered ? " ORDER BY __pos" : "");
            // A fragment's scan keeps file order (insertion order is preserved), so no sort is needed; should it ever not,
            // the slices this gap wrote may lack rows that came late: they are deleted and the gap is computed again, sorted.
            var written = new List<string>();
            if (await gap.RunAsync(conn, Sql(false), lo, hi, written, ct).ConfigureAwait(false)) continue;
            foreach (var path in written) await lake.Storage.DeleteAsync(path, ct).ConfigureAwait(false);
            gap.Rollback();
            if (!await gap.RunAsync(conn, Sql(true), lo, hi, written, ct).ConfigureAwait(false))
                throw new StrataCorruptDataException(task.TableName, $"rows of fragment {task.FragmentId} repeat a position; the fragment's files are inconsistent.");
        }
        return tally.Result(task);
    }

    /// <summary>What a task has done so far.</summary>
    private sealed class Tally
    {
        public long Computed;
        public long FromCheckpoints;
        public long Calls;
        public int Retries;
        public TimeSpan Udf;
        public TimeSpan Read;
        public TimeSpan Write;
        public List<BackfillRowError> Errors { get; } = [];

        public BackfillTaskResult Result(BackfillTask task) => new(task, Computed, FromCheckpoints, Calls, Errors, Retries, Udf, Read, Write);
    }

    /// <summary>
    /// Computes a task's gaps as a stream: the query's chunks are gathered into units (<see cref="RowUnit"/> rows for a
    /// row-wise UDF, a whole slice for a batch UDF, whose declared batch size must not be cut short), the UDF runs on each
    /// unit and only its outputs are kept until the slice is written. So a task holds a unit's input values at a time —
    /// strings and arrays die young instead of being promoted by the garbage collector, which cost as much as the rest
    /// of a backfill of a string column.
    /// </summary>
    private sealed class GapRun(Lake lake, BackfillTask task, Udf udf, UdfInvoker worker, IReadOnlyList<FieldEntry> outputs,
        IReadOnlyList<DataType> types, bool everyRow, long? rowIdStart, Action<BackfillTask, long, bool>? onCheckpoint, Tally tally)
    {
        private readonly string[] _inputNames = udf.Inputs.ToArray();
        private readonly int _unitRows = worker.IsRowWise ? RowUnit : int.MaxValue;
        private readonly List<RecordBatch> _unit = [];
        private int _unitCount;
        private long _sliceRows = task.CheckpointSize;
        private (long Computed, long Calls, int Retries, int Errors, long Done) _mark;

        // The slice being filled: [_s, _e), the positions seen, which of them the UDF computed, and the outputs.
        private long _s;
        private long _e;
        private readonly List<long> _positions = [];
        private readonly List<bool> _include = [];
        private int _included;
        private readonly List<Column[]> _computed = [];
        private readonly List<Column[]> _current = [];
        private Stopwatch _sliceClock = new();

        /// <summary>Forgets what the last <see cref="RunAsync"/> counted (its slices were deleted).</summary>
        public void Rollback()
        {
            tally.Computed = _mark.Computed;
            tally.Calls = _mark.Calls;
            tally.Retries = _mark.Retries;
            tally.Errors.RemoveRange(_mark.Errors, tally.Errors.Count - _mark.Errors);
            if (_mark.Done > 0) onCheckpoint?.Invoke(task, -_mark.Done, false);
        }

        /// <summary>Computes [lo, hi) and writes its slices; false (and stops) when the rows came out of position order.</summary>
        public async Task<bool> RunAsync(DuckDbConnection conn, string sql, long lo, long hi, List<string> written, CancellationToken ct)
        {
            _mark = (tally.Computed, tally.Calls, tally.Retries, tally.Errors.Count, 0);
            long done = 0;
            ClearSlice(lo, Math.Min(lo + _sliceRows, hi));
            var clock = Stopwatch.StartNew();
            using var reader = lake.RunEngine(() => conn.ExecuteReader(sql, null, ct));
            var last = -1L;
            while (true)
            {
                clock.Restart();
                var chunk = lake.RunEngine(reader.Read);
                tally.Read += clock.Elapsed;
                if (chunk is null) break;
                var pos = ((PrimitiveColumn<long>)chunk.Column("__pos")).RawValues;
                var row = 0;
                while (row < chunk.RowCount)
                {
                    var from = row;
                    for (; row < chunk.RowCount && pos[row] < _e; row++)
                    {
                        if (pos[row] <= last) return Abandon(done);
                        last = pos[row];
                    }
                    if (row > from)
                    {
                        _unit.Add(from == 0 && row == chunk.RowCount ? chunk : chunk.Slice(from, row - from));
                        _unitCount += row - from;
                        if (_unitCount >= _unitRows) RunUnit(ct);
                    }
                    // A row at or past the slice's end: the slice has all its rows.
                    while (row < chunk.RowCount && pos[row] >= _e)
                    {
                        if (_e >= hi) throw new StrataCorruptDataException(task.TableName, $"fragment {task.FragmentId} returned position {pos[row]}, past the task's end {hi}.");
                        done += await FinishSliceAsync(written, ct).ConfigureAwait(false);
                        ClearSlice(_e, Math.Min(_e + _sliceRows, hi));
                    }
                }
            }
            while (true)
            {
                done += await FinishSliceAsync(written, ct).ConfigureAwait(false);
                if (_e >= hi) break;
                ClearSlice(_e, Math.Min(_e + _sliceRows, hi));
            }
            return true;

            bool Abandon(long d)
            {
                _unit.Clear();
                _unitCount = 0;
                _mark.Done = d;
                return false;
            }
        }

        private void ClearSlice(long s, long e)
        {
            _s = s;
            _e = e;
            _positions.Clear();
            _include.Clear();
            _included = 0;
            _computed.Clear();
            _current.Clear();
            _sliceClock = Stopwatch.StartNew();
        }

        /// <summary>Runs the UDF on the gathered unit and keeps its outputs (and the current values, when not every row is computed).</summary>
        private void RunUnit(CancellationToken ct)
        {
            if (_unitCount == 0) return;
            ct.ThrowIfCancellationRequested();
            var batch = _unit.Count == 1 ? _unit[0] : BatchConcat.Concat(_unit[0].Schema, _unit);
            _unit.Clear();
            _unitCount = 0;
            var clock = Stopwatch.StartNew();
            var n = batch.RowCount;
            var positions = ((PrimitiveColumn<long>)batch.Column("__pos")).RawValues;
            var match = everyRow ? null : ((PrimitiveColumn<bool>)batch.Column("__match")).RawValues;
            var rowIds = new long[n];
            if (rowIdStart is { } first) for (var i = 0; i < n; i++) rowIds[i] = first + positions[i];
            else Array.Copy(((PrimitiveColumn<long>)batch.Column("__rowid")).RawValues, rowIds, n);
            // The match column's own array is the UDF's include flags (nothing writes to them).
            var include = match;
            var included = n;
            if (include is not null)
            {
                included = 0;
                for (var i = 0; i < n; i++) if (include[i]) included++;
            }
            var run = worker.Run(batch.Select(_inputNames), include, rowIds, ct);
            tally.Udf += clock.Elapsed;
            tally.Calls += run.Calls;
            tally.Retries += run.Retries.Count;
            tally.Computed += included;
            foreach (var err in run.Errors)
                tally.Errors.Add(new BackfillRowError(rowIds[err.Row], err.Attempt, err.Exception.GetType().FullName ?? err.Exception.GetType().Name,
                    err.Exception.Message, err.Exception.StackTrace));
            for (var i = 0; i < n; i++)
            {
                _positions.Add(positions[i]);
                _include.Add(include is null || include[i]);
            }
            _included += included;
            _computed.Add(run.Columns);
            if (!everyRow) _current.Add(outputs.Select((_, j) => batch.Column($"__o{j}")).ToArray());
        }

        /// <summary>Writes the slice [_s, _e) (its rows all seen); returns its row count.</summary>
        private async Task<long> FinishSliceAsync(List<string> written, CancellationToken ct)
        {
            RunUnit(ct);
            var clock = Stopwatch.StartNew();
            var computed = Join(_computed);
            var values = SliceBuilder.Build(_s, _e, _positions.ToArray(), 0, _include.ToArray(), _included, computed,
                everyRow ? computed : Join(_current), types);
            var content = CheckpointSliceFile.Encode(task.FragmentId, _s, (int)(_e - _s), values);
            var path = CheckpointSlices.PathOf(task.TableId, task.CheckpointKey, task.FragmentId, _s, _e);
            await WriteSliceAsync(lake, path, content, ct).ConfigureAwait(false);
            written.Add(path);
            tally.Write += clock.Elapsed;
            onCheckpoint?.Invoke(task, _e - _s, false);
            if (task.GrowSlices) _sliceRows = NextSliceRows(_sliceRows, _e - _s, _sliceClock.Elapsed, task.CheckpointSize);
            return _e - _s;
        }

        private Column[] Join(List<Column[]> pieces) => types.Select((t, j) => pieces.Count == 0
            ? Column.Nulls(t, 0)
            : BatchConcat.Concat(t, pieces.Select(p => p[j]).ToArray())).ToArray();
    }

    /// <summary>Rows a row-wise UDF is run on at a time: their inputs are all a task holds.</summary>
    internal const int RowUnit = 8192;

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
