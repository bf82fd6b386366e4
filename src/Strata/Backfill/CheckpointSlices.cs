using System.Globalization;
using Strata.Format;
using Strata.Storage;

namespace Strata.Backfill;

/// <summary>One checkpoint slice file: physical rows [<paramref name="Start"/>, <paramref name="End"/>) of a fragment.</summary>
internal sealed record CheckpointSlice(string Path, long FragmentId, long Start, long End)
{
    public int Rows => (int)(End - Start);
}

/// <summary>
/// Names and finds checkpoint slices: <c>tables/&lt;id&gt;/checkpoints/&lt;key&gt;/&lt;fragment:D8&gt;-&lt;start:D12&gt;-&lt;end:D12&gt;.ckpt</c>.
/// Slices carry their own range (they grow adaptively), so a run finds them by listing, not by computing names.
/// </summary>
internal static class CheckpointSlices
{
    public const string Extension = ".ckpt";

    public static string Folder(string tableId, string checkpointKey) => $"{FormatConstants.TableCheckpointsFolder(tableId)}/{checkpointKey}";

    public static string PathOf(string tableId, string checkpointKey, long fragmentId, long start, long end) =>
        $"{Folder(tableId, checkpointKey)}/{fragmentId.ToString("D8", CultureInfo.InvariantCulture)}-{start.ToString("D12", CultureInfo.InvariantCulture)}-{end.ToString("D12", CultureInfo.InvariantCulture)}{Extension}";

    /// <summary>Parses a slice file name (the last path segment); false for anything else.</summary>
    public static bool TryParse(string path, out long fragmentId, out long start, out long end)
    {
        fragmentId = start = end = 0;
        var slash = path.LastIndexOf('/');
        var name = path.AsSpan(slash + 1);
        if (name.Length != 8 + 1 + 12 + 1 + 12 + Extension.Length || name[8] != '-' || name[21] != '-' || !name.EndsWith(Extension, StringComparison.Ordinal))
            return false;
        return long.TryParse(name[..8], NumberStyles.None, CultureInfo.InvariantCulture, out fragmentId)
            && long.TryParse(name.Slice(9, 12), NumberStyles.None, CultureInfo.InvariantCulture, out start)
            && long.TryParse(name.Slice(22, 12), NumberStyles.None, CultureInfo.InvariantCulture, out end)
            && end > start && end - start <= int.MaxValue;
    }

    /// <summary>The slices under a checkpoint key, by fragment, each list sorted by start (longest first on ties).</summary>
    public static async Task<Dictionary<long, List<CheckpointSlice>>> ListAsync(ILakeStorage storage, string tableId, string checkpointKey,
        long? fragmentId, CancellationToken ct)
    {
        var byFragment = new Dictionary<long, List<CheckpointSlice>>();
        await foreach (var e in storage.ListAsync(Folder(tableId, checkpointKey), ct).ConfigureAwait(false))
        {
            if (!TryParse(e.Path, out var frag, out var start, out var end) || (fragmentId is { } only && only != frag)) continue;
            if (!byFragment.TryGetValue(frag, out var list)) byFragment[frag] = list = [];
            list.Add(new CheckpointSlice(e.Path, frag, start, end));
        }
        foreach (var list in byFragment.Values) list.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        return byFragment;
    }

    /// <summary>
    /// The fewest slices that tile [0, <paramref name="end"/>) end to end, or null when none do. Slices of different runs
    /// may overlap (a resumed run can cut a fragment at other rows); any intact tiling holds the same values.
    /// </summary>
    public static List<CheckpointSlice>? Chain(IReadOnlyList<CheckpointSlice> sorted, long end)
    {
        // Sorted by start, every slice's end lies after its start: one pass in that order is a shortest-path pass.
        var best = new Dictionary<long, (int Count, CheckpointSlice? Via)> { [0] = (0, null) };
        foreach (var s in sorted)
        {
            if (s.End > end || !best.TryGetValue(s.Start, out var at)) continue;
            if (!best.TryGetValue(s.End, out var there) || at.Count + 1 < there.Count) best[s.End] = (at.Count + 1, s);
        }
        if (end == 0 || !best.ContainsKey(end)) return null;
        var chain = new List<CheckpointSlice>();
        for (var cursor = end; cursor != 0;)
        {
            var via = best[cursor].Via!;
            chain.Add(via);
            cursor = via.Start;
        }
        chain.Reverse();
        return chain;
    }

    /// <summary>The furthest row that slices tile to from row 0 (0 when none starts there).</summary>
    public static long Reach(IReadOnlyList<CheckpointSlice> sorted, long end)
    {
        var reached = new HashSet<long> { 0 };
        foreach (var s in sorted)
            if (s.End <= end && reached.Contains(s.Start)) reached.Add(s.End);
        return reached.Max();
    }

    /// <summary>
    /// Moves a task boundary that falls inside one of <paramref name="chosen"/> (non-overlapping, sorted) to that slice's end,
    /// so a resumed run whose tasks cut the fragment elsewhere still reuses every slice an earlier run wrote.
    /// </summary>
    public static long AlignBoundary(IReadOnlyList<CheckpointSlice> chosen, long boundary)
    {
        foreach (var s in chosen)
        {
            if (s.Start >= boundary) break;
            if (s.End > boundary) return s.End;
        }
        return boundary;
    }

    /// <summary>
    /// Cuts [0, <paramref name="end"/>) into task ranges of about <paramref name="uncoveredRows"/> rows still to compute each,
    /// never inside one of <paramref name="chosen"/> (non-overlapping, sorted): a range holds the earlier slices it passes
    /// over, so a resumed run's work is spread like a fresh run's and every slice an earlier run wrote is reused. Ranges
    /// with nothing to compute join the one before.
    /// </summary>
    public static List<(long Start, long End)> CutTasks(IReadOnlyList<CheckpointSlice> chosen, long end, long uncoveredRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(uncoveredRows, 1);
        if (end <= 0) return [];
        // Where the count of rows outside the slices reaches each multiple of uncoveredRows.
        var cuts = new SortedSet<long>();
        long counted = 0, target = uncoveredRows;
        foreach (var (g0, g1) in Gaps(chosen, end))
        {
            for (; counted + (g1 - g0) >= target; target += uncoveredRows)
            {
                var ideal = g0 + (target - counted);
                if (ideal < end) cuts.Add(AlignBoundary(chosen, ideal));
            }
            counted += g1 - g0;
        }
        var bounds = new List<long> { 0 };
        bounds.AddRange(cuts.Where(c => c > 0 && c < end));
        bounds.Add(end);
        var ranges = new List<(long Start, long End)>();
        for (var i = 1; i < bounds.Count; i++)
        {
            var (lo, hi) = (bounds[i - 1], bounds[i]);
            if (ranges.Count > 0 && (Uncovered(chosen, lo, hi) == 0 || Uncovered(chosen, ranges[^1].Start, ranges[^1].End) == 0))
                ranges[^1] = (ranges[^1].Start, hi);
            else ranges.Add((lo, hi));
        }
        return ranges;
    }

    /// <summary>The row ranges of [0, end) outside <paramref name="chosen"/>, in order.</summary>
    private static IEnumerable<(long Start, long End)> Gaps(IReadOnlyList<CheckpointSlice> chosen, long end)
    {
        long cursor = 0;
        foreach (var slice in chosen)
        {
            if (slice.Start > cursor) yield return (cursor, Math.Min(slice.Start, end));
            cursor = Math.Max(cursor, slice.End);
        }
        if (cursor < end) yield return (cursor, end);
    }

    /// <summary>Rows of [start, end) outside <paramref name="chosen"/> (non-overlapping): the rows left to compute there.</summary>
    public static long Uncovered(IReadOnlyList<CheckpointSlice> chosen, long start, long end) =>
        end - start - chosen.Sum(x => Math.Max(0, Math.Min(end, x.End) - Math.Max(start, x.Start)));

    /// <summary>Non-overlapping slices inside [lo, hi), earliest first (a slice overlapping a chosen one is ignored).</summary>
    public static List<CheckpointSlice> Within(IEnumerable<CheckpointSlice> sorted, long lo, long hi)
    {
        var chosen = new List<CheckpointSlice>();
        var cursor = lo;
        foreach (var s in sorted)
        {
            if (s.Start < cursor || s.End > hi) continue;
            chosen.Add(s);
            cursor = s.End;
        }
        return chosen;
    }
}
