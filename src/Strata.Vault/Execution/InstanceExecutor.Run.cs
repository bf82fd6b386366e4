using System.Diagnostics;
using Strata.Data;
using Strata.Vault.Builders;
using Strata.Vault.Model;
using Strata.Vault.Modules;

namespace Strata.Vault.Execution;

internal sealed partial class InstanceExecutor
{
    /// <summary>Tokens of a builder's inputs: other tables' columns (by the instance they last changed in) and, for column builders, this table's non-index columns.</summary>
    private List<string> InputTokens(BuilderSpec spec, HashSet<string> indexColumns)
    {
        var parts = new List<string>();
        foreach (var r in spec.References())
        {
            if (_externals.TryGetValue(r.Text, out var ext))
            {
                foreach (var c in r.Columns.Concat(r.Filters.Select(f => f.Key)))
                    parts.Add($"{ext.Entry.TableId}.{c}@{ext.Instance.Columns[c].ChangedIn}");
                parts.Add(r.Text);
            }
            else
            {
                foreach (var c in r.Columns.Concat(r.Filters.Select(f => f.Key)).Where(c => !indexColumns.Contains(c)))
                    parts.Add($"self.{c}={_columns[c].Token}");
            }
        }
        parts.Sort(StringComparer.Ordinal);
        return parts;
    }

    private async Task LoadInputsAsync(BuilderSpec spec, BoundInputs inputs, CancellationToken ct)
    {
        foreach (var r in spec.References())
        {
            if (!_externals.TryGetValue(r.Text, out var ext) || inputs.Frames.ContainsKey(r.Text)) continue;
            var t = await vault.Lake.OpenEntryAsync(ext.Entry, ext.Instance.TableVersion, ct).ConfigureAwait(false);
            var all = await t.ToBatchAsync(ct).ConfigureAwait(false);
            if (r.Filters.Count > 0)
            {
                var keep = Enumerable.Range(0, all.RowCount).Where(i => r.Filters.All(f =>
                    string.Equals(Convert.ToString(all.Column(f.Key).GetValue(i), System.Globalization.CultureInfo.InvariantCulture), f.Value, StringComparison.Ordinal))).ToList();
                all = all.Take(keep);
            }
            inputs.Frames[r.Text] = all;
        }
    }

    private async Task RunIndexAsync(BuilderSpec spec, ModuleFunction fn, BoundInputs inputs, CancellationToken ct)
    {
        var own = Hash(spec.Text, fn.CodeHash, Fingerprint(spec));
        _hashes[spec.Name] = own;
        var token = Hash([own, .. InputTokens(spec, [])]);
        var prev = _origin;
        if (!force && prev is not null && spec.ChangedColumns.All(c => prev.Columns.TryGetValue(c, out var s) && s.Token == token))
        {
            foreach (var c in spec.ChangedColumns) _columns[c] = prev.Columns[c];
            return; // unchanged: the origin's rows stand
        }
        await LoadInputsAsync(spec, inputs, ct).ConfigureAwait(false);
        var output = await CallFrameAsync(spec, fn, inputs, ct).ConfigureAwait(false);
        if (spec.PrimaryKey.Count > 0) CheckUniqueKey(spec, output);
        p.Hook($"build:{spec.Name}/called");
        if (force || prev is null || !spec.ChangedColumns.All(c => prev.Columns.ContainsKey(c)))
        {
            _frame = output;
            _rowsChanged = true;
            _noCarry = true;
            foreach (var c in spec.ChangedColumns) _columns[c] = Changed(spec, c, token);
            return;
        }
        var origin = await OriginDataAsync(ct).ConfigureAwait(false);
        if (SameRows(output, origin.Select([.. spec.ChangedColumns])))
        {
            if (prev.BuilderHashes.GetValueOrDefault(spec.Name) == own)
            {
                // same rows, but the inputs changed (an upstream table was rebuilt or forced): the columns are recomputed
                _indexInputsChanged = true;
                foreach (var c in spec.ChangedColumns) _columns[c] = Changed(spec, c, token);
            }
            else
            {
                foreach (var c in spec.ChangedColumns) _columns[c] = prev.Columns[c] with { Token = token };
            }
            return; // same rows as the origin: the data files can be reused
        }
        _rowsChanged = true;
        foreach (var c in spec.ChangedColumns) _columns[c] = Changed(spec, c, token);
        if (spec.PrimaryKey.Count == 0)
        {
            _frame = output;
            _noCarry = true;
            return;
        }
        _frame = MergeByKey(spec, output, origin);
    }

    /// <summary>The new rows, with the origin's values of the other columns for keys it knows (nulls for new keys); keep_old appends the origin's rows whose keys are gone.</summary>
    private static RecordBatch MergeByKey(BuilderSpec spec, RecordBatch output, RecordBatch origin)
    {
        var originRows = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < origin.RowCount; i++) originRows.TryAdd(Key(origin, spec.PrimaryKey, i), i);
        var picks = new List<int?>(output.RowCount);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < output.RowCount; i++)
        {
            var k = Key(output, spec.PrimaryKey, i);
            seen.Add(k);
            picks.Add(originRows.TryGetValue(k, out var o) ? o : null);
        }
        var old = spec.KeepOld ? Enumerable.Range(0, origin.RowCount).Where(i => !seen.Contains(Key(origin, spec.PrimaryKey, i))).ToList() : [];
        var cols = new List<(string, Column)>();
        foreach (var c in spec.ChangedColumns)
        {
            var values = Enumerable.Range(0, output.RowCount).Select(i => output.Column(c).GetValue(i)).Concat(old.Select(i => origin.Column(c).GetValue(i))).ToList();
            cols.Add((c, ValueColumns.Build(values, output.Column(c).Type, $"column '{c}'")));
        }
        foreach (var f in origin.Schema.Fields.Where(f => !spec.ChangedColumns.Contains(f.Name)))
        {
            var src = origin.Column(f.Name);
            var values = picks.Select(pk => pk is { } o ? src.GetValue(o) : null).Concat(old.Select(i => src.GetValue(i))).ToList();
            cols.Add((f.Name, ValueColumns.Build(values, f.Type, $"column '{f.Name}'")));
        }
        return new RecordBatch([.. cols]);
    }

    private async Task RunColumnAsync(BuilderSpec spec, ModuleFunction fn, BoundInputs inputs, int index, int total, CancellationToken ct)
    {
        var own = Hash(spec.Text, fn.CodeHash);
        _hashes[spec.Name] = own;
        var indexColumns = _columns.Where(kv => kv.Value.Builder is not null && kv.Value.Builder.EndsWith("_index", StringComparison.Ordinal)).Select(kv => kv.Key).ToHashSet();
        var token = Hash([own, .. InputTokens(spec, indexColumns)]);
        var prev = _origin;
        var canCarry = !force && prev is not null && !_noCarry && spec.ChangedColumns.All(c => prev.Columns.ContainsKey(c));
        var full = !canCarry || _indexInputsChanged || spec.ChangedColumns.Any(c => prev!.Columns[c].Token != token);
        if (!full && !_rowsChanged)
        {
            foreach (var c in spec.ChangedColumns) _columns[c] = prev!.Columns[c];
            return;
        }
        var frame = _frame ??= await OriginDataAsync(ct).ConfigureAwait(false);
        inputs.Self = frame;
        await LoadInputsAsync(spec, inputs, ct).ConfigureAwait(false);
        if (!full && spec.ReturnType != ReturnKind.RowWise) full = true;
        RecordBatch result;
        if (spec.ReturnType == ReturnKind.RowWise)
        {
            var rows = Enumerable.Range(0, frame.RowCount)
                .Where(i => full || spec.ChangedColumns.All(c => !frame.Schema.Contains(c) || frame.Column(c).IsNull(i))).ToList();
            result = await RunRowsAsync(spec, fn, inputs, frame, rows, ct).ConfigureAwait(false);
        }
        else
        {
            result = await CallFrameAsync(spec, fn, inputs, ct).ConfigureAwait(false);
            if (result.RowCount != frame.RowCount)
                throw new StrataInvalidInputException($"{spec.Where(spec.Line)}: function {spec.Function} returned {result.RowCount} rows for a table of {frame.RowCount}; a column builder returns one row per row.");
        }
        foreach (var c in spec.ChangedColumns)
        {
            frame = frame.WithColumn(c, result.Column(c));
            _columns[c] = Changed(spec, c, token);
        }
        _frame = frame;
        p.Hook($"build:{spec.Name}/called");
        progress?.Report(new VaultProgress(spec.Name, frame.RowCount, frame.RowCount, index + 1, total));
    }

    /// <summary>Calls a row-wise function for <paramref name="rows"/> (n_threads at a time), logging each result; other rows keep their values.</summary>
    private async Task<RecordBatch> RunRowsAsync(BuilderSpec spec, ModuleFunction fn, BoundInputs inputs, RecordBatch frame, List<int> rows, CancellationToken ct)
    {
        var results = new object?[frame.RowCount][];
        for (var i = 0; i < frame.RowCount; i++)
            results[i] = spec.ChangedColumns.Select(c => frame.Schema.Contains(c) ? frame.Column(c).GetValue(i) : null).ToArray();
        using var log = new RowLog(Path.Combine(p.LocalFolder, "steps", spec.Name + ".rows.jsonl"), vault.Options.RowLogBatchSize);
        foreach (var (i, v) in log.Existing) if (i < results.Length) results[i] = v;
        var todo = rows.Where(i => !log.Existing.ContainsKey(i)).ToList();
        p.Update(r => r with { RowsPlanned = r.RowsPlanned + rows.Count });
        long done = rows.Count - todo.Count;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = spec.Threads, CancellationToken = ct }, async (i, token) =>
        {
            p.Hook($"build:{spec.Name}/row");
            var value = await FunctionInvoker.CallAsync(spec, fn.Method, inputs, i, token).ConfigureAwait(false);
            var outputs = BuilderResults.Row(spec, value);
            results[i] = outputs;
            log.Append(i, outputs);
            Interlocked.Increment(ref _calls);
            var n = Interlocked.Increment(ref done);
            progress?.Report(new VaultProgress(spec.Name, n, rows.Count, 0, 0));
        }).ConfigureAwait(false);
        Interlocked.Add(ref _builderMs, watch.ElapsedMilliseconds);
        var cols = new List<(string, Column)>();
        for (var c = 0; c < spec.ChangedColumns.Count; c++)
        {
            var name = spec.ChangedColumns[c];
            var type = spec.Dtypes.TryGetValue(name, out var dt) ? dt.Type
                : todo.Count < rows.Count || rows.Count < frame.RowCount ? (frame.Schema.Contains(name) ? frame.Schema[name].Type : null) : null;
            var ci = c;
            cols.Add((name, ValueColumns.Build(results.Select(r => r[ci]).ToList(), type, $"{spec.File}: column '{name}'")));
        }
        p.Update(r => r with { RowsDone = r.RowsDone + rows.Count });
        return new RecordBatch([.. cols]);
    }

    private async Task<RecordBatch> CallFrameAsync(BuilderSpec spec, ModuleFunction fn, BoundInputs inputs, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var value = await FunctionInvoker.CallAsync(spec, fn.Method, inputs, null, ct).ConfigureAwait(false);
        RecordBatch batch;
        try
        {
            batch = await BuilderResults.ToBatchAsync(spec, value, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not StrataException and not OperationCanceledException)
        {
            throw FunctionInvoker.Failed(spec, fn.Method, e, null);
        }
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _builderMs, watch.ElapsedMilliseconds);
        return batch;
    }

    /// <summary>What else the builder's result depends on: for builtin_files, the listing (names, sizes, times) of its folder.</summary>
    private static string Fingerprint(BuilderSpec spec)
    {
        if (spec.CodeModule != "builtin_files" || !spec.Arguments.TryGetValue("folder", out var arg) || arg.Scalar is not { } folder || !Directory.Exists(folder))
            return "";
        var listing = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => { var i = new FileInfo(f); return $"{f}|{i.Length}|{i.LastWriteTimeUtc.Ticks}"; });
        return Hash(listing);
    }

    private ColumnState Changed(BuilderSpec spec, string column, string token) => new()
    {
        Builder = spec.Name,
        Token = token,
        ChangedIn = "",
        ChangedInVersion = -1,
        Artifact = spec.Dtypes.TryGetValue(column, out var dt) && dt.Artifact,
    };

    private static void CheckUniqueKey(BuilderSpec spec, RecordBatch output)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < output.RowCount; i++)
            if (!seen.Add(Key(output, spec.PrimaryKey, i)))
                throw new StrataInvalidInputException($"{spec.Where(spec.Line)}: primary_key ({string.Join(", ", spec.PrimaryKey)}) repeats in row {i}; keys must be unique.");
    }

    private static string Key(RecordBatch batch, IReadOnlyList<string> key, int row) =>
        string.Join("\u0001", key.Select(k => Convert.ToString(batch.Column(k).GetValue(row), System.Globalization.CultureInfo.InvariantCulture) ?? "\u0000"));

    private static bool SameRows(RecordBatch a, RecordBatch b)
    {
        if (a.RowCount != b.RowCount || a.Schema.Count != b.Schema.Count) return false;
        for (var c = 0; c < a.Schema.Count; c++)
            for (var i = 0; i < a.RowCount; i++)
                if (!Equals(Norm(a.Column(c).GetValue(i)), Norm(b.Column(c).GetValue(i)))) return false;
        return true;
    }

    private static object? Norm(object? v) => v switch
    {
        int i => (long)i,
        short s => (long)s,
        float f => (double)f,
        _ => v,
    };
}
