using System.Globalization;
using System.Text;
using Strata.Data;
using Strata.Format;
using Strata.Storage;

namespace Strata.Tables;

/// <summary>
/// Turns a table snapshot into one DuckDB SQL query over its Parquet files. Fragments whose columns
/// live in one file and that have no deletions are read by a single <c>read_parquet([...])</c> over
/// all of them (as fast as DuckDB reading the files directly; row ids, when asked, come from each fragment's
/// first row id, looked up by the file's index in the list); other fragments get their own subquery
/// that stitches column groups with POSITIONAL JOIN and removes deleted rows.
/// </summary>
internal static class ScanPlanner
{
    /// <summary>SQL yielding the named fields (all when null), in order, plus <c>_rowid</c> when asked.</summary>
    public static async Task<string> BuildAsync(ILakeStorage storage, TableSnapshot snap, IReadOnlyList<string>? fieldNames,
        bool withRowId, CancellationToken ct)
    {
        var fields = fieldNames is null ? snap.Manifest.Fields.ToList() : fieldNames.Select(snap.Field).ToList();
        var parts = new List<string>();
        var groups = new Dictionary<string, (List<string> Files, List<long> RowIdStarts, FragmentEntry First)>();
        foreach (var frag in snap.Manifest.Fragments)
        {
            if (frag.PhysicalRows == 0 || frag.LiveRowCount == 0) continue;
            var needed = NeededFiles(frag, fields, withRowId);
            // With row ids, a fragment that numbers its rows from a start needs only the start (row id = start + position).
            var simple = needed.Count == 1 && frag.Deletion is null && (!withRowId || frag.RowIdStart is not null);
            if (simple)
            {
                var file = needed[0];
                // Fragments whose single file names each requested column the same way share one read_parquet.
                var key = string.Join('|', fields.Select(f => file.Columns.TryGetValue(f.Id, out var n) ? n : "\0"));
                var local = await storage.GetLocalPathAsync(file.Path, ct).ConfigureAwait(false);
                if (!groups.TryGetValue(key, out var g)) groups[key] = g = (new List<string>(), new List<long>(), frag);
                g.Files.Add(local);
                g.RowIdStarts.Add(frag.RowIdStart ?? 0);
                continue;
            }
            parts.Add(await FragmentSqlAsync(storage, snap, frag, needed, fields, withRowId, physical: false, tagged: false, ct).ConfigureAwait(false));
        }
        foreach (var (files, starts, first) in groups.Values)
        {
            var file = NeededFiles(first, fields, false)[0];
            var list = "[" + string.Join(", ", files.Select(SqlNames.Literal)) + "]";
            var cols = fields.Select(f => Projection(snap, f, file.Columns.TryGetValue(f.Id, out var n) ? "t0." + SqlNames.Quote(n) : null)).ToList();
            var options = "";
            if (withRowId)
            {
                // file_index is the position of the row's file in the list: its fragment's first row id is looked up by it.
                var startList = "CAST([" + string.Join(", ", starts.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "] AS BIGINT[])";
                cols.Add($"(({startList})[CAST(t0.file_index AS BIGINT) + 1] + t0.file_row_number) AS {FormatConstants.RowIdColumn}");
                options = ", file_row_number = true";
            }
            if (cols.Count == 0) cols.Add("1 AS _one");
            parts.Insert(0, $"SELECT {string.Join(", ", cols)} FROM read_parquet({list}{options}) AS t0");
        }
        if (parts.Count == 0)
        {
            var cols = fields.Select(f => $"CAST(NULL AS {snap.TypeOf(f).ToSql()}) AS {SqlNames.Quote(f.Name)}").ToList();
            if (withRowId) cols.Add($"CAST(NULL AS BIGINT) AS {FormatConstants.RowIdColumn}");
            if (cols.Count == 0) cols.Add("NULL AS _empty");
            return $"SELECT {string.Join(", ", cols)} WHERE false";
        }
        return parts.Count == 1 ? parts[0] : string.Join("\nUNION ALL ", parts);
    }

    /// <summary>The files of a fragment that hold the requested fields (at least one, for row counts).</summary>
    private static List<DataFileEntry> NeededFiles(FragmentEntry frag, List<FieldEntry> fields, bool withRowId)
    {
        var needed = new List<DataFileEntry>();
        foreach (var file in frag.Files)
        {
            var use = fields.Any(f => OwnerOf(frag, f.Id) == file)
                || (withRowId && file.HasRowIds && frag.RowIdStart is null);
            if (use) needed.Add(file);
        }
        if (needed.Count == 0) needed.Add(frag.Files[0]);
        // Keep the first file first: it carries row ids and defines row positions.
        return needed;
    }

    /// <summary>The file holding a field's values in a fragment (the last one written wins), or null.</summary>
    public static DataFileEntry? OwnerOf(FragmentEntry frag, int fieldId)
    {
        for (var i = frag.Files.Count - 1; i >= 0; i--)
            if (frag.Files[i].Columns.ContainsKey(fieldId)) return frag.Files[i];
        return null;
    }

    /// <summary>
    /// SQL over every physical row of one fragment (deleted rows included),
    /// in file order, exposing the given fields; used to compute per-fragment column files that must align row by row.
    /// </summary>
    public static Task<string> PhysicalFragmentSqlAsync(ILakeStorage storage, TableSnapshot snap, FragmentEntry frag,
        IReadOnlyList<FieldEntry> fields, bool withRowId, CancellationToken ct)
    {
        var list = fields.ToList();
        return FragmentSqlAsync(storage, snap, frag, NeededFiles(frag, list, withRowId), list, withRowId, physical: true, tagged: false, ct);
    }

    /// <summary>
    /// SQL over the live rows of the given fragments with all fields plus <c>_rowid</c>, the fragment id
    /// (<c>__frag</c>) and the physical position (<c>__pos</c>): what deletes, updates and merges need to
    /// find the rows they change.
    /// </summary>
    public static async Task<string> TaggedScanAsync(ILakeStorage storage, TableSnapshot snap, IEnumerable<FragmentEntry> fragments,
        CancellationToken ct)
    {
        var fields = snap.Manifest.Fields.ToList();
        var parts = new List<string>();
        foreach (var frag in fragments)
        {
            if (frag.LiveRowCount == 0) continue;
            parts.Add(await FragmentSqlAsync(storage, snap, frag, NeededFiles(frag, fields, true), fields, true, physical: false, tagged: true, ct)
                .ConfigureAwait(false));
        }
        if (parts.Count > 0) return string.Join("\nUNION ALL ", parts);
        var cols = fields.Select(f => $"CAST(NULL AS {snap.TypeOf(f).ToSql()}) AS {SqlNames.Quote(f.Name)}")
            .Concat([$"CAST(NULL AS BIGINT) AS {FormatConstants.RowIdColumn}", "CAST(NULL AS BIGINT) AS __frag", "CAST(NULL AS BIGINT) AS __pos"]);
        return $"SELECT {string.Join(", ", cols)} WHERE false";
    }

    private static async Task<string> FragmentSqlAsync(ILakeStorage storage, TableSnapshot snap, FragmentEntry frag,
        List<DataFileEntry> files, List<FieldEntry> fields, bool withRowId, bool physical, bool tagged, CancellationToken ct)
    {
        var sb = new StringBuilder("SELECT ");
        var cols = new List<string>();
        foreach (var f in fields)
        {
            var owner = OwnerOf(frag, f.Id);
            var idx = owner is null ? -1 : files.IndexOf(owner);
            cols.Add(Projection(snap, f, idx < 0 ? null : $"t{idx}.{SqlNames.Quote(owner!.Columns[f.Id])}"));
        }
        if (withRowId) cols.Add(RowIdExpression(frag, files) + " AS " + FormatConstants.RowIdColumn);
        if (tagged)
        {
            cols.Add($"CAST({frag.Id.ToString(CultureInfo.InvariantCulture)} AS BIGINT) AS __frag");
            cols.Add("t0.file_row_number AS __pos");
        }
        if (cols.Count == 0) cols.Add("1 AS _one");
        sb.Append(string.Join(", ", cols)).Append(" FROM ");
        var deletion = physical ? null : frag.Deletion;
        var needRowNumber = tagged || deletion is not null || (withRowId && frag.RowIdStart is not null);
        for (var i = 0; i < files.Count; i++)
        {
            var local = await storage.GetLocalPathAsync(files[i].Path, ct).ConfigureAwait(false);
            if (i > 0) sb.Append(" POSITIONAL JOIN ");
            sb.Append("read_parquet(").Append(SqlNames.Literal(local));
            if (i == 0 && needRowNumber) sb.Append(", file_row_number = true");
            sb.Append(") AS t").Append(i.ToString(CultureInfo.InvariantCulture));
        }
        if (deletion is { } del)
        {
            var local = await storage.GetLocalPathAsync(del.Path, ct).ConfigureAwait(false);
            sb.Append(" WHERE t0.file_row_number NOT IN (SELECT pos FROM read_parquet(").Append(SqlNames.Literal(local)).Append("))");
        }
        return sb.ToString();
    }

    private static string RowIdExpression(FragmentEntry frag, List<DataFileEntry> files)
    {
        if (frag.RowIdStart is { } start)
            return $"(CAST({start.ToString(CultureInfo.InvariantCulture)} AS BIGINT) + t0.file_row_number)";
        var idx = files.FindIndex(f => f.HasRowIds);
        return $"t{idx}.{FormatConstants.RowIdColumn}";
    }

    private static string Projection(TableSnapshot snap, FieldEntry f, string? source)
    {
        var type = snap.TypeOf(f);
        var name = SqlNames.Quote(f.Name);
        if (source is null) return $"CAST(NULL AS {type.ToSql()}) AS {name}";
        return NeedsCast(type) ? $"CAST({source} AS {type.ToSql()}) AS {name}" : $"{source} AS {name}";
    }

    /// <summary>Parquet stores fixed-size lists as lists; they are cast back on read.</summary>
    private static bool NeedsCast(DataType t) => t.Kind switch
    {
        TypeKind.FixedSizeList => true,
        TypeKind.List => NeedsCast(t.ElementType!),
        TypeKind.Struct => t.Fields.Any(f => NeedsCast(f.Type)),
        _ => false,
    };
}
