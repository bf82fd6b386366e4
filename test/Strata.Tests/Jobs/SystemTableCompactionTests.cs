using Strata.Jobs;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Jobs;

/// <summary>Size-tiered compaction of system tables: recent small fragments are merged, old big ones are left alone.</summary>
public sealed class SystemTableCompactionTests
{
    [Fact]
    public void TailToMerge_MergesTheSmallTail_AndLeavesFragmentsFourTimesBiggerThanWhatFollows()
    {
        Assert.Equal(-1, SystemTable<JobEvent>.TailToMerge([1, 1, 1, 1, 1, 1, 1])); // fewer than 8 fragments
        Assert.Equal(0, SystemTable<JobEvent>.TailToMerge([1, 1, 1, 1, 1, 1, 1, 1]));
        Assert.Equal(1, SystemTable<JobEvent>.TailToMerge([1000, 1, 1, 1, 1, 1, 1, 1, 1])); // the big base stays
        Assert.Equal(-1, SystemTable<JobEvent>.TailToMerge([1000, 100, 30, 1, 1, 1, 1, 1, 1])); // 30 > 4 × 6: a tail of 6 only
        Assert.Equal(1, SystemTable<JobEvent>.TailToMerge([1000, 30, 8, 1, 1, 1, 1, 1, 1, 1])); // 8 ≤ 4 × 7, 30 ≤ 4 × 15
        Assert.Equal(0, SystemTable<JobEvent>.TailToMerge([0, 1, 1, 1, 1, 1, 1, 1])); // emptied fragments go too
    }

    [Fact]
    public async Task ManyOneRowCommits_KeepFewFragments_NeverRewriteTheBigBase_AndLoseNoRow()
    {
        await using var t = await TempLake.CreateAsync();
        var events = new SystemTable<JobEvent>(t.Lake, "tiered_events");
        var job = JobIds.New();
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await events.AppendAsync(Enumerable.Range(0, 1000).Select(i => new JobEvent(job, time.AddSeconds(i), "bulk", "row " + i)).ToList(), default);
        var table = (await events.OpenAsync(create: false, default))!;
        await table.RefreshAsync();
        var baseFile = table.Snapshot.Manifest.Fragments.Single().Files.Single().Path;

        var maxFragments = 0;
        for (var i = 0; i < 120; i++)
        {
            await events.AppendAsync([new JobEvent(job, time.AddSeconds(1000 + i), "one", "row " + (1000 + i))], default);
            await table.RefreshAsync();
            maxFragments = Math.Max(maxFragments, table.Snapshot.Manifest.Fragments.Count);
        }
        // 120 rows after a base of 1,000: the tail is merged in tiers and never reaches 4 × its size over the base.
        Assert.Equal(baseFile, table.Snapshot.Manifest.Fragments[0].Files.Single().Path);
        Assert.InRange(maxFragments, SystemTable<JobEvent>.CompactAtFragments, 2 * SystemTable<JobEvent>.CompactAtFragments);
        Assert.True(table.Snapshot.Manifest.Fragments.Count < SystemTable<JobEvent>.CompactAtFragments + 4,
            $"{table.Snapshot.Manifest.Fragments.Count} fragments: {string.Join(", ", table.Snapshot.Manifest.Fragments.Select(f => f.LiveRowCount))}");
        var rows = await events.QueryAsync(scan => $"SELECT * FROM ({scan}) AS e ORDER BY time", withRowId: false, default);
        Assert.Equal(1120, rows.Count);
        Assert.Equal(Enumerable.Range(0, 1120).Select(i => "row " + i), rows.Select(r => r.Message));
    }
}
