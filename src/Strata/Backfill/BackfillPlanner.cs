using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Strata.Data;
using Strata.Format;
using Strata.Tables;
using Strata.Udfs;

namespace Strata.Backfill;

/// <summary>
/// Plans a backfill per fragment. A fragment needs work when rows match the where clause; without a
/// where clause that is every row when the fragment's column file came from another UDF version or from
/// other input files (or there is none), else only rows where the column is null. Tasks cover a needing
/// fragment's whole physical range, so its column file can be assembled from checkpoints alone.
/// </summary>
internal static class BackfillPlanner
{
    public static async Task<BackfillPlan> PlanAsync(Lake lake, Table table, TableSnapshot snap, IReadOnlyList<FieldEntry> outputs,
        IReadOnlyList<FieldEntry> inputs, Udf udf, string jobId, BackfillOptions options, CancellationToken ct)
    {
        var checkpointSize = options.CheckpointSize ?? udf.Options.CheckpointSize;
        // Nobody chose a checkpoint size: slices grow to about a quarter second of work.
        var grow = options.CheckpointSize is null && udf.Options.CheckpointSize == UdfOptions.DefaultCheckpointSize;
        var nullCheck = "(" + string.Join(" OR ", outputs.Select(o => $"{SqlNames.Quote(o.Name)} IS NULL")) + ")";
        // A null output is final when a non-nullable parameter got a null input: the UDF is never called for such rows.
        var nonNullable = udf.NonNullableInputs;
        var callable = inputs.Where((_, i) => i < nonNullable.Count && nonNullable[i]).Select(f => $"{SqlNames.Quote(f.Name)} IS NOT NULL").ToList();
        if (callable.Count > 0) nullCheck += " AND " + string.Join(" AND ", callable);
        var perFragment = new List<(FragmentEntry Frag, string Where, string InputsKey)>();
        foreach (var frag in snap.Manifest.Fragments)
        {
            if (frag.LiveRowCount == 0) continue;
            var inputsKey = InputsKey(frag, inputs);
            var upToDate = outputs.All(o => IsUpToDate(frag, o.Id, udf.Version, inputsKey));
            var where = options.Where ?? (upToDate ? nullCheck : "true");
            // Up to date with a value in every row (recorded when the file was assembled): nothing to do, nothing to read.
            if (options.Where is null && upToDate && outputs.All(o => ScanPlanner.OwnerOf(frag, o.Id)?.ComputedOf(o.Id)?.Complete == true))
                where = "false";
            perFragment.Add((frag, where, inputsKey));
        }
        // Count matching rows per fragment: "true" and "false" need no query; other clauses are counted in one query per clause.
        var counts = new Dictionary<long, long>();
        foreach (var group in perFragment.GroupBy(p => p.Where))
        {
            if (group.Key == "true")
            {
                foreach (var p in group) counts[p.Frag.Id] = p.Frag.LiveRowCount;
                continue;
            }
            if (group.Key == "false") continue;
            var tagged = await ScanPlanner.TaggedScanAsync(lake.Storage, snap, group.Select(g => g.Frag), ct).ConfigureAwait(false);
            using var conn = lake.Engine.Connect();
            var result = lake.RunEngine(() => conn.QueryAll($"SELECT __frag, count(*) AS n FROM ({tagged}) AS __t WHERE COALESCE(({group.Key}), false) GROUP BY __frag"));
            for (var i = 0; i < result.RowCount; i++)
                counts[Convert.ToInt64(result.Column(0).GetValue(i), CultureInfo.InvariantCulture)] = Convert.ToInt64(result.Column(1).GetValue(i), CultureInfo.InvariantCulture);
        }
        // Growing slices: a fragment is split across the workers, so they finish (and commit) fragments one after another.
        var largest = perFragment.Where(p => counts.GetValueOrDefault(p.Frag.Id) > 0).Select(p => p.Frag.PhysicalRows).DefaultIfEmpty(1).Max();
        long taskRows = options.TaskRows ?? (grow
            ? Math.Max(1, (Math.Min(lake.Options.MaxRowsPerFragment, largest) + options.Concurrency - 1) / options.Concurrency)
            : checkpointSize * 4L);
        taskRows = Math.Max(checkpointSize, taskRows / checkpointSize * checkpointSize);
        var tasks = new List<BackfillTask>();
        var existing = new Dictionary<string, Dictionary<long, List<CheckpointSlice>>>();
        long rows = 0;
        var skipped = 0;
        foreach (var (frag, where, inputsKey) in perFragment)
        {
            var n = counts.GetValueOrDefault(frag.Id);
            if (n == 0)
            {
                skipped++;
                continue;
            }
            rows += n;
            var key = CheckpointKey(udf.Version, outputs, where, inputsKey, checkpointSize);
            if (!existing.TryGetValue(key, out var byFragment))
                existing[key] = byFragment = await CheckpointSlices.ListAsync(lake.Storage, table.Id, key, null, ct).ConfigureAwait(false);
            // Slices an earlier run left (it may have cut the fragment elsewhere) never straddle a task boundary, so all are reused.
            var earlier = CheckpointSlices.Within(byFragment.GetValueOrDefault(frag.Id) ?? [], 0, frag.PhysicalRows);
            var pieceRows = grow && earlier.Count > 0
                ? ResumedTaskRows(CheckpointSlices.Uncovered(earlier, 0, frag.PhysicalRows), taskRows, checkpointSize, options.Concurrency)
                : taskRows;
            foreach (var (s, e) in CheckpointSlices.CutTasks(earlier, frag.PhysicalRows, pieceRows))
            {
                tasks.Add(new BackfillTask
                {
                    JobId = jobId,
                    TableId = table.Id,
                    TableName = table.Name,
                    ReadVersion = snap.Version,
                    FragmentId = frag.Id,
                    RowStart = s,
                    RowEnd = e,
                    Columns = outputs.Select(o => o.Name).ToList(),
                    Inputs = inputs.Select(i => i.Name).ToList(),
                    Udf = udf.Name,
                    UdfVersion = udf.Version,
                    Where = where,
                    CheckpointSize = checkpointSize,
                    GrowSlices = grow,
                    CheckpointKey = key,
                    InputsKey = inputsKey,
                });
            }
        }
        return new BackfillPlan(jobId, table.Name, outputs.Select(o => o.Name).ToList(), udf.Name, udf.Version, snap.Version, tasks, rows, skipped);
    }

    /// <summary>
    /// Rows to compute per task of a resumed fragment with <paramref name="uncovered"/> rows left: spread over the workers as
    /// a fresh fragment's would be — unless they fit in one row group, which every task reading from it decodes whole; one
    /// task then does them all, and still keeps two cores busy (the engine decodes the next chunks while the worker computes).
    /// </summary>
    internal static long ResumedTaskRows(long uncovered, long taskRows, int checkpointSize, int concurrency) =>
        uncovered <= Tables.ParquetSettings.RowGroupSize
            ? Math.Max(taskRows, uncovered)
            : Math.Min(taskRows, Math.Max(checkpointSize, (uncovered + concurrency - 1) / concurrency));

    /// <summary>True when the field's values in the fragment were computed by that UDF version from these inputs.</summary>
    public static bool IsUpToDate(FragmentEntry frag, int fieldId, string udfVersion, string inputsKey) =>
        ScanPlanner.OwnerOf(frag, fieldId)?.ComputedOf(fieldId) is { } c && c.UdfVersion == udfVersion && c.InputsKey == inputsKey;

    /// <summary>Identity of a fragment's inputs: its first file and the files holding each input column.</summary>
    public static string InputsKey(FragmentEntry frag, IReadOnlyList<FieldEntry> inputs)
    {
        var sb = new StringBuilder(frag.Files[0].Path);
        foreach (var i in inputs) sb.Append('|').Append(ScanPlanner.OwnerOf(frag, i.Id)?.Path ?? "-");
        return Hash(sb.ToString());
    }

    /// <summary>The checkpoint folder name: the output field ids (so cleanup can tell columns apart), then a hash of everything the values depend on.</summary>
    private static string CheckpointKey(string udfVersion, IReadOnlyList<FieldEntry> outputs, string where, string inputsKey, int checkpointSize) =>
        FieldsPrefix(outputs) + "-" + Hash($"{udfVersion}|{string.Join(",", outputs.Select(o => o.Id))}|{where}|{inputsKey}|{checkpointSize}");

    /// <summary>"f3.4": the ids of the output fields, as the checkpoint folder names start.</summary>
    public static string FieldsPrefix(IReadOnlyList<FieldEntry> outputs) =>
        "f" + string.Join(".", outputs.Select(o => o.Id.ToString(CultureInfo.InvariantCulture)));

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..24];
}
